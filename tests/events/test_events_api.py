"""The events API: the same permissions as the pages (another municipality 404, visible but
not the organiser 403), registrations with the waiting list, and the evaluation figures."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from events.models import SignupStatus
from events.services_signups import signup_register
from events.testing import make_event, make_list, subscribe


@pytest.fixture
def event(world):
    return make_event(world.kolding, world.business, capacity=1, title="Seminar")


def test_the_list_and_detail_show_the_municipalitys_events(world, api_for, event):
    api = api_for(world.users[Role.CASEWORKER])
    body = api.get("/api/v1/events").json()
    assert body["count"] == 1 and body["items"][0]["title"] == "Seminar"
    detail = api.get(f"/api/v1/events/{event.public_id}").json()
    assert detail["capacity"] == 1 and detail["agenda"] == []


def test_another_municipality_gets_404_and_an_empty_list(world, api_for, event):
    api = api_for(world.outsiders[Role.CONSULTANT])
    assert api.get(f"/api/v1/events/{event.public_id}").status_code == 404
    assert api.get("/api/v1/events").json()["count"] == 0
    assert api.get(f"/api/v1/events/{event.public_id}/registrations").status_code == 404


def test_only_the_organiser_sees_registrations_others_get_403(world, api_for, event):
    signup_register(event=event, name="Ane", email="ane@example.dk")
    assert (
        api_for(world.users[Role.CASEWORKER])
        .get(f"/api/v1/events/{event.public_id}/registrations")
        .status_code
        == 403
    )
    rows = api_for(world.users[Role.CONSULTANT]).get(f"/api/v1/events/{event.public_id}/registrations").json()
    assert [r["email"] for r in rows] == ["ane@example.dk"]


def test_registering_and_cancelling_promotes_the_waiting_list(world, api_for, event):
    api = api_for(world.users[Role.CONSULTANT])
    first = api.post(
        f"/api/v1/events/{event.public_id}/registrations",
        {"name": "A", "email": "a@example.dk"},
        content_type="application/json",
    )
    second = api.post(
        f"/api/v1/events/{event.public_id}/registrations",
        {"name": "B", "email": "b@example.dk"},
        content_type="application/json",
    )
    assert (first.status_code, first.json()["status"]) == (201, SignupStatus.REGISTERED)
    assert second.json()["status"] == SignupStatus.WAITLISTED
    duplicate = api.post(
        f"/api/v1/events/{event.public_id}/registrations",
        {"name": "A", "email": "A@example.dk"},
        content_type="application/json",
    )
    assert duplicate.status_code == 422 and "allerede tilmeldt" in duplicate.content.decode()
    cancelled = api.post(f"/api/v1/registrations/{first.json()['public_id']}/cancel").json()
    assert cancelled["promoted"] == [second.json()["public_id"]]
    again = api.post(f"/api/v1/registrations/{first.json()['public_id']}/cancel")
    assert again.status_code == 422 and "allerede afmeldt" in again.content.decode()


def test_mailing_lists_show_counts_not_addresses(world, api_for):
    network = make_list(world.kolding, world.provider)
    subscribe(network, "a@example.dk")
    rows = api_for(world.users[Role.CASEWORKER]).get("/api/v1/mailing-lists").json()
    assert rows == [
        {
            "public_id": str(network.public_id),
            "name": network.name,
            "owner": world.provider.name,
            "confirmed": 1,
            "pending": 0,
        }
    ]
    assert api_for(world.outsiders[Role.CASEWORKER]).get("/api/v1/mailing-lists").json() == []


def test_the_evaluation_figures(world, api_for, event):
    signup_register(event=event, name="A", email="a@example.dk")
    start = timezone.localdate(event.starts_at).isoformat()  # the period is in Danish dates
    body = (
        api_for(world.users[Role.ANALYST]).get(f"/api/v1/event-evaluation?start={start}&end={start}").json()
    )
    assert (body["events"], body["registrations"], body["attendance_rate"]) == (1, 1, None)
    bad = api_for(world.users[Role.ANALYST]).get("/api/v1/event-evaluation?start=x&end=2026-01-01")
    assert bad.status_code == 422
