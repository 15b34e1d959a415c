from decimal import ROUND_HALF_UP, Decimal

from django import forms, template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.widgets import input_markup, template_text

register = template.Library()


@register.simple_tag
def field(bound_field, **attrs):
    """Render one form field with label, hint and errors the dkfds way, with aria wiring.
    Checkbox and radio groups are a fieldset with a legend, each option an input followed by
    its label in `.form-group-checkbox`/`.form-group-radio` (dkfds draws the box on the label)."""
    widget = bound_field.field.widget
    kind = _kind(widget)
    if kind != "input":  # e.g. a formset's DELETE box, added after FdsFormMixin ran
        widget.attrs.setdefault("class", "form-radio" if widget.input_type == "radio" else "form-checkbox")
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        widget.attrs["aria-invalid"] = "true"
    if described and kind != "choices":  # a group is described on its fieldset
        widget.attrs["aria-describedby"] = " ".join(described)
    widget.attrs.update(attrs)
    if kind == "choices":
        return choices_markup(bound_field, " ".join(described))
    return field_markup(bound_field, kind)


def field_markup(f, kind: str) -> str:
    """core/_field.html for an input or a checkbox, built in Python (issue 18: the template and
    its include were about a fifth of the citizen page's CPU); byte for byte the template's
    markup, checked by tests/core/test_field_markup.py. Groups of choices: choices_markup."""
    error = " form-error" if f.errors else ""
    if kind == "checkbox":
        return format_html(
            '\n<div class="form-group{}">\n  {}\n  <div class="form-group-checkbox">{}<label class="form-label" '
            'for="{}">{}</label></div>\n</div>\n\n',
            error, _messages(f), f, template_text(f.id_for_label), template_text(f.label),
        )  # fmt: skip
    return format_html(
        '\n<div class="form-group{}">\n  <label class="form-label" for="{}">{}{}</label>\n  {}\n  {}\n</div>\n\n',
        error, template_text(f.id_for_label), template_text(f.label), _required(f), _messages(f), f,
    )  # fmt: skip


# Django's option templates that are only its input.html when the label is not wrapped
OPTION_INPUT_TEMPLATES = frozenset(
    {"django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html"}
)


def choices_markup(f, described: str) -> str:
    """The group branch of core/_field.html (a fieldset of radio buttons or checkboxes), built in
    Python like field_markup, each option's input too; byte for byte the template's markup
    (tests/core/test_field_markup.py). An option with a template of its own keeps it."""
    error = " form-error" if f.errors else ""
    aria = format_html(' aria-describedby="{}"', template_text(described)) if described else ""
    options = mark_safe(  # noqa: S308 - every part is escaped by format_html
        "".join(
            format_html(
                '<div class="form-group-{}">{}<label class="form-label" for="{}">{}</label></div>\n    ',
                template_text(option.data["type"]), _option_input(option),
                template_text(option.id_for_label), template_text(option.choice_label),
            )  # fmt: skip
            for option in f
        )
    )
    return format_html(
        '\n<div class="form-group{}">\n  <fieldset{}>\n    <legend class="form-label">{}{}</legend>\n    {}\n'
        "    {}\n  </fieldset>\n</div>\n\n",
        error, aria, template_text(f.label), _required(f), _messages(f), options,
    )  # fmt: skip


def _option_input(option) -> str:
    """{{ option.tag }}: Django's input.html for the option (its renderer strips the newline)."""
    if option.template_name not in OPTION_INPUT_TEMPLATES:
        return option.tag()
    return input_markup(option.data)


def _required(f) -> str:
    if not f.field.required:
        return ""
    return format_html(' <span class="sr-only">({})</span>*', template_text(gettext("påkrævet")))


def _messages(f) -> str:
    """core/_field_messages.html: the hint, then the errors, each line ending in a newline."""
    hint = (
        format_html(
            '<span class="form-hint" id="{}_hint">{}</span>',
            template_text(f.auto_id),
            template_text(f.help_text),
        )
        if f.help_text
        else ""
    )
    errors = (
        format_html(
            '<span class="form-error-message" id="{}_error"><span class="sr-only">{}:</span> {}</span>',
            template_text(f.auto_id),
            template_text(gettext("Fejl")),
            mark_safe(" ".join(template_text(e) for e in f.errors)),  # noqa: S308 - each escaped
        )
        if f.errors
        else ""
    )
    return mark_safe(f"{hint}\n{errors}\n")  # noqa: S308 - built from escaped parts


def _kind(widget) -> str:
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


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
    return f"{number(value, '2')} kr."


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


NBSP = "\u00a0"


def _parse_number_spec(spec: str) -> tuple[int | None, str]:
    """ "2 kr." → (2, "kr."); "forløb" → (None, "forløb"); "1" → (1, "")."""
    head, _sep, tail = (spec or "").strip().partition(" ")
    if head.isdigit():
        return int(head), tail.strip()
    return None, (spec or "").strip()


@register.filter
def number(value, spec: str = ""):
    """Danish number with thousands points and an optional unit, for every table cell:
    {{ 10000|number }} → 10.000 · {{ 11218.448|number:"1" }} → 11.218,4 ·
    {{ 87.34|number:"forløb" }} → 87,34 forløb · {{ x|number:"2 kr." }} → 1.234,50 kr.
    Whole numbers show no decimals; others at most two (or the digits asked for). The unit is
    joined with a no-break space so it never wraps away from its number. None shows "–"."""
    if value is None or value == "":
        return "–"
    digits, unit = _parse_number_spec(spec)
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return value
    if digits is None:
        digits = (
            0 if amount == amount.to_integral_value() else min(2, -amount.normalize().as_tuple().exponent)
        )
    amount = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)  # Django truncates
    text = number_format(amount, decimal_pos=digits, use_l10n=True, force_grouping=True)
    return f"{text}{NBSP}{unit}" if unit else text


@register.filter
def cpr(value):
    """0101901234 → 010190-1234 (a masked 010190-XXXX is shown as it is)."""
    from core.cpr import format_cpr

    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    return format_cpr(digits) if len(digits) == 10 else (value or "")


@register.filter
def week(value):
    """A date (any day of the week) → 'uge 49, 2026'."""
    from core.calendar import week_label

    return week_label(value) if value else ""


@register.filter
def error_anchor(bound_field) -> str:
    """The id the error summary links to: the control itself, or the first box of a checkbox
    or radio group (Django gives a group no id of its own to link to)."""
    if _kind(bound_field.field.widget) == "choices":
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label


@register.simple_tag
def current_iso_week() -> str:
    """This week's ISO label ('2026-W49'), for links to a week page: {% current_iso_week as week %}."""
    from django.utils import timezone

    from core.calendar import iso_week_label

    return iso_week_label(timezone.localdate())
