"""Reads of citizen pathways, scoped through pathways.access, in a constant number of queries."""

import datetime

from django.db.models import F, OrderBy, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.access import Access

from . import access as pa
from . import citizen_page, rules
from .models import (
    OPEN_ENROLMENT,
    OPEN_REFERRAL,
    Citizen,
    CitizenStatus,
    Referral,
    ReferralStatus,
)


def caseload(access: Access, params: dict) -> QuerySet[Citizen]:
    """Citizens with a referral awaiting an answer or an open enrolment, with both prefetched."""
    referrals = pa.referrals_visible_to(access).filter(status__in=OPEN_REFERRAL)
    enrolments = pa.enrolments_visible_to(access).open()
    qs = pa.caseload_citizens(access, *_open_statuses(params.get("status")))
    qs = qs.alias(**_sort_dates(params.get("sort"), referrals, enrolments))
    if params.get("q"):
        qs = qs.filter(name__icontains=params["q"].strip())
    if params.get("mine"):
        qs = qs.filter(caseworker=access.user)
    return (
        qs.select_related("caseworker")
        .prefetch_related(
            Prefetch("referrals", queryset=referrals.select_related("programme", "team"), to_attr="open_referrals"),
            Prefetch(
                "enrolments",
                queryset=enrolments.select_related("programme", "team"),
                to_attr="open_enrolments",
            ),
        )
        .order_by(*caseload_order(params.get("sort")))
    )


def _open_statuses(status: str | None) -> tuple[tuple, tuple]:
    """The referral and the enrolment statuses that put a citizen in the caseload, by the status
    filter ("sent" means awaiting an answer: sent or on the waiting list)."""
    if status == ReferralStatus.SENT:
        return OPEN_REFERRAL, ()
    if status in OPEN_ENROLMENT:
        return (), (status,)
    return OPEN_REFERRAL, OPEN_ENROLMENT


def _sort_dates(sort: str | None, referrals: QuerySet, enrolments: QuerySet) -> dict:
    """The first open referral's or enrolment's date, only when the sort orders by it: the
    count and the other sorts then neither build nor compute these subqueries."""
    key = (sort or "").lstrip("-")
    if key == "referred":
        first = referrals.filter(citizen_id=OuterRef("pk")).order_by("created_at").values("created_at")
        return {"first_referral": Subquery(first[:1])}
    if key == "start":
        first = enrolments.filter(citizen_id=OuterRef("pk")).order_by("start_date").values("start_date")
        return {"first_start": Subquery(first[:1])}
    return {}


# The caseload's sortable columns: sort key → ordering (ties by name, then id).
CASELOAD_SORTS = {
    "name": [F("name").asc()],
    "caseworker": [F("caseworker__first_name").asc(nulls_last=True), F("caseworker__last_name").asc(nulls_last=True)],
    "referred": [F("first_referral").asc(nulls_last=True)],
    "start": [F("first_start").asc(nulls_last=True)],
}


def caseload_order(sort: str | None) -> list:
    """The ORDER BY of a sort key ("-key": descending, empty values last either way)."""
    key = (sort or "name").lstrip("-")
    if key not in CASELOAD_SORTS:
        key, sort = "name", "name"
    terms = CASELOAD_SORTS[key]
    if (sort or "").startswith("-"):
        # Not reverse_ordering(): it would swap NULLS LAST for NULLS FIRST.
        terms = [OrderBy(t.expression, descending=True, nulls_last=True) for t in terms]
    return [*terms, "name", "pk"]


def citizen_detail_context(access: Access, citizen: Citizen) -> dict:
    """Status history, referrals and enrolments (with due dates and pauses) the user may see,
    through plain SQL (pathways.citizen_page)."""
    statuses = citizen_page.statuses(citizen)
    return {
        "statuses": statuses,
        "referrals": citizen_page.referrals(access, citizen),
        "enrolments": citizen_page.enrolments(access, citizen),
        **status_summary(statuses),
    }


def status_summary(statuses: list[CitizenStatus], on: datetime.date | None = None) -> dict:
    """The current status (the open one) and the whole weeks on public support up to `on`
    (default today), derived from the dated history."""
    on = on or timezone.localdate()
    spells = rules.support_spells((s.valid_from, s.valid_to, s.benefit.code if s.benefit else None) for s in statuses)
    current = next((s for s in statuses if s.valid_from <= on and (s.valid_to is None or s.valid_to >= on)), None)
    return {"current_status": current, "weeks_on_support": rules.weeks_on_support(spells, on),
            "on_support": rules.is_public_support(current.benefit.code if current and current.benefit else None)}


def inbox(access: Access, status: str = ReferralStatus.SENT) -> QuerySet[Referral]:
    """Referrals to the programmes the user runs (sent and accepted ones only)."""
    qs = pa.referrals_to_run(access)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("citizen", "programme", "referred_by", "team")
        .defer("decline_reason")  # encrypted, and never shown in the inbox
        .order_by("waiting_position", "created_at", "pk")
    )
