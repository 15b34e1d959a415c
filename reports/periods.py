"""Report periods: half-years, years and custom date ranges, each with the period before it.
Pure functions, no database.

A period is named by a key in URLs: "2015" (a year), "2015-H1" / "2015-H2" (a half-year) or
"2015-03-01_2015-08-31" (custom dates). The previous period of a half-year is the half-year
before it (2015-H1 → 2014-H2); of a year the year before; of a custom range the range of the
same length that ends the day before it starts.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core import calendar

HALF_YEAR = "half_year"
YEAR = "year"
CUSTOM = "custom"

_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def key(self) -> str:
        if self.kind == YEAR:
            return f"{self.start.year}"
        if self.kind == HALF_YEAR:
            return calendar.half_year_key(self.start)
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == HALF_YEAR:
            if self.start.month == 1:
                return _("1. halvår %(year)s") % {"year": self.start.year}
            return _("2. halvår %(year)s") % {"year": self.start.year}
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        if self.kind == YEAR:
            return year(self.start.year - 1)
        if self.kind == HALF_YEAR:
            if self.start.month == 1:
                return half_year(self.start.year - 1, 2)
            return half_year(self.start.year, 1)
        end = self.start - datetime.timedelta(days=1)
        return Period(CUSTOM, end - datetime.timedelta(days=self.days - 1), end)


def year(y: int) -> Period:
    return Period(YEAR, datetime.date(y, 1, 1), datetime.date(y, 12, 31))


def half_year(y: int, half: int) -> Period:
    return Period(HALF_YEAR, *calendar.half_year_bounds(y, half))


def custom(start: datetime.date, end: datetime.date) -> Period:
    if end < start:
        raise ValueError("end before start")
    return Period(CUSTOM, start, end)


def parse(key: str) -> Period:
    """The period a URL key names; ValueError for anything else."""
    key = (key or "").strip()
    if m := _HALF.match(key):
        return half_year(int(m[1]), int(m[2]))
    if m := _YEAR.match(key):
        return year(int(m[1]))
    if m := _CUSTOM.match(key):
        return custom(datetime.date.fromisoformat(m[1]), datetime.date.fromisoformat(m[2]))
    raise ValueError(f"not a period: {key!r}")


def containing(kind: str, on: datetime.date) -> Period:
    """The half-year or year that contains a date."""
    if kind == YEAR:
        return year(on.year)
    return Period(HALF_YEAR, *calendar.half_year(on))


def recent(kind: str, on: datetime.date, n: int = 6) -> list[Period]:
    """The period containing `on` and the n-1 before it, newest first (the page's chooser)."""
    period = containing(kind, on)
    periods = []
    for _i in range(n):
        periods.append(period)
        period = period.previous()
    return periods
