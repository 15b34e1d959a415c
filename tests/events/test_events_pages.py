"""Event pages: create and edit with programme, stands and workshop groups; who sees what
(another municipality sees nothing; only organisers see the participant list); the list's
query count does not grow with the number of events."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from audit.models import AuditEvent
from events.models import Event, EventKind, SignupStatus
from events.services import agenda_item_save, stand_add
from events.services_signups import signup_register
from events.testing import make_event


@pytest.fixture
def event(world):
    return make_event(world.kolding, world.business, title="Inspirationsdag om socialøkonomi")


def test_a_consultant_creates_an_event_with_an_audit_row(world, client_for):
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(
        "/arrangementer/nyt/",
        {
            "kind": EventKind.SEMINAR, "title": "Regionalt seminar", "organiser": world.business.pk,
            "hosts": [world.social_enterprise.pk], "starts_at": "2026-12-10T09:00", "ends_at": "2026-12-10T15:30",
            "capacity": "120", "deadline": "2026-12-01T12:00", "published": "on", "registration_open": "on",
        },
    )  # fmt: skip
    event = Event.objects.get(title="Regionalt seminar")
    assert response.status_code == 302
    assert event.municipality == world.kolding
    assert list(event.hosts.all()) == [world.social_enterprise]
    assert AuditEvent.objects.filter(event="events.event.create", object_id=str(event.pk)).exists()


def test_an_event_that_ends_before_it_starts_is_refused_naming_the_field(world, client_for):
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(
        "/arrangementer/nyt/",
        {"kind": EventKind.SEMINAR, "title": "X", "organiser": world.business.pk,
         "starts_at": "2026-12-10T15:00", "ends_at": "2026-12-10T09:00"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Arrangementet skal slutte efter det starter." in response.content.decode()
    assert not Event.objects.filter(title="X").exists()


def test_a_provider_may_only_organise_for_its_own_organisation(world, client_for):
    client = client_for(world.users[Role.PROVIDER])
    response = client.post(
        "/arrangementer/nyt/",
        {"kind": EventKind.NETWORK_MEETING, "title": "Andres møde", "organiser": world.business.pk,
         "starts_at": "2026-12-10T09:00", "ends_at": "2026-12-10T10:00"},
    )  # fmt: skip
    assert response.status_code == 200 and not Event.objects.filter(title="Andres møde").exists()
    own = make_event(world.kolding, world.provider)
    other = make_event(world.kolding, world.business)
    assert client.get(f"/arrangementer/{own.public_id}/rediger/").status_code == 200
    assert client.get(f"/arrangementer/{other.public_id}/rediger/").status_code == 404


def test_programme_items_keep_speakers_linked_to_registry_organisations(world, client_for, event):
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(
        f"/arrangementer/{event.public_id}/program/nyt/",
        {"starts": "15:00", "ends": "15:10", "title": "Velkomst",
         "speakers": "Per Bach; formand; Café Bro ApS\nGæst; ; Udenbys forening", "minutes": "Per introducerede."},
    )  # fmt: skip
    assert response.status_code == 302
    item = event.agenda.get()
    speakers = list(item.speakers.order_by("pk"))
    assert (speakers[0].organisation, speakers[1].organisation_name) == (
        world.social_enterprise,
        "Udenbys forening",
    )
    page = client.get(f"/arrangementer/{event.public_id}/").content.decode()
    assert "Per introducerede." in page and "Café Bro ApS" in page


def test_a_stand_per_organisation_at_most_once(world, event):
    stand_add(by=world.users[Role.CONSULTANT], event=event, organisation=world.social_enterprise, label="A1")
    with pytest.raises(Exception, match="allerede en stand"):
        stand_add(by=world.users[Role.CONSULTANT], event=event, organisation=world.social_enterprise)


def test_another_municipality_sees_nothing(world, client_for, event):
    for role in (Role.CONSULTANT, Role.CASEWORKER, Role.ADMIN):
        client = client_for(world.outsiders[role])
        assert client.get(f"/arrangementer/{event.public_id}/").status_code == 404
        assert event.title not in client.get("/arrangementer/").content.decode()


def test_only_organisers_see_the_participant_list(world, client_for, event):
    signup_register(event=event, name="Hemmelig Deltager", email="h@example.dk")
    assert (
        "Hemmelig Deltager"
        in client_for(world.users[Role.CONSULTANT]).get(f"/arrangementer/{event.public_id}/").content.decode()
    )
    viewer = client_for(world.users[Role.CASEWORKER]).get(f"/arrangementer/{event.public_id}/")
    assert viewer.status_code == 200 and "Hemmelig Deltager" not in viewer.content.decode()
    assert (
        client_for(world.users[Role.CASEWORKER])
        .get(f"/arrangementer/{event.public_id}/fremmoede/")
        .status_code
        == 404
    )


def test_a_user_without_roles_sees_no_events(world, client_for, event):
    assert client_for(world.nobody).get("/arrangementer/").status_code == 404


def test_attendance_is_taken_on_the_day(world, client_for, event):
    signup = signup_register(event=event, name="Ane", email="ane@example.dk")
    client = client_for(world.users[Role.CONSULTANT])
    assert "Ane" in client.get(f"/arrangementer/{event.public_id}/fremmoede/").content.decode()
    client.post(f"/arrangementer/tilmelding/{signup.public_id}/fremmoede/", {"status": "attended"})
    signup.refresh_from_db()
    assert signup.status == SignupStatus.ATTENDED
    assert AuditEvent.objects.filter(event="events.signup.attendance").count() == 1


def test_the_event_list_costs_the_same_queries_for_many_events(world, client_for):
    client = client_for(world.users[Role.CONSULTANT])
    make_event(world.kolding, world.business)
    with CaptureQueriesContext(connection) as few:
        client.get("/arrangementer/")
    for i in range(15):
        e = make_event(world.kolding, world.business, title=f"E{i}", starts_at=event_time(i))
        signup_register(event=e, name="A", email=f"a{i}@example.dk")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/arrangementer/").status_code == 200
    assert len(many) == len(few)


def event_time(i):
    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=10 + i)


def test_agenda_item_that_ends_before_it_starts_is_refused(world, event):
    with pytest.raises(Exception, match="slutte efter"):
        agenda_item_save(
            by=world.users[Role.CONSULTANT], event=event,
            data={"starts": datetime.time(15), "ends": datetime.time(14), "title": "X"},
        )  # fmt: skip
