"""Mailing lists: double opt-in (an unconfirmed address is never mailed), one-click
unsubscribe with the List-Unsubscribe headers (an unsubscribed address is never mailed),
consent with time and source, the weekly programme built from next week's events, and the
background send with a status per recipient."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from core import calendar
from events.models import Delivery, DeliveryStatus, Mailing, MailingStatus, Subscription, SubscriptionStatus
from events.services_mailing import mailing_save, mailing_send, mailing_weekly_draft, subscription_request
from events.testing import at, make_event, make_list, subscribe


@pytest.fixture
def network(world):
    return make_list(world.kolding, world.provider, name="Netværk for ledige")


def link_in(body: str) -> str:
    return re.search(r"http://testserver(/\S+)", body).group(1)


def test_double_opt_in_mails_a_link_and_confirms_only_on_post(
    client, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/arrangementer/offentlig/liste/{network.public_id}/",
            {"email": "Ole@Example.dk", "name": "Ole", "consent": "on"},
        )
    assert "Du får først mails fra listen, når du har bekræftet" in response.content.decode()
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.status) == ("ole@example.dk", SubscriptionStatus.PENDING)
    assert subscription.consent_source == "Tilmeldt på listens offentlige side" and subscription.consent_at
    url = link_in(mail.outbox[0].body)
    client.get(url)  # a mail scanner following the link confirms nothing
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert "Du er nu tilmeldt" in client.post(url).content.decode()
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED


def test_subscribing_needs_consent_and_a_valid_address(client, network):
    response = client.post(f"/arrangementer/offentlig/liste/{network.public_id}/", {"email": "ole@"})
    page = response.content.decode()
    assert "Sæt kryds for at give samtykke" in page
    response = client.post(
        f"/arrangementer/offentlig/liste/{network.public_id}/", {"email": "ole@", "consent": "on"}
    )
    assert "Skriv en gyldig e-mailadresse" in response.content.decode()
    assert not Subscription.objects.exists()


def test_unconfirmed_and_unsubscribed_addresses_are_never_in_a_send(world, network):
    subscribe(network, "ja@example.dk")
    subscribe(network, "ubekraeftet@example.dk", status=SubscriptionStatus.PENDING)
    subscribe(network, "afmeldt@example.dk", status=SubscriptionStatus.UNSUBSCRIBED)
    user = world.users[Role.PROVIDER]
    mailing = mailing_save(by=user, mailing_list=network, data={"subject": "Ugens program", "body": "Hej"})
    mailing = mailing_send(by=user, mailing=mailing, base_url="http://testserver/")
    assert [m.to for m in mail.outbox] == [["ja@example.dk"]]
    assert mailing.status == MailingStatus.SENT and mailing.job.status == "done"
    assert list(Delivery.objects.values_list("subscription__email", "status")) == [
        ("ja@example.dk", DeliveryStatus.SENT)
    ]


def test_every_mailing_carries_one_click_unsubscribe_headers_that_work(client, world, network):
    subscribe(network, "ja@example.dk")
    user = world.users[Role.PROVIDER]
    mailing_send(by=user, mailing=mailing_save(by=user, mailing_list=network, data={"subject": "S", "body": "B"}),
                 base_url="http://testserver/")  # fmt: skip
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<http://testserver(/\S+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert url in message.body
    # the mail client's one-click POST: no CSRF token, no cookie
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.get().status == SubscriptionStatus.UNSUBSCRIBED
    mail.outbox.clear()
    mailing_send(by=user, mailing=mailing_save(by=user, mailing_list=network, data={"subject": "S2", "body": "B"}),
                 base_url="http://testserver/")  # fmt: skip
    assert mail.outbox == []


def test_a_wrong_confirmation_or_unsubscribe_link_says_so(client, db):
    for path in (
        "/arrangementer/offentlig/liste/bekraeft/forkert/",
        "/arrangementer/offentlig/liste/afmeld/forkert/",
    ):
        response = client.post(path)
        assert response.status_code == 404 and "Linket er ugyldigt" in response.content.decode()


def test_an_unsubscribed_address_that_unsubscribed_while_sending_is_skipped(world, network, monkeypatch):
    first = subscribe(network, "a@example.dk")
    subscribe(network, "b@example.dk")
    user = world.users[Role.PROVIDER]
    mailing = mailing_save(by=user, mailing_list=network, data={"subject": "S", "body": "B"})
    from events import tasks

    original = tasks.emails.mailing_message

    def unsubscribe_the_other(mailing, subscription, **kw):
        Subscription.objects.exclude(pk=first.pk).update(status=SubscriptionStatus.UNSUBSCRIBED)
        return original(mailing, subscription, **kw)

    monkeypatch.setattr(tasks.emails, "mailing_message", unsubscribe_the_other)
    mailing_send(by=user, mailing=mailing, base_url="http://testserver/")
    statuses = dict(Delivery.objects.values_list("subscription__email", "status"))
    assert statuses == {"a@example.dk": DeliveryStatus.SENT, "b@example.dk": DeliveryStatus.SKIPPED}


def test_the_weekly_programme_lists_next_weeks_events_of_the_network(world, network):
    monday = datetime.date(2026, 12, 7)
    make_event(
        world.kolding,
        world.provider,
        title="Jobcafé",
        starts_at=at(2026, 12, 8, 10),
        ends_at=at(2026, 12, 8, 12),
    )
    make_event(
        world.kolding,
        world.provider,
        title="Gåtur",
        starts_at=at(2026, 12, 10, 9),
        ends_at=at(2026, 12, 10, 10),
    )
    make_event(
        world.kolding,
        world.provider,
        title="Ugen efter",
        starts_at=at(2026, 12, 15, 9),
        ends_at=at(2026, 12, 15, 10),
    )
    make_event(
        world.kolding,
        world.business,
        title="Andres",
        starts_at=at(2026, 12, 9, 9),
        ends_at=at(2026, 12, 9, 10),
    )
    mailing = mailing_weekly_draft(by=world.users[Role.PROVIDER], mailing_list=network, monday=monday)
    assert mailing.subject == f"Ugens program – {calendar.week_label(monday)}"
    assert mailing.body.index("Jobcafé") < mailing.body.index("Gåtur")
    assert "tirsdag 8. december 10.00–12.00: Jobcafé" in mailing.body
    assert "Ugen efter" not in mailing.body and "Andres" not in mailing.body
    assert mailing.status == MailingStatus.DRAFT and mailing.week == monday


def test_a_scheduled_mailing_waits_for_its_time(world, network):
    from django.core.management import call_command

    subscribe(network, "a@example.dk")
    user = world.users[Role.PROVIDER]
    later = timezone.now() + datetime.timedelta(hours=1)
    mailing = mailing_save(
        by=user, mailing_list=network, data={"subject": "S", "body": "B", "scheduled_for": later}
    )
    assert (
        mailing_send(by=user, mailing=mailing, base_url="http://testserver/").status
        == MailingStatus.SCHEDULED
    )
    call_command("send_scheduled_mailings", stdout=io.StringIO())
    assert mail.outbox == []
    Mailing.objects.filter(pk=mailing.pk).update(scheduled_for=timezone.now() - datetime.timedelta(minutes=1))
    call_command("send_scheduled_mailings", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and Mailing.objects.get().status == MailingStatus.SENT


def test_the_job_centre_offers_the_network_to_a_citizen_who_consented(
    world, client_for, network, django_capture_on_commit_callbacks
):
    client = client_for(world.users[Role.CASEWORKER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/arrangementer/lister/{network.public_id}/inviter/", {"email": "ny@example.dk", "consent": "on"}
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (
        subscription.status == SubscriptionStatus.PENDING
        and "med borgerens samtykke" in subscription.consent_source
    )
    assert mail.outbox[0].to == ["ny@example.dk"]


def test_only_the_lists_editors_see_subscribers_and_send(world, client_for, network):
    subscribe(network, "hemmelig@example.dk")
    page = (
        client_for(world.users[Role.PROVIDER])
        .get(f"/arrangementer/lister/{network.public_id}/")
        .content.decode()
    )
    assert "hemmelig@example.dk" in page
    viewer = client_for(world.users[Role.CASEWORKER]).get(f"/arrangementer/lister/{network.public_id}/")
    assert viewer.status_code == 200 and "hemmelig@example.dk" not in viewer.content.decode()
    assert (
        client_for(world.users[Role.CASEWORKER])
        .post(f"/arrangementer/lister/{network.public_id}/ugeprogram/")
        .status_code
        == 404
    )
    assert (
        client_for(world.outsiders[Role.CONSULTANT])
        .get(f"/arrangementer/lister/{network.public_id}/")
        .status_code
        == 404
    )


def test_a_facilitator_drafts_and_sends_the_weekly_programme_from_the_pages(world, client_for, network):
    subscribe(network, "a@example.dk")
    client = client_for(world.users[Role.PROVIDER])
    response = client.post(f"/arrangementer/lister/{network.public_id}/ugeprogram/", {"week": "2026-W50"})
    mailing = Mailing.objects.get()
    assert response.url == f"/arrangementer/udsendelser/{mailing.public_id}/"
    client.post(f"/arrangementer/udsendelser/{mailing.public_id}/send/")
    page = client.get(f"/arrangementer/udsendelser/{mailing.public_id}/").content.decode()
    assert "a@example.dk" in page and "Sendt" in page
    assert len(mail.outbox) == 1


def test_subscription_request_for_a_confirmed_address_changes_nothing(network):
    subscribe(network, "a@example.dk")
    subscription_request(
        mailing_list=network, email="A@example.dk", source="x", base_url="http://testserver/"
    )
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED
