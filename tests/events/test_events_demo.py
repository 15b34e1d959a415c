"""The events demo reads like seeds 000, 003 and 004, reloads identically, and its pages open."""

import pytest

from accounts.models import User
from demo.seed import seed_demo
from events.models import (
    Event,
    EventSeries,
    Mailing,
    MailingStatus,
    Signup,
    SignupStatus,
    Subscription,
    Volunteer,
)


def _snapshot():
    return (
        Event.objects.count(),
        sorted(Signup.objects.values_list("email", "status")),
        Subscription.objects.count(),
        list(Mailing.objects.order_by("pk").values_list("subject", "status")),
    )


@pytest.mark.django_db
def test_the_demo_has_the_seeds_events_and_reloads_identically(client_for):
    seed_demo()
    first = _snapshot()
    seed_demo()
    assert _snapshot()[:3] == first[:3]
    seminar = Event.objects.get(title__startswith="Socialøkonomi og jobskabelse")
    assert (
        seminar.stands.count() == 5 and seminar.workshop_groups.count() == 3 and seminar.agenda.count() == 8
    )
    series = EventSeries.objects.get(name__startswith="Netværksmøder")
    third = series.events.order_by("starts_at").last()
    assert third.signups.filter(status=SignupStatus.ATTENDED).count() == 42
    assert third.agenda.exclude(minutes="").count() == 7
    network = Subscription.objects.filter(mailing_list__name="Ledige med Drive")
    assert network.count() == 257
    assert Mailing.objects.filter(status=MailingStatus.SENT, deliveries__isnull=False).distinct().count() == 1
    assert Volunteer.objects.count() == 14
    consultant = User.objects.filter(
        memberships__role="consultant", memberships__organisation__municipality__code="0621"
    ).first()
    client = client_for(consultant)
    for path in ("/arrangementer/", f"/arrangementer/{seminar.public_id}/", f"/arrangementer/serier/{series.public_id}/",
                 "/arrangementer/evaluering/?start=2025-06-01&end=2026-05-31", "/arrangementer/lister/"):  # fmt: skip
        assert client.get(path).status_code == 200, path
