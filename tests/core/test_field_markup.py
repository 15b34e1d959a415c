"""The {% field %} tag builds inputs, checkboxes and groups of choices in Python: byte for byte
what core/_field.html (and core/_field_messages.html) render for the same bound field."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import override

from core.forms import FdsFormMixin
from core.templatetags.brobyg import choices_markup, field, field_markup


class Form(FdsFormMixin, forms.Form):
    name = forms.CharField(label="Navn <fuldt> & «æøå»", help_text="Som i CPR-registret")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)
    when = forms.DateField(label="Dato")
    amount = forms.DecimalField(label="Beløb", required=False, help_text=mark_safe("I <b>kr.</b>"))  # noqa: S308
    count = forms.IntegerField(label="Antal", min_value=0)
    agree = forms.BooleanField(label="Jeg accepterer <vilkårene>", required=False)
    must = forms.BooleanField(label="Skal krydses af", help_text="Påkrævet for at gå videre")
    team = forms.ChoiceField(label="Hold", choices=[("", "---"), ("a", "A & B")])
    secret = forms.CharField(label="Kode", widget=forms.PasswordInput, required=False)

    def clean(self):
        self.add_error("name", "Endnu en fejl med <tegn> & mere")
        return super().clean()


UNBOUND = {}
INVALID = {"name": "x", "when": "31-02-2026", "count": "-1", "amount": "1,5", "team": "z"}
VALID = {"name": "Anna", "when": "02-12-2026", "count": "3", "amount": "1.234,50", "must": "on", "team": "a",
         "note": "Linje 1\nLinje <2>", "agree": "on"}  # fmt: skip


@pytest.mark.parametrize("data", [UNBOUND, INVALID, VALID], ids=["unbound", "invalid", "valid"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_inputs_and_checkboxes_as_the_template_renders_them(data, language):
    with override(language):
        form = (
            Form(data)
            if data
            else Form(initial={"when": datetime.date(2026, 3, 4), "amount": Decimal("2.5")})
        )
        form.is_valid()
        for name in form.fields:
            bound = form[name]
            kind = "checkbox" if isinstance(bound.field.widget, forms.CheckboxInput) else "input"
            tag = field(bound)  # the tag's aria wiring, as on a page
            template = render_to_string("core/_field.html", {"field": bound, "kind": kind, "described": ""})
            assert field_markup(bound, kind) == template, name
            assert tag == template, name


class Groups(FdsFormMixin, forms.Form):
    ticks = forms.MultipleChoiceField(
        label="Mål <&> «æøå»", choices=[("a", "A & B"), ("b", "<b>")], widget=forms.CheckboxSelectMultiple,
        help_text="Vælg mindst ét",
    )
    pick = forms.ChoiceField(
        label="Status", choices=[("", "Ingen"), ("x", "Opnået"), (3, "Tre")], widget=forms.RadioSelect,
        required=False,
    )
    must = forms.ChoiceField(label="Skal vælges", choices=[("ja", "Ja"), ("nej", "Nej")], widget=forms.RadioSelect)

    def clean(self):
        self.add_error("pick", "En fejl med <tegn>")
        return super().clean()


@pytest.mark.parametrize(
    "data", [{}, {"ticks": ["a", "z"], "pick": "x"}, {"ticks": ["b"], "pick": "3", "must": "nej"}],
    ids=["unbound", "invalid", "valid"],
)  # fmt: skip
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("described", ["", "id_ticks_hint id_ticks_error"])
def test_groups_of_choices_as_the_template_renders_them(data, language, described):
    with override(language):
        form = Groups(data) if data else Groups(initial={"pick": "x", "ticks": ["b"]})
        form.is_valid()
        for name in form.fields:
            bound = form[name]
            template = render_to_string("core/_field.html", {"field": bound, "kind": "choices", "described": described})
            assert "<fieldset" in template and 'type="' in template
            assert choices_markup(bound, described) == template, name


def test_the_tag_describes_a_group_on_its_fieldset():
    form = Groups({"ticks": ["z"]})
    form.is_valid()
    markup = field(form["ticks"])
    assert '<fieldset aria-describedby="id_ticks_hint id_ticks_error">' in markup
    assert markup.count("aria-describedby") == 1  # not on each checkbox
