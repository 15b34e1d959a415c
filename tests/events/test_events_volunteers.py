"""The volunteer register: an organisation's own staff only, consent required, shifts with
hours, the yearly tally computed from the register."""

import datetime
from decimal import Decimal

import pytest

from accounts.roles import Role
from events.models import Volunteer
from events.services_volunteers import shift_add, volunteer_save, volunteer_tally


@pytest.fixture
def volunteer(world):
    return volunteer_save(
        by=world.users[Role.PROVIDER], allowed_organisation_ids=[world.provider.pk],
        data={"organisation": world.provider, "name": "Grethe", "activities": "Kaffe, værtinde",
              "started": datetime.date(2026, 1, 5), "active": True, "consent": True},
    )  # fmt: skip


def test_staff_register_a_volunteer_with_consent(world, client_for):
    client = client_for(world.users[Role.PROVIDER])
    response = client.post(
        "/arrangementer/frivillige/ny/",
        {"organisation": world.provider.pk, "name": "Bent", "started": "2026-02-01", "active": "on"},
    )
    assert "Sæt kryds, når den frivillige har givet samtykke" in response.content.decode()
    response = client.post(
        "/arrangementer/frivillige/ny/",
        {
            "organisation": world.provider.pk,
            "name": "Bent",
            "started": "2026-02-01",
            "active": "on",
            "consent": "on",
        },
    )
    assert response.status_code == 302 and Volunteer.objects.get().consent_at


def test_shifts_add_up_to_the_yearly_tally(world, volunteer, client_for, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12))
    user = world.users[Role.PROVIDER]
    shift_add(by=user, volunteer=volunteer, data={"date": datetime.date(2026, 3, 2), "hours": Decimal("3.5")})
    shift_add(by=user, volunteer=volunteer, data={"date": datetime.date(2026, 3, 9), "hours": Decimal("4")})
    shift_add(by=user, volunteer=volunteer, data={"date": datetime.date(2025, 12, 1), "hours": Decimal("2")})
    tally = volunteer_tally(world.provider.pk, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert tally == {"volunteers": 1, "hours": Decimal("7.50")}
    page = client_for(world.users[Role.PROVIDER]).get("/arrangementer/frivillige/").content.decode()
    assert "I 2026: 1 frivillige har haft vagter, i alt 7,5 timer." in page


def test_a_shift_over_24_hours_is_refused_naming_the_field(world, client_for, volunteer):
    response = client_for(world.users[Role.PROVIDER]).post(
        f"/arrangementer/frivillige/{volunteer.public_id}/", {"date": "2026-03-02", "hours": "25"}
    )
    assert "Timer: Timer skal være mellem 0 og 24." in response.content.decode()
    assert not volunteer.shifts.exists()


def test_volunteers_are_seen_only_by_their_own_organisation(world, client_for, volunteer):
    assert (
        "Grethe" in client_for(world.users[Role.PROVIDER]).get("/arrangementer/frivillige/").content.decode()
    )
    for user in (world.users[Role.CONSULTANT], world.users[Role.CASEWORKER], world.outsiders[Role.PROVIDER]):
        client = client_for(user)
        assert client.get(f"/arrangementer/frivillige/{volunteer.public_id}/").status_code == 404
    assert client_for(world.users[Role.CASEWORKER]).get("/arrangementer/frivillige/").status_code == 404


def test_a_provider_cannot_register_volunteers_for_another_organisation(world):
    with pytest.raises(Exception, match="egen organisation"):
        volunteer_save(
            by=world.users[Role.PROVIDER], allowed_organisation_ids=[world.provider.pk],
            data={"organisation": world.company, "name": "X", "started": datetime.date(2026, 1, 1), "consent": True},
        )  # fmt: skip
