"""Server-rendered, accessible charts: inline SVG, no JavaScript, no inline styles (CSP).

    {% load charts %}
    {% bar_chart rows title="Organisationer efter aktørtype" chart_id="kind" %}

`rows` are objects with `.label` and `.value` (e.g. mapping.selectors.Row) or (label, value)
pairs. The tag renders a <figure> with the SVG (role="img", <title> and <desc> wired with
aria-labelledby, a text value beside every bar so nothing is told by colour alone) followed by
a data table with the same numbers. Colours come from SVG presentation attributes (allowed by
the CSP and understood by WeasyPrint) and the `.chart .bar` / `.chart .bar-alt` classes of
static/css/brobyg.css, so the same markup serves the page and the PDF.
"""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

WIDTH = 640
LABEL_WIDTH = 232
BAR_X = 240
BAR_MAX = 330  # leaves room for the value after the longest bar
ROW_HEIGHT = 28
BAR_HEIGHT = 20
FONT_SIZE = 14
MAX_LABEL_CHARS = 30
FILLS = {"bar": "#0059b3", "bar-alt": "#00724e"}  # both ≥ 4.5:1 against white
TEXT_FILL = "#1a1a1a"


def _pairs(rows) -> list[tuple[str, int]]:
    pairs = []
    for row in rows:
        if isinstance(row, tuple | list):
            label, value = row[0], row[1]
        else:
            label, value = row.label, row.value
        pairs.append((str(label), value or 0))
    return pairs


def _number(value) -> str:
    return number_format(value, force_grouping=True)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def bar_svg(pairs: list[tuple[str, int]], *, title: str, chart_id: str, variant: str = "bar") -> SafeString:
    """The SVG alone: one horizontal bar per pair, the value written after each bar."""
    variant = variant if variant in FILLS else "bar"
    height = max(1, len(pairs)) * ROW_HEIGHT + 8
    top = max((value for _label, value in pairs), default=0) or 1
    summary = "; ".join(f"{label}: {_number(value)}" for label, value in pairs) or _("Ingen data")
    bars = []
    for index, (label, value) in enumerate(pairs):
        y = 4 + index * ROW_HEIGHT
        width = round(BAR_MAX * value / top, 1)
        text_y = y + BAR_HEIGHT / 2 + 5
        bars.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>'
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" fill="{}">{}</text></g>',
                LABEL_WIDTH,
                text_y,
                TEXT_FILL,
                _short(label),
                variant,
                BAR_X,
                y,
                width,
                BAR_HEIGHT,
                FILLS[variant],
                BAR_X + width + 6,
                text_y,
                TEXT_FILL,
                _number(value),
            )
        )
    if not pairs:
        bars.append(format_html('<text x="8" y="20" fill="{}">{}</text>', TEXT_FILL, _("Ingen data")))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" class="chart-svg" font-family="sans-serif" font-size="{fs}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{bars}</svg>',
        id=chart_id,
        fs=FONT_SIZE,
        w=WIDTH,
        h=height,
        title=title,
        desc=summary,
        bars=SafeString("".join(bars)),
    )


def data_table(
    pairs: list[tuple[str, int]], *, title: str, label_header: str, value_header: str, total: bool
) -> SafeString:
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="num">{}</td></tr>',
        ((label, _number(value)) for label, value in pairs),
    )
    foot = ""
    if total:
        foot = format_html(
            '<tfoot><tr><th scope="row">{}</th><td class="num">{}</td></tr></tfoot>',
            _("I alt"),
            _number(sum(v for _l, v in pairs)),
        )
    return format_html(
        '<table class="table table--compact chart-table"><caption>{}</caption>'
        '<thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th></tr></thead>'
        "<tbody>{}</tbody>{}</table>",
        _("Tabel: %(title)s") % {"title": title},
        label_header,
        value_header,
        body,
        foot,
    )


@register.simple_tag
def bar_chart(
    rows,
    *,
    title: str,
    chart_id: str,
    variant: str = "bar",
    label_header: str = "",
    value_header: str = "",
    total: bool = False,
    table: bool = True,
) -> SafeString:
    """A <figure> with the bar chart and, below it, a table of the same numbers."""
    pairs = _pairs(rows)
    svg = bar_svg(pairs, title=title, chart_id=chart_id, variant=variant)
    table_html = (
        data_table(
            pairs,
            title=title,
            label_header=label_header or _("Kategori"),
            value_header=value_header or _("Antal"),
            total=total,
        )
        if table
        else ""
    )
    return format_html(
        '<figure class="chart" aria-labelledby="{}-caption"><figcaption id="{}-caption" class="chart-caption">{}</figcaption>{}{}</figure>',
        chart_id,
        chart_id,
        title,
        svg,
        table_html,
    )
