"""The company side of seed 001's two-sided payment model: a cohort's companies and their
recorded results as outcome events, in the shape contracts.adapter turns into engine rows
(docs/accelerator.md). Plain data, no engine import (only contracts.adapter imports it).

Per company (the participant id is the Participant's public id, never a name):
- one row without an event, so every company counts in its cohort's denominator;
- `company.hired_from_programme`: one event per citizen from the programme hired, dated the
  31 December of the year it was recorded for;
- `company.special_terms_growth`: one event per employee on special terms above the highest
  number so far (from the baseline year on, read from registry.Staffing), so growth is never
  paid twice; dated the year's 31 December;
- `company.turnover_growth`: one event per year whose turnover is above the baseline year's,
  its value the growth in percent (two decimals); a contract pays it once (max_per_participant).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from . import selectors_growth as growth
from .models import Participant

HIRED = "company.hired_from_programme"
SPECIAL_TERMS_GROWTH = "company.special_terms_growth"
TURNOVER_GROWTH = "company.turnover_growth"
EVENTS = (HIRED, SPECIAL_TERMS_GROWTH, TURNOVER_GROWTH)


@dataclass(frozen=True)
class CompanyEvent:
    participant_id: str
    cohort: str
    start_date: datetime.date
    event: str = ""
    event_date: datetime.date | None = None
    value: Decimal | None = None


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _events_of(summary: growth.CompanyGrowthSummary) -> list[tuple[str, datetime.date, Decimal | None]]:
    events: list[tuple[str, datetime.date, Decimal | None]] = []
    base = summary.baseline
    highest = base.special if base and base.special is not None else None
    for y in summary.years:
        if y.year <= summary.baseline_year:
            continue
        events += [(HIRED, _year_end(y.year), None)] * y.citizens_hired
        if y.special is not None and highest is not None and y.special > highest:
            events += [(SPECIAL_TERMS_GROWTH, _year_end(y.year), None)] * (y.special - highest)
        if y.special is not None:
            highest = max(highest, y.special) if highest is not None else y.special
        if y.change is not None and y.change > 0:
            events.append((TURNOVER_GROWTH, _year_end(y.year), (y.change * 100).quantize(Decimal("0.01"))))
    return events


def company_events(
    participants: QuerySet[Participant], *, known_events, as_of: datetime.date
) -> list[CompanyEvent]:
    """The rows of these companies (three queries per cohort). Companies that joined after
    `as_of` are left out; events the contract does not name are not produced."""
    known = set(known_events)
    rows: list[CompanyEvent] = []
    chosen = list(participants.filter(joined_on__lte=as_of).select_related("cohort", "organisation"))
    for cohort_id in sorted({p.cohort_id for p in chosen}):
        members = [p for p in chosen if p.cohort_id == cohort_id]
        for summary in growth.cohort_growth(members, members[0].cohort):
            p = summary.participant
            pid, cohort, start = str(p.public_id), p.cohort.name, p.joined_on
            rows.append(CompanyEvent(pid, cohort, start))
            rows += [
                CompanyEvent(pid, cohort, start, ev, on, v)
                for ev, on, v in _events_of(summary)
                if ev in known
            ]
    return rows
