"""The citizen page shows goals, reports, milestones, checkpoints, exit and follow-ups in a
constant number of queries and one audit read row; the forms on it work."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from pathways import services_running as running
from pathways.models import CheckpointKind, ExitOutcome, Goal, MilestoneKind
from pathways.services import referral_accept
from pathways.testing import due_row, enrol, make_programme, refer

pytestmark = pytest.mark.django_db


def fill(world, enrolment, *, exit_: bool):
    provider = world.users[Role.PROVIDER]
    start = enrolment.start_date
    running.goal_add(by=provider, enrolment=enrolment, description="Mål", agreed_on=start)
    running.goal_add(by=provider, enrolment=enrolment, description="Mål 2", agreed_on=start)
    for body in ("a", "b"):
        running.status_report_submit(by=provider, enrolment=enrolment, body=body)
    running.milestone_record(by=provider, enrolment=enrolment, kind=MilestoneKind.HYGIENE_CERTIFICATE, achieved_on=start)
    if exit_:
        running.enrolment_exit(by=provider, enrolment=enrolment, exit_date=start + datetime.timedelta(weeks=2), outcome=ExitOutcome.DROPOUT)


def page_queries(client, citizen) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("pathways:citizen", args=[citizen.public_id]))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PROVIDER])
def test_the_citizen_page_runs_a_constant_number_of_queries(world, client_for, role):
    start = timezone.localdate() - datetime.timedelta(weeks=30)
    programme = make_programme(provider=world.provider, team_start=start)
    first = enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, programme=programme,
        start=start,
    )  # fmt: skip
    citizen = first.citizen
    fill(world, first, exit_=True)
    client = client_for(world.users[role])
    few = page_queries(client, citizen)
    cw = world.users[Role.CASEWORKER]
    for _ in range(3):  # more enrolments of the same citizen, each with goals, reports, exit
        more = make_programme(provider=world.provider, team_start=start)
        e = referral_accept(by=cw, referral=refer(citizen=citizen, programme=more, by=cw), team=more.teams.get())
        fill(world, e, exit_=True)
    assert page_queries(client, citizen) == few


def test_the_page_shows_states_and_writes_one_audit_row(world, client_for):
    start = timezone.localdate() - datetime.timedelta(weeks=30)
    enrolment = enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=start,
    )  # fmt: skip
    fill(world, enrolment, exit_=True)
    before = AuditEvent.objects.filter(action="read").count()
    response = client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:citizen", args=[enrolment.citizen.public_id]))
    html = response.content.decode()
    assert AuditEvent.objects.filter(action="read").count() == before + 1
    assert "Hygiejnebevis" in html and "Frafald" in html and "Forfalden" in html  # 13 and 26 weeks are due
    assert html.count("Opfyldt") == 3  # goals, status, certificate; the goal for the last weeks was never set
    assert 'class="overdue"' not in html  # an exited pathway has nothing overdue
    assert 'data-section="followups"' in html
    provider_html = client_for(world.users[Role.PROVIDER]).get(reverse("pathways:citizen", args=[enrolment.citizen.public_id])).content.decode()
    assert 'data-section="followups"' not in provider_html and 'data-section="exit"' in provider_html


def test_an_overdue_checkpoint_is_marked(world, client_for):
    enrolment = enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=timezone.localdate() - datetime.timedelta(weeks=9),
    )  # fmt: skip
    html = client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:citizen", args=[enrolment.citizen.public_id])).content.decode()
    assert html.count('class="overdue"') == 3  # goals, status, goal for the last weeks


def test_forms_on_the_page_add_a_goal_and_a_certificate_and_exit(world, client_for):
    start = timezone.localdate() - datetime.timedelta(weeks=3)
    enrolment = enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=start,
    )  # fmt: skip
    client = client_for(world.users[Role.PROVIDER])
    p = f"g{enrolment.pk}-"
    client.post(reverse("pathways:goal_add", args=[enrolment.public_id]), {p + "description": "Møde stabilt", p + "agreed_on": start.isoformat()})
    assert Goal.objects.filter(enrolment=enrolment).count() == 1
    assert due_row(enrolment, CheckpointKind.GOALS).done_at == start
    m = f"m{enrolment.pk}-"
    client.post(reverse("pathways:milestone_add", args=[enrolment.public_id]), {m + "kind": "hygiene", m + "achieved_on": start.isoformat()})
    assert due_row(enrolment, CheckpointKind.CERTIFICATE).done_at == start
    response = client.post(
        reverse("pathways:enrolment_exit", args=[enrolment.public_id]),
        {"exit_date": timezone.localdate().isoformat(), "outcome": "ordinary_employment", "hours_per_week": ""},
    )
    assert response.status_code == 200 and "hours_per_week" in str(response.context["form"].errors)
    response = client.post(
        reverse("pathways:enrolment_exit", args=[enrolment.public_id]),
        {"exit_date": timezone.localdate().isoformat(), "outcome": "ordinary_employment", "hours_per_week": "32,5", "confirm": "1"},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "exited" and str(enrolment.exit.hours_per_week) == "32.50"


def test_the_provider_writes_a_report_on_its_page(world, client_for):
    enrolment = enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=timezone.localdate() - datetime.timedelta(weeks=6),
    )  # fmt: skip
    client = client_for(world.users[Role.PROVIDER])
    url = reverse("pathways:status_report_create", args=[enrolment.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Godt fremmøde", "next_goal": "", "recommendation": "Praktik", "checkpoint_due": ""})
    assert response.status_code == 302
    assert due_row(enrolment, CheckpointKind.STATUS).done_at == timezone.localdate()
