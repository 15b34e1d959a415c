"""The partnership's overview: per cluster and municipality the placement target against the
places offered in open slots and the places filled by confirmed matchings, and the fill rate per
host company. Aggregated in SQL: four queries whatever the size of the partnership."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from .models import PairState, PlacementSlot, RunStatus, SlotStatus


@dataclass(frozen=True)
class Row:
    label: str
    target: int
    offered: int
    filled: int

    @property
    def fill_rate(self) -> Decimal | None:
        """Filled ÷ offered (a share, 0–1), None with nothing offered."""
        if not self.offered:
            return None
        return (Decimal(self.filled) / Decimal(self.offered)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _filled_filter() -> Q:
    return Q(
        pairs__run__status=RunStatus.CONFIRMED,
        pairs__state__in=[PairState.PROPOSED, PairState.LOCKED],
    )


def overview_of(partnership) -> dict:
    slots = PlacementSlot.objects.filter(partnership=partnership).exclude(status=SlotStatus.DRAFT)
    by_municipality = {
        row["company__municipality_id"]: row
        for row in slots.values("company__municipality_id").annotate(
            offered=Sum("places", filter=Q(status=SlotStatus.OPEN)),
        )
    }
    filled_by_municipality = dict(
        slots.filter(_filled_filter()).values("company__municipality_id").annotate(n=Count("pairs"))
        .values_list("company__municipality_id", "n")
    )
    rows: list[tuple[str, Row]] = []
    for target in partnership.targets.select_related("municipality").order_by("cluster", "municipality__name"):
        m = target.municipality_id
        rows.append((target.cluster, Row(
            label=target.municipality.name, target=target.places,
            offered=(by_municipality.get(m) or {}).get("offered") or 0, filled=filled_by_municipality.get(m, 0),
        )))  # fmt: skip
    clusters: dict[str, Row] = {}
    for cluster, row in rows:
        old = clusters.get(cluster, Row(cluster, 0, 0, 0))
        clusters[cluster] = Row(cluster, old.target + row.target, old.offered + row.offered, old.filled + row.filled)
    filled_by_company = dict(
        slots.filter(_filled_filter()).values("company_id").annotate(n=Count("pairs")).values_list("company_id", "n")
    )
    companies = [
        Row(label=r["company__name"], target=0, offered=r["offered"] or 0, filled=filled_by_company.get(r["company_id"], 0))
        for r in slots.values("company_id", "company__name").annotate(offered=Sum("places")).order_by("company__name")
    ]
    return {"rows": rows, "clusters": list(clusters.values()), "companies": companies}
