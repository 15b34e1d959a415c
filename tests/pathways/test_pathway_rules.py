import datetime
from decimal import Decimal

import pytest

from core.lifecycle import IllegalTransition
from pathways.rules import (
    ENROLMENT,
    REFERRAL,
    Pause,
    Week,
    attendance_rate,
    checkpoint_due,
    consecutive_absent_weeks,
    due_by_end_of_week,
)

MONDAY = datetime.date(2026, 1, 5)


def test_week_one_ends_six_days_after_the_start():
    assert due_by_end_of_week(MONDAY, 1) == datetime.date(2026, 1, 11)


def test_status_before_week_8_is_due_at_the_end_of_week_7():
    # 7 weeks × 7 days − 1 = 48 days after 5 January 2026 → 22 February 2026.
    assert checkpoint_due(MONDAY, 7) == datetime.date(2026, 2, 22)


def test_a_closed_pause_before_the_deadline_moves_it_by_its_length():
    pause = Pause(datetime.date(2026, 1, 19), datetime.date(2026, 2, 2))  # 14 days
    assert checkpoint_due(MONDAY, 7, [pause]) == datetime.date(2026, 3, 8)


def test_a_pause_after_the_deadline_does_not_move_it():
    pause = Pause(datetime.date(2026, 3, 1), datetime.date(2026, 3, 15))
    assert checkpoint_due(MONDAY, 7, [pause]) == datetime.date(2026, 2, 22)


def test_a_second_pause_that_falls_before_the_moved_deadline_counts_too():
    first = Pause(datetime.date(2026, 2, 16), datetime.date(2026, 2, 23))  # 7 days → due 1 March
    second = Pause(datetime.date(2026, 2, 27), datetime.date(2026, 3, 6))  # starts before 1 March: 7 more
    assert checkpoint_due(MONDAY, 7, [second, first]) == datetime.date(2026, 3, 8)


def test_an_open_pause_before_the_deadline_leaves_it_undetermined():
    assert checkpoint_due(MONDAY, 7, [Pause(datetime.date(2026, 2, 1), None)]) is None


def test_attendance_rate_is_attended_over_attended_plus_absent():
    assert attendance_rate(30, 10) == Decimal("0.7500")
    assert attendance_rate(Decimal("22.5"), Decimal("2.5")) == Decimal("0.9000")
    assert attendance_rate(0, 0) is None


def test_the_current_run_of_fully_absent_weeks_is_counted_from_the_latest_week():
    weeks = [
        Week(MONDAY, Decimal(25), Decimal(25)),
        Week(MONDAY + datetime.timedelta(7), Decimal(25), Decimal(0), unexcused=Decimal(25)),
        Week(MONDAY + datetime.timedelta(14), Decimal(25), Decimal(0), excused=Decimal(25)),
    ]
    assert consecutive_absent_weeks(weeks) == 2
    weeks.append(Week(MONDAY + datetime.timedelta(21), Decimal(25), Decimal(5), unexcused=Decimal(20)))
    assert consecutive_absent_weeks(weeks) == 0


def test_a_week_without_planned_hours_is_not_an_absence():
    assert consecutive_absent_weeks([Week(MONDAY, Decimal(0), Decimal(0))]) == 0


@pytest.mark.parametrize(("current", "target"), [("sent", "accepted"), ("sent", "declined"), ("sent", "withdrawn")])
def test_referral_allows_its_moves(current, target):
    REFERRAL.check(current, target)


@pytest.mark.parametrize(("current", "target"), [("accepted", "declined"), ("declined", "accepted"), ("withdrawn", "sent"), ("sent", "sent")])
def test_referral_refuses_illegal_moves(current, target):
    with pytest.raises(IllegalTransition):
        REFERRAL.check(current, target)


def test_enrolment_can_pause_and_resume_but_never_leave_exit():
    ENROLMENT.check("active", "paused")
    ENROLMENT.check("paused", "active")
    ENROLMENT.check("paused", "exited")
    with pytest.raises(IllegalTransition):
        ENROLMENT.check("exited", "active")
