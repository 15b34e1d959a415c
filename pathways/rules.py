"""Pure rules of citizen pathways (forløb): no database, dates passed in.

- checkpoint due dates relative to the start, moved by pauses;
- attendance rate = attended ÷ (attended + absent), absences excused or unexcused;
- runs of consecutive absent weeks;
- the lifecycles of referrals and enrolments (transition tables, core.lifecycle).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.lifecycle import Lifecycle

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class Pause:
    start: datetime.date
    end: datetime.date | None  # None: still paused

    @property
    def days(self) -> int | None:
        return None if self.end is None else (self.end - self.start).days


def due_by_end_of_week(start: datetime.date, week: int) -> datetime.date:
    """The last day of pathway week `week` (week 1 starts on the start date).
    'Written status before week 8' is due by the end of week 7."""
    if week < 1:
        raise ValueError("weeks are counted from 1")
    return start + datetime.timedelta(days=week * DAYS_PER_WEEK - 1)


def shift_for_pauses(due: datetime.date, pauses: Iterable[Pause]) -> datetime.date | None:
    """Move a due date by every pause that starts on or before it (as moved so far): a pause
    of n days before the deadline gives n more days. None while an open pause precedes it."""
    shifted = due
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start > shifted:
            break
        if pause.days is None:
            return None
        shifted += datetime.timedelta(days=pause.days)
    return shifted


def checkpoint_due(start: datetime.date, week: int, pauses: Iterable[Pause] = ()) -> datetime.date | None:
    return shift_for_pauses(due_by_end_of_week(start, week), pauses)


def attendance_rate(attended: Decimal | float | int, absent: Decimal | float | int) -> Decimal | None:
    """attended ÷ (attended + absent) as a fraction with 4 decimals; None without any hours."""
    attended, absent = Decimal(str(attended)), Decimal(str(absent))
    total = attended + absent
    if total <= 0:
        return None
    return (attended / total).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Week:
    week_start: datetime.date
    planned: Decimal
    attended: Decimal
    excused: Decimal = Decimal(0)
    unexcused: Decimal = Decimal(0)

    @property
    def absent(self) -> Decimal:
        return self.excused + self.unexcused

    @property
    def fully_absent(self) -> bool:
        return self.planned > 0 and self.attended == 0 and self.absent > 0


def consecutive_absent_weeks(weeks: Sequence[Week]) -> int:
    """The current run of fully absent weeks, counted back from the latest recorded week."""
    run = 0
    for week in sorted(weeks, key=lambda w: w.week_start, reverse=True):
        if not week.fully_absent:
            break
        run += 1
    return run


REFERRAL = Lifecycle(
    "referral",
    {
        "sent": {"accepted", "waiting", "declined", "withdrawn"},
        "waiting": {"accepted", "withdrawn"},
        "accepted": set(),
        "declined": set(),
        "withdrawn": set(),
    },
)

ENROLMENT = Lifecycle(
    "enrolment",
    {
        "active": {"paused", "exited"},
        "paused": {"active", "exited"},
        "exited": set(),
    },
)


# --- Benefit history: spells and weeks on public support -----------------------------------

# Benefit codes that are not public support (jobindsats' "offentlig forsørgelse"): wages, SU
# and "none". Every other benefit code (old and new, whatever its dates) counts as support.
NOT_PUBLIC_SUPPORT = frozenset({"ingen", "lon", "su"})


@dataclass(frozen=True)
class Spell:
    """A run of days on public support: first and last day (None while it runs)."""

    start: datetime.date
    end: datetime.date | None


def is_public_support(benefit_code: str | None) -> bool:
    return bool(benefit_code) and benefit_code not in NOT_PUBLIC_SUPPORT


def support_spells(statuses: Iterable[tuple[datetime.date, datetime.date | None, str | None]]) -> list[Spell]:
    """The spells on public support of a status history, given as (valid_from, valid_to,
    benefit code). Consecutive statuses on support (a change of benefit or target group only)
    make one spell, so a citizen moving from kontanthjælp to the new kontanthjælp keeps counting."""
    spells: list[Spell] = []
    for start, end, code in sorted(statuses, key=lambda s: s[0]):
        if not is_public_support(code):
            continue
        last = spells[-1] if spells else None
        if last is not None and last.end is not None and last.end + datetime.timedelta(days=1) == start:
            spells[-1] = Spell(last.start, end)
        else:
            spells.append(Spell(start, end))
    return spells


def weeks_on_support(spells: Iterable[Spell], on: datetime.date) -> int:
    """Whole weeks on public support up to and including `on` (the refund staircase counts
    weeks on support over the citizen's history): days covered by the spells ÷ 7, rounded down."""
    days = 0
    for spell in spells:
        last = on if spell.end is None else min(spell.end, on)
        if last >= spell.start:
            days += (last - spell.start).days + 1
    return days // DAYS_PER_WEEK
