"""The partnership's target, offered and filled over time as an inline SVG line chart, built on
the project's chart helpers (core.templatetags.charts: colours, font, Danish numbers). No
JavaScript, no inline styles (CSP): presentation attributes only. Each series has its own line
style and marker and is named in a legend, so nothing is told by colour alone; the numbers are
in the table beside the chart."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.templatetags.charts import FILLS, FONT_SIZE, TEXT_FILL, _number

register = template.Library()

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 32, 16, 64  # room for the axis numbers, month names and legend
TARGET_STROKE = "#595959"  # grey, ≥ 4.5:1 against white like the bar colours


def _series(name):
    return {
        "target": (_("Mål"), TARGET_STROKE, "6 4"),
        "offered": (_("Udbudt"), FILLS["bar"], ""),
        "filled": (_("Besat"), FILLS["bar-alt"], ""),
    }[name]


def _month(on) -> str:
    return date_format(on, "M y")


@register.simple_tag
def history_chart(series, *, number: int) -> SafeString:
    """`series`: an overview_time.Series (its points: target, offered and filled per date);
    `number` makes the ids of its title and description unique on the page."""
    chart_id = f"history-chart-{number}"
    points = series.points
    top = max((max(p.target, p.offered, p.filled) for p in points), default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(points) - 1)

    def x(k):
        return round(LEFT + (k * step if len(points) > 1 else plot_w / 2), 1)

    def y(value):
        return round(TOP + plot_h - plot_h * value / top, 1)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>',
            LEFT,
            y(0),
            WIDTH - RIGHT,
            y(0),
            TEXT_FILL,
        ),
        format_html(
            '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
            LEFT - 6,
            y(0) + 5,
            TEXT_FILL,
            _number(0),
        ),
        format_html(
            '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
            LEFT - 6,
            y(top) + 5,
            TEXT_FILL,
            _number(top),
        ),
    ]
    for k, p in enumerate(points):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                x(k),
                y(0) + 20,
                TEXT_FILL,
                _month(p.on),
            )
        )
    for index, name in enumerate(("target", "offered", "filled")):
        label, stroke, dash = _series(name)
        coords = " ".join(f"{x(k)},{y(getattr(p, name))}" for k, p in enumerate(points))
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="3" stroke-dasharray="{}"></polyline>',
                coords,
                stroke,
                dash or "none",
            )
        )
        if name == "filled":  # squares on the filled line, circles on the offered
            parts.append(
                format_html_join(
                    "",
                    '<rect x="{}" y="{}" width="8" height="8" fill="{}"></rect>',
                    ((x(k) - 4, y(p.filled) - 4, stroke) for k, p in enumerate(points)),
                )
            )
        elif name == "offered":
            parts.append(
                format_html_join(
                    "",
                    '<circle cx="{}" cy="{}" r="4" fill="{}"></circle>',
                    ((x(k), y(p.offered), stroke) for k, p in enumerate(points)),
                )
            )
        legend_x, legend_y = LEFT + index * 130, HEIGHT - 12
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" stroke-dasharray="{}"></line>'
                '<text x="{}" y="{}" fill="{}">{}</text>',
                legend_x, legend_y - 5, legend_x + 28, legend_y - 5, stroke, dash or "none",
                legend_x + 34, legend_y, TEXT_FILL, label,
            )
        )  # fmt: skip
        if name == "offered":
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4" fill="{}"></circle>', legend_x + 14, legend_y - 5, stroke
                )
            )
        elif name == "filled":
            parts.append(format_html(
                '<rect x="{}" y="{}" width="8" height="8" fill="{}"></rect>', legend_x + 10, legend_y - 9, stroke
            ))  # fmt: skip
    last = points[-1] if points else None
    desc = (
        _("Seneste: mål %(target)s, udbudt %(offered)s, besat %(filled)s.")
        % {"target": _number(last.target), "offered": _number(last.offered), "filled": _number(last.filled)}
        if last
        else _("Ingen data")
    )
    title = _("Mål, udbudt og besat over tid: %(name)s") % {"name": series.label}
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" class="chart-svg" font-family="sans-serif" font-size="{fs}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{parts}</svg>',
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        fs=FONT_SIZE,
        title=title,
        desc=desc,
        parts=SafeString("".join(parts)),
    )
