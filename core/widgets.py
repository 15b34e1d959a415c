"""Selects, inputs and text areas rendered in Python (issue 18, throughput).

Django renders a <select> through one template include per <option> (and another for its
attributes): a page with a select per row — the referral inbox gives every referral a choice of
the programme's teams — spent most of its CPU there (about 1,100 includes a page). Inputs and
text areas cost two or three includes each, which on the citizen page (a dozen forms) was about
a tenth of its CPU. The subclasses made here produce byte-for-byte the markup of Django's own
templates (django/forms/widgets/select.html, select_option.html, input.html and the templates
that include it, textarea.html, attrs.html), checked by tests/core/test_widgets.py, so nothing
changes for the page or its tests.

Only widgets that still use Django's templates are changed; one with its own template keeps it.
"""

from functools import cache

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

SELECT_TEMPLATE = forms.Select.template_name
OPTION_TEMPLATE = forms.Select.option_template_name


def template_text(value) -> str:
    # {{ value }} in a template: localised, then escaped unless already safe.
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def formatted_text(value) -> str:
    # {{ value|stringformat:'s' }}: "%s" % value, still safe when the value was safe.
    text = "%s" % value  # noqa: UP031 - the filter's own formatting
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def attrs_markup(attrs: dict) -> str:
    # attrs.html: True → bare name, False → left out, else name="value" (str() of the value).
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {template_text(name)}")
        else:
            parts.append(f' {template_text(name)}="{formatted_text(value)}"')
    return "".join(parts)


class PythonSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        if self.template_name != SELECT_TEMPLATE or self.option_template_name != OPTION_TEMPLATE:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        lines = [f'<select name="{template_text(widget["name"])}"{attrs_markup(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                lines.append(f'\n  <optgroup label="{template_text(group_name)}">')
            for option in group_choices:
                lines.append(
                    f'\n  <option value="{formatted_text(option["value"])}"{attrs_markup(option["attrs"])}>'
                    f"{template_text(option['label'])}</option>\n"  # the option template ends in a newline
                )
            if group_name:
                lines.append("\n  </optgroup>")
        lines.append("\n</select>")
        return mark_safe("".join(lines))  # noqa: S308 - every value above is escaped


INPUT_TEMPLATE = "django/forms/widgets/input.html"
# Django's templates that are only `{% include "django/forms/widgets/input.html" %}`
INCLUDING_INPUT = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
                 "checkbox", "search", "tel", "color")
)  # fmt: skip
TEXTAREA_TEMPLATE = forms.Textarea.template_name


class PythonInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        if self.template_name != INPUT_TEMPLATE and self.template_name not in INCLUDING_INPUT:
            return super().render(name, value, attrs, renderer)
        return input_markup(self.get_context(name, value, attrs)["widget"])


def input_markup(widget: dict) -> str:
    """django/forms/widgets/input.html for a widget's (or a radio option's) context; Django's
    renderer strips the template's output, so no trailing newline."""
    shown = "" if widget["value"] is None else f' value="{formatted_text(widget["value"])}"'
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<input type="{template_text(widget["type"])}" name="{template_text(widget["name"])}"{shown}{attrs_markup(widget["attrs"])}>'
    )


class PythonTextareaMixin:
    def render(self, name, value, attrs=None, renderer=None):
        if self.template_name != TEXTAREA_TEMPLATE:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        text = template_text(widget["value"]) if widget["value"] else ""
        return mark_safe(  # noqa: S308 - escaped above
            f'<textarea name="{template_text(widget["name"])}"{attrs_markup(widget["attrs"])}>\n{text}</textarea>'
        )


def _mixin(widget_class: type) -> type | None:
    if issubclass(widget_class, forms.Select):
        return PythonSelectMixin
    if issubclass(widget_class, forms.Textarea):
        return PythonTextareaMixin
    if issubclass(widget_class, forms.widgets.Input) and not issubclass(widget_class, forms.FileInput):
        return PythonInputMixin
    return None


@cache
def python_rendered(widget_class: type) -> type:
    """The widget class rendered in Python (one subclass per class, cached); a widget class
    with no Python rendering is returned as it is."""
    mixin = _mixin(widget_class)
    if mixin is None or issubclass(widget_class, mixin) or widget_class.render is not forms.Widget.render:
        return widget_class  # nothing to do, done already, or a widget that renders itself
    return type(
        widget_class.__name__,
        (mixin, widget_class),
        {"__module__": widget_class.__module__, "__qualname__": widget_class.__qualname__},
    )


def render_in_python(widget: forms.Widget) -> None:
    """Switch a form's own copy of a select, input or text area widget to Python rendering."""
    widget.__class__ = python_rendered(type(widget))
