"""Who may see and edit the mapping: every role in its own municipality and in another.
Viewing needs Perm.MAPPING_VIEW, editing Perm.MAPPING_EDIT, in the report's municipality
(accounts/roles.py ROLE_PERMISSIONS); everything else answers 404, as if it did not exist."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from mapping import services
from mapping.models import LocalCase, StakeholderPosition

ROLES = list(Role)


def may(role, perm) -> bool:
    return perm in ROLE_PERMISSIONS[role]


@pytest.fixture
def case(world):
    return services.local_case_create(
        by=world.users["admin"],
        municipality=world.kolding,
        data={"title": "Caféen", "story": "Det skete."},
        organisations=[world.social_enterprise],
    )


@pytest.fixture
def placed(world):
    services.stakeholder_set(by=world.users["admin"], organisation=world.company, influence=4, interest=2)
    return world.company


def test_the_matrix_gives_viewing_to_some_roles_and_editing_to_fewer():
    viewers = {r for r in ROLES if may(r, Perm.MAPPING_VIEW)}
    editors = {r for r in ROLES if may(r, Perm.MAPPING_EDIT)}
    assert editors < viewers < set(ROLES)
    assert Role.PROVIDER not in viewers and Role.CONSULTANT in editors


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("home", ["own", "other"])
def test_the_report_page_and_pdf_answer_only_viewers_of_that_municipality(world, client_for, role, home):
    user = world.users[role] if home == "own" else world.outsiders[role]
    client = client_for(user)
    allowed = home == "own" and may(role, Perm.MAPPING_VIEW)
    expected = 200 if allowed else 404
    assert client.get(reverse("mapping:detail", args=["kolding"])).status_code == expected
    response = client.get(reverse("mapping:pdf", args=["kolding"]))
    assert response.status_code == expected
    if allowed:
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("home", ["own", "other"])
def test_the_edit_views_answer_only_editors_of_that_municipality(world, client_for, role, home, case, placed):
    user = world.users[role] if home == "own" else world.outsiders[role]
    client = client_for(user)
    allowed = home == "own" and may(role, Perm.MAPPING_EDIT)
    ok_get, ok_post = (200, 302) if allowed else (404, 404)
    slug = "kolding"
    assert client.get(reverse("mapping:stakeholders", args=[slug])).status_code == ok_get
    assert client.get(reverse("mapping:case_create", args=[slug])).status_code == ok_get
    assert client.get(reverse("mapping:case_edit", args=[slug, case.pk])).status_code == ok_get

    post = {"organisation": world.provider.public_id, "influence": 5, "interest": 5, "note": ""}
    assert client.post(reverse("mapping:stakeholders", args=[slug]), post).status_code == ok_post
    assert StakeholderPosition.objects.filter(organisation=world.provider).exists() == allowed

    remove = reverse("mapping:stakeholder_remove", args=[slug, placed.public_id])
    assert client.post(remove).status_code == ok_post
    assert StakeholderPosition.objects.filter(organisation=placed).exists() != allowed

    new_case = {"title": "Ny case", "story": "Fortælling", "organisations": [world.company.pk]}
    assert client.post(reverse("mapping:case_create", args=[slug]), new_case).status_code == ok_post
    assert LocalCase.objects.filter(title="Ny case").exists() == allowed

    assert client.post(reverse("mapping:case_delete", args=[slug, case.pk])).status_code == ok_post
    assert LocalCase.objects.filter(pk=case.pk).exists() != allowed


@pytest.mark.parametrize("role", ROLES)
def test_the_start_page_leads_a_viewer_to_their_own_municipality(world, client_for, role):
    response = client_for(world.users[role]).get(reverse("mapping:report"))
    if may(role, Perm.MAPPING_VIEW):
        assert response.status_code == 302
        assert response["Location"] == reverse("mapping:detail", args=["kolding"])
    else:
        assert response.status_code == 404


def test_the_start_page_lets_a_viewer_of_two_municipalities_choose(world, client_for):
    analyst = world.users["analyst"]
    Membership.objects.create(user=analyst, organisation=world.aarhus_business, role=Role.ANALYST)
    response = client_for(analyst).get(reverse("mapping:report"))
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("mapping:detail", args=["kolding"]) in body
    assert reverse("mapping:detail", args=["aarhus"]) in body
    # and may then open both
    assert client_for(analyst).get(reverse("mapping:detail", args=["aarhus"])).status_code == 200


def test_a_user_without_roles_and_an_unknown_municipality_get_404(world, client_for):
    assert client_for(world.nobody).get(reverse("mapping:report")).status_code == 404
    assert (
        client_for(world.users["admin"]).get(reverse("mapping:detail", args=["atlantis"])).status_code == 404
    )


def test_an_anonymous_visitor_is_sent_to_log_in(world, client):
    for url in (
        reverse("mapping:report"),
        reverse("mapping:detail", args=["kolding"]),
        reverse("mapping:pdf", args=["kolding"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_an_editor_cannot_reach_another_municipalitys_organisation_or_case(world, client_for):
    consultant = world.users["consultant"]
    aarhus_case = services.local_case_create(
        by=world.outsiders["consultant"], municipality=world.aarhus, data={"title": "Aarhus", "story": "x"}
    )
    client = client_for(consultant)
    # the Aarhus case under Kolding's address is missing, not forbidden
    assert client.get(reverse("mapping:case_edit", args=["kolding", aarhus_case.pk])).status_code == 404
    assert client.post(reverse("mapping:case_delete", args=["kolding", aarhus_case.pk])).status_code == 404
    # an Aarhus organisation cannot be placed in Kolding's grid
    post = {"organisation": world.aarhus_company.public_id, "influence": 3, "interest": 3}
    response = client.post(reverse("mapping:stakeholders", args=["kolding"]), post)
    assert response.status_code == 200
    assert "Vælg en organisation fra kommunen." in response.content.decode()
    assert not StakeholderPosition.objects.filter(organisation=world.aarhus_company).exists()
    # nor linked to a Kolding case
    new_case = {"title": "Blandet", "story": "x", "organisations": [world.aarhus_company.pk]}
    response = client.post(reverse("mapping:case_create", args=["kolding"]), new_case)
    assert response.status_code == 200
    assert not LocalCase.objects.filter(title="Blandet").exists()
