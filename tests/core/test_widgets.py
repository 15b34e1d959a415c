"""core.widgets renders selects, inputs and text areas in Python with exactly the markup of
Django's templates."""

import copy
import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.forms import DanishDateInput, DecimalCommaInput, FdsFormMixin
from core.widgets import PythonInputMixin, PythonSelectMixin, PythonTextareaMixin, python_rendered

CHOICES = [
    ("", "---------"),
    (1, "Hold <A> & «B»"),
    (2, mark_safe("<b>sikker</b>")),  # noqa: S308 - a label already marked safe stays unescaped
    ("x\"y'", gettext_lazy("Hold")),
    (Decimal("1234.5"), 1234567),
    (3, datetime.date(2026, 3, 4)),
]
GROUPED = [("Gruppe <1>", [(1, "a"), (2, "b")]), ("", [(3, "c")]), (4, "d")]


def both(widget: forms.Widget, name: str, value, attrs=None) -> tuple[str, str]:
    fast = copy.deepcopy(widget)
    fast.__class__ = python_rendered(type(widget))
    return str(widget.render(name, value, attrs)), str(fast.render(name, value, attrs))


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (forms.Select(choices=CHOICES), None, None),
        (
            forms.Select(choices=CHOICES, attrs={"class": "form-select"}),
            1,
            {"id": "id_team", "required": True},
        ),
        (
            forms.Select(choices=CHOICES),
            "x\"y'",
            {"disabled": True, "data-x": False, "aria-describedby": "a b"},
        ),
        (forms.Select(choices=GROUPED), 3, None),
        (forms.SelectMultiple(choices=GROUPED), [1, 3], {"id": "id_m"}),
        (forms.SelectMultiple(choices=CHOICES), ["1", "2"], None),
        (forms.NullBooleanSelect(), True, {"id": "id_nb"}),
        (forms.Select(choices=[]), None, None),
    ],
)
@pytest.mark.parametrize("language", ["da", "en"])
def test_same_markup_as_djangos_templates(widget, value, attrs, language, settings):
    from django.utils import translation

    with translation.override(language):
        slow, fast = both(widget, "team", value, attrs)
    assert fast == slow


TEXT = 'Linje 1 <b> & "citat" «æøå»\nLinje 2'


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (forms.TextInput(), None, None),
        (forms.TextInput(attrs={"class": "form-input"}), TEXT, {"id": "id_name", "required": True}),
        (forms.TextInput(), "", {"disabled": True, "data-x": False, "aria-describedby": "a b"}),
        (forms.TextInput(), mark_safe("<i>sikker</i>"), None),  # noqa: S308 - a safe value stays as it is
        (forms.NumberInput(), Decimal("1234.5"), {"step": "any", "min": 0}),
        (forms.NumberInput(), 7, None),
        (forms.EmailInput(), "a@b.dk", {"autocomplete": "email"}),
        (forms.URLInput(), "https://x.dk/?a=1&b=2", None),
        (forms.PasswordInput(), "hemmelig", None),
        (forms.PasswordInput(render_value=True), "hemmelig", None),
        (forms.HiddenInput(), 42, {"id": "id_h"}),
        (forms.DateInput(), datetime.date(2026, 3, 4), None),
        (forms.DateTimeInput(), datetime.datetime(2026, 3, 4, 5, 6), None),
        (forms.TimeInput(), datetime.time(7, 8), None),
        (forms.CheckboxInput(), True, {"class": "form-checkbox"}),
        (forms.CheckboxInput(), False, None),
        (forms.CheckboxInput(), "on", {"aria-invalid": "true"}),
        (forms.SearchInput(), "k", None),
        (forms.TelInput(), "+45 12 34 56 78", None),
        (forms.ColorInput(), "#ff0000", None),
        (DanishDateInput(), datetime.date(2026, 12, 2), {"id": "id_d"}),
        (DecimalCommaInput(), Decimal("12.50"), {"inputmode": "decimal"}),
        (forms.Textarea(), None, None),
        (forms.Textarea(attrs={"rows": 3}), TEXT, {"id": "id_t", "required": True}),
        (forms.Textarea(), "", None),
        (forms.Textarea(), mark_safe("<b>sikker</b>"), None),  # noqa: S308
        (forms.Textarea(), Decimal("1.5"), None),
    ],
)
@pytest.mark.parametrize("language", ["da", "en"])
def test_inputs_and_text_areas_same_markup_as_djangos_templates(widget, value, attrs, language):
    from django.utils import translation

    fast = copy.deepcopy(widget)
    fast.__class__ = python_rendered(type(widget))
    with translation.override(language):
        assert str(fast.render("felt", value, attrs)) == str(widget.render("felt", value, attrs))


def test_file_and_choice_inputs_keep_djangos_templates():
    for widget_class in (
        forms.FileInput,
        forms.ClearableFileInput,
        forms.RadioSelect,
        forms.CheckboxSelectMultiple,
    ):
        assert python_rendered(widget_class) is widget_class


def test_a_widget_with_its_own_render_keeps_it():
    class Own(forms.TextInput):
        def render(self, name, value, attrs=None, renderer=None):
            return "egen"

    assert python_rendered(Own) is Own
    assert Own().render("x", None) == "egen"


def test_a_widget_with_its_own_template_keeps_it():
    class Own(forms.Select):
        template_name = "django/forms/widgets/input.html"

    widget = python_rendered(Own)(choices=CHOICES)
    assert str(widget.render("x", None)) == str(Own(choices=CHOICES).render("x", None))


def test_fds_forms_switch_their_selects_and_nothing_else():
    class Form(FdsFormMixin, forms.Form):
        team = forms.ChoiceField(choices=CHOICES)
        many = forms.MultipleChoiceField(choices=GROUPED)
        ticks = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
        name = forms.CharField()
        note = forms.CharField(widget=forms.Textarea)
        when = forms.DateField()
        amount = forms.DecimalField()
        hidden = forms.CharField(widget=forms.HiddenInput)

    form = Form()
    assert isinstance(form.fields["note"].widget, PythonTextareaMixin)
    for name in ("when", "amount", "hidden"):
        assert isinstance(form.fields[name].widget, PythonInputMixin), name
    assert isinstance(form.fields["team"].widget, PythonSelectMixin)
    assert isinstance(form.fields["many"].widget, PythonSelectMixin)
    assert not isinstance(form.fields["ticks"].widget, PythonSelectMixin)
    assert not isinstance(form.fields["name"].widget, PythonSelectMixin)
    assert isinstance(form.fields["name"].widget, PythonInputMixin)
    # The class on the form itself is untouched: each form switches its own copy.
    assert not isinstance(Form.base_fields["team"].widget, PythonSelectMixin)
    assert type(form.fields["team"].widget).__name__ == "Select"
    assert 'class="form-select"' in str(form["team"])
