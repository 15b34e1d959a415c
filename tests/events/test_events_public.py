"""The public registration page (no login): published events only, capacity, deadline,
waiting list, a duplicate or invalid address, and the personal cancellation link."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Signup, SignupStatus
from events.services_signups import cancel_url
from events.testing import make_event


@pytest.fixture
def event(world):
    return make_event(world.kolding, world.business, capacity=1)


def register(client, event, email="ane@example.dk", name="Ane Hansen", **extra):
    return client.post(
        f"/arrangementer/offentlig/{event.public_id}/", {"name": name, "email": email, **extra}, follow=True
    )


def test_anyone_can_register_without_logging_in_and_gets_a_mail(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, event, organisation_name="café bro aps")
    assert "Du er tilmeldt" in response.content.decode()
    signup = Signup.objects.get()
    assert signup.status == SignupStatus.REGISTERED and signup.organisation.name == "Café Bro ApS"
    assert mail.outbox[0].to == ["ane@example.dk"]
    assert "/arrangementer/offentlig/afmeld/" in mail.outbox[0].body


def test_the_second_registrant_for_the_last_seat_is_waitlisted_then_promoted(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event)
    response = register(client, event, email="bo@example.dk", name="Bo")
    assert "ventelisten" in response.content.decode()
    first = Signup.objects.get(email="ane@example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_url(first, "http://testserver/"))
    assert Signup.objects.get(email="bo@example.dk").status == SignupStatus.REGISTERED
    assert any("Du har fået en plads" in m.subject for m in mail.outbox)


def test_a_cancellation_link_used_twice_says_so_clearly(client, event):
    register(client, event)
    url = cancel_url(Signup.objects.get(), "http://testserver/")
    assert "Du er nu afmeldt" in client.post(url).content.decode()
    assert "allerede afmeldt" in client.post(url).content.decode()
    assert "allerede afmeldt" in client.get(url).content.decode()


def test_a_wrong_cancellation_link_is_refused_and_nothing_changes(client, event):
    register(client, event)
    url = cancel_url(Signup.objects.get(), "http://testserver/")
    response = client.post(url[:-3] + "xyz/")
    assert response.status_code == 404 and "Linket til afmelding er ugyldigt" in response.content.decode()
    assert Signup.objects.get().status == SignupStatus.REGISTERED


def test_registration_after_the_deadline_is_refused(client, world):
    event = make_event(world.kolding, world.business, deadline=timezone.now() - datetime.timedelta(hours=1))
    response = register(client, event)
    assert "Tilmeldingsfristen er overskredet" in response.content.decode()
    assert not Signup.objects.exists()


def test_an_invalid_email_is_refused_naming_the_field(client, event):
    response = register(client, event, email="ane@")
    assert "E-mail: Skriv en gyldig e-mailadresse" in response.content.decode()
    assert not Signup.objects.exists()


def test_a_duplicate_registration_is_refused_whatever_the_case(client, event):
    register(client, event)
    response = register(client, event, email="ANE@example.dk")
    assert "allerede tilmeldt" in response.content.decode()
    assert Signup.objects.count() == 1


def test_the_public_sees_only_published_events_and_no_participants(client, world, event):
    register(client, event, name="Synlig Ikke")
    page = client.get(f"/arrangementer/offentlig/{event.public_id}/").content.decode()
    assert "Synlig Ikke" not in page
    hidden = make_event(world.kolding, world.business, published=False, title="Intern planlægning")
    assert client.get(f"/arrangementer/offentlig/{hidden.public_id}/").status_code == 404
    assert client.get(f"/arrangementer/offentlig/{hidden.public_id}/kalender.ics").status_code == 404
    listing = client.get("/arrangementer/offentlig/kommune/0621/").content.decode()
    assert event.title in listing and "Intern planlægning" not in listing
    assert client.get(f"/arrangementer/{event.public_id}/").status_code == 302  # staff page: login


def test_raising_the_capacity_promotes_the_waiting_list(world, event):
    from events.services import event_save
    from events.services_signups import signup_register

    signup_register(event=event, name="A", email="a@example.dk")
    waiting = signup_register(event=event, name="B", email="b@example.dk")
    event_save(by=world.users["consultant"], municipality=world.kolding, data={"capacity": 2}, event=event)
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.REGISTERED


def test_a_closed_registration_shows_why_instead_of_the_form(client, world):
    event = make_event(world.kolding, world.business, deadline=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(f"/arrangementer/offentlig/{event.public_id}/").content.decode()
    assert "Tilmeldingsfristen er overskredet." in page and 'name="email"' not in page


def test_a_signed_in_user_who_still_owes_the_second_factor_reaches_the_public_pages(
    world, client_for, event, settings
):
    settings.MFA_REQUIRED = True
    client = client_for(world.users["consultant"])
    assert client.get(f"/arrangementer/offentlig/{event.public_id}/").status_code == 200
    assert client.get("/arrangementer/").status_code == 302  # the staff pages still ask for it
