"""Reads for the partnership pages and API, scoped through partnerships.access; aggregates in
SQL so a list costs the same few queries whatever its length."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from . import access as pa
from .models import MemberRole, PartnershipMember, PlacementSlot, PlacementTarget, RequestStatus, SlotStatus


def _sum_of(queryset, field: str):
    """A correlated SUM that does not multiply with other joins of the outer query."""
    return Coalesce(
        Subquery(queryset.values("partnership").annotate(total=Sum(field)).values("total")[:1],
                 output_field=IntegerField()),
        0,
    )


def partnership_list(access):
    spoc = PartnershipMember.objects.filter(partnership=OuterRef("pk"), role=MemberRole.SINGLE_POINT)
    return (
        pa.partnerships_visible_to(access)
        .select_related("municipality")
        .annotate(
            n_members=Count("memberships", distinct=True),
            spoc_name=Subquery(spoc.values("organisation__name")[:1]),
            target_places=_sum_of(PlacementTarget.objects.filter(partnership=OuterRef("pk")), "places"),
            offered_places=_sum_of(
                PlacementSlot.objects.filter(partnership=OuterRef("pk"), status=SlotStatus.OPEN), "places"
            ),
        )
        .order_by("-start", "name")
    )


def members_of(partnership):
    return partnership.memberships.select_related("organisation").order_by("role", "organisation__name")


def targets_of(partnership):
    """The cluster table: rows per municipality with the cluster totals after each cluster."""
    rows = list(partnership.targets.select_related("municipality").order_by("cluster", "municipality__name"))
    clusters: dict[str, int] = {}
    for row in rows:
        clusters[row.cluster] = clusters.get(row.cluster, 0) + row.places
    return rows, clusters


def slots_of(access, partnership):
    return (
        pa.slots_visible_to(access).filter(partnership=partnership)
        .select_related("company", "phase").order_by("status", "start", "title")
    )


def inbox_requests(access):
    """Open requests the user answers: as (staff of) a single point of contact, or with
    PARTNERSHIP_EDIT; never a company's own requests. The inbox page and the home page's queue."""
    return (
        pa.requests_visible_to(access)
        .exclude(company_id__in=pa.companies_requesting(access))
        .filter(status=RequestStatus.OPEN)
    )


def own_requests(access):
    """A company contact's own requests (every status)."""
    return pa.requests_visible_to(access).filter(company_id__in=pa.companies_requesting(access))
