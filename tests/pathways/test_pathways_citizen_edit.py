"""A caseworker edits a citizen's contact data and caseworker after creation; audited (field
names, never the CPR); others get 404."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from audit.models import AuditEvent
from pathways.testing import make_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world):
    cw = world.users[Role.CASEWORKER]
    return make_citizen(municipality=world.kolding, by=cw, caseworker=cw, name="Ole Olsen", phone="11111111")


def post(client, citizen, **data):
    base = {"name": citizen.name, "phone": citizen.phone, "email": "", "address": "", "gender": "",
            "ethnic_danish_background": "", "insured": "", "caseworker": citizen.caseworker_id or ""}  # fmt: skip
    return client.post(reverse("pathways:citizen_edit", args=[citizen.public_id]), base | data)


def test_the_caseworker_changes_contact_data_and_hands_over_the_citizen(world, client_for, citizen):
    colleague = make_user("kolding_caseworker_2", organisation=world.jobcentre, role=Role.CASEWORKER)
    response = post(client_for(world.users[Role.CASEWORKER]), citizen, phone="22222222", address="Ny Vej 2", caseworker=colleague.pk)
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.phone, citizen.address, citizen.caseworker) == ("22222222", "Ny Vej 2", colleague)
    event = AuditEvent.objects.get(event="pathways.citizen.update")
    assert event.changes["phone"] == "changed" and "22222222" not in str(event.changes)
    assert event.changes["caseworker"] == [str(world.users[Role.CASEWORKER]), str(colleague)]


def test_a_caseworker_of_another_municipality_cannot_be_chosen(world, client_for, citizen):
    response = post(client_for(world.users[Role.CASEWORKER]), citizen, caseworker=world.outsiders[Role.CASEWORKER].pk)
    assert response.status_code == 200 and "caseworker" in response.context["form"].errors
    citizen.refresh_from_db()
    assert citizen.caseworker == world.users[Role.CASEWORKER]


def test_an_empty_name_is_refused_naming_the_field(world, client_for, citizen):
    response = post(client_for(world.users[Role.CASEWORKER]), citizen, name="")
    assert "name" in response.context["form"].errors
    assert not AuditEvent.objects.filter(event="pathways.citizen.update").exists()


@pytest.mark.parametrize("who", ["provider", "outsider", "consultant"])
def test_others_get_404(world, client_for, citizen, who):
    user = {"provider": world.users[Role.PROVIDER], "outsider": world.outsiders[Role.CASEWORKER],
            "consultant": world.users[Role.CONSULTANT]}[who]  # fmt: skip
    assert client_for(user).get(reverse("pathways:citizen_edit", args=[citizen.public_id])).status_code == 404
    assert post(client_for(user), citizen, phone="999").status_code == 404
