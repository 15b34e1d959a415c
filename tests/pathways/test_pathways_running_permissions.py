"""The permission matrix of running a pathway, pages and API: every role × an enrolment on a
programme of the user's own organisation / another Kolding organisation's / in Aarhus.

Expectations come from accounts.roles.ROLE_PERMISSIONS and the stated rules, never from
pathways.access or selectors_running:
- the enrolment is seen with CITIZEN_VIEW in its municipality, or by the provider running it;
- goals, milestones, exit: the provider running it, or CITIZEN_EDIT in the municipality;
- status reports are written by the provider running it, acknowledged with CITIZEN_EDIT;
- follow-ups: seen with CITIZEN_VIEW, recorded with CITIZEN_EDIT; never by the provider.
Pages answer 404 for anything not allowed; the API 404 for what is not seen, 403 for what is
seen but not allowed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from pathways import services_running as running
from pathways.models import ExitOutcome
from pathways.testing import enrol

pytestmark = pytest.mark.django_db

RELATIONS = ["own", "other_org", "other_municipality"]
ROLES = list(Role)
JSON = "application/json"


def municipal(role, relation, perm) -> bool:
    return perm in ROLE_PERMISSIONS[role] and relation != "other_municipality"


def runs(role, relation) -> bool:
    return role == Role.PROVIDER and relation == "own"  # only the provider persona's organisation runs "own"


def expected(role, relation, action) -> str:
    """'ok', 'forbidden' (seen, not allowed) or 'missing' (not seen)."""
    sees = municipal(role, relation, Perm.CITIZEN_VIEW) or runs(role, relation)
    if not sees:
        return "missing"
    allowed = {
        "read_reports": True,
        "change": runs(role, relation) or municipal(role, relation, Perm.CITIZEN_EDIT),
        "write_report": runs(role, relation),
        "acknowledge": municipal(role, relation, Perm.CITIZEN_EDIT),
        "see_followups": municipal(role, relation, Perm.CITIZEN_VIEW),
        "record_followup": municipal(role, relation, Perm.CITIZEN_EDIT),
    }[action]
    return "ok" if allowed else "forbidden"


@pytest.fixture
def cases(world):
    start = timezone.localdate() - datetime.timedelta(weeks=30)
    providers = {"own": world.provider, "other_org": world.social_enterprise, "other_municipality": world.aarhus_company}
    out = {}
    for relation, provider in providers.items():
        aarhus = relation == "other_municipality"
        by = world.outsiders[Role.CASEWORKER] if aarhus else world.users[Role.CASEWORKER]
        who = {"caseworker": by, "municipality": world.aarhus if aarhus else world.kolding}
        active = enrol(**who, provider=provider, start=start)
        exited = enrol(**who, programme=active.programme, start=start)
        running.enrolment_exit(by=by, enrolment=exited, exit_date=start + datetime.timedelta(weeks=1), outcome=ExitOutcome.DROPOUT)
        report = running.status_report_submit(by=by, enrolment=active, body="Status")
        out[relation] = {"active": active, "exited": exited, "report": report}
    return out


PAGE_ACTIONS = {
    "report_page": ("read_reports", "GET"),
    "write_report": ("write_report", "GET"),
    "goal_add": ("change", "POST"),
    "exit_page": ("change", "GET"),
    "acknowledge": ("acknowledge", "POST"),
    "followup_record": ("record_followup", "POST"),
}


def page_call(client, action, case):
    active, exited, report = case["active"], case["exited"], case["report"]
    if action == "report_page":
        return client.get(reverse("pathways:status_report", args=[report.public_id]))
    if action == "write_report":
        return client.get(reverse("pathways:status_report_create", args=[active.public_id]))
    if action == "goal_add":
        p = f"g{active.pk}-"
        return client.post(reverse("pathways:goal_add", args=[active.public_id]), {p + "description": "x", p + "agreed_on": active.start_date.isoformat()})
    if action == "exit_page":
        return client.get(reverse("pathways:enrolment_exit", args=[active.public_id]))
    if action == "acknowledge":
        return client.post(reverse("pathways:status_report_acknowledge", args=[report.public_id]))
    followup = exited.exit.followups.get(weeks=13)
    return client.post(reverse("pathways:followup_record", args=[exited.public_id, 13]), {f"f{followup.pk}-status": "unknown"})


@pytest.mark.parametrize("action", list(PAGE_ACTIONS))
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_pages(world, cases, client_for, role, relation, action):
    response = page_call(client_for(world.users[role]), action, cases[relation])
    if expected(role, relation, PAGE_ACTIONS[action][0]) == "ok":
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404


API_ACTIONS = {
    "list_reports": ("read_reports", 200),
    "create_report": ("write_report", 201),
    "acknowledge": ("acknowledge", 200),
    "exit": ("change", 201),
    "list_followups": ("see_followups", 200),
    "put_followup": ("record_followup", 200),
}


def api_call(client, action, case):
    base = "/api/v1"
    active, exited, report = case["active"], case["exited"], case["report"]
    if action == "list_reports":
        return client.get(f"{base}/enrolments/{active.public_id}/status-reports")
    if action == "create_report":
        return client.post(f"{base}/enrolments/{active.public_id}/status-reports", {"body": "Ny"}, content_type=JSON)
    if action == "acknowledge":
        return client.post(f"{base}/status-reports/{report.public_id}/acknowledge")
    if action == "exit":
        body = {"exit_date": timezone.localdate().isoformat(), "outcome": "ordinary_education"}
        return client.post(f"{base}/enrolments/{active.public_id}/exit", body, content_type=JSON)
    if action == "list_followups":
        return client.get(f"{base}/enrolments/{exited.public_id}/follow-ups")
    return client.put(f"{base}/enrolments/{exited.public_id}/follow-ups/13", {"status": "education"}, content_type=JSON)


@pytest.mark.parametrize("action", list(API_ACTIONS))
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_api(world, cases, role, relation, action, api_for):
    response = api_call(api_for(world.users[role]), action, cases[relation])
    outcome = expected(role, relation, API_ACTIONS[action][0])
    status = {"ok": API_ACTIONS[action][1], "forbidden": 403, "missing": 404}[outcome]
    assert response.status_code == status, response.content


@pytest.mark.parametrize("role", ROLES)
def test_outcomes_are_the_municipalitys_without_names(world, cases, role, api_for):
    response = api_for(world.users[role]).get("/api/v1/outcomes")
    perms = ROLE_PERMISSIONS[role]
    if Perm.CITIZEN_VIEW not in perms and Perm.PATHWAY_STATS not in perms:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    items = response.json()["items"]
    kolding = {str(c["exited"].public_id) for r, c in cases.items() if r != "other_municipality"}
    assert {i["enrolment"] for i in items} == kolding
    body = response.content.decode()
    assert all(c["exited"].citizen.name not in body for c in cases.values())
