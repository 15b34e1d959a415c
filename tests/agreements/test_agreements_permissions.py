"""Who sees, edits and registers for which framework agreement: roles × own organisation's
agreement / another Kolding agreement / an Aarhus agreement."""

import pytest

from accounts.roles import Role
from agreements.testing import world_agreements

RELATIONS = ("own", "same_municipality", "other_municipality")
VIEWERS = {Role.CASEWORKER, Role.PROCUREMENT, Role.CONSULTANT, Role.ANALYST, Role.ADMIN}
EDITORS = {Role.PROCUREMENT, Role.ADMIN}


def _expected_view(role, relation):
    if relation == "other_municipality":
        return False
    if role in VIEWERS:
        return True
    return role == Role.PROVIDER and relation == "own"


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", RELATIONS)
def test_agreement_detail_matrix(world, client_for, role, relation):
    agreements = world_agreements(world)
    client = client_for(world.users[role])
    response = client.get(f"/rammeaftaler/{agreements[relation].public_id}/")
    assert response.status_code == (200 if _expected_view(role, relation) else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", RELATIONS)
def test_agreement_edit_matrix(world, client_for, role, relation):
    agreements = world_agreements(world)
    client = client_for(world.users[role])
    response = client.get(f"/rammeaftaler/{agreements[relation].public_id}/rediger/")
    ok = role in EDITORS and relation != "other_municipality"
    assert response.status_code == (200 if ok else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", RELATIONS)
def test_registration_matrix(world, client_for, role, relation):
    """Only staff of the agreement's provider register: the provider user for its own
    organisation; nobody for other organisations (admin holds SERVICE_REGISTER only in its own)."""
    agreements = world_agreements(world)
    service = agreements["services"][relation]
    client = client_for(world.users[role])
    ok = role == Role.PROVIDER and relation == "own"
    for path in ("uger/", "aktiviteter/"):
        response = client.get(f"/rammeaftaler/ydelser/{service.public_id}/{path}")
        assert response.status_code == (200 if ok else 404), path
    response = client.post(
        f"/rammeaftaler/ydelser/{service.public_id}/aktiviteter/",
        {"date": "2025-03-03", "name": "Strikkecafé", "participants": "12"},
    )
    assert response.status_code == (302 if ok else 404)
    assert service.activities.count() == (1 if ok else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_list_shows_only_visible_agreements(world, client_for, role):
    agreements = world_agreements(world)
    response = client_for(world.users[role]).get("/rammeaftaler/")
    expected = {r for r in RELATIONS if _expected_view(role, r)}
    if not expected and role not in VIEWERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    for relation in RELATIONS:
        assert (agreements[relation].name in response.text) == (relation in expected), relation


@pytest.mark.django_db
def test_outsider_provider_sees_nothing_of_kolding(world, client_for):
    agreements = world_agreements(world)
    client = client_for(world.outsiders[Role.PROVIDER])
    assert client.get(f"/rammeaftaler/{agreements['own'].public_id}/").status_code == 404
    assert (
        client.get(f"/rammeaftaler/ydelser/{agreements['services']['own'].public_id}/uger/").status_code
        == 404
    )


@pytest.mark.django_db
def test_user_without_roles_gets_404(world, client_for):
    world_agreements(world)
    assert client_for(world.nobody).get("/rammeaftaler/").status_code == 404


@pytest.mark.django_db
def test_procurement_creates_agreement_only_with_own_municipality_provider(world, client_for):
    client = client_for(world.users[Role.PROCUREMENT])
    data = {"name": "Ny aftale", "provider": world.aarhus_company.pk, "start": "2026-01-01"}
    response = client.post("/rammeaftaler/ny/", data)
    assert response.status_code == 200  # the Aarhus organisation is not a valid choice
    assert "provider" in response.context["form"].errors
    data["provider"] = world.provider.pk
    response = client.post("/rammeaftaler/ny/", data)
    assert response.status_code == 302
    from agreements.models import FrameworkAgreement

    created = FrameworkAgreement.objects.get(name="Ny aftale")
    assert created.municipality_id == world.kolding.pk
