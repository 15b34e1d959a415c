"""The referral and enrolment API: the same services and permissions as the pages, 409 for
illegal moves, 422 naming the field, never a CPR number."""

import json

import pytest
from django.test import Client

from accounts.roles import Role
from audit.models import AuditEvent
from pathways.models import Enrolment, Referral
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

BASE = "/api/v1"
CPR = "0102851234"


@pytest.fixture
def api(api_for):
    """`api(user)(method, path, body)`: a call to the JSON API with the user's bearer token."""

    def for_user(user):
        client = api_for(user)

        def call(method, path, body=None):
            kwargs = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
            return getattr(client, method)(BASE + path, **kwargs)

        return call

    return for_user


@pytest.fixture
def case(world):
    caseworker = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider)
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, cpr=CPR, name="Ane API")
    return {"programme": programme, "citizen": citizen, "team": programme.teams.get()}


def test_a_caseworker_refers_and_the_provider_accepts(world, case, api):
    caseworker, provider = api(world.users[Role.CASEWORKER]), api(world.users[Role.PROVIDER])
    response = caseworker("post", "/referrals", {
        "citizen": str(case["citizen"].public_id), "programme": str(case["programme"].public_id), "wished_start": "2026-01-05",
    })  # fmt: skip
    assert response.status_code == 201, response.content
    referral = response.json()
    assert referral["status"] == "sent" and referral["allowed"] == ["accepted", "declined", "waiting", "withdrawn"]
    assert provider("get", "/referrals?status=sent").json()["count"] == 1
    response = provider("post", f"/referrals/{referral['public_id']}/accept", {"team": str(case["team"].public_id)})
    assert response.status_code == 200, response.content
    enrolment = response.json()
    assert enrolment["status"] == "active" and enrolment["checkpoints"]
    assert Enrolment.objects.get(public_id=enrolment["public_id"]).referral.public_id.hex == referral["public_id"].replace("-", "")
    response = provider("post", f"/enrolments/{enrolment['public_id']}/pause", {"start": "2026-02-02"})
    assert response.status_code == 200 and response.json()["status"] == "paused"
    response = caseworker("post", f"/enrolments/{enrolment['public_id']}/resume", {"end": "2026-02-16"})
    assert response.status_code == 200 and response.json()["pauses"] == [{"start": "2026-02-02", "end": "2026-02-16"}]
    assert caseworker("get", f"/enrolments/{enrolment['public_id']}").status_code == 200
    for body in (referral, enrolment):
        assert CPR not in json.dumps(body) and CPR[:6] not in json.dumps(body)


def test_an_illegal_move_answers_409_and_changes_nothing(world, case, api):
    referral = refer(citizen=case["citizen"], programme=case["programme"], by=world.users[Role.CASEWORKER])
    provider, caseworker = api(world.users[Role.PROVIDER]), api(world.users[Role.CASEWORKER])
    assert provider("post", f"/referrals/{referral.public_id}/accept", {"team": str(case["team"].public_id)}).status_code == 200
    response = provider("post", f"/referrals/{referral.public_id}/decline", {"decline_reason": "Fuldt"})
    assert response.status_code == 409 and "accepted" in response.json()["detail"]
    assert caseworker("post", f"/referrals/{referral.public_id}/withdraw").status_code == 409
    assert Referral.objects.get(pk=referral.pk).status == "accepted"
    enrolment = Enrolment.objects.get(referral=referral)
    response = caseworker("post", f"/enrolments/{enrolment.public_id}/resume", {"end": "2026-02-16"})
    assert response.status_code == 409 and Enrolment.objects.get(pk=enrolment.pk).status == "active"


def test_bad_input_answers_422_naming_the_field(world, case, api):
    caseworker = api(world.users[Role.CASEWORKER])
    response = caseworker("post", "/referrals", {"citizen": str(case["citizen"].public_id), "programme": "not-a-uuid"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "programme"
    other = make_programme(provider=world.aarhus_company)
    response = caseworker("post", "/referrals", {"citizen": str(case["citizen"].public_id), "programme": str(other.public_id)})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "programme"
    referral = refer(citizen=case["citizen"], programme=case["programme"], by=world.users[Role.CASEWORKER])
    provider = api(world.users[Role.PROVIDER])
    response = provider("post", f"/referrals/{referral.public_id}/decline", {"decline_reason": "  "})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "decline_reason"
    response = provider("post", f"/referrals/{referral.public_id}/accept", {"team": str(other.teams.get().public_id)})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "team"


def test_a_visible_referral_the_user_may_not_act_on_answers_403(world, case, api):
    referral = refer(citizen=case["citizen"], programme=case["programme"], by=world.users[Role.CASEWORKER])
    caseworker, provider = api(world.users[Role.CASEWORKER]), api(world.users[Role.PROVIDER])
    assert caseworker("post", f"/referrals/{referral.public_id}/accept", {"team": str(case["team"].public_id)}).status_code == 403
    assert provider("post", f"/referrals/{referral.public_id}/withdraw").status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_another_municipality_sees_nothing(world, case, api):
    referral = refer(citizen=case["citizen"], programme=case["programme"], by=world.users[Role.CASEWORKER])
    outsider = api(world.outsiders[Role.CASEWORKER])
    assert outsider("get", f"/referrals/{referral.public_id}").status_code == 404
    assert outsider("get", "/referrals").json()["count"] == 0
    response = outsider("post", "/referrals", {"citizen": str(case["citizen"].public_id), "programme": str(case["programme"].public_id)})
    assert response.status_code == 404


def test_api_reads_are_audited(world, case, api):
    referral = refer(citizen=case["citizen"], programme=case["programme"], by=world.users[Role.CASEWORKER])
    api(world.users[Role.PROVIDER])("get", f"/referrals/{referral.public_id}")
    row = AuditEvent.objects.get(event="pathways.referral.read")
    assert row.channel == "api" and row.object_id == str(referral.pk)


def test_the_openapi_document_tags_the_endpoints(world):
    schema = Client().get(f"{BASE}/openapi.json").json()
    tags = {tag for item in schema["paths"].values() for op in item.values() for tag in op.get("tags", [])}
    assert {"Visitationer", "Indskrivninger"} <= tags
