"""Weeks and half-years: the calendar every app counts in. Pure functions, no database.

Weeks are ISO weeks (Monday to Sunday, week 1 holds the year's first Thursday) as in Denmark; a
week is stored and passed around as the date of its Monday. In URLs and the API a week is its
ISO label "2026-W48"; users read "uge 48, 2026". Half-years are 1 January – 30 June and
1 July – 31 December, keyed "2026-H1" / "2026-H2".
"""

import datetime

from django.utils.translation import gettext as _

WEEK = datetime.timedelta(weeks=1)


# --- Weeks ---------------------------------------------------------------------------------


def monday_of(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week `day` falls in."""
    return day - datetime.timedelta(days=day.weekday())


def mondays(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The Mondays of the ISO weeks that overlap [start, end], oldest first."""
    first, weeks = monday_of(start), []
    while first <= end:
        weeks.append(first)
        first += WEEK
    return weeks


def parse_iso_week(label: str) -> datetime.date | None:
    """'2026-W48' (or '2026-w48') → the Monday of that ISO week; None when it is no ISO week
    (a 53rd week only exists in some years)."""
    try:
        year, week = label.upper().split("-W")
        return datetime.date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, AttributeError):
        return None


def iso_week_label(day: datetime.date) -> str:
    """The ISO label of the week `day` falls in: '2026-W48' (the ISO year, not the calendar year:
    29 December 2025 is in 2026-W01)."""
    return f"{day:%G-W%V}"


def week_label(day: datetime.date) -> str:
    """The week as Danish users read it: 'uge 48, 2026' (ISO week and ISO year)."""
    year, week, _weekday = day.isocalendar()
    return _("uge %(week)s, %(year)s") % {"week": week, "year": year}


def week_with_monday(monday: datetime.date) -> str:
    """'Uge 3 (12-01-2026)': a week at the start of a line, with its Monday to tell years apart."""
    return _("Uge %(week)s (%(date)s)") % {"week": monday.isocalendar().week, "date": f"{monday:%d-%m-%Y}"}


# --- Half-years ----------------------------------------------------------------------------


def half_year_bounds(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of half `half` (1 or 2) of `year`."""
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if half == 2:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    raise ValueError(f"a year has two halves, not {half!r}")


def half_of(day: datetime.date) -> int:
    return 1 if day.month <= 6 else 2


def half_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the half-year `day` falls in."""
    return half_year_bounds(day.year, half_of(day))


def previous_half_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half-year before the one `day` falls in."""
    start, _end = half_year(day)
    return half_year(start - datetime.timedelta(days=1))


def half_year_key(day: datetime.date) -> str:
    """'2026-H1': the key of the half-year `day` falls in (URLs, cohorts, files)."""
    return f"{day.year}-H{half_of(day)}"
