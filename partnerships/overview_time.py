"""The partnership's overview over time: per cluster and municipality, at the end of each of the
last months (the last point is today), the placement target, the places on offer that day and
the places filled that day. Aggregated in SQL with one conditional sum per date: three queries
whatever the number of slots, pairs or dates.

- *target*: the cluster target of the municipality (targets carry no dates: the same every month);
- *offered* on day d: places of slots taken out of draft and created by d whose period covers d
  (start ≤ d, no end or end ≥ d);
- *filled* on day d: pairs of matching runs confirmed by d (not rejected) whose slot covers d.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import MatchPair, PairState, PlacementSlot, RunStatus, SlotStatus

MONTHS = 6


@dataclass(frozen=True)
class Point:
    on: datetime.date
    target: int
    offered: int
    filled: int


@dataclass(frozen=True)
class Series:
    cluster: str
    label: str  # the municipality's name, or the cluster's for its total
    points: list[Point]


def dates_until(
    today: datetime.date, start: datetime.date | None, months: int = MONTHS
) -> list[datetime.date]:
    """The last day of each of the `months − 1` months before today's, then today; none before
    the month the partnership started (at least today)."""
    dates = [today]
    first = today.replace(day=1)
    for _ in range(months - 1):
        first_of_previous = (first - datetime.timedelta(days=1)).replace(day=1)
        month_end = first - datetime.timedelta(days=1)
        if start and month_end < start.replace(day=1):
            break
        dates.insert(0, month_end)
        first = first_of_previous
    return dates


def _covers(prefix: str, on: datetime.date) -> Q:
    return Q(**{f"{prefix}start__lte": on}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
    )


def history_of(partnership, *, today: datetime.date | None = None) -> dict:
    """{"dates": [...], "clusters": [{"total": Series, "municipalities": [Series], "table": [(date,
    [(municipality, Point)], total Point)]}]}: the table is the same numbers by date, newest first."""
    dates = dates_until(today or timezone.localdate(), partnership.start)
    offered = {
        row["company__municipality_id"]: row
        for row in PlacementSlot.objects.filter(partnership=partnership)
        .exclude(status=SlotStatus.DRAFT)
        .values("company__municipality_id")
        .annotate(
            **{
                f"d{k}": Sum("places", filter=_covers("", on) & Q(created_at__date__lte=on), default=0)
                for k, on in enumerate(dates)
            }
        )
    }
    filled = {
        row["slot__company__municipality_id"]: row
        for row in MatchPair.objects.filter(
            run__partnership=partnership, run__status=RunStatus.CONFIRMED,
            state__in=[PairState.PROPOSED, PairState.LOCKED], slot__isnull=False,
        )
        .values("slot__company__municipality_id")
        .annotate(**{
            f"d{k}": Count("id", filter=_covers("slot__", on) & Q(run__confirmed_at__date__lte=on))
            for k, on in enumerate(dates)
        })
    }  # fmt: skip
    by_cluster: dict[str, list[Series]] = {}
    for target in partnership.targets.select_related("municipality").order_by(
        "cluster", "municipality__name"
    ):
        m = target.municipality_id
        points = [
            Point(
                on,
                target.places,
                (offered.get(m) or {}).get(f"d{k}") or 0,
                (filled.get(m) or {}).get(f"d{k}") or 0,
            )
            for k, on in enumerate(dates)
        ]
        by_cluster.setdefault(target.cluster, []).append(
            Series(target.cluster, target.municipality.name, points)
        )
    clusters = []
    for cluster, rows in by_cluster.items():
        total = [
            Point(on, *(sum(getattr(r.points[k], f) for r in rows) for f in ("target", "offered", "filled")))
            for k, on in enumerate(dates)
        ]
        table = [(on, [(r.label, r.points[k]) for r in rows], total[k]) for k, on in enumerate(dates)]
        clusters.append({"total": Series(cluster, cluster, total), "municipalities": rows, "table": table[::-1]})
    return {"dates": dates, "clusters": clusters}
