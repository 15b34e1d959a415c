"""Goals, status reports and milestones, and the checkpoints they fulfil (seed 003: goals agreed
at the start, a written status before week 8, the goal for the last 5 weeks, a hygiene
certificate)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from pathways import services_running as services
from pathways.models import CheckpointKind, GoalStatus, MilestoneKind, StatusReport
from pathways.testing import due_row, enrol

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


@pytest.fixture
def enrolment(world):
    return enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=START,
    )  # fmt: skip


def test_the_first_goal_fulfils_the_goals_checkpoint_on_the_day_agreed(world, enrolment):
    provider = world.users[Role.PROVIDER]
    assert due_row(enrolment, CheckpointKind.GOALS).done_at is None
    services.goal_add(by=provider, enrolment=enrolment, description="Møde til tiden", agreed_on=START + datetime.timedelta(days=2))
    services.goal_add(by=provider, enrolment=enrolment, description="Hygiejnebevis", agreed_on=START + datetime.timedelta(days=9))
    assert due_row(enrolment, CheckpointKind.GOALS).done_at == START + datetime.timedelta(days=2)
    assert due_row(enrolment, CheckpointKind.STATUS).done_at is None


def test_a_goal_is_closed_as_achieved_or_not_once(world, enrolment):
    cw = world.users[Role.CASEWORKER]
    goal = services.goal_add(by=cw, enrolment=enrolment, description="Mål", agreed_on=START)
    with pytest.raises(ValidationError) as error:
        services.goal_close(by=cw, goal=goal, status=GoalStatus.OPEN, closed_on=START)
    assert "status" in error.value.message_dict
    services.goal_close(by=cw, goal=goal, status=GoalStatus.ACHIEVED, closed_on=START + datetime.timedelta(days=30))
    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == ("achieved", datetime.date(2026, 2, 4))
    with pytest.raises(ValidationError):
        services.goal_close(by=cw, goal=goal, status=GoalStatus.NOT_ACHIEVED, closed_on=START)


def test_a_goal_before_the_start_is_refused_naming_the_field(world, enrolment):
    with pytest.raises(ValidationError) as error:
        services.goal_add(by=world.users[Role.PROVIDER], enrolment=enrolment, description="x", agreed_on=START - datetime.timedelta(days=1))
    assert "agreed_on" in error.value.message_dict


def test_a_status_report_fulfils_the_earliest_open_status_checkpoint_on_the_submission_date(world, enrolment):
    submitted = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=datetime.UTC)
    report = services.status_report_submit(
        by=world.users[Role.PROVIDER], enrolment=enrolment, body="Stabilt fremmøde.", submitted_at=submitted
    )
    row = due_row(enrolment, CheckpointKind.STATUS)
    assert report.checkpoint_due_id == row.pk
    assert row.done_at == datetime.date(2026, 2, 20)
    # without a goal for the rest of the pathway the goal-for-the-last-weeks checkpoint stays open
    assert due_row(enrolment, CheckpointKind.GOAL_LAST_WEEKS).done_at is None


def test_a_status_report_with_the_goal_for_the_last_weeks_fulfils_that_checkpoint_too(world, enrolment):
    services.status_report_submit(
        by=world.users[Role.PROVIDER], enrolment=enrolment, body="Status", next_goal="Praktik i køkken"
    )
    assert due_row(enrolment, CheckpointKind.GOAL_LAST_WEEKS).done_at is not None


def test_a_second_report_answers_no_checkpoint_when_none_is_open(world, enrolment):
    provider = world.users[Role.PROVIDER]
    services.status_report_submit(by=provider, enrolment=enrolment, body="Første")
    second = services.status_report_submit(by=provider, enrolment=enrolment, body="Anden")
    assert second.checkpoint_due_id is None


def test_a_report_may_not_name_another_enrolments_checkpoint(world, enrolment):
    other = enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=START,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.status_report_submit(
            by=world.users[Role.PROVIDER], enrolment=enrolment, body="x",
            checkpoint_due=due_row(other, CheckpointKind.STATUS),
        )
    assert "checkpoint_due" in error.value.message_dict
    assert not StatusReport.objects.exists()  # nothing half-written


def test_an_empty_report_is_refused_naming_the_body(world, enrolment):
    with pytest.raises(ValidationError) as error:
        services.status_report_submit(by=world.users[Role.PROVIDER], enrolment=enrolment, body="  ")
    assert "body" in error.value.message_dict


def test_acknowledging_records_who_and_when_once(world, enrolment):
    report = services.status_report_submit(by=world.users[Role.PROVIDER], enrolment=enrolment, body="x")
    cw = world.users[Role.CASEWORKER]
    services.status_report_acknowledge(by=cw, report=report)
    report.refresh_from_db()
    assert report.acknowledged_by == cw and report.acknowledged_at is not None
    with pytest.raises(ValidationError):
        services.status_report_acknowledge(by=cw, report=report)


def test_reading_a_report_page_writes_one_audit_row(world, enrolment, client_for):
    report = services.status_report_submit(by=world.users[Role.PROVIDER], enrolment=enrolment, body="Læses")
    before = AuditEvent.objects.filter(event="pathways.status_report.read").count()
    response = client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:status_report", args=[report.public_id]))
    assert response.status_code == 200 and "Læses" in response.content.decode()
    rows = AuditEvent.objects.filter(event="pathways.status_report.read")
    assert rows.count() == before + 1
    assert rows.latest("pk").changes["reports"] == [str(report.public_id)]


def test_acknowledging_from_the_page_and_the_list_of_unacknowledged(world, enrolment, client_for):
    provider = world.users[Role.PROVIDER]
    first = services.status_report_submit(by=provider, enrolment=enrolment, body="a")
    services.status_report_submit(by=provider, enrolment=enrolment, body="b")
    client = client_for(world.users[Role.CASEWORKER])
    page = client.get(reverse("pathways:status_reports"))
    assert len(page.context["page"].object_list) == 2
    client.post(reverse("pathways:status_report_acknowledge", args=[first.public_id]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pathways_statusreport WHERE acknowledged_at IS NULL")
        unacknowledged = cursor.fetchone()[0]
    assert len(client.get(reverse("pathways:status_reports")).context["page"].object_list) == unacknowledged == 1


def test_a_hygiene_certificate_fulfils_the_certificate_checkpoint(world, enrolment):
    on = datetime.date(2026, 3, 20)
    milestone = services.milestone_record(
        by=world.users[Role.PROVIDER], enrolment=enrolment, kind=MilestoneKind.HYGIENE_CERTIFICATE, achieved_on=on
    )
    row = due_row(enrolment, CheckpointKind.CERTIFICATE)
    assert milestone.checkpoint_due_id == row.pk and row.done_at == on


def test_a_milestone_that_is_no_certificate_fulfils_nothing(world, enrolment):
    services.milestone_record(
        by=world.users[Role.PROVIDER], enrolment=enrolment, kind=MilestoneKind.OTHER, achieved_on=START, name="Praktik"
    )
    assert not enrolment.checkpoints_due.filter(done_at__isnull=False).exists()
