"""Social value bought: for every awarded contract of a municipality, per calendar year of the
contract, what the supplier's recorded rows say: the contract's kroner that fall in the year,
the supplier's jobs on special terms (registry staffing of that year) and their estimated
hours, and the placements and citizens from pathways placed with the supplier during the
contract. Nothing is typed in; every figure comes from Award, Staffing and Placement rows.
Three queries whatever the number of contracts (docs/market.md has the definitions)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from pathways.models import Placement
from registry.models import Staffing

from .models import Award

FULL_TIME_HOURS = Decimal("1924")  # 37 hours × 52 weeks: one special-terms job for a whole year
ONE_YEAR = datetime.timedelta(days=365)


@dataclass
class YearRow:
    year: int
    posting: str
    supplier: str
    contract_kroner: Decimal
    special_jobs: int | None  # from the supplier's staffing row of the year (None: not recorded)
    special_hours: Decimal | None
    placements: int
    placement_weeks: Decimal
    citizens: int


def contract_period(award: Award) -> tuple[datetime.date, datetime.date]:
    """The posting's contract period; without one, a year from the award."""
    start = award.posting.contract_start or award.awarded_at.date()
    return start, award.posting.contract_end or (start + ONE_YEAR - datetime.timedelta(days=1))


def _overlap(a_start, a_end, b_start, b_end) -> int:
    """Days two closed date ranges share (0 when apart)."""
    return max(0, (min(a_end, b_end) - max(a_start, b_start)).days + 1)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def social_value(municipality_id: int) -> list[YearRow]:
    awards = list(
        Award.objects.filter(posting__municipality_id=municipality_id)
        .select_related("posting", "bid__bidder")
        .order_by("posting__contract_start", "pk")
    )
    suppliers = {a.bid.bidder_id for a in awards}
    staffing = {
        (s.organisation_id, s.year): s for s in Staffing.objects.filter(organisation_id__in=suppliers)
    }
    periods = {a.pk: contract_period(a) for a in awards}
    first = min((p[0] for p in periods.values()), default=None)
    placements = defaultdict(list)
    if first:
        rows = Placement.objects.filter(company_id__in=suppliers).filter(Q(end__isnull=True) | Q(end__gte=first))
        for company_id, start, end, citizen_id in rows.values_list("company_id", "start", "end", "enrolment__citizen_id"):
            placements[company_id].append((start, end, citizen_id))
    today = datetime.date.today()
    result = []
    for award in awards:
        start, end = periods[award.pk]
        days = (end - start).days + 1
        for year in range(start.year, end.year + 1):
            y_start, y_end = max(start, datetime.date(year, 1, 1)), min(end, datetime.date(year, 12, 31))
            in_year = (y_end - y_start).days + 1
            row = staffing.get((award.bid.bidder_id, year))
            jobs = row.special_total if row else None
            hours = _cents(jobs * FULL_TIME_HOURS * in_year / Decimal(366 if year % 4 == 0 else 365)) if row else None
            placed = [
                (p_start, p_end or today, citizen)
                for p_start, p_end, citizen in placements[award.bid.bidder_id]
                if _overlap(p_start, p_end or today, y_start, y_end)
            ]
            weeks = sum((Decimal(_overlap(s, e, y_start, y_end)) for s, e, _c in placed), Decimal(0)) / 7
            result.append(YearRow(
                year=year, posting=award.posting.title, supplier=award.bid.bidder.name,
                contract_kroner=_cents(award.bid.price * in_year / days), special_jobs=jobs, special_hours=hours,
                placements=len(placed), placement_weeks=weeks.quantize(Decimal("0.1")), citizens=len({c for _s, _e, c in placed}),
            ))  # fmt: skip
    return sorted(result, key=lambda r: (r.year, r.posting, r.supplier))


def totals_by_year(rows: list[YearRow]) -> list[dict]:
    years: dict[int, dict] = {}
    for r in rows:
        t = years.setdefault(r.year, {"year": r.year, "contract_kroner": Decimal(0), "special_jobs": 0,
                                      "special_hours": Decimal(0), "placements": 0, "citizens": 0})  # fmt: skip
        t["contract_kroner"] += r.contract_kroner
        t["special_jobs"] += r.special_jobs or 0
        t["special_hours"] += r.special_hours or 0
        t["placements"] += r.placements
        t["citizens"] += r.citizens
    return [years[y] for y in sorted(years)]
