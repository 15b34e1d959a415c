"""Server-side SVG charts for business cases and simulations: cash flow by month, a fan of
percentiles over months, and a tornado. Presentation attributes only (CSP forbids inline styles;
WeasyPrint understands them), role="img" with a title, and the page shows the numbers in a table
beside each chart so nothing is told by the picture alone."""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

W, H = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 78, 12, 12, 30
POS, NEG, LINE, BAND, AXIS, TEXT = "#00724e", "#b3261e", "#0059b3", "#b8d4f0", "#545454", "#1a1a1a"


def _kr(v: float) -> str:
    return f"{v:,.0f}".replace(",", ".")


class _Scale:
    def __init__(self, lo: float, hi: float, n: int):
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        if hi == lo:
            hi = lo + 1
        self.lo, self.hi, self.n = lo, hi, max(n, 1)

    def y(self, v: float) -> float:
        return TOP + (self.hi - v) / (self.hi - self.lo) * (H - TOP - BOTTOM)

    def x(self, i: float) -> float:
        return LEFT + i * (W - LEFT - RIGHT) / self.n


def _frame(scale: _Scale, labels: Sequence[str], title: str, chart_id: str, body: SafeString) -> SafeString:
    ticks = []
    for k in range(5):
        v = scale.lo + (scale.hi - scale.lo) * k / 4
        ticks.append(format_html('<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
                                 LEFT - 6, round(scale.y(v) + 4, 1), TEXT, _kr(v)))
    step = max(1, len(labels) // 8)
    xlabels = format_html_join("", '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                               ((round(scale.x(i + 0.5), 1), H - 10, TEXT, lab)
                                for i, lab in enumerate(labels) if i % step == 0))
    zero = round(scale.y(0), 1)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" '
        'class="contract-chart"><title id="{id}-title">{title}</title>'
        '<line x1="{l}" x2="{r}" y1="{z}" y2="{z}" stroke="{axis}" stroke-width="1"/>{ticks}{xl}{body}</svg>',
        w=W, h=H, id=chart_id, title=title, l=LEFT, r=W - RIGHT, z=zero, axis=AXIS,
        ticks=mark_safe("".join(ticks)), xl=xlabels, body=body)  # noqa: S308 - built with format_html


def cashflow_svg(labels: Sequence[str], net: Sequence[float], cumulative: Sequence[float], *, title: str,
                 chart_id: str = "cashflow") -> SafeString:
    """Columns: the municipality's net flow per month; line: cumulative discounted net."""
    scale = _Scale(min([*net, *cumulative], default=0), max([*net, *cumulative], default=0), len(net))
    bw = max(1.0, (W - LEFT - RIGHT) / max(len(net), 1) - 1)
    zero = scale.y(0)
    cols = format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', (
        (round(scale.x(i), 1), round(min(zero, scale.y(v)), 1), round(bw, 1), round(abs(scale.y(v) - zero), 1),
         POS if v >= 0 else NEG) for i, v in enumerate(net)))
    points = " ".join(f"{scale.x(i + 0.5):.1f},{scale.y(v):.1f}" for i, v in enumerate(cumulative))
    line = format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>', points, LINE)
    return _frame(scale, labels, title, chart_id, format_html("{}{}", cols, line))


def fan_svg(labels: Sequence[str], p5: Sequence[float], p50: Sequence[float], p95: Sequence[float], *,
            title: str, chart_id: str = "fan") -> SafeString:
    """A band from P5 to P95 with the median as a line."""
    scale = _Scale(min(p5, default=0), max(p95, default=0), len(p50))
    upper = [f"{scale.x(i + 0.5):.1f},{scale.y(v):.1f}" for i, v in enumerate(p95)]
    lower = [f"{scale.x(i + 0.5):.1f},{scale.y(v):.1f}" for i, v in reversed(list(enumerate(p5)))]
    band = format_html('<polygon points="{}" fill="{}" stroke="none"/>', " ".join(upper + lower), BAND)
    median = " ".join(f"{scale.x(i + 0.5):.1f},{scale.y(v):.1f}" for i, v in enumerate(p50))
    line = format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>', median, LINE)
    return _frame(scale, labels, title, chart_id, format_html("{}{}", band, line))


def tornado_svg(bars: Sequence[dict], base: float, *, title: str, chart_id: str = "tornado") -> SafeString:
    """One row per input: a bar from the NPV at its P10 to the NPV at its P90, around the base."""
    row, label_w, h = 30, 190, max(1, len(bars)) * 30 + 30
    lo = min([base, *[min(b["npv_at_p10"], b["npv_at_p90"]) for b in bars]])
    hi = max([base, *[max(b["npv_at_p10"], b["npv_at_p90"]) for b in bars]])
    span = (hi - lo) or 1.0

    def x(v: float) -> float:
        return label_w + (v - lo) / span * (W - label_w - 20)

    parts = []
    for i, b in enumerate(bars):
        y = 10 + i * row
        a, c = sorted((b["npv_at_p10"], b["npv_at_p90"]))
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="18" fill="{}"/>',
            label_w - 8, y + 14, TEXT, b["input"], round(x(a), 1), y, round(max(1.0, x(c) - x(a)), 1), LINE))
    base_line = format_html('<line x1="{x}" x2="{x}" y1="4" y2="{h}" stroke="{c}" stroke-width="1.5"/>',
                            x=round(x(base), 1), h=h - 20, c=AXIS)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" '
        'class="contract-chart"><title id="{id}-title">{title}</title>{parts}{base}'
        '<text x="{bx}" y="{ty}" text-anchor="middle" font-size="11" fill="{t}">{bl}</text></svg>',
        w=W, h=h, id=chart_id, title=title, parts=mark_safe("".join(parts)), base=base_line,  # noqa: S308
        bx=round(x(base), 1), ty=h - 6, t=TEXT, bl=_kr(base))


def plan_svg(labels: Sequence[str], actual: Sequence[float], forecast: Sequence[float], *, title: str,
             chart_id: str = "plan") -> SafeString:
    """Two lines over the months: the forecast (dashed) and the actual to date (solid)."""
    scale = _Scale(min([*actual, *forecast], default=0), max([*actual, *forecast], default=0), len(forecast))

    def points(values: Sequence[float]) -> str:
        return " ".join(f"{scale.x(i + 0.5):.1f},{scale.y(v):.1f}" for i, v in enumerate(values))

    plan = format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="6 4"/>',
                       points(forecast), AXIS)
    real = format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>', points(actual), LINE)
    return _frame(scale, labels, title, chart_id, format_html("{}{}", plan, real))
