"""The exit closes open goals and deadlines; it can be corrected and undone with a reason,
audited; undo restores the previous state (active, or paused with its pause reopened) and
reopens exactly what the exit closed. The exit and its undo need a confirmation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from pathways.models import CheckpointDue, Exit, FollowUp, Goal, GoalStatus
from pathways.services import enrolment_pause
from pathways.services_exit import exit_correct, exit_undo
from pathways.services_running import enrolment_exit, goal_add, goal_close
from pathways.testing import enrol

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def running(world):
    cw = world.users[Role.CASEWORKER]
    e = enrol(caseworker=cw, municipality=world.kolding, provider=world.provider, start=TODAY - datetime.timedelta(weeks=4))
    goal_add(by=cw, enrolment=e, description="Møde til tiden", agreed_on=e.start_date)
    done = goal_add(by=cw, enrolment=e, description="Hygiejnebevis", agreed_on=e.start_date)
    goal_close(by=cw, goal=done, status=GoalStatus.ACHIEVED, closed_on=TODAY)
    return e


def state(enrolment):
    enrolment.refresh_from_db()
    return (
        enrolment.status,
        sorted(Goal.objects.filter(enrolment=enrolment).values_list("description", "status", "closed_on")),
        sorted(CheckpointDue.objects.filter(enrolment=enrolment).values_list("pk", "due", "done_at", "closed_on")),
        sorted(enrolment.pauses.values_list("start", "end")),
    )


def test_the_exit_closes_open_goals_and_deadlines(world, running):
    enrolment_exit(by=world.users[Role.CASEWORKER], enrolment=running, exit_date=TODAY, outcome="dropout")
    assert set(Goal.objects.filter(enrolment=running).values_list("status", flat=True)) == {"closed", "achieved"}
    assert not CheckpointDue.objects.filter(enrolment=running, done_at__isnull=True, closed_on__isnull=True).exists()


def test_undo_restores_the_previous_state_and_writes_audit_rows(world, running):
    cw = world.users[Role.CASEWORKER]
    before = state(running)
    enrolment_exit(by=cw, enrolment=running, exit_date=TODAY, outcome="dropout")
    exit_undo(by=cw, enrolment=running, reason="Registreret på den forkerte borger")
    assert state(running) == before
    assert not Exit.objects.filter(enrolment=running).exists() and not FollowUp.objects.exists()
    event = AuditEvent.objects.get(event="pathways.exit.undo")
    assert event.changes["reason"] == "Registreret på den forkerte borger"
    assert event.changes["status"] == ["exited", "active"] and event.changes["goals_reopened"] == 1


def test_undo_of_a_paused_participants_exit_reopens_the_pause(world, running):
    cw = world.users[Role.CASEWORKER]
    enrolment_pause(by=cw, enrolment=running, start=TODAY - datetime.timedelta(days=3))
    before = state(running)
    enrolment_exit(by=cw, enrolment=running, exit_date=TODAY, outcome="sickness_pension")
    assert running.pauses.get().end == TODAY
    exit_undo(by=cw, enrolment=running, reason="Fejl")
    assert state(running) == before and running.status == "paused"


def test_undo_needs_a_reason_and_no_answered_followup(world, running):
    cw = world.users[Role.CASEWORKER]
    exit_ = enrolment_exit(by=cw, enrolment=running, exit_date=TODAY, outcome="dropout")
    with pytest.raises(ValidationError) as error:
        exit_undo(by=cw, enrolment=running, reason=" ")
    assert "reason" in error.value.message_dict
    FollowUp.objects.filter(exit=exit_, weeks=13).update(status="work")
    with pytest.raises(ValidationError):
        exit_undo(by=cw, enrolment=running, reason="Fejl")
    running.refresh_from_db()
    assert running.status == "exited"


def test_a_correction_moves_the_unanswered_followups_and_is_audited_with_its_reason(world, running):
    cw = world.users[Role.CASEWORKER]
    enrolment_exit(by=cw, enrolment=running, exit_date=TODAY, outcome="dropout")
    earlier = TODAY - datetime.timedelta(days=7)
    exit_correct(by=cw, enrolment=running, exit_date=earlier, outcome="ordinary_employment", hours_per_week="30", reason="Job fra sidste uge")
    exit_ = Exit.objects.get(enrolment=running)
    assert (exit_.exit_date, exit_.outcome, str(exit_.hours_per_week)) == (earlier, "ordinary_employment", "30.00")
    assert sorted(exit_.followups.values_list("due", flat=True)) == [earlier + datetime.timedelta(weeks=w) for w in (13, 26, 52)]
    event = AuditEvent.objects.get(event="pathways.exit.correct")
    assert event.changes["before"]["outcome"] == "dropout" and event.changes["after"]["outcome"] == "ordinary_employment"
    assert event.changes["reason"] == "Job fra sidste uge"


def test_the_exit_page_refuses_a_post_without_the_confirmation(world, client_for, running):
    client = client_for(world.users[Role.CASEWORKER])
    url = reverse("pathways:enrolment_exit", args=[running.public_id])
    data = {"exit_date": TODAY.strftime("%Y-%m-%d"), "outcome": "dropout", "hours_per_week": "", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and 'name="confirm" value="1"' in response.content.decode()
    running.refresh_from_db()
    assert running.status == "active" and not AuditEvent.objects.filter(event="pathways.enrolment.exit").exists()
    assert client.post(url, data | {"confirm": "1"}).status_code == 302
    running.refresh_from_db()
    assert running.status == "exited"


def test_an_invalid_exit_shows_its_error_before_asking_to_confirm(world, client_for, running):
    client = client_for(world.users[Role.CASEWORKER])
    url = reverse("pathways:enrolment_exit", args=[running.public_id])
    response = client.post(url, {"exit_date": TODAY.strftime("%Y-%m-%d"), "outcome": "ordinary_employment", "hours_per_week": ""})
    assert "hours_per_week" in response.context["form"].errors


def test_the_undo_page_needs_the_confirmation(world, client_for, running):
    cw = world.users[Role.CASEWORKER]
    enrolment_exit(by=cw, enrolment=running, exit_date=TODAY, outcome="dropout")
    client = client_for(cw)
    url = reverse("pathways:exit_undo", args=[running.public_id])
    assert client.post(url, {"reason": "Fejl"}).status_code == 200
    running.refresh_from_db()
    assert running.status == "exited"
    assert client.post(url, {"reason": "Fejl", "confirm": "1"}).status_code == 302
    running.refresh_from_db()
    assert running.status == "active"
    assert client_for(world.outsiders[Role.CASEWORKER]).post(url, {"reason": "x", "confirm": "1"}).status_code == 404
