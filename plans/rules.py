"""Pure rules of plans: budget arithmetic (seed 002 §9), the stated-versus-itemised check,
the burn-down of actuals, and the comparison of two strategy versions. No database.

Budget arithmetic, worked (seed 002, phase 1, at 825 kr. an hour):

    30 + 125 + 50 + 70 = 275 itemised hours;  275 × 825 = 226.875,00 kr. = the stated price
    the document states 290 hours for the phase: 15 hours more than its own items, flagged.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.lifecycle import Lifecycle

ZERO = Decimal("0")
ORE = Decimal("0.01")

CASE = Lifecycle("support_case", {"open": {"referred", "closed"}, "referred": {"open", "closed"}, "closed": {"open"}})


def kroner(value: Decimal) -> Decimal:
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def line_amount(hours: Decimal | None, rate: Decimal | None, fixed: Decimal | None) -> Decimal:
    """An activity's budget: hours × hourly rate, or its fixed amount."""
    if fixed is not None:
        return kroner(fixed)
    return kroner((hours or ZERO) * (rate or ZERO))


@dataclass(frozen=True)
class Totals:
    """A phase's (or a project's) itemised totals beside the totals its source states."""

    hours: Decimal
    activities: Decimal
    other_costs: Decimal
    stated_hours: Decimal | None = None
    stated_amount: Decimal | None = None

    @property
    def amount(self) -> Decimal:
        return self.activities + self.other_costs

    @property
    def hours_difference(self) -> Decimal | None:
        """Stated minus itemised hours; None when nothing is stated."""
        return None if self.stated_hours is None else self.stated_hours - self.hours

    @property
    def amount_difference(self) -> Decimal | None:
        return None if self.stated_amount is None else self.stated_amount - self.amount

    @property
    def differs(self) -> bool:
        return bool(self.hours_difference) or bool(self.amount_difference)


def totals(
    lines: Iterable[tuple[Decimal | None, Decimal | None, Decimal | None]],
    other_costs: Iterable[Decimal] = (),
    *,
    stated_hours: Decimal | None = None,
    stated_amount: Decimal | None = None,
) -> Totals:
    """Totals of (hours, rate, fixed) lines and other costs, in Decimal."""
    hours, amount = ZERO, ZERO
    for line_hours, rate, fixed in lines:
        hours += line_hours or ZERO
        amount += line_amount(line_hours, rate, fixed)
    other = sum(other_costs, ZERO)
    return Totals(hours, amount, other, stated_hours, stated_amount)


def add(parts: Sequence[Totals]) -> Totals:
    """A project's totals from its phases' (stated totals added where every phase states one)."""

    def stated(attr):
        values = [getattr(p, attr) for p in parts]
        return None if not values or any(v is None for v in values) else sum(values, ZERO)

    return Totals(
        sum((p.hours for p in parts), ZERO),
        sum((p.activities for p in parts), ZERO),
        sum((p.other_costs for p in parts), ZERO),
        stated("stated_hours"),
        stated("stated_amount"),
    )


def burn_down(budget: Decimal, spent_by_month: Iterable[tuple[datetime.date, Decimal]]) -> list[tuple[datetime.date, Decimal, Decimal]]:
    """(month, spent in the month, budget left after it), months in order."""
    left, rows = budget, []
    for month, spent in sorted(spent_by_month):
        left -= spent
        rows.append((month, spent, left))
    return rows


# --- Comparing two strategy versions --------------------------------------------------------


@dataclass
class Change:
    kind: str  # "added", "removed", "changed"
    what: str  # the goal's or initiative's title, or a field label
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)


def compare(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[Change]:
    """Differences between two versions' items, each keyed by title with its fields as text
    ({"Flere RSV-virksomheder": {"Mål (tal)": "10", …}}). Items match by title."""
    changes = []
    for title, fields_new in new.items():
        if title not in old:
            changes.append(Change("added", title))
            continue
        fields_old = old[title]
        moved = [(k, fields_old.get(k, ""), v) for k, v in fields_new.items() if fields_old.get(k, "") != v]
        if moved:
            changes.append(Change("changed", title, moved))
    changes.extend(Change("removed", title) for title in old if title not in new)
    return changes


# --- Fuldtidspersoner (jobindsats.dk) --------------------------------------------------------


def full_time_persons(days_on_benefit: int, start: datetime.date, end: datetime.date) -> Decimal:
    """Weeks on a benefit ÷ weeks in the period (days ÷ days: the same ratio), both ends
    inclusive, to two decimals. 26 weeks of kontanthjælp in a 52-week period = 0,50."""
    period_days = (end - start).days + 1
    if period_days <= 0:
        return ZERO
    return (Decimal(days_on_benefit) / Decimal(period_days)).quantize(ORE, rounding=ROUND_HALF_UP)
