"""A meeting place's volunteer figures come from the provider's volunteer register where one is
kept (volunteers with a shift in the period, the hours of those shifts) and from the hand-counted
tally otherwise; once a register exists, the tally form is closed on the page and in the API."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements.aggregates import volunteers_summary
from agreements.models import VolunteerTally
from agreements.testing import world_agreements
from events.services_volunteers import shift_add, volunteer_save

pytestmark = pytest.mark.django_db
D = datetime.date
H1 = (D(2026, 1, 1), D(2026, 6, 30))


@pytest.fixture
def services(world):
    return world_agreements(world)["services"]


def _volunteer(world, name):
    return volunteer_save(
        by=world.users[Role.PROVIDER], allowed_organisation_ids=[world.provider.pk],
        data={"organisation": world.provider, "name": name, "started": D(2025, 6, 1), "active": True, "consent": True},
    )  # fmt: skip


def _shift(world, volunteer, day, hours):
    shift_add(by=world.users[Role.PROVIDER], volunteer=volunteer, data={"date": day, "hours": Decimal(hours)})


def test_the_register_counts_volunteers_with_shifts_in_the_period_and_their_hours(world, services):
    meeting_place = services["own"]  # the provider's service
    VolunteerTally.objects.create(service=meeting_place, period_start=D(2026, 1, 1), period_end=D(2026, 6, 30),
                                  volunteers=99, hours=Decimal("999"))  # fmt: skip
    grethe, bent, ida = _volunteer(world, "Grethe"), _volunteer(world, "Bent"), _volunteer(world, "Ida")
    _shift(world, grethe, D(2026, 1, 1), "3.5")  # first day of the period: in
    _shift(world, grethe, D(2026, 3, 9), "4")
    _shift(world, bent, D(2026, 6, 30), "2.25")  # last day: in
    _shift(world, bent, D(2025, 12, 31), "6")  # the day before: out
    _shift(world, ida, D(2026, 7, 1), "5")  # the day after: out, so Ida is not active in H1

    assert volunteers_summary(meeting_place, *H1) == {"volunteers": 2, "hours": Decimal("9.75"), "source": "register"}
    assert volunteers_summary(meeting_place, D(2026, 7, 1), D(2026, 12, 31))["volunteers"] == 1
    # A period without shifts counts none from the register, not the tally's 99.
    assert volunteers_summary(meeting_place, D(2024, 1, 1), D(2024, 6, 30)) == {
        "volunteers": 0, "hours": Decimal("0"), "source": "register"}  # fmt: skip


def test_without_a_register_the_tally_counts(world, services):
    other = services["same_municipality"]  # the social enterprise keeps no register
    _volunteer(world, "Grethe")  # the provider's, not the social enterprise's
    VolunteerTally.objects.create(service=other, period_start=D(2026, 1, 1), period_end=D(2026, 6, 30),
                                  volunteers=12, hours=Decimal("340.5"))  # fmt: skip
    assert volunteers_summary(other, *H1) == {"volunteers": 12, "hours": Decimal("340.50"), "source": "tally"}


def test_the_tally_form_is_closed_once_the_provider_keeps_a_register(world, services, client_for, api_for):
    service = services["own"]
    url = reverse("agreements:register", args=[service.public_id, "frivillige"])
    client = client_for(world.users[Role.PROVIDER])
    body = {"period_start": "2026-01-01", "period_end": "2026-06-30", "volunteers": "5", "hours": "10"}
    assert "Ny registrering" in client.get(url).content.decode()
    _volunteer(world, "Grethe")
    page = client.post(url, body).content.decode()
    assert "Tallene kommer fra frivilligregistret" in page and "Ny registrering" not in page
    api = api_for(world.users[Role.PROVIDER])
    response = api.post(
        f"/api/v1/agreement-services/{service.public_id}/registrations/volunteers",
        {"period_start": "2026-01-01", "period_end": "2026-06-30", "volunteers": 5}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422 and "frivilligregister" in response.json()["errors"][0]["message"]
    assert not VolunteerTally.objects.exists()
    detail = client.get(reverse("agreements:service", args=[service.public_id]), {"start": "2026-01-01", "end": "2026-06-30"})
    assert "beregnet fra frivilligregistrets vagter" in detail.content.decode()
