"""The permission matrix of the registry pages: every role × own organisation / another
organisation in the own municipality / an organisation in another municipality.

The expected outcome is derived from accounts.roles.ROLE_PERMISSIONS and the semantics of
accounts.access (deny by default; another municipality's records answer 404; a record the user
may see but not change answers 403), never from Access itself. Hand-written spot checks follow.
"""

import pytest
from django.urls import reverse

from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from accounts.testing import make_user
from registry.models import Organisation
from registry.testing import matrix_target

ROLES = list(Role)
RELATIONS = ["own", "same_municipality", "other_municipality"]
OBJECT_ACTIONS = [
    "detail",
    "edit_get",
    "edit_post",
    "assessment",
    "staffing_add",
    "contact_add",
    "relation_add",
    "delete",
]
POST_ACTIONS = {"edit_post", "delete"}
URL_NAMES = {
    "detail": "registry:detail",
    "edit_get": "registry:edit",
    "edit_post": "registry:edit",
    "assessment": "registry:assessment",
    "staffing_add": "registry:staffing_add",
    "contact_add": "registry:contact_add",
    "relation_add": "registry:relation_add",
    "delete": "registry:delete",
}

# The pages that are not about one organisation: (url name, args, the permission they need).
GLOBAL_PAGES = [
    ("registry:list", [], Perm.REGISTRY_VIEW),
    ("registry:create", [], Perm.REGISTRY_EDIT),
    ("registry:export", ["csv"], Perm.REGISTRY_EXPORT),
    ("registry:export", ["xlsx"], Perm.REGISTRY_EXPORT),
    ("registry:import", [], Perm.REGISTRY_IMPORT),
    ("audit:list", [], Perm.AUDIT_VIEW),
    ("mapping:report", [], Perm.MAPPING_VIEW),
]


def expected_object_status(role, relation, action) -> int:
    perms = ROLE_PERMISSIONS[role]
    if relation == "other_municipality" or Perm.REGISTRY_VIEW not in perms:
        return 404  # invisible: same answer as a missing record
    if action == "detail":
        return 200
    if action == "delete":
        return 302 if Perm.REGISTRY_EDIT in perms else 403
    may_edit = Perm.REGISTRY_EDIT in perms or (Perm.REGISTRY_EDIT_OWN in perms and relation == "own")
    if not may_edit:
        return 403
    return 302 if action in POST_ACTIONS else 200


def edit_payload(org, **changes) -> dict:
    data = {
        "name": org.name,
        "kind": org.kind,
        "subkind": org.subkind,
        "municipality": org.municipality_id,
        "cvr": org.cvr,
        "p_number": org.p_number,
        "legal_form": org.legal_form,
        "sector": org.sector,
        "industry_code": org.industry_code,
        "street": org.street,
        "postcode": org.postcode,
        "city": org.city,
        "website": org.website,
        "purpose": org.purpose,
        "notes": org.notes,
        "tags_text": "",
    }
    data.update(changes)
    return data


def request(client, action, org):
    url = reverse(URL_NAMES[action], args=[org.public_id])
    if action == "edit_post":
        return client.post(url, edit_payload(org, name=org.name + " (ændret)"))
    if action == "delete":
        return client.post(url)
    return client.get(url)


@pytest.mark.parametrize("action", OBJECT_ACTIONS)
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_permission_table_allows_on_an_organisation(
    world, client_for, role, relation, action
):
    org = matrix_target(world, role, relation)
    expected = expected_object_status(role, relation, action)
    response = request(client_for(world.users[role]), action, org)
    assert response.status_code == expected, (role, relation, action)
    still_there = Organisation.objects.filter(pk=org.pk).first()
    if action == "delete":
        assert (still_there is None) == (expected == 302)
    elif action == "edit_post":
        assert still_there.name.endswith("(ændret)") == (expected == 302)


@pytest.mark.parametrize("action", OBJECT_ACTIONS)
@pytest.mark.parametrize("relation", RELATIONS)
def test_a_user_without_memberships_gets_404_on_every_organisation(world, client_for, relation, action):
    org = matrix_target(world, Role.CONSULTANT, relation)
    assert request(client_for(world.nobody), action, org).status_code == 404


@pytest.mark.parametrize("action", OBJECT_ACTIONS)
def test_an_anonymous_visitor_is_sent_to_login_from_every_organisation_page(world, client, action):
    response = request(client, action, world.company)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")
    assert Organisation.objects.filter(pk=world.company.pk, name="Kolding Tømrer A/S").exists()


def global_cases():
    for url_name, args, perm in GLOBAL_PAGES:
        for role in ROLES:
            allowed = perm in ROLE_PERMISSIONS[role]
            yield pytest.param(url_name, args, role, 200 if allowed else 404, id=f"{url_name}{args}-{role}")


@pytest.mark.parametrize(("url_name", "args", "role", "expected"), list(global_cases()))
def test_each_role_reaches_the_municipality_wide_pages_its_permissions_allow(
    world, client_for, url_name, args, role, expected
):
    # follow: a page may send a user of one municipality straight on to that municipality's page
    response = client_for(world.users[role]).get(reverse(url_name, args=args), follow=True)
    assert response.status_code == expected, (url_name, role)


@pytest.mark.parametrize(("url_name", "args", "perm"), GLOBAL_PAGES)
def test_a_user_without_memberships_gets_404_on_every_municipality_wide_page(
    world, client_for, url_name, args, perm
):
    assert client_for(world.nobody).get(reverse(url_name, args=args)).status_code == 404


@pytest.mark.parametrize(("url_name", "args", "perm"), GLOBAL_PAGES)
def test_an_anonymous_visitor_is_sent_to_login_from_every_municipality_wide_page(
    db, client, url_name, args, perm
):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# Hand-written spot checks: the same rules stated plainly.


def test_the_kolding_provider_may_edit_its_own_organisation_only(world, client_for):
    client = client_for(world.users[Role.PROVIDER])
    assert client.get(reverse("registry:edit", args=[world.provider.public_id])).status_code == 200
    assert client.get(reverse("registry:edit", args=[world.company.public_id])).status_code == 403
    assert client.get(reverse("registry:edit", args=[world.aarhus_company.public_id])).status_code == 404
    assert client.post(reverse("registry:delete", args=[world.provider.public_id])).status_code == 403


def test_the_kolding_caseworker_can_read_but_not_edit_anything(world, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    for org in (world.jobcentre, world.company, world.social_enterprise):
        assert client.get(reverse("registry:detail", args=[org.public_id])).status_code == 200
        assert client.get(reverse("registry:edit", args=[org.public_id])).status_code == 403
        assert client.get(reverse("registry:contact_add", args=[org.public_id])).status_code == 403


def test_the_aarhus_consultant_gets_404_on_every_kolding_organisation(world, client_for):
    client = client_for(world.outsiders[Role.CONSULTANT])
    kolding_orgs = list(Organisation.objects.filter(municipality=world.kolding))
    assert len(kolding_orgs) >= 6
    for org in kolding_orgs:
        for name in ("registry:detail", "registry:edit", "registry:assessment"):
            assert client.get(reverse(name, args=[org.public_id])).status_code == 404, (org, name)
        assert client.post(reverse("registry:delete", args=[org.public_id])).status_code == 404
    assert Organisation.objects.filter(municipality=world.kolding).count() == len(kolding_orgs)


def test_the_aarhus_consultant_may_edit_an_aarhus_organisation(world, client_for):
    client = client_for(world.outsiders[Role.CONSULTANT])
    assert client.get(reverse("registry:edit", args=[world.aarhus_company.public_id])).status_code == 200


def test_a_user_without_memberships_gets_404_on_the_list(world, client_for):
    assert client_for(world.nobody).get(reverse("registry:list")).status_code == 404


def test_a_missing_organisation_answers_like_a_foreign_one(world, client_for):
    client = client_for(world.users[Role.CONSULTANT])
    missing = client.get(reverse("registry:detail", args=["00000000-0000-0000-0000-000000000000"]))
    foreign = client.get(reverse("registry:detail", args=[world.aarhus_company.public_id]))
    assert missing.status_code == foreign.status_code == 404


def test_permissions_are_per_municipality_for_a_user_in_two(world, client_for):
    user = make_user("to_kommuner", organisation=world.business, role=Role.CONSULTANT)
    user.memberships.create(organisation=world.aarhus_jobcentre, role=Role.CASEWORKER)
    client = client_for(user)
    assert client.get(reverse("registry:edit", args=[world.company.public_id])).status_code == 200
    assert client.get(reverse("registry:detail", args=[world.aarhus_company.public_id])).status_code == 200
    assert client.get(reverse("registry:edit", args=[world.aarhus_company.public_id])).status_code == 403
    assert client.post(reverse("registry:delete", args=[world.aarhus_company.public_id])).status_code == 403


def test_a_deactivated_user_is_sent_to_login(world, client_for):
    user = world.users[Role.CONSULTANT]
    client = client_for(user)
    user.is_active = False
    user.save()
    response = client.get(reverse("registry:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [r for r in ROLES if Perm.REGISTRY_VIEW in ROLE_PERMISSIONS[r]])
def test_the_kolding_list_never_contains_aarhus_names(world, client_for, role):
    client = client_for(world.users[role])
    aarhus_names = list(Organisation.objects.filter(municipality=world.aarhus).values_list("name", flat=True))
    assert len(aarhus_names) == 3
    for params in (
        {},
        {"q": "Aarhus"},
        {"municipality": world.aarhus.pk},
        {"sort": "municipality"},
        {"kind": "company"},
    ):
        body = client.get(reverse("registry:list"), params).content.decode()
        for name in aarhus_names:
            assert name not in body, (params, name)
    assert "Kolding Tømrer A/S" in client.get(reverse("registry:list")).content.decode()


def test_a_relation_cannot_point_to_another_municipality(world, client_for):
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(
        reverse("registry:relation_add", args=[world.company.public_id]),
        {"kind": "partner_of", "target": world.aarhus_company.pk, "note": ""},
    )
    assert response.status_code == 200
    assert "target" in response.context["form"].errors
    assert not world.company.relations_out.exists()
