"""The rimelighedskrav capacity of host companies from the database: the latest staffing figures
(registry.Staffing), the live placements registered in pathways, and the open slots' places not
yet filled by a confirmed matching. Three queries for any number of companies."""

import datetime

from django.db.models import Count, Q

from pathways.models import Placement
from registry.models import Staffing

from .models import MatchPair, PairState, PlacementSlot, RunStatus, SlotStatus
from .rules import SlotCapacity, slot_capacity


def filled_by_slot(slot_ids) -> dict[int, int]:
    """Places of each slot taken by confirmed matchings."""
    rows = (
        MatchPair.objects.filter(slot_id__in=list(slot_ids), run__status=RunStatus.CONFIRMED)
        .exclude(state__in=[PairState.REJECTED, PairState.UNMATCHED])
        .values("slot_id").annotate(n=Count("pk")).values_list("slot_id", "n")
    )
    return dict(rows)


def capacities(company_ids, *, on: datetime.date, exclude_slot: int | None = None) -> dict[int, SlotCapacity]:
    ids = list(company_ids)
    staffing: dict[int, Staffing] = {}
    for row in Staffing.objects.filter(organisation_id__in=ids, year__lte=on.year).order_by("organisation_id", "-year"):
        staffing.setdefault(row.organisation_id, row)
    live = dict(
        Placement.objects.filter(company_id__in=ids, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values("company_id").annotate(n=Count("pk")).values_list("company_id", "n")
    )
    open_slots = list(
        PlacementSlot.objects.filter(company_id__in=ids, status=SlotStatus.OPEN)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .exclude(pk=exclude_slot).values_list("pk", "company_id", "places")
    )
    filled = filled_by_slot(pk for pk, _c, _p in open_slots)
    offered: dict[int, int] = {}
    for pk, company_id, places in open_slots:
        offered[company_id] = offered.get(company_id, 0) + max(0, places - filled.get(pk, 0))
    out = {}
    for company_id in ids:
        s = staffing.get(company_id)
        out[company_id] = slot_capacity(
            ordinary=s.ordinary if s else 0,
            reported=(s.wage_subsidy + s.interns) if s else 0,
            live=live.get(company_id, 0),
            offered=offered.get(company_id, 0),
        )
    return out


def capacity_of(company_id: int, *, on: datetime.date, exclude_slot: int | None = None) -> SlotCapacity:
    return capacities([company_id], on=on, exclude_slot=exclude_slot)[company_id]
