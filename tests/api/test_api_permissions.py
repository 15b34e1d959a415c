"""The permission matrix of the JSON API: every role × own organisation / another organisation
in the own municipality / an organisation in another municipality, for list, read, create,
update, assessments and staffing.

As in tests/registry/test_registry_permissions.py, the expected outcome is derived from
accounts.roles.ROLE_PERMISSIONS and the stated rules, never from accounts.access itself:
  - a municipality where the user holds no registry.view is invisible: 404, like a missing record;
  - a visible organisation the user may not change: 403;
  - create needs registry.edit in the target municipality (403 where the user only sees it);
  - update needs registry.edit there, or registry.edit_own and membership of the organisation;
  - no token, an unknown, revoked token or an inactive user: 401.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from accounts.testing import make_user
from audit.models import AuditEvent
from registry.choices import CriterionStatus, Kind, Sector
from registry.models import CriterionAssessment, Organisation, Staffing
from registry.testing import matrix_target

BASE = "/api/v1"
JSON = "application/json"
ROLES = list(Role)
RELATIONS = ["own", "same_municipality", "other_municipality"]
OBJECT_ACTIONS = ["read", "update", "assessments", "staffing"]
WRITES = {"update", "assessments", "staffing"}


def expected_object_status(role, relation, action) -> int:
    perms = ROLE_PERMISSIONS[role]
    if relation == "other_municipality" or Perm.REGISTRY_VIEW not in perms:
        return 404
    if action == "read":
        return 200
    may_edit = Perm.REGISTRY_EDIT in perms or (Perm.REGISTRY_EDIT_OWN in perms and relation == "own")
    return 200 if may_edit else 403


def call(client, action, org):
    url = f"{BASE}/organisations/{org.public_id}"
    if action == "read":
        return client.get(url)
    if action == "update":
        return client.patch(url, {"city": "Ændret by"}, content_type=JSON)
    if action == "assessments":
        rows = [{"criterion": c, "status": CriterionStatus.MET, "evidence": "Vedtægter"} for c in range(1, 6)]
        return client.put(f"{url}/assessments", {"criteria": rows}, content_type=JSON)
    return client.put(f"{url}/staffing/2025", {"employees_total": 10, "fleksjob": 3}, content_type=JSON)


def was_written(action, org) -> bool:
    if action == "update":
        return Organisation.objects.get(pk=org.pk).city == "Ændret by"
    if action == "assessments":
        return CriterionAssessment.objects.filter(organisation=org).exists()
    if action == "staffing":
        return Staffing.objects.filter(organisation=org, year=2025).exists()
    return False


@pytest.mark.parametrize("action", OBJECT_ACTIONS)
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_permission_table_allows_on_an_organisation(world, role, relation, action, api_for):
    org = matrix_target(world, role, relation)
    expected = expected_object_status(role, relation, action)
    response = call(api_for(world.users[role]), action, org)
    assert response.status_code == expected, (role, relation, action, response.content)
    if action in WRITES:
        assert was_written(action, org) == (expected == 200)
        audited = AuditEvent.objects.filter(object_id=str(org.pk), channel="api").exists()
        assert audited == (expected == 200)


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_what_the_role_may_read_and_nothing_else(world, role, relation, api_for):
    org = matrix_target(world, role, relation)
    visible = Perm.REGISTRY_VIEW in ROLE_PERMISSIONS[role] and relation != "other_municipality"
    response = api_for(world.users[role]).get(f"{BASE}/organisations", {"limit": 200})
    assert response.status_code == 200
    listed = {item["public_id"] for item in response.json()["items"]}
    assert (str(org.public_id) in listed) == visible


@pytest.mark.parametrize("where", ["own_municipality", "other_municipality"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_create_only_where_the_permission_table_allows(world, role, where, api_for):
    perms = ROLE_PERMISSIONS[role]
    if where == "other_municipality" or Perm.REGISTRY_VIEW not in perms:
        expected = 404
    else:
        expected = 201 if Perm.REGISTRY_EDIT in perms else 403
    name = f"Ny organisation {role} {where}"
    payload = {"municipality": "0621" if where == "own_municipality" else "0751", "name": name}
    payload |= {"kind": Kind.VOLUNTARY, "sector": Sector.CIVIL}
    response = api_for(world.users[role]).post(f"{BASE}/organisations", payload, content_type=JSON)
    assert response.status_code == expected, (role, where, response.content)
    assert Organisation.objects.filter(name=name).exists() == (expected == 201)


@pytest.mark.parametrize("role", ROLES)
def test_an_aarhus_user_gets_404_on_every_kolding_organisation(world, role, api_for):
    client = api_for(world.outsiders[role])
    kolding = list(Organisation.objects.filter(municipality=world.kolding))
    for org in kolding:
        for action in OBJECT_ACTIONS:
            response = call(client, action, org)
            assert response.status_code == 404, (role, org, action)
            assert response.json() == {"detail": "Findes ikke."}
    listed = {i["public_id"] for i in client.get(f"{BASE}/organisations", {"limit": 200}).json()["items"]}
    assert listed.isdisjoint({str(o.public_id) for o in kolding})


@pytest.mark.parametrize("action", [*OBJECT_ACTIONS, "list", "create"])
def test_a_user_without_memberships_gets_404_everywhere(world, action, api_for):
    client = api_for(world.nobody)
    if action == "list":
        response = client.get(f"{BASE}/organisations")
    elif action == "create":
        payload = {"municipality": "0621", "name": "X", "kind": Kind.VOLUNTARY, "sector": Sector.CIVIL}
        response = client.post(f"{BASE}/organisations", payload, content_type=JSON)
    else:
        response = call(client, action, world.company)
    assert response.status_code == 404


# --- Tokens --------------------------------------------------------------------------------------


def every_endpoint(client, world):
    org = world.company
    yield client.get(f"{BASE}/organisations")
    yield client.post(f"{BASE}/organisations", {"municipality": "0621"}, content_type=JSON)
    for action in OBJECT_ACTIONS:
        yield call(client, action, org)


def test_no_token_answers_401_on_every_endpoint(world):
    for response in every_endpoint(Client(), world):
        assert response.status_code == 401
    assert not AuditEvent.objects.filter(channel="api").exists()


def test_a_revoked_token_answers_401(world, api_for):
    client = api_for(world.users[Role.CONSULTANT])
    token = client.token
    assert client.get(f"{BASE}/organisations").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    for response in every_endpoint(client, world):
        assert response.status_code == 401
    assert Organisation.objects.get(pk=world.company.pk).city == ""


def test_the_token_of_a_deactivated_user_answers_401(world, api_for):
    user = world.users[Role.CONSULTANT]
    client = api_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    for response in every_endpoint(client, world):
        assert response.status_code == 401


def test_last_used_is_written_at_most_once_a_minute(world, time_machine, api_for):
    start = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    client = api_for(world.users[Role.CASEWORKER])
    token = client.token
    client.get(f"{BASE}/organisations/{world.company.public_id}")
    token.refresh_from_db()
    assert token.last_used_at == start
    time_machine.move_to(start + datetime.timedelta(seconds=59), tick=False)
    client.get(f"{BASE}/organisations/{world.company.public_id}")
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + datetime.timedelta(seconds=61)
    time_machine.move_to(later, tick=False)
    client.get(f"{BASE}/organisations/{world.company.public_id}")
    token.refresh_from_db()
    assert token.last_used_at == later


# --- Spot checks: the same rules stated plainly ---------------------------------------------------


def test_the_kolding_provider_may_patch_its_own_organisation_only(world, api_for):
    client = api_for(world.users[Role.PROVIDER])
    body = {"city": "Kolding"}
    assert (
        client.patch(f"{BASE}/organisations/{world.provider.public_id}", body, content_type=JSON).status_code
        == 200
    )
    assert (
        client.patch(f"{BASE}/organisations/{world.company.public_id}", body, content_type=JSON).status_code
        == 403
    )
    aarhus = client.patch(f"{BASE}/organisations/{world.aarhus_company.public_id}", body, content_type=JSON)
    assert aarhus.status_code == 404
    assert Organisation.objects.get(pk=world.aarhus_company.pk).city == ""


def test_the_kolding_caseworker_reads_but_cannot_create(world, api_for):
    client = api_for(world.users[Role.CASEWORKER])
    assert client.get(f"{BASE}/organisations/{world.company.public_id}").status_code == 200
    payload = {"municipality": "0621", "name": "Nej", "kind": Kind.VOLUNTARY, "sector": Sector.CIVIL}
    response = client.post(f"{BASE}/organisations", payload, content_type=JSON)
    assert response.status_code == 403
    assert response.json() == {"detail": "Du har ikke adgang til at gøre dette."}


def test_permissions_are_per_municipality_for_a_user_in_two(world, api_for):
    user = make_user("to_kommuner_api", organisation=world.business, role=Role.CONSULTANT)
    user.memberships.create(organisation=world.aarhus_jobcentre, role=Role.CASEWORKER)
    client = api_for(user)
    assert (
        client.patch(f"{BASE}/organisations/{world.company.public_id}", {}, content_type=JSON).status_code
        == 200
    )
    assert client.get(f"{BASE}/organisations/{world.aarhus_company.public_id}").status_code == 200
    denied = client.patch(f"{BASE}/organisations/{world.aarhus_company.public_id}", {}, content_type=JSON)
    assert denied.status_code == 403
    payload = {"municipality": "0751", "name": "Nej", "kind": Kind.VOLUNTARY, "sector": Sector.CIVIL}
    assert client.post(f"{BASE}/organisations", payload, content_type=JSON).status_code == 403
    codes = {
        i["municipality"]["code"] for i in client.get(f"{BASE}/organisations", {"limit": 200}).json()["items"]
    }
    assert codes == {"0621", "0751"}
