"""Reads of support cases and the outreach log, scoped through plans.access; counts in SQL."""

import datetime

from django.db.models import Count, Max, Q

from . import access as pa
from .models import CaseStatus, IncubatorStage


def case_list(access, *, status: str = ""):
    cases = (
        pa.cases_visible_to(access)
        .select_related("organisation", "advisor")
        .annotate(contact_count=Count("contacts"), last_contact=Max("contacts__date"))
        .order_by("-opened_on", "-pk")
    )
    return cases.filter(status=status) if status in CaseStatus.values else cases


def cohort(access) -> list[dict]:
    """The incubator: cases with a stage, grouped by stage in the stage order."""
    cases = list(pa.cases_visible_to(access).exclude(stage="").select_related("organisation").order_by("cohort", "pk"))
    return [
        {"stage": label, "cases": [c for c in cases if c.stage == value]} for value, label in IncubatorStage.choices
    ]


def outreach_list(access):
    return pa.outreach_visible_to(access).select_related("organisation", "by").order_by("-date", "-pk")


def overdue(access, today: datetime.date):
    return outreach_list(access).filter(follow_up_on__lt=today, followed_up=False).order_by("follow_up_on")


def campaigns(access):
    """Per campaign: contacts made and distinct organisations reached, in one query."""
    return (
        pa.outreach_visible_to(access)
        .exclude(campaign="")
        .values("campaign")
        .annotate(
            contacts=Count("pk"),
            organisations=Count("organisation", distinct=True),
            open_follow_ups=Count("pk", filter=Q(follow_up_on__isnull=False, followed_up=False)),
            first=Max("date"),
        )
        .order_by("campaign")
    )
