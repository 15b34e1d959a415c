"""Forms styled for dkfds. Every form that mixes in FdsFormMixin gets, without doing anything:

- each widget with the design system's class; checkboxes and radios drawn the dkfds way
  (an input followed by its label inside `.form-group-checkbox` / `.form-group-radio`, which
  dkfds positions; a bare input would be drawn at the page's top-left or not at all);
- dates as Danish text, dd-mm-åååå (a browser's own date input shows the browser's locale,
  mm/dd/yyyy in an English browser, and cannot be read aloud field by field);
- numbers as text with inputmode="decimal" that accept a decimal comma and thousands points
  ("0,5", "1.234,50", also "0.5"), shown back in the page's language. A browser's number input
  drops a comma it does not expect ("0,5" arrived as "05").

The forms carry `novalidate` in the templates (and brobyg.js sets it on any form that lacks it),
so the dkfds error summary — all errors of a form at once, in Danish — is the only validation
a user sees; never a browser bubble in the browser's language.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .widgets import render_in_python

# dd-mm-åååå first: the one the hint shows and the one the field is shown back in.
DATE_FORMAT = "%d-%m-%Y"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%y", "%d.%m.%y", "%Y-%m-%d", "%d%m%Y"]
DATE_HINT = _("Skriv datoen som dd-mm-åååå, fx 24-06-2026.")

# "1.234" or "1.234.567,5": points that group thousands (Danish), not a decimal point.
_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d*)?")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_number_text(value: str) -> str:
    """Typed number → what Python's Decimal reads. A comma is the decimal mark (then points
    are thousands); points alone are thousands only in groups of three ("10.000"), else a
    decimal point ("0.5", as typed on an English keyboard). Spaces are thousands too."""
    text = _SPACES.sub("", value).replace("kr.", "").replace("−", "-")
    if "," in text or _GROUPED.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    return text


class DanishDateInput(forms.DateInput):
    """A text input for dd-mm-åååå (dkfds' single-field date)."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "class": "form-input input-char-11"}
        super().__init__(attrs={**base, **(attrs or {})}, format=DATE_FORMAT)


class DecimalCommaInput(forms.TextInput):
    """A text input for a number: accepts a decimal comma, shows the value in the page's
    language (0,5 in Danish); never the browser's number input."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return parse_number_text(value) if isinstance(value, str) else value

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:  # a normalised value sent back with an error: show it with the page's mark
                return formats.number_format(forms.DecimalField().to_python(value), use_l10n=True)
            except ValidationError:
                return value  # not a number: shown as typed, beside its error
        return formats.number_format(value, use_l10n=True)


# Attributes only a browser's own date or number input understands.
_BROWSER_ONLY = {"type", "step", "min", "max"}


def _carried(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if k not in _BROWSER_ONLY}


def fds_field(field: forms.Field) -> None:
    """Give one field its dkfds widget (see the module docstring), rendered in Python where
    Django would include templates (core/widgets.py: the same markup, a fraction of the CPU)."""
    _fds_widget(field)
    render_in_python(field.widget)


def _fds_widget(field: forms.Field) -> None:
    widget = field.widget
    if widget.is_hidden:
        return
    if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
        if isinstance(widget, forms.DateInput):
            field.widget = DanishDateInput(attrs=_carried(widget.attrs))
            field.input_formats = DATE_INPUT_FORMATS
            if not field.help_text:
                field.help_text = DATE_HINT
        return
    if isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
        if isinstance(widget, forms.NumberInput | forms.TextInput) and not isinstance(
            widget, DecimalCommaInput
        ):
            attrs = _carried(widget.attrs)
            if isinstance(field, forms.IntegerField) and not isinstance(
                field, forms.DecimalField | forms.FloatField
            ):
                attrs.setdefault("inputmode", "numeric")
            field.widget = DecimalCommaInput(attrs=attrs)
            field.widget.attrs.setdefault("class", "form-input input-width-s")
        return
    if isinstance(widget, forms.CheckboxSelectMultiple):
        widget.attrs.setdefault("class", "form-checkbox")
    elif isinstance(widget, forms.RadioSelect):
        widget.attrs.setdefault("class", "form-radio")
    elif isinstance(widget, forms.CheckboxInput):
        widget.attrs.setdefault("class", "form-checkbox")
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        widget.attrs.setdefault("class", "form-select")
    else:
        widget.attrs.setdefault("class", "form-input")



class FdsFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            fds_field(field)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: under the field it names when the form
    has that field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
