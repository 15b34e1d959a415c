"""Recorded rows for plan against actual: what each enrolled citizen actually cost and saved.

The platform adapter builds these rows from its records (one kind per table); the engine holds
them column-wise in :class:`RecordedData` so 175 000 citizens are computed with numpy, not a
loop. Identifiers are pseudonymous (the enrolment's public id), never a CPR number.

=================  =====================================================================
row                what it says
=================  =====================================================================
Participation      a citizen enrolled: cohort (the business case's intake ``cohort`` label
                   to compare with) and start date
AttendedWeeks      weeks attended in a phase (a business-case phase name) in a month; costed
                   at the phase's ``cost_per_week`` (default monthly price × 12/52)
ExitRecord         the exit: its date and whether it was into work (ordinary or subsidised)
FollowUpRecord     in work 13, 26 or 52 weeks after the exit (answered follow-ups only)
SupportSpell       a period on public support (first and last day; open while ongoing) with
                   its monthly benefit (default: the business case's ``benefit_per_month``)
ActualPayment      an outcome payment made: payer, date, amount (the approved ledger)
ActualCost         another cost actually incurred (coordination, the company programme …);
                   without these rows the plan's fixed and company costs stand in
=================  =====================================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from .money import to_ore
from .validation import MAX_ISSUES, InputError, Issue

__all__ = [
    "FOLLOW_UP_WEEKS",
    "OPEN_END",
    "ActualCost",
    "ActualPayment",
    "AttendedWeeks",
    "ExitRecord",
    "FollowUpRecord",
    "Participation",
    "RecordedData",
    "RecordsError",
    "SupportSpell",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FOLLOW_UP_WEEKS = (13, 26, 52)
OPEN_END = date.max.toordinal()
"""The last day of a spell still running."""


class RecordsError(InputError):
    """Recorded rows that do not fit together (unknown citizen, a spell ending before it starts …)."""

    kind = "records"


@dataclass(frozen=True)
class Participation:
    citizen_id: str
    cohort: str
    start_date: date


@dataclass(frozen=True)
class AttendedWeeks:
    citizen_id: str
    phase: str
    month: date  # any day of the calendar month
    weeks: int


@dataclass(frozen=True)
class ExitRecord:
    citizen_id: str
    exit_date: date
    into_work: bool


@dataclass(frozen=True)
class FollowUpRecord:
    citizen_id: str
    weeks: int  # 13, 26 or 52 after the exit
    in_work: bool


@dataclass(frozen=True)
class SupportSpell:
    citizen_id: str
    start: date
    end: date | None = None  # last day on support; None while it runs
    benefit_per_month: Decimal | None = None


@dataclass(frozen=True)
class ActualPayment:
    payer: str
    paid_on: date
    amount: Decimal
    cohort: str = ""


@dataclass(frozen=True)
class ActualCost:
    party: str
    month: date
    amount: Decimal
    name: str = ""


def _empty() -> IntArray:
    return np.zeros(0, dtype=np.int64)


def month_index(ordinals: IntArray) -> IntArray:
    """Calendar months since 1970-01 of date ordinals."""
    days = (ordinals - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    return np.asarray(days.astype("datetime64[M]").astype(np.int64), dtype=np.int64)


def add_months(ordinals: IntArray, months: int) -> IntArray:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    epoch = date(1970, 1, 1).toordinal()
    days = (ordinals - epoch).astype("datetime64[D]")
    first = days.astype("datetime64[M]")
    offset = (days - first.astype("datetime64[D]")).astype(np.int64)
    target = (first + months).astype("datetime64[D]")
    length = ((first + months + 1).astype("datetime64[D]") - target).astype(np.int64)
    return np.asarray(target.astype(np.int64) + np.minimum(offset, length - 1) + epoch, dtype=np.int64)


def month_of(d: date) -> int:
    return (d.year - 1970) * 12 + d.month - 1


@dataclass(frozen=True, eq=False)
class RecordedData:
    """The rows in columns. Citizens are indexed ``0 … n−1`` (``citizen_ids``); ``cohorts`` and
    ``phases`` are name tables. Dates are ordinals, months are months since 1970-01, money is
    øre. Per citizen: ``exit_date`` (0 = no exit), ``exit_into_work``, ``follow_up[:, k]`` for
    13/26/52 weeks (1 in work, 0 not, −1 unknown). Spells: ``spell_end`` inclusive
    (``OPEN_END`` while running), ``spell_benefit`` øre a month (−1: the contract's)."""

    citizen_ids: tuple[str, ...]
    cohorts: tuple[str, ...]
    citizen_cohort: IntArray
    citizen_start: IntArray
    phases: tuple[str, ...] = ()
    att_citizen: IntArray = field(default_factory=_empty)
    att_phase: IntArray = field(default_factory=_empty)
    att_month: IntArray = field(default_factory=_empty)
    att_weeks: IntArray = field(default_factory=_empty)
    exit_date: IntArray | None = None
    exit_into_work: BoolArray | None = None
    follow_up: npt.NDArray[np.int8] | None = None
    spell_citizen: IntArray = field(default_factory=_empty)
    spell_start: IntArray = field(default_factory=_empty)
    spell_end: IntArray = field(default_factory=_empty)
    spell_benefit: IntArray = field(default_factory=_empty)
    payments: tuple[ActualPayment, ...] = ()
    costs: tuple[ActualCost, ...] | None = None

    @property
    def n(self) -> int:
        return len(self.citizen_ids)

    def exits(self) -> tuple[IntArray, BoolArray]:
        n = self.n
        return (self.exit_date if self.exit_date is not None else np.zeros(n, dtype=np.int64),
                self.exit_into_work if self.exit_into_work is not None else np.zeros(n, dtype=np.bool_))

    def follow_ups(self) -> npt.NDArray[np.int8]:
        if self.follow_up is not None:
            return self.follow_up
        return np.full((self.n, len(FOLLOW_UP_WEEKS)), -1, dtype=np.int8)

    @classmethod
    def from_rows(
        cls,
        participations: Iterable[Participation],
        *,
        attendance: Iterable[AttendedWeeks] = (),
        exits: Iterable[ExitRecord] = (),
        follow_ups: Iterable[FollowUpRecord] = (),
        spells: Iterable[SupportSpell] = (),
        payments: Iterable[ActualPayment] = (),
        costs: Iterable[ActualCost] | None = None,
    ) -> RecordedData:
        """Build from row objects, checking that they fit together. Raises
        :class:`RecordsError` naming the kind of row, its position and the field."""
        people = list(participations)
        issues: list[Issue] = []

        def bad(kind: str, i: int, column: str, message: str) -> None:
            if len(issues) < MAX_ISSUES:
                issues.append(Issue(f"{kind}: {message}", row=i + 1, column=column))

        index: dict[str, int] = {}
        for i, p in enumerate(people):
            if p.citizen_id in index:
                bad("participation", i, "citizen_id", f"citizen {p.citizen_id!r} is enrolled twice")
            index.setdefault(p.citizen_id, i)

        def who(kind: str, i: int, cid: str) -> int:
            if cid not in index:
                bad(kind, i, "citizen_id", f"unknown citizen {cid!r}")
                return -1
            return index[cid]

        att = list(attendance)
        phases = tuple(sorted({a.phase for a in att}))
        att_c = [who("attendance", i, a.citizen_id) for i, a in enumerate(att)]
        for i, a in enumerate(att):
            if a.weeks < 0:
                bad("attendance", i, "weeks", f"{a.weeks} weeks is negative")
        n = len(people)
        exit_date = np.zeros(n, dtype=np.int64)
        into_work = np.zeros(n, dtype=np.bool_)
        for i, x in enumerate(exits):
            c = who("exit", i, x.citizen_id)
            if c >= 0 and exit_date[c]:
                bad("exit", i, "citizen_id", f"citizen {x.citizen_id!r} has two exits")
            elif c >= 0 and x.exit_date < people[c].start_date:
                bad("exit", i, "exit_date", f"exit {x.exit_date.isoformat()} is before the start")
            elif c >= 0:
                exit_date[c], into_work[c] = x.exit_date.toordinal(), x.into_work
        follow = np.full((n, len(FOLLOW_UP_WEEKS)), -1, dtype=np.int8)
        for i, f in enumerate(follow_ups):
            c = who("follow-up", i, f.citizen_id)
            if f.weeks not in FOLLOW_UP_WEEKS:
                bad("follow-up", i, "weeks", f"{f.weeks} is not one of 13, 26, 52 weeks")
            elif c >= 0:
                follow[c, FOLLOW_UP_WEEKS.index(f.weeks)] = 1 if f.in_work else 0
        sp = list(spells)
        sp_c = [who("support spell", i, s.citizen_id) for i, s in enumerate(sp)]
        for i, s in enumerate(sp):
            if s.end is not None and s.end < s.start:
                bad("support spell", i, "end", f"ends {s.end.isoformat()}, before it starts {s.start.isoformat()}")
        if issues:
            raise RecordsError(issues)
        cohorts = tuple(sorted({p.cohort for p in people}))

        def col(values: Sequence[int]) -> IntArray:
            return np.array(values, dtype=np.int64)

        return cls(
            citizen_ids=tuple(p.citizen_id for p in people),
            cohorts=cohorts,
            citizen_cohort=col([cohorts.index(p.cohort) for p in people]),
            citizen_start=col([p.start_date.toordinal() for p in people]),
            phases=phases,
            att_citizen=col(att_c),
            att_phase=col([phases.index(a.phase) for a in att]),
            att_month=col([month_of(a.month) for a in att]),
            att_weeks=col([a.weeks for a in att]),
            exit_date=exit_date,
            exit_into_work=into_work,
            follow_up=follow,
            spell_citizen=col(sp_c),
            spell_start=col([s.start.toordinal() for s in sp]),
            spell_end=col([s.end.toordinal() if s.end is not None else OPEN_END for s in sp]),
            spell_benefit=col([to_ore(s.benefit_per_month) if s.benefit_per_month is not None else -1 for s in sp]),
            payments=tuple(payments),
            costs=tuple(costs) if costs is not None else None,
        )
