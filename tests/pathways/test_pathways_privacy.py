"""The citizen's access log, the access request (GDPR art. 15) and the auditing of searches."""

import csv
import datetime
import io
import json

import pytest
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from audit.models import AuditAction, AuditEvent
from audit.services import record
from pathways import privacy, services
from pathways.models import StatusReport
from pathways.testing import (
    SECRET,
    UNANSWERED,
    enrol,
    history,
    make_citizen,
    make_programme,
    record_exit,
    refer,
)

pytestmark = pytest.mark.django_db

CPR = "0102851234"


@pytest.fixture
def programme(world):
    return make_programme(provider=world.provider, capacity=None)


@pytest.fixture
def citizen(world, programme):
    caseworker = world.users[Role.CASEWORKER]
    return make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, cpr=CPR, name="Ane Andersen")


def _pathway(world, citizen, programme):
    enrolment = enrol(citizen=citizen, programme=programme, caseworker=world.users[Role.CASEWORKER], accepted_by=world.users[Role.PROVIDER]
    )
    history(enrolment, by=world.users[Role.PROVIDER])
    report = StatusReport.objects.get(enrolment=enrolment)
    with transaction.atomic():  # as the status-report service will: an audit row on the report
        record(actor=world.users[Role.PROVIDER], action=AuditAction.CREATE, event="pathways.status_report.create",
               obj=report, municipality_id=citizen.municipality_id)  # fmt: skip
    return enrolment


# --- The access log ------------------------------------------------------------------------


def test_the_access_log_covers_the_citizen_and_its_related_objects(world, citizen, programme, client_for):
    enrolment = _pathway(world, citizen, programme)
    services.enrolment_pause(by=world.users[Role.PROVIDER], enrolment=enrolment, start=enrolment.start_date)
    other = make_citizen(municipality=world.kolding, by=world.users[Role.CASEWORKER], name="Bo Anden")
    refer(citizen=other, programme=programme, by=world.users[Role.CASEWORKER])
    client = client_for(world.users[Role.CASEWORKER])
    client.get(reverse("pathways:citizen", args=[citizen.public_id]))
    response = client.get(reverse("pathways:access_log", args=[citizen.public_id]))
    assert response.status_code == 200
    events = {e.event for e in response.context["page"].object_list}
    expected = {
        "pathways.citizen.create", "pathways.referral.create", "pathways.referral.accept",
        "pathways.enrolment.pause", "pathways.status_report.create", "pathways.citizen.read",
        "pathways.citizen.access_log",
    }  # fmt: skip
    assert events == expected
    ids = {e.pk for e in response.context["page"].object_list}
    others = AuditEvent.objects.filter(object_id__in=[str(other.pk)], object_type="pathways.citizen")
    assert not ids & set(others.values_list("pk", flat=True))
    purposes = {r["purpose"] for r in response.context["rows"]}
    assert {"Sagsbehandling", "Visitation til forløb", "Statusrapportering", "Gennemførelse af forløb"} <= purposes
    page = response.content.decode()
    assert "Job &amp; Vækst Kolding ApS" in page  # who: the provider's organisation
    assert CPR not in page and SECRET not in page


def test_purposes_follow_the_event_name():
    assert privacy.purpose_of("pathways.citizen.read") == "Sagsbehandling"
    assert privacy.purpose_of("pathways.referral.accept") == "Visitation til forløb"
    assert privacy.purpose_of("pathways.citizen.access_request") == "Indsigtsanmodning (art. 15)"
    assert privacy.purpose_of("pathways.attendance.save") == "Registrering af fremmøde"


def test_the_access_log_runs_a_constant_number_of_queries(world, citizen, programme, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    url = reverse("pathways:access_log", args=[citizen.public_id])
    _pathway(world, citizen, programme)
    with CaptureQueriesContext(transaction.get_connection()) as small:
        client.get(url)
    for _ in range(15):
        client.get(reverse("pathways:citizen", args=[citizen.public_id]))
    for role in (Role.ADMIN, Role.CASEWORKER):
        client_for(world.users[role]).get(reverse("pathways:citizen", args=[citizen.public_id]))
    with CaptureQueriesContext(transaction.get_connection()) as large:
        response = client.get(url)
    assert len(response.context["rows"]) > 20
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_access_log_downloads_as_csv(world, citizen, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    client.get(reverse("pathways:citizen", args=[citizen.public_id]))
    response = client.get(reverse("pathways:access_log", args=[citizen.public_id]), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(privacy.LOG_HEADERS)
    assert ["Læst", "Sagsbehandling"] in [r[4:6] for r in rows[1:]]
    assert AuditEvent.objects.filter(event="pathways.citizen.access_log", action=AuditAction.EXPORT).count() == 1


# --- The access request --------------------------------------------------------------------


def _request(client, citizen) -> dict:
    response = client.post(reverse("pathways:access_request", args=[citizen.public_id]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_access_request_holds_everything_stored(world, citizen, programme, client_for):
    enrolment = _pathway(world, citizen, programme)
    record_exit(enrolment, outcome="ordinary_employment", on=datetime.date(2026, 4, 30), note=SECRET, followups=UNANSWERED)
    data = _request(client_for(world.users[Role.CASEWORKER]), citizen)
    assert data["person"]["name"] == "Ane Andersen"
    assert len(data["referrals"]) == 1 and len(data["enrolments"]) == 1
    e = data["enrolments"][0]
    assert len(e["attendance"]) == 4 and e["goals"] and e["status_reports"][0]["body"] == SECRET
    assert e["milestones"] and e["exit"]["outcome"] == "Ordinær beskæftigelse" and len(e["exit"]["followups"]) == 3
    assert {row["purpose"] for row in data["access_log"]} >= {"Sagsbehandling", "Visitation til forløb"}


@pytest.mark.parametrize(
    "role, shown", [(Role.CASEWORKER, "full"), (Role.ADMIN, "full")]
)
def test_the_full_cpr_only_for_the_own_caseworker_or_an_administrator(world, citizen, client_for, role, shown):
    data = _request(client_for(world.users[role]), citizen)
    assert data["person"]["cpr"] == CPR
    row = AuditEvent.objects.get(event="pathways.citizen.access_request")
    assert row.action == AuditAction.EXPORT and row.changes["cpr"] == shown and CPR not in str(row.changes)


def test_another_caseworker_gets_the_number_masked(world, citizen, client_for):
    colleague = make_user("kollega", organisation=world.jobcentre, role=Role.CASEWORKER)
    data = _request(client_for(colleague), citizen)
    assert data["person"]["cpr"] == "010285-XXXX"
    assert CPR not in json.dumps(data)


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.ANALYST, Role.COMPANY, Role.CONSULTANT, Role.PROCUREMENT])
def test_nobody_else_gets_an_access_request(world, citizen, programme, client_for, role):
    refer(citizen=citizen, programme=programme, by=world.users[Role.CASEWORKER])  # the provider sees the citizen
    response = client_for(world.users[role]).post(reverse("pathways:access_request", args=[citizen.public_id]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(event="pathways.citizen.access_request").exists()


def test_the_access_request_is_post_only(world, citizen, client_for):
    response = client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:access_request", args=[citizen.public_id]))
    assert response.status_code == 405


# --- Searches ------------------------------------------------------------------------------


def test_a_cpr_search_is_audited_masked(world, citizen, client_for):
    client_for(world.users[Role.CASEWORKER]).post(reverse("pathways:cpr_search"), {"cpr": "010285-1234"})
    row = AuditEvent.objects.get(event="pathways.citizen.search")
    assert row.action == AuditAction.SEARCH
    assert row.changes["criterion"] == "cpr" and row.changes["value"] == "010285-XXXX"
    assert CPR not in str(row.changes) and "1234" not in str(row.changes)


def test_a_name_search_is_audited_with_its_criterion(world, citizen, programme, client_for):
    refer(citizen=citizen, programme=programme, by=world.users[Role.CASEWORKER])
    response = client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:caseload"), {"q": "Ane"})
    assert response.status_code == 200
    row = AuditEvent.objects.get(event="pathways.citizen.search")
    assert row.changes == {"criterion": "name", "value": "Ane", "results": 1}
    assert row.municipality_id == world.kolding.pk


def test_the_caseload_without_a_search_writes_no_search_row(world, client_for):
    client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:caseload"))
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_a_cpr_typed_into_the_name_search_is_masked_in_the_audit(world, client_for):
    client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:caseload"), {"q": "ring 0102851234 i dag"})
    row = AuditEvent.objects.get(event="pathways.citizen.search")
    assert row.changes["value"] == "ring 010285-XXXX i dag"
