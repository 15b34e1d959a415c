"""Pure rules of the accelerator (no database): the social model's readiness check, the
follow-up checkpoints' due dates, the SME size check and the application's lifecycle."""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.lifecycle import Lifecycle

# pending → a decision; a company on the waiting list may still be selected or declined.
DECISION = Lifecycle(
    "accelerator.application",
    {
        "pending": {"selected", "waiting", "declined"},
        "waiting": {"selected", "declined"},
        "selected": set(),
        "declined": set(),
    },
)

# EU definition of an SME (Commission recommendation 2003/361): fewer than 250 employees.
SME_MAX_EMPLOYEES = 249
# The months after the cohort's end at which follow-up checkpoints fall (seed 001: six months).
FOLLOW_UP_MONTHS = (1, 3, 6)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_schedule(cohort_end: datetime.date, follow_up_months: int) -> list[tuple[int, datetime.date]]:
    """(month, due date) of each checkpoint within the programme's follow-up period; the last
    checkpoint always falls at its end."""
    months = (
        sorted({m for m in FOLLOW_UP_MONTHS if m < follow_up_months} | {follow_up_months})
        if follow_up_months
        else []
    )
    return [(m, add_months(cohort_end, m)) for m in months]


def is_sme(employees_total: int | None) -> bool | None:
    """None when the registry holds no staffing for the company."""
    return None if employees_total is None else employees_total <= SME_MAX_EMPLOYEES


@dataclass(frozen=True)
class TaskFacts:
    hours_per_week: Decimal
    citizens: int


@dataclass(frozen=True)
class Readiness:
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def readiness(*, tasks: list[TaskFacts], induction_steps: int, trained_buddies: int) -> Readiness:
    """The social model is ready when it has at least one value-creating task with hours and
    citizens, a planned induction (at least one step) and at least one trained buddy."""
    missing = []
    if not any(t.hours_per_week > 0 and t.citizens > 0 for t in tasks):
        missing.append(_("Mindst én værdiskabende opgave med timer og antal borgere"))
    if induction_steps < 1:
        missing.append(_("En planlagt indslusning (mindst ét trin)"))
    if trained_buddies < 1:
        missing.append(_("Mindst én buddy, der er uddannet"))
    return Readiness(tuple(missing))


def growth_percent(value, baseline) -> Decimal | None:
    """(value − baseline) / baseline, or None without a baseline above zero."""
    if value is None or not baseline:
        return None
    return (Decimal(value) - Decimal(baseline)) / Decimal(baseline)
