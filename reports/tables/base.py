"""What a table builder returns, and the scope it reads from.

A builder is `build(scope, periods) -> Table`: `periods` is [current] or [current, previous];
every figure is computed in SQL (conditional aggregates: COUNT … FILTER (WHERE …)), one or a
few statements per table, whatever the number of rows. Cells that count persons carry `persons=True` so
reports.suppression can protect them; a percentage lists the cells it is computed from
(`depends`) and is hidden with them. A cell's `drill` names the rows behind it
(reports.drill) when the rows are enrolments.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ..periods import Period

COUNT = "count"  # persons
NUMBER = "number"  # a count of something else (meetings, courses delivered, hours)
PERCENT = "percent"
KRONER = "kroner"

ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")


@dataclass(frozen=True)
class Scope:
    """Which records a report reads: the municipality's citizens (None: the whole country), the
    programmes (None: all), the agreement services (for their registrations).

    A scope lives for one report build and remembers the figures computed in it (`figures`),
    so tables that share a summary (the youth tables, deliverables' units) compute it once."""

    municipality_id: int | None
    programme_ids: tuple[int, ...] | None = None
    services: tuple = ()
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def figures(self, compute: Callable, service, period: Period):
        """compute(service, period.start, period.end), once per service and period."""
        key = (compute.__module__, compute.__qualname__, service.pk, period.start, period.end)
        if key not in self.memo:
            self.memo[key] = compute(service, period.start, period.end)
        return self.memo[key]


@dataclass(frozen=True)
class Column:
    period: int  # index into Table.periods
    measure: str  # e.g. "count", "percent", "direct", "target", "actual"
    label: str
    kind: str  # COUNT, NUMBER, PERCENT, KRONER


@dataclass
class Cell:
    value: int | Decimal | None
    drill: str | None = None
    depends: tuple[tuple[str, int], ...] = ()  # (row key, column index) this figure derives from
    hidden: str = ""  # "" or a suppression mark
    url: str = ""  # the rows behind the figure, set only for users who may see them

    @property
    def shown(self) -> bool:
        return not self.hidden and self.value is not None


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    total: bool = False
    kind: str = ""  # overrides the column's kind for formatting (e.g. KRONER in a NUMBER column)


@dataclass
class Text:
    """A written part of a report (not figures): a heading and its (label, text) paragraphs."""

    heading: str
    parts: list[tuple[str, str]]


@dataclass
class Table:
    key: str
    title: str
    periods: list[Period]
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    groups: list[tuple[list[str], str | None]] = field(default_factory=list)  # additive row groups
    notes: list[str] = field(default_factory=list)
    chart_measure: str = PERCENT  # the measure of the current period drawn as bars
    section: str = ""  # e.g. the service's name when a table is per service
    anchor: str = ""  # a unique id within the report (set when the report is built)
    texts: list[Text] = field(default_factory=list)  # a written section instead of figures

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def cell(self, row_key: str, measure: str, period: int = 0) -> Cell:
        index = self.column_index(measure, period)
        return self.row(row_key).cells[index]

    def column_index(self, measure: str, period: int = 0) -> int:
        return next(i for i, c in enumerate(self.columns) if c.measure == measure and c.period == period)

    @property
    def chart_title(self) -> str:
        unit = _("pct.") if self.chart_measure == PERCENT else _("antal")
        period = self.periods[0].label if self.periods else ""
        return f"{self.title}, {period} ({unit})"

    def chart_rows(self) -> list[tuple[str, int | Decimal]]:
        """(label, value) of the current period's visible figures, totals left out."""
        try:
            index = self.column_index(self.chart_measure, 0)
        except StopIteration:
            return []
        return [(r.label, r.cells[index].value) for r in self.rows if not r.total and r.cells[index].shown]


def percent(numerator, denominator) -> Decimal | None:
    if not denominator or numerator is None:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def ratio(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator with two decimals (an average), None when there is nothing to divide by."""
    if not denominator or numerator is None:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)


def count_and_percent_columns(periods: list[Period], count_label: str, percent_label: str) -> list[Column]:
    columns = []
    for index, period in enumerate(periods):
        columns.append(Column(index, "count", f"{period.label}: {count_label}", COUNT))
        columns.append(Column(index, "percent", f"{period.label}: {percent_label}", PERCENT))
    return columns
