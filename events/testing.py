"""Builders for tests, benchmarks and the demo: events, registrations, mailing lists. The one
home of each events builder (CONTRIBUTING.md)."""

import datetime
import zoneinfo

from django.utils import timezone

from .models import Event, EventKind, EventSeries, MailingList, Subscription, SubscriptionStatus

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(year, month, day, hour=0, minute=0) -> datetime.datetime:
    """An aware Copenhagen time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CPH)


def make_event(municipality, organiser, **fields) -> Event:
    """A published seminar in 30 days with room for 10, unless `fields` say otherwise."""
    start = fields.pop("starts_at", None) or timezone.now() + datetime.timedelta(days=30)
    defaults = {
        "kind": EventKind.SEMINAR,
        "title": "Inspirationsseminar",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=3),
        "published": True,
        "capacity": 10,
        "venue": "Kolding Rådhus",
    }
    defaults.update(fields)
    return Event.objects.create(municipality=municipality, organiser=organiser, **defaults)


def make_series(municipality, organiser, name="Netværksmøder") -> EventSeries:
    return EventSeries.objects.create(municipality=municipality, organiser=organiser, name=name)


def make_list(municipality, owner, name="Netværk for ledige", **fields) -> MailingList:
    return MailingList.objects.create(municipality=municipality, owner=owner, name=name, **fields)


def subscribe(mailing_list, email, status=SubscriptionStatus.CONFIRMED, source="test") -> Subscription:
    now = timezone.now()
    return Subscription.objects.create(
        mailing_list=mailing_list, email=email.lower(), status=status, consent_at=now, consent_source=source,
        confirmed_at=now if status == SubscriptionStatus.CONFIRMED else None,
        unsubscribed_at=now if status == SubscriptionStatus.UNSUBSCRIBED else None,
    )  # fmt: skip


def world_events(world) -> dict:
    """Events of the test personas (`world`), keyed by relation to the provider user: organised
    by the provider ("own"), by the business service in Kolding ("same_municipality") and in
    Aarhus ("other_municipality")."""
    return {
        "own": make_event(world.kolding, world.provider, title="Providerens netværksmøde"),
        "same_municipality": make_event(world.kolding, world.business, title="Kommunens seminar"),
        "other_municipality": make_event(world.aarhus, world.aarhus_business, title="Aarhus-seminar"),
    }
