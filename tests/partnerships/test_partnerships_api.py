"""The partnerships JSON API: same services and permissions as the pages. Another municipality's
records answer 404, visible but not allowed 403, bad input 422 naming the field."""

import datetime

import pytest

from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from audit.models import AuditEvent
from partnerships.models import CompanyRequest, MatchingRun, Partnership, PlacementSlot
from partnerships.testing import make_partnership, make_slot, make_staffing, waiting_participants
from pathways.models import Placement

pytestmark = pytest.mark.django_db
BASE = "/api/v1"
JSON = "application/json"
TODAY = datetime.date.today().isoformat()


def field_names(response) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reads_what_the_permission_table_allows(world, api_for, role):
    p = make_partnership(world)
    response = api_for(world.users[role]).get(f"{BASE}/partnerships/{p.public_id}")
    member = role in (Role.CASEWORKER, Role.PROVIDER, Role.COMPANY, Role.CONSULTANT, Role.ADMIN, Role.ANALYST)
    sees_all = Perm.PARTNERSHIP_VIEW_ALL in ROLE_PERMISSIONS[role]
    assert response.status_code == (200 if sees_all or (member and Perm.PARTNERSHIP_VIEW in ROLE_PERMISSIONS[role]
                                                          and role == Role.COMPANY) else 404)
    assert api_for(world.outsiders[role]).get(f"{BASE}/partnerships/{p.public_id}").status_code == 404


def test_the_list_shows_only_the_own_municipality(world, api_for):
    make_partnership(world)
    assert api_for(world.users["caseworker"]).get(f"{BASE}/partnerships").json()["count"] == 1
    assert api_for(world.outsiders["caseworker"]).get(f"{BASE}/partnerships").json()["count"] == 0


def test_the_consultant_creates_a_partnership_and_names_a_single_point(world, api_for):
    client = api_for(world.users["consultant"])
    response = client.post(f"{BASE}/partnerships", {"name": "API-partnerskab", "start": "2026-01-01"}, content_type=JSON)
    assert response.status_code == 201
    public_id = response.json()["public_id"]
    response = client.post(f"{BASE}/partnerships/{public_id}/members",
                           {"organisation": str(world.provider.public_id), "role": "single_point"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["single_point"] == world.provider.name
    assert AuditEvent.objects.filter(event="partnerships.member.create", channel="api").exists()


def test_a_caseworker_may_see_but_not_create_or_change(world, api_for):
    p = make_partnership(world)
    client = api_for(world.users["caseworker"])
    assert client.post(f"{BASE}/partnerships", {"name": "X", "start": "2026-01-01"}, content_type=JSON).status_code == 403
    response = client.post(f"{BASE}/partnerships/{p.public_id}/targets",
                           {"cluster": "Klynge 1", "municipality": "0621", "places": 1}, content_type=JSON)
    assert response.status_code == 403
    assert not Partnership.objects.filter(name="X").exists()


def test_a_slot_with_negative_places_answers_422_naming_places(world, api_for):
    p = make_partnership(world)
    body = {"company": str(world.company.public_id), "title": "Lager", "places": -1, "start": TODAY,
            "hours_per_week": 15, "buddy": "Jens", "postcode": "6000"}
    response = api_for(world.users["consultant"]).post(f"{BASE}/partnerships/{p.public_id}/slots", body, content_type=JSON)
    assert response.status_code == 422 and "places" in field_names(response)
    assert not PlacementSlot.objects.exists()


def test_a_slot_shows_the_over_limit_case_as_a_violation(world, api_for):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=3, interns=4)
    make_slot(world, p, dispensation_note="Dispensation")
    slot = api_for(world.users["caseworker"]).get(f"{BASE}/partnerships/{p.public_id}/slots").json()[0]
    assert slot["capacity"] == {"allowed": 1, "used": 4, "offered": 1, "free": 0, "over_by": 3}


def test_a_request_without_a_company_answers_422_naming_company(world, api_for):
    p = make_partnership(world)
    response = api_for(world.users["company"]).post(
        f"{BASE}/partnership-requests", {"partnership": str(p.public_id), "kind": "task", "text": "Opgave"},
        content_type=JSON)
    assert response.status_code == 422 and "company" in field_names(response)
    assert not CompanyRequest.objects.exists()


def test_the_company_posts_and_the_single_point_answers(world, api_for):
    p = make_partnership(world)
    response = api_for(world.users["company"]).post(f"{BASE}/partnership-requests", {
        "partnership": str(p.public_id), "company": str(world.company.public_id), "kind": "vacancy", "text": "Job"},
        content_type=JSON)
    assert response.status_code == 201
    public_id = response.json()["public_id"]
    assert api_for(world.users["company"]).post(f"{BASE}/partnership-requests/{public_id}/answer",
                                                {"answer": "Nej"}, content_type=JSON).status_code == 403
    response = api_for(world.users["provider"]).post(f"{BASE}/partnership-requests/{public_id}/answer",
                                                     {"answer": "Vi ringer"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "answered"
    assert api_for(world.outsiders["company"]).get(f"{BASE}/partnership-requests").json() == []


def test_a_matching_run_with_no_slots_answers_422_naming_slots(world, api_for):
    p = make_partnership(world)
    response = api_for(world.users["caseworker"]).post(f"{BASE}/partnerships/{p.public_id}/matching-runs",
                                                       {"start": TODAY}, content_type=JSON)
    assert response.status_code == 422 and "slots" in field_names(response)
    assert not MatchingRun.objects.exists()


def test_the_caseworker_runs_locks_and_confirms_through_the_api(world, api_for):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=20)
    make_slot(world, p, places=2)
    waiting_participants(world, 3)
    client = api_for(world.users["caseworker"])
    run = client.post(f"{BASE}/partnerships/{p.public_id}/matching-runs", {"start": TODAY, "max_km": 30},
                      content_type=JSON).json()
    proposed = [pair for pair in run["pairs"] if pair["state"] == "proposed"]
    assert len(proposed) == 2 and all("name" not in pair for pair in run["pairs"])
    url = f"{BASE}/matching-runs/{run['public_id']}"
    assert client.post(f"{url}/pairs/{proposed[0]['public_id']}", {"state": "locked"}, content_type=JSON).status_code == 200
    assert client.post(f"{url}/rerun").status_code == 200
    response = client.post(f"{url}/confirm")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    assert Placement.objects.count() == 2
    assert api_for(world.users["company"]).get(url).status_code == 404
    assert api_for(world.outsiders["caseworker"]).get(url).status_code == 404
