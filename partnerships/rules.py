"""Pure rules of partnerships: the answer deadline in Danish working days and the rimelighedskrav
capacity of a host company with its live placements and open slots. No database; the numbers
are worked in docs/partnerships.md and asserted by tests/partnerships/test_partnerships_rules.py."""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays

from registry.rules import reasonableness_capacity


@lru_cache(maxsize=32)
def _danish_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Denmark(years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (weekends and Danish public holidays skipped).

    >>> add_working_days(datetime.date(2026, 12, 23), 2)  # Christmas Day and Boxing Day skipped
    datetime.date(2026, 12, 28)
    """
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


@dataclass(frozen=True)
class SlotCapacity:
    """A host company's room under the rimelighedskrav.

    `reported`: persons in wage subsidy or internship from the company's latest staffing figures;
    `live`: placements registered in Brobyg running today; `offered`: places of open slots not
    yet filled. What is used counts against `allowed`; offered places are promised on top."""

    ordinary: int
    allowed: int
    reported: int
    live: int
    offered: int

    @property
    def used(self) -> int:
        return self.reported + self.live

    @property
    def committed(self) -> int:
        return self.used + self.offered

    @property
    def over_by(self) -> int:
        """How many persons too many the company has now (a violation when above 0)."""
        return max(0, self.used - self.allowed)

    @property
    def violated(self) -> bool:
        return self.used > self.allowed

    @property
    def free(self) -> int:
        return max(0, self.allowed - self.committed)

    def breaks_with(self, extra: int) -> bool:
        """Would `extra` more places (a slot to open, a placement to make) break the rule?"""
        return self.committed + extra > self.allowed


def slot_capacity(*, ordinary: int, reported: int, live: int, offered: int) -> SlotCapacity:
    """Rimelighedskrav from registry.rules (1 per 5 ordinary employees up to 50, at least 1, plus
    1 per further 10) with the live placements and open slots counted.

    >>> slot_capacity(ordinary=12, reported=0, live=1, offered=1).free
    0
    >>> slot_capacity(ordinary=3, reported=1, live=3, offered=0).over_by
    3
    """
    allowed = reasonableness_capacity(ordinary=ordinary, subsidised_now=0).allowed
    return SlotCapacity(ordinary=max(0, ordinary), allowed=allowed, reported=reported, live=live, offered=offered)
