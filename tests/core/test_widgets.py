"""core.widgets renders selects in Python with exactly the markup of Django's templates."""

import copy
import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.forms import FdsFormMixin
from core.widgets import PythonSelectMixin, python_rendered

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

    form = Form()
    assert isinstance(form.fields["team"].widget, PythonSelectMixin)
    assert isinstance(form.fields["many"].widget, PythonSelectMixin)
    assert not isinstance(form.fields["ticks"].widget, PythonSelectMixin)
    assert not isinstance(form.fields["name"].widget, PythonSelectMixin)
    # The class on the form itself is untouched: each form switches its own copy.
    assert not isinstance(Form.base_fields["team"].widget, PythonSelectMixin)
    assert type(form.fields["team"].widget).__name__ == "Select"
    assert 'class="form-select"' in str(form["team"])
