"""The pure rules with worked numbers: the rimelighedskrav (BRIEF: 0–50 ordinary employees,
1 per 5, at least 1, plus 1 per further 10) with live placements and open slots, and the
answer deadline in Danish working days."""

import datetime

import pytest

from partnerships.rules import add_working_days, is_working_day, slot_capacity


@pytest.mark.parametrize(
    ("ordinary", "allowed"),
    [(0, 1), (4, 1), (5, 1), (10, 2), (12, 2), (49, 9), (50, 10), (59, 10), (60, 11), (75, 12), (150, 20)],
)
def test_the_allowed_number_follows_the_brief(ordinary, allowed):
    assert slot_capacity(ordinary=ordinary, reported=0, live=0, offered=0).allowed == allowed


def test_reported_and_live_placements_are_used_and_offered_places_are_committed():
    cap = slot_capacity(ordinary=50, reported=2, live=3, offered=4)
    assert (cap.allowed, cap.used, cap.committed, cap.free) == (10, 5, 9, 1)
    assert not cap.breaks_with(1) and cap.breaks_with(2)


def test_one_allowed_four_used_is_a_violation_of_three():
    cap = slot_capacity(ordinary=3, reported=1, live=3, offered=0)
    assert cap.violated and cap.over_by == 3 and cap.free == 0


def test_at_the_limit_the_next_place_breaks_the_rule():
    cap = slot_capacity(ordinary=10, reported=0, live=2, offered=0)
    assert not cap.violated and cap.breaks_with(1)


def test_working_days_skip_weekends():
    assert add_working_days(datetime.date(2026, 11, 27), 2) == datetime.date(2026, 12, 1)  # Fri → Tue


def test_working_days_skip_danish_public_holidays():
    assert add_working_days(datetime.date(2026, 12, 23), 2) == datetime.date(2026, 12, 28)
    assert add_working_days(datetime.date(2026, 4, 1), 1) == datetime.date(2026, 4, 7)  # Easter
    assert not is_working_day(datetime.date(2026, 5, 14))  # Ascension Day
