"""Event and network figures for the evaluation page and the API: registrations, attendance
rate (attended ÷ (attended + no-shows), BRIEF.md), no-shows, waiting-list conversions and
the organisations reached by kind. SQL aggregates; mailing opens are not tracked."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from registry.choices import Kind

from . import access as ea
from .models import SEATED, SignupStatus


def rate(attended: int, no_show: int):
    return round(attended / (attended + no_show), 3) if attended + no_show else None  # 0.667 → "66,7 %"


def period_bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time(), tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=tz),
    )


def _figures(qs) -> dict:
    return qs.aggregate(**_counts(""))


def _counts(prefix: str) -> dict:
    p = prefix
    return {
        "registrations": Count(f"{p}pk"),  # every registration received, cancelled ones too
        "seated": Count(f"{p}pk", filter=Q(**{f"{p}status__in": SEATED})),
        "attended": Count(f"{p}pk", filter=Q(**{f"{p}status": SignupStatus.ATTENDED})),
        "no_show": Count(f"{p}pk", filter=Q(**{f"{p}status": SignupStatus.NO_SHOW})),
        "waiting": Count(f"{p}pk", filter=Q(**{f"{p}status": SignupStatus.WAITLISTED})),
        "promoted": Count(f"{p}pk", filter=Q(**{f"{p}promoted_at__isnull": False})),
        "cancelled": Count(f"{p}pk", filter=Q(**{f"{p}status": SignupStatus.CANCELLED})),
    }


def evaluation(access, start: datetime.date, end: datetime.date) -> dict:
    """The figures of the events the user sees that start in [start, end]: per event, in
    total, per series, and organisations reached by kind (four queries)."""
    from .models import Signup

    lo, hi = period_bounds(start, end)
    events = ea.events_visible_to(access).filter(starts_at__gte=lo, starts_at__lt=hi)
    per_event = list(events.select_related("series").annotate(**_counts("signups__")).order_by("starts_at"))
    for e in per_event:
        e.rate = rate(e.attended, e.no_show)
    signups = Signup.objects.filter(event__in=events)
    total = _figures(signups)
    total["rate"] = rate(total["attended"], total["no_show"])
    total["events"] = len(per_event)
    labels = dict(Kind.choices)
    by_kind = [
        {
            "code": r["organisation__kind"],
            "kind": labels.get(r["organisation__kind"]),
            "organisations": r["n"],
        }
        for r in signups.filter(status=SignupStatus.ATTENDED, organisation__isnull=False)
        .values("organisation__kind")
        .annotate(n=Count("organisation", distinct=True))
        .order_by("-n", "organisation__kind")
    ]
    series = list(
        signups.filter(event__series__isnull=False)
        .values("event__series__name")
        .annotate(meetings=Count("event", distinct=True), **_counts(""))
        .order_by("event__series__name")
    )
    for s in series:
        s["rate"] = rate(s["attended"], s["no_show"])
    return {"events": per_event, "total": total, "by_kind": by_kind, "series": series}
