"""The exit: transitions, hours per week for employment outcomes only, an open pause closed on
the exit date, follow-ups at 13, 26 and 52 weeks; recording the follow-up."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from audit.models import AuditEvent
from core.lifecycle import IllegalTransition
from pathways import services
from pathways import services_running as running
from pathways.models import EMPLOYMENT_OUTCOMES, Exit, ExitOutcome, FollowUp
from pathways.testing import enrol

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)
EXIT = datetime.date(2026, 4, 3)


@pytest.fixture
def enrolment(world):
    return enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=START,
    )  # fmt: skip


def test_an_exit_creates_follow_ups_13_26_and_52_weeks_after(world, enrolment):
    exit_ = running.enrolment_exit(
        by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=EXIT,
        outcome=ExitOutcome.ORDINARY_EMPLOYMENT, hours_per_week=Decimal("30"),
    )
    rows = list(FollowUp.objects.filter(exit=exit_).order_by("weeks").values_list("weeks", "due", "status"))
    assert rows == [
        (13, datetime.date(2026, 7, 3), ""),
        (26, datetime.date(2026, 10, 2), ""),
        (52, datetime.date(2027, 4, 2), ""),
    ]
    enrolment.refresh_from_db()
    assert enrolment.status == "exited"
    assert AuditEvent.objects.filter(event="pathways.enrolment.exit", object_id=str(enrolment.pk)).count() == 1


@pytest.mark.parametrize("outcome", sorted(EMPLOYMENT_OUTCOMES))
def test_employment_outcomes_require_hours(world, enrolment, outcome):
    with pytest.raises(ValidationError) as error:
        running.enrolment_exit(by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=EXIT, outcome=outcome)
    assert "hours_per_week" in error.value.message_dict
    enrolment.refresh_from_db()
    assert enrolment.status == "active" and not Exit.objects.exists() and not FollowUp.objects.exists()


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-5"), Decimal("60.01"), "mange"])
def test_hours_must_be_over_0_and_at_most_60(world, enrolment, hours):
    with pytest.raises(ValidationError) as error:
        running.enrolment_exit(
            by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=EXIT,
            outcome=ExitOutcome.PRIVATE_WAGE_SUBSIDY, hours_per_week=hours,
        )
    assert "hours_per_week" in error.value.message_dict


@pytest.mark.parametrize("outcome", sorted(set(ExitOutcome.values) - set(EMPLOYMENT_OUTCOMES)))
def test_other_outcomes_refuse_hours(world, enrolment, outcome):
    with pytest.raises(ValidationError) as error:
        running.enrolment_exit(
            by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=EXIT, outcome=outcome, hours_per_week=10
        )
    assert "hours_per_week" in error.value.message_dict
    running.enrolment_exit(by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=EXIT, outcome=outcome)
    assert Exit.objects.get().hours_per_week is None


def test_an_exited_enrolment_cannot_exit_pause_or_resume_again(world, enrolment):
    provider = world.users[Role.PROVIDER]
    running.enrolment_exit(by=provider, enrolment=enrolment, exit_date=EXIT, outcome=ExitOutcome.DROPOUT)
    with pytest.raises(IllegalTransition):
        running.enrolment_exit(by=provider, enrolment=enrolment, exit_date=EXIT, outcome=ExitOutcome.DROPOUT)
    with pytest.raises(IllegalTransition):
        services.enrolment_pause(by=provider, enrolment=enrolment, start=EXIT)
    assert Exit.objects.count() == 1 and FollowUp.objects.count() == 3


def test_an_exit_before_the_start_is_refused(world, enrolment):
    with pytest.raises(ValidationError) as error:
        running.enrolment_exit(
            by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=START - datetime.timedelta(days=1),
            outcome=ExitOutcome.DROPOUT,
        )
    assert "exit_date" in error.value.message_dict


def test_an_unknown_outcome_is_refused(world, enrolment):
    with pytest.raises(ValidationError) as error:
        running.enrolment_exit(by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=EXIT, outcome="lottery")
    assert "outcome" in error.value.message_dict


def test_exit_from_a_pause_closes_the_pause_on_the_exit_date(world, enrolment):
    provider = world.users[Role.PROVIDER]
    services.enrolment_pause(by=provider, enrolment=enrolment, start=datetime.date(2026, 2, 2))
    running.enrolment_exit(by=provider, enrolment=enrolment, exit_date=EXIT, outcome=ExitOutcome.SICKNESS_PENSION)
    pause = enrolment.pauses.get()
    assert pause.end == EXIT
    assert not enrolment.checkpoints_due.filter(due__isnull=True).exists()
    other = enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=START,
    )  # fmt: skip
    services.enrolment_pause(by=provider, enrolment=other, start=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError):  # exit before its open pause began
        running.enrolment_exit(
            by=provider, enrolment=other, exit_date=datetime.date(2026, 3, 1), outcome=ExitOutcome.DROPOUT
        )


@pytest.fixture
def followup(world, enrolment):
    exit_ = running.enrolment_exit(
        by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=EXIT, outcome=ExitOutcome.ORDINARY_EDUCATION
    )
    return exit_.followups.get(weeks=13)


def test_a_follow_up_is_recorded_from_its_due_date(world, followup):
    cw = world.users[Role.CASEWORKER]
    with pytest.raises(ValidationError) as error:
        running.followup_record(by=cw, followup=followup, status="education", recorded_on=followup.due - datetime.timedelta(days=1))
    assert "recorded_on" in error.value.message_dict
    running.followup_record(by=cw, followup=followup, status="education", recorded_on=followup.due)
    followup.refresh_from_db()
    assert (followup.status, followup.recorded_on, followup.recorded_by) == ("education", followup.due, cw)


def test_work_at_follow_up_needs_hours_and_nothing_else_takes_them(world, followup):
    cw = world.users[Role.CASEWORKER]
    with pytest.raises(ValidationError) as error:
        running.followup_record(by=cw, followup=followup, status="work", recorded_on=followup.due)
    assert "hours_per_week" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        running.followup_record(by=cw, followup=followup, status="neither", hours_per_week=5, recorded_on=followup.due)
    assert "hours_per_week" in error.value.message_dict
    running.followup_record(by=cw, followup=followup, status="work", hours_per_week="37", recorded_on=followup.due)
    followup.refresh_from_db()
    assert followup.hours_per_week == Decimal("37")
