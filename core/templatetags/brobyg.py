from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def field(bound_field, **attrs):
    """Render one form field with label, hint and errors the dkfds way, with aria wiring."""
    widget_attrs = bound_field.field.widget.attrs
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        widget_attrs["aria-invalid"] = "true"
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    widget_attrs.update(attrs)
    return render_to_string("core/_field.html", {"field": bound_field})


@register.filter
def percent(value, digits: int = 1):
    """0.3125 → '31,3 %' (Danish number format)."""
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(value) * 100, decimal_pos=int(digits))} %"


@register.filter
def kroner(value):
    if value is None:
        return "–"
    return f"{number_format(value, decimal_pos=2, force_grouping=True)} kr."


@register.simple_tag(takes_context=True)
def sort_link(context, column: str, label: str):
    """A column header link that toggles sorting, keeping the other query parameters."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("sort", "name")
    new = f"-{column}" if current == column else column
    params["sort"] = new
    params.pop("page", None)
    if current == column:
        state = "ascending"
    elif current == f"-{column}":
        state = "descending"
    else:
        state = None
    arrow = {"ascending": " ▲", "descending": " ▼"}.get(state or "", "")
    return format_html('<a href="?{}">{}{}</a>', params.urlencode(), label, arrow)


@register.simple_tag(takes_context=True)
def aria_sort(context, column: str):
    current = context["request"].GET.get("sort", "name")
    if current == column:
        return "ascending"
    if current == f"-{column}":
        return "descending"
    return "none"


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    params = context["request"].GET.copy()
    params["page"] = page_number
    return f"?{params.urlencode()}"


@register.filter
def subtract(value, other):
    """{{ total|subtract:shown }}: how many were left out."""
    try:
        return int(value) - int(other)
    except (TypeError, ValueError):
        return ""
