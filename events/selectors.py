"""Reads for event pages and the API, scoped through events/access.py; counts are SQL
aggregates, so a list costs the same number of queries whatever its length."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from . import access as ea
from .models import SEATED, AgendaItem, Event, MailingList, Signup, SignupStatus, Speaker, SubscriptionStatus


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        n_seated=Count("signups", filter=Q(signups__status__in=SEATED)),
        n_waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
        n_attended=Count("signups", filter=Q(signups__status=SignupStatus.ATTENDED)),
    )


def event_list(access, *, upcoming: bool | None = None) -> QuerySet[Event]:
    events = ea.events_visible_to(access).select_related("organiser", "municipality", "series")
    if upcoming is True:
        events = events.filter(ends_at__gte=timezone.now())
    elif upcoming is False:
        events = events.filter(ends_at__lt=timezone.now()).order_by("-starts_at")
    return with_counts(events)


def agenda_of(event: Event) -> list[AgendaItem]:
    return list(
        event.agenda.prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("organisation"))
        )
    )


def event_counts(event: Event) -> dict:
    counts = Signup.objects.filter(event=event).aggregate(
        seated=Count("pk", filter=Q(status__in=SEATED)),
        waiting=Count("pk", filter=Q(status=SignupStatus.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=SignupStatus.CANCELLED)),
        attended=Count("pk", filter=Q(status=SignupStatus.ATTENDED)),
        no_show=Count("pk", filter=Q(status=SignupStatus.NO_SHOW)),
        promoted=Count("pk", filter=Q(promoted_at__isnull=False)),
    )
    counts["free"] = None if event.capacity is None else max(event.capacity - counts["seated"], 0)
    return counts


def participants(event: Event) -> QuerySet[Signup]:
    """For organisers only (events.access.can_edit): names and addresses of the registrants."""
    return event.signups.select_related("organisation", "workshop_group").order_by(
        "status", "created_at", "pk"
    )


def public_events(*, municipality=None, series=None, organiser=None) -> QuerySet[Event]:
    """What the public sees: published events only."""
    events = Event.objects.filter(published=True).select_related("organiser", "municipality")
    if municipality is not None:
        events = events.filter(municipality=municipality)
    if series is not None:
        events = events.filter(series=series)
    if organiser is not None:
        events = events.filter(organiser=organiser)
    return events


def series_participation(series) -> list[dict]:
    """Who keeps coming: per organisation, the meetings of the series attended (one query)."""
    n_events = series.events.count()
    rows = (
        Signup.objects.filter(event__series=series, status=SignupStatus.ATTENDED)
        .values("organisation__name", "organisation_name")
        .annotate(meetings=Count("event", distinct=True), people=Count("email", distinct=True))
        .order_by("-meetings", "organisation__name", "organisation_name")
    )
    return [
        {
            "name": r["organisation__name"] or r["organisation_name"] or "–",
            "meetings": r["meetings"],
            "people": r["people"],
            "every_meeting": r["meetings"] == n_events,
        }
        for r in rows
    ]


def list_overview(access) -> QuerySet[MailingList]:
    return (
        ea.lists_visible_to(access)
        .select_related("owner")
        .annotate(
            n_confirmed=Count("subscriptions", filter=Q(subscriptions__status=SubscriptionStatus.CONFIRMED)),
            n_pending=Count("subscriptions", filter=Q(subscriptions__status=SubscriptionStatus.PENDING)),
        )
    )
