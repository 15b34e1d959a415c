"""Every agreement page renders for the roles that may use it, and the edit flows write."""

import datetime

import pytest

from accounts.roles import Role
from agreements.models import Deliverable, MeasureFollowed, ServiceKind, YouthFrequency, YouthUser
from agreements.testing import agreement, service
from audit.models import AuditEvent


@pytest.fixture
def kolding_agreement(world):
    return agreement(world.kolding, world.provider, start=datetime.date(2025, 1, 1))


@pytest.mark.django_db
def test_procurement_adds_service_with_deliverable_and_measures(world, client_for, kolding_agreement):
    client = client_for(world.users[Role.PROCUREMENT])
    base = f"/rammeaftaler/{kolding_agreement.public_id}/ydelser/"
    assert client.get(base + "ny/").status_code == 200
    response = client.post(
        base + "ny/",
        {
            "kind": "youth_host",
            "name": "Åben adgang",
            "annual_grant": "1200000",
            "measures": ["youth_users", "home_support"],
        },
    )
    assert response.status_code == 302
    s = kolding_agreement.services.get()
    assert set(MeasureFollowed.objects.filter(service=s).values_list("measure", flat=True)) == {
        "youth_users",
        "home_support",
    }
    assert client.get(base + f"{s.public_id}/rediger/").status_code == 200
    data = {
        "name": "Sociale værter",
        "metric": "staffed_hours_per_week",
        "target": "20",
        "unit": "timer",
        "period_basis": "week",
    }
    assert client.post(f"/rammeaftaler/ydelser/{s.public_id}/leverancer/", data).status_code == 302
    d = Deliverable.objects.get(service=s)
    assert AuditEvent.objects.filter(event="agreements.deliverable.create", object_id=str(d.pk)).exists()
    assert client.get(f"/rammeaftaler/{kolding_agreement.public_id}/").status_code == 200
    assert client.get(f"/rammeaftaler/ydelser/{s.public_id}/").status_code == 200
    assert client.post(f"/rammeaftaler/ydelser/{s.public_id}/leverancer/{d.pk}/slet/").status_code == 302
    assert not Deliverable.objects.filter(service=s).exists()


@pytest.mark.django_db
def test_negative_grant_names_the_field(world, client_for, kolding_agreement):
    client = client_for(world.users[Role.PROCUREMENT])
    response = client.post(
        f"/rammeaftaler/{kolding_agreement.public_id}/ydelser/ny/",
        {"kind": "network", "name": "Netværk", "annual_grant": "-5"},
    )
    assert response.status_code == 200 and "annual_grant" in response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [ServiceKind.MEETING_PLACE, ServiceKind.NETWORK, ServiceKind.YOUTH_HOST])
def test_provider_pages_render_for_each_service_kind(world, client_for, kolding_agreement, kind):
    from agreements.registers import REGISTERS
    from agreements.rules import fits

    s = service(kolding_agreement, kind)
    client = client_for(world.users[Role.PROVIDER])
    assert client.get(f"/rammeaftaler/ydelser/{s.public_id}/").status_code == 200
    for slug, spec in REGISTERS.items():
        expected = 200 if fits(spec.model._meta.model_name, kind) else 404
        assert client.get(f"/rammeaftaler/ydelser/{s.public_id}/{slug}/").status_code == expected, slug


@pytest.mark.django_db
def test_frequency_grid_sets_each_users_frequency(world, client_for, kolding_agreement):
    s = service(kolding_agreement, ServiceKind.YOUTH_HOST)
    users = [
        YouthUser.objects.create(
            service=s,
            label=f"U{i}",
            registered=datetime.date(2025, 2, 1),
            referral="own_initiative",
            income="su",
        )
        for i in range(3)
    ]
    client = client_for(world.users[Role.PROVIDER])
    url = f"/rammeaftaler/ydelser/{s.public_id}/hyppighed/?start=2026-01-01&end=2026-06-30"
    assert client.get(url).status_code == 200
    data = {
        f"u{users[0].pk}-frequency": "weekly",
        f"u{users[1].pk}-frequency": "several_weekly",
        f"u{users[2].pk}-frequency": "",
    }
    assert client.post(url, data).status_code == 302
    assert dict(YouthFrequency.objects.values_list("user__label", "frequency")) == {
        "U0": "weekly",
        "U1": "several_weekly",
    }
