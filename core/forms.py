"""Forms styled for dkfds: each widget gets the design system's class."""

from django import forms
from django.core.exceptions import ValidationError

from core.widgets import render_selects_in_python


class FdsFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-checkbox")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
                # The options rendered in Python, not one template include each (core/widgets.py).
                render_selects_in_python(widget)
            else:
                widget.attrs.setdefault("class", "form-input")


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: under the field it names when the form
    has that field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
