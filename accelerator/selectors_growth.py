"""Company growth over time against the baseline (the year before the cohort starts) and
against the cohort: turnover and citizens hired from CompanyGrowth, employees and employees on
special terms straight from registry.Staffing. A constant number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F

from registry.models import Staffing

from . import rules
from .models import AcceleratorCohort, CompanyGrowth, Participant

SPECIAL = F("fleksjob") + F("skaanejob") + F("wage_subsidy") + F("other_special")


@dataclass
class YearFigures:
    year: int
    turnover: Decimal | None = None
    employees: int | None = None
    special: int | None = None
    citizens_hired: int = 0
    change: Decimal | None = None  # turnover against the baseline year


@dataclass
class CompanyGrowthSummary:
    participant: Participant
    years: list[YearFigures] = field(default_factory=list)
    baseline_year: int = 0

    def __post_init__(self) -> None:
        base = self.baseline
        for y in self.years:
            if base and y.year > self.baseline_year:
                y.change = rules.growth_percent(y.turnover, base.turnover)

    def _at(self, year: int | None) -> YearFigures | None:
        return next((y for y in self.years if y.year == year), None)

    @property
    def baseline(self) -> YearFigures | None:
        return self._at(self.baseline_year)

    @property
    def latest(self) -> YearFigures | None:
        later = [y for y in self.years if y.year > self.baseline_year and y.turnover is not None]
        return later[-1] if later else None

    @property
    def turnover_growth(self) -> Decimal | None:
        base, last = self.baseline, self.latest
        return rules.growth_percent(last.turnover, base.turnover) if base and last else None

    @property
    def citizens_hired(self) -> int:
        return sum(y.citizens_hired for y in self.years if y.year > self.baseline_year)


def baseline_year(cohort: AcceleratorCohort) -> int:
    """The last full year before the cohort starts."""
    return cohort.start.year - 1


def _figures(organisation_ids, first_year: int) -> dict[int, dict[int, YearFigures]]:
    """{organisation id: {year: figures}} from two queries (growth, staffing)."""
    found: dict[int, dict[int, YearFigures]] = {}

    def at(org: int, year: int) -> YearFigures:
        return found.setdefault(org, {}).setdefault(year, YearFigures(year=year))

    growth = CompanyGrowth.objects.filter(organisation_id__in=organisation_ids, year__gte=first_year)
    for org, year, turnover, hired in growth.values_list(
        "organisation_id", "year", "turnover", "citizens_hired"
    ):
        figures = at(org, year)
        figures.turnover, figures.citizens_hired = turnover, hired
    staffing = Staffing.objects.filter(organisation_id__in=organisation_ids, year__gte=first_year).annotate(
        special=SPECIAL
    )
    for org, year, total, special in staffing.values_list(
        "organisation_id", "year", "employees_total", "special"
    ):
        figures = at(org, year)
        figures.employees, figures.special = total, special
    return found


def growth_of(participant: Participant) -> CompanyGrowthSummary:
    first = baseline_year(participant.cohort)
    years = _figures([participant.organisation_id], first).get(participant.organisation_id, {})
    return CompanyGrowthSummary(participant, [years[y] for y in sorted(years)], first)


def cohort_growth(participants: list[Participant], cohort: AcceleratorCohort) -> list[CompanyGrowthSummary]:
    """One summary per company of the cohort (two queries whatever the number)."""
    first = baseline_year(cohort)
    figures = _figures([p.organisation_id for p in participants], first)
    return [
        CompanyGrowthSummary(p, [v for _y, v in sorted(figures.get(p.organisation_id, {}).items())], first)
        for p in participants
    ]


def cohort_totals(summaries: list[CompanyGrowthSummary]) -> list[YearFigures]:
    """The cohort's totals per year (companies without a figure that year add nothing)."""
    totals: dict[int, YearFigures] = {}
    for summary in summaries:
        for y in summary.years:
            total = totals.setdefault(
                y.year, YearFigures(year=y.year, turnover=Decimal(0), employees=0, special=0)
            )
            total.turnover += y.turnover or 0
            total.employees += y.employees or 0
            total.special += y.special or 0
            total.citizens_hired += y.citizens_hired
    return [totals[y] for y in sorted(totals)]


def cohort_turnover_growth(summaries: list[CompanyGrowthSummary]) -> Decimal | None:
    """Turnover growth of the cohort's companies that have both a baseline and a later figure."""
    pairs = [(s.baseline.turnover, s.latest.turnover) for s in summaries if s.turnover_growth is not None]
    base = sum((b for b, _l in pairs), Decimal(0))
    return rules.growth_percent(sum((last for _b, last in pairs), Decimal(0)), base) if pairs else None
