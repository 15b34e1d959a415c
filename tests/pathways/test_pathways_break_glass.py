"""Break-the-glass: a caseworker opening a citizen outside their own caseload gives a reason
first; the reason is audited and listed for the admin; their own citizens open directly."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from audit.models import AuditEvent
from pathways.break_glass import EVENT
from pathways.testing import make_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world):
    return make_user("kolding_caseworker_2", organisation=world.jobcentre, role=Role.CASEWORKER)


@pytest.fixture
def citizen(world):
    owner = world.users[Role.CASEWORKER]
    return make_citizen(municipality=world.kolding, by=owner, caseworker=owner, name="Bo Glasbrud")


def test_the_own_caseworker_opens_the_citizen_directly(world, citizen, client_for):
    response = client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:citizen", args=[citizen.public_id]))
    assert response.status_code == 200 and "Bo Glasbrud" in response.content.decode()
    assert not AuditEvent.objects.filter(event=EVENT, action="read").exists()


def test_another_caseworker_must_give_a_reason_first(world, citizen, colleague, client_for):
    client = client_for(colleague)
    url = reverse("pathways:citizen", args=[citizen.public_id])
    response = client.get(url)
    assert response.status_code == 403 and "ikke i din sagsstamme" in response.content.decode()
    assert "Bo Glasbrud" not in response.content.decode()

    short = client.post(reverse("pathways:break_glass", args=[citizen.public_id]), {"reason": "fordi"})
    assert "mindst 10 tegn" in short.content.decode()
    assert not AuditEvent.objects.filter(event=EVENT, action="read").exists()

    reason = "Borgeren ringede, og hendes sagsbehandler er syg"
    response = client.post(reverse("pathways:break_glass", args=[citizen.public_id]), {"reason": reason})
    assert response.status_code == 302 and response["Location"] == url
    event = AuditEvent.objects.get(event=EVENT)
    assert event.actor == colleague and event.object_id == str(citizen.pk)
    assert event.changes == {"reason": reason, "caseworker": world.users[Role.CASEWORKER].username}
    opened = client.get(url)
    assert opened.status_code == 200 and "Bo Glasbrud" in opened.content.decode()


def test_the_admin_sees_the_reasons_and_others_do_not(world, citizen, colleague, client_for):
    client_for(colleague).post(
        reverse("pathways:break_glass", args=[citizen.public_id]), {"reason": "Dækker for en kollega i dag"}
    )
    page = client_for(world.users[Role.ADMIN]).get(reverse("pathways:break_glass_log"))
    assert page.status_code == 200 and "Dækker for en kollega i dag" in page.content.decode()
    assert client_for(colleague).get(reverse("pathways:break_glass_log")).status_code == 404
    outsider = client_for(world.outsiders[Role.ADMIN]).get(reverse("pathways:break_glass_log"))
    assert "Dækker for en kollega" not in outsider.content.decode()
