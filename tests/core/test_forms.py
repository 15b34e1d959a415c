"""The shared form machinery (core.forms and the {% field %} tag): every form that mixes in
FdsFormMixin draws checkboxes and radios the dkfds way, takes Danish dates and decimal commas,
and never hands validation to the browser."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from core.forms import FdsFormMixin, parse_number_text


class Sample(FdsFormMixin, forms.Form):
    name = forms.CharField(label="Navn")
    hours = forms.DecimalField(label="Timer", max_digits=6, decimal_places=2, min_value=0)
    amount = forms.DecimalField(label="Beløb", max_digits=12, decimal_places=2, required=False)
    count = forms.IntegerField(label="Antal", required=False)
    start = forms.DateField(label="Start", widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(label="Jeg er enig", required=False)
    groups = forms.MultipleChoiceField(
        label="Målgrupper", choices=[("a", "Unge"), ("b", "Ældre")], widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    kind = forms.ChoiceField(label="Type", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)


VALID = {"name": "Ane", "hours": "0,5", "start": "24-06-2026", "kind": "x"}


def render(form) -> str:
    template = Template("{% load brobyg %}{% for f in form %}{% field f %}{% endfor %}")
    return template.render(Context({"form": form}))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("0,5", "0.5"),
        ("1.234,50", "1234.50"),
        ("10.000", "10000"),
        ("1.234.567", "1234567"),
        ("0.5", "0.5"),
        ("12.34", "12.34"),
        ("1 000,25", "1000.25"),
        ("-3,2", "-3.2"),
        ("7", "7"),
    ],
)
def test_a_typed_number_is_read_the_danish_way(typed, read):
    assert parse_number_text(typed) == read


def test_a_decimal_comma_is_kept_not_dropped():
    form = Sample(data=VALID)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == Decimal("0.5")  # not 5, not 05


def test_thousands_points_and_a_comma_are_one_amount():
    form = Sample(data={**VALID, "amount": "1.234,50", "count": "1.000"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1234.50")
    assert form.cleaned_data["count"] == 1000


def test_a_decimal_in_a_whole_number_field_is_an_error_not_a_silent_round():
    form = Sample(data={**VALID, "count": "2,5"})
    assert not form.is_valid()
    assert "count" in form.errors


def test_a_number_is_shown_back_with_a_decimal_comma():
    with translation.override("da"):
        html = render(Sample(initial={"hours": Decimal("0.50")}))
        bound = render(Sample(data={**VALID, "hours": "0,5", "name": ""}))
    assert 'value="0,50"' in html
    assert 'value="0,5"' in bound  # redisplayed beside the error of another field, still Danish


def test_numbers_are_text_inputs_with_a_decimal_keyboard():
    html = render(Sample())
    assert 'type="number"' not in html
    assert 'name="hours"' in html and 'inputmode="decimal"' in html
    assert 'inputmode="numeric"' in html  # the whole-number field


@pytest.mark.parametrize("typed", ["24-06-2026", "24.06.2026", "24/06/2026", "24-06-26", "2026-06-24"])
def test_a_date_is_read_in_danish_forms(typed):
    form = Sample(data={**VALID, "start": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == datetime.date(2026, 6, 24)


def test_a_date_is_a_text_field_shown_as_dd_mm_yyyy_with_a_hint():
    html = render(Sample(initial={"start": datetime.date(2026, 6, 24)}))
    assert 'type="date"' not in html
    assert 'value="24-06-2026"' in html
    assert "dd-mm-åååå" in html


def test_a_us_date_is_refused():
    form = Sample(data={**VALID, "start": "06/24/2026"})
    assert not form.is_valid()
    assert "start" in form.errors


def test_a_single_checkbox_sits_in_its_dkfds_group_before_its_label():
    html = render(Sample())
    start = html.index('<div class="form-group-checkbox"><input type="checkbox" name="agree"')
    assert html.index('<label class="form-label" for="id_agree">Jeg er enig</label>') > start


def test_a_checkbox_group_is_a_fieldset_with_each_box_before_its_label():
    html = render(Sample())
    assert '<legend class="form-label">Målgrupper' in html
    assert (
        '<div class="form-group-checkbox"><input type="checkbox" name="groups" value="a" class="form-checkbox" '
        'id="id_groups_0"'
    ) in html
    assert '<label class="form-label" for="id_groups_0">Unge</label>' in html
    assert "<label for=\"id_groups_0\"><input" not in html  # not Django's label-around-input


def test_radios_are_dkfds_radios():
    html = render(Sample())
    assert '<div class="form-group-radio"><input type="radio" name="kind" value="x" class="form-radio"' in html


def test_every_error_of_a_form_is_in_the_summary_at_once():
    form = Sample(data={"hours": "abc", "start": "31-02-2026"})
    assert not form.is_valid()
    summary = Template('{% include "core/_form_errors.html" %}').render(Context({"form": form}))
    for field in ("id_name", "id_hours", "id_start", "id_kind_0"):
        assert f'href="#{field}"' in summary


def test_a_field_error_is_announced_and_linked_to_its_control():
    html = render(Sample(data={}))
    assert 'aria-invalid="true"' in html
    assert 'id="id_name_error"' in html and 'aria-describedby="id_name_error"' in html


def test_a_wrong_cpr_number_is_reported_in_the_same_round_as_the_other_errors(world):
    from pathways.forms import CitizenForm

    form = CitizenForm(
        data={"municipality": world.kolding.pk, "cpr": "320190-1234", "status_from": "01-12-2026"},
        municipality_ids=[world.kolding.pk],
    )
    assert not form.is_valid()
    assert {"cpr", "name", "legal_basis"} <= set(form.errors)
    assert form.errors["cpr"] == ["CPR-nummerets dato findes ikke."]


def test_a_formsets_delete_box_is_a_dkfds_checkbox_too():
    SampleSet = forms.formset_factory(Sample, can_delete=True, extra=1)
    html = render(SampleSet().forms[0])
    assert '<div class="form-group-checkbox"><input type="checkbox" name="form-0-DELETE" class="form-checkbox"' in html
