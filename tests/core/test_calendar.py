"""core.calendar: ISO weeks (as Denmark counts them) and half-years, worked by hand."""

import datetime

import pytest
from django.utils import translation

from core import calendar

D = datetime.date


def test_the_monday_of_any_day_of_the_week_is_the_same_monday():
    assert {calendar.monday_of(D(2026, 11, 30) + datetime.timedelta(days=n)) for n in range(7)} == {D(2026, 11, 30)}


def test_mondays_lists_every_week_that_overlaps_the_range():
    # Wednesday 31 December 2025 to Monday 12 January 2026: three weeks touch it.
    assert calendar.mondays(D(2025, 12, 31), D(2026, 1, 12)) == [D(2025, 12, 29), D(2026, 1, 5), D(2026, 1, 12)]
    assert calendar.mondays(D(2026, 1, 12), D(2026, 1, 11)) == []


@pytest.mark.parametrize(
    ("label", "monday"),
    [("2026-W48", D(2026, 11, 23)), ("2026-w01", D(2025, 12, 29)), ("2026-W53", D(2026, 12, 28))],
)
def test_an_iso_week_label_names_its_monday(label, monday):
    assert calendar.parse_iso_week(label) == monday
    assert calendar.iso_week_label(monday) == label.upper()


@pytest.mark.parametrize("label", ["2025-W53", "2026-W00", "uge-48", "2026W48", "", None])
def test_what_is_not_an_iso_week_parses_to_none(label):
    assert calendar.parse_iso_week(label) is None


def test_the_week_label_uses_the_iso_year_at_new_year():
    # 29 December 2025 is a Monday in week 1 of 2026; 1 January 2027 (a Friday) is in week 53 of 2026.
    assert calendar.iso_week_label(D(2025, 12, 31)) == "2026-W01"
    with translation.override("da"):
        assert calendar.week_label(D(2025, 12, 31)) == "uge 1, 2026"
        assert calendar.week_label(D(2027, 1, 1)) == "uge 53, 2026"
        assert calendar.week_with_monday(D(2026, 1, 12)) == "Uge 3 (12-01-2026)"


def test_the_week_label_is_translated():
    with translation.override("en"):
        assert calendar.week_label(D(2026, 12, 2)) == "week 49, 2026"


@pytest.mark.parametrize(
    ("day", "bounds", "key"),
    [
        (D(2026, 1, 1), (D(2026, 1, 1), D(2026, 6, 30)), "2026-H1"),
        (D(2026, 6, 30), (D(2026, 1, 1), D(2026, 6, 30)), "2026-H1"),
        (D(2026, 7, 1), (D(2026, 7, 1), D(2026, 12, 31)), "2026-H2"),
    ],
)
def test_a_day_belongs_to_one_half_year(day, bounds, key):
    assert calendar.half_year(day) == bounds
    assert calendar.half_year_key(day) == key


def test_the_half_year_before_the_first_half_is_the_second_half_of_last_year():
    assert calendar.previous_half_year(D(2026, 3, 15)) == (D(2025, 7, 1), D(2025, 12, 31))
    assert calendar.previous_half_year(D(2026, 7, 1)) == (D(2026, 1, 1), D(2026, 6, 30))


def test_a_year_has_two_halves():
    with pytest.raises(ValueError):
        calendar.half_year_bounds(2026, 3)
