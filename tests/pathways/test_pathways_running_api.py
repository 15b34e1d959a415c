"""The running-a-pathway API: 422 errors name the field, outcomes filtered by exit date, query
counts constant."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from pathways import services_running as running
from pathways.models import ExitOutcome
from pathways.testing import enrol

pytestmark = pytest.mark.django_db
JSON = "application/json"
BASE = "/api/v1"


@pytest.fixture
def enrolment(world):
    return enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=timezone.localdate() - datetime.timedelta(weeks=5),
    )  # fmt: skip


def fields(response) -> set:
    assert response.status_code == 422, response.content
    return {e["field"] for e in response.json()["errors"]}


def test_exit_errors_name_the_field(world, enrolment, api_for):
    client = api_for(world.users[Role.PROVIDER])
    url = f"{BASE}/enrolments/{enrolment.public_id}/exit"
    today = timezone.localdate().isoformat()
    assert fields(client.post(url, {"exit_date": today, "outcome": "ordinary_employment"}, content_type=JSON)) == {"hours_per_week"}
    assert fields(client.post(url, {"exit_date": today, "outcome": "dropout", "hours_per_week": 5}, content_type=JSON)) == {"hours_per_week"}
    assert fields(client.post(url, {"exit_date": today, "outcome": "lottery"}, content_type=JSON)) == {"outcome"}
    assert fields(client.post(url, {"exit_date": "2001-01-01", "outcome": "dropout"}, content_type=JSON)) == {"exit_date"}
    created = client.post(url, {"exit_date": today, "outcome": "self_employed", "hours_per_week": 20}, content_type=JSON)
    assert created.status_code == 201
    assert [f["weeks"] for f in created.json()["followups"]] == [13, 26, 52]
    assert created.json()["followups"][0]["due"] == (timezone.localdate() + datetime.timedelta(weeks=13)).isoformat()
    assert fields(client.post(url, {"exit_date": today, "outcome": "dropout"}, content_type=JSON)) == {"status"}


def test_a_report_through_the_api_fulfils_the_named_checkpoint_week(world, enrolment, api_for):
    client = api_for(world.users[Role.PROVIDER])
    url = f"{BASE}/enrolments/{enrolment.public_id}/status-reports"
    assert fields(client.post(url, {"body": "x", "checkpoint_week": 3}, content_type=JSON)) == {"checkpoint_week"}
    assert fields(client.post(url, {"body": ""}, content_type=JSON)) == {"body"}
    response = client.post(url, {"body": "Status", "checkpoint_week": 7}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["checkpoint"]["done_at"] == timezone.localdate().isoformat()
    public_id = response.json()["public_id"]
    caseworker = api_for(world.users[Role.CASEWORKER])
    assert caseworker.post(f"{BASE}/status-reports/{public_id}/acknowledge").json()["acknowledged_by"]
    assert fields(caseworker.post(f"{BASE}/status-reports/{public_id}/acknowledge")) == {"acknowledged_at"}


def test_a_follow_up_before_its_due_date_is_refused_naming_the_field(world, enrolment, api_for):
    running.enrolment_exit(by=world.users[Role.PROVIDER], enrolment=enrolment, exit_date=timezone.localdate(), outcome=ExitOutcome.DROPOUT)
    client = api_for(world.users[Role.CASEWORKER])
    url = f"{BASE}/enrolments/{enrolment.public_id}/follow-ups/13"
    assert fields(client.put(url, {"status": "education"}, content_type=JSON)) == {"recorded_on"}
    assert client.put(f"{BASE}/enrolments/{enrolment.public_id}/follow-ups/14", {"status": "education"}, content_type=JSON).status_code == 404


def exited(world, n: int, exit_date: datetime.date):
    out = []
    for _ in range(n):
        e = enrol(
            caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
            start=exit_date - datetime.timedelta(weeks=13),
        )  # fmt: skip
        running.enrolment_exit(by=world.users[Role.CASEWORKER], enrolment=e, exit_date=exit_date, outcome=ExitOutcome.ORDINARY_EDUCATION)
        out.append(e)
    return out


def test_outcomes_are_filtered_by_exit_date(world, api_for):
    early = exited(world, 2, datetime.date(2025, 3, 1))
    late = exited(world, 1, datetime.date(2025, 9, 1))
    client = api_for(world.users[Role.ANALYST])
    body = client.get(f"{BASE}/outcomes", {"from": "2025-06-01"}).json()
    assert body["count"] == 1 and body["items"][0]["enrolment"] == str(late[0].public_id)
    body = client.get(f"{BASE}/outcomes", {"to": "2025-03-01"}).json()
    assert {i["enrolment"] for i in body["items"]} == {str(e.public_id) for e in early}
    assert [f["weeks"] for f in body["items"][0]["followups"]] == [13, 26, 52]
    assert fields(client.get(f"{BASE}/outcomes", {"from": "2025-06-01", "to": "2025-01-01"})) == {"to"}


def test_outcomes_and_report_lists_run_constant_queries(world, api_for):
    client = api_for(world.users[Role.CASEWORKER])
    exited(world, 1, datetime.date(2025, 3, 1))
    client.get(f"{BASE}/outcomes")  # first call stamps the token
    with CaptureQueriesContext(connection) as few:
        client.get(f"{BASE}/outcomes")
    exited(world, 5, datetime.date(2025, 3, 1))
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{BASE}/outcomes").json()["count"] == 6
    assert len(many) == len(few)
    e = enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, provider=world.provider,
        start=timezone.localdate() - datetime.timedelta(weeks=3),
    )  # fmt: skip
    running.status_report_submit(by=world.users[Role.PROVIDER], enrolment=e, body="1")
    url = f"{BASE}/enrolments/{e.public_id}/status-reports"
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(4):
        running.status_report_submit(by=world.users[Role.PROVIDER], enrolment=e, body=str(i))
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).json()) == 5
    assert len(five) == len(one)


def test_the_schema_lists_the_running_paths_under_their_tags(db):
    from django.test import Client

    schema = Client().get(f"{BASE}/openapi.json").json()
    paths = schema["paths"]
    assert set(paths[f"{BASE}/enrolments/{{public_id}}/status-reports"]) == {"get", "post"}
    assert paths[f"{BASE}/status-reports/{{public_id}}/acknowledge"]["post"]["tags"] == ["Statusrapporter"]
    assert paths[f"{BASE}/enrolments/{{public_id}}/exit"]["post"]["tags"] == ["Afslutninger"]
    assert set(paths[f"{BASE}/enrolments/{{public_id}}/follow-ups/{{weeks}}"]) == {"put"}
    assert {p["name"] for p in paths[f"{BASE}/outcomes"]["get"]["parameters"]} >= {"from", "to"}
