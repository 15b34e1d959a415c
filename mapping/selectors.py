"""Reads of the mapping (kortlægning): the partial report of seed 002 §7.3 for one municipality.

Every figure is an aggregate computed in SQL, so the report takes the same small number of
queries whether the municipality has ten organisations or ten thousand. Callers check the
permission (mapping.access.municipality_get).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.choices import Criterion, CriterionStatus, Kind, RsvStatus, Sector, Subkind
from registry.models import CriterionAssessment, Organisation, Staffing, TargetGroup
from registry.rules import RESERVED_CONTRACT_SHARE, special_terms_share
from tenants.models import Municipality

from .models import LocalCase, StakeholderPosition

HIGH = 3  # influence or interest at or above this is "high" (see StakeholderPosition.quadrant)

# In the order a 2 × 2 grid is read: high influence on the top row, high interest on the right.
QUADRANTS = {
    "satisfy": _("Hold tilfreds"),
    "manage": _("Håndtér tæt"),
    "monitor": _("Overvåg"),
    "inform": _("Hold informeret"),
}
QUADRANT_HINTS = {
    "satisfy": _("Høj indflydelse og lav interesse"),
    "manage": _("Høj indflydelse og høj interesse"),
    "monitor": _("Lav indflydelse og lav interesse"),
    "inform": _("Lav indflydelse og høj interesse"),
}
STRUCTURE_KINDS = (Kind.MUNICIPAL_UNIT, Kind.COUNCIL)
POTENTIAL_STATUSES = (RsvStatus.MEETS, RsvStatus.PARTLY)


@dataclass(frozen=True)
class Row:
    """One labelled figure: what a chart bar and a table row show."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class CriterionRow:
    criterion: int
    label: str
    met: int
    not_met: int
    unknown: int


@dataclass(frozen=True)
class SpecialTerms:
    """Jobs on special terms, from each organisation's latest staffing year."""

    organisations_with_staffing: int
    employees_total: int
    employees_special: int
    fleksjob: int
    skaanejob: int
    wage_subsidy: int
    other_special: int
    interns: int
    reserved_eligible: int  # organisations with a share on special terms ≥ 30 %

    @property
    def share(self) -> Decimal | None:
        return special_terms_share(self.employees_total, self.employees_special)

    @property
    def breakdown(self) -> tuple[Row, ...]:
        return (
            Row("fleksjob", str(_("Fleksjob")), self.fleksjob),
            Row("skaanejob", str(_("Skånejob")), self.skaanejob),
            Row("wage_subsidy", str(_("Løntilskud")), self.wage_subsidy),
            Row("other_special", str(_("Andre særlige vilkår")), self.other_special),
        )


@dataclass(frozen=True)
class Stakeholder:
    public_id: str
    name: str
    kind: str
    kind_label: str
    influence: int
    interest: int
    note: str


@dataclass(frozen=True)
class Quadrant:
    key: str
    label: str
    hint: str
    stakeholders: tuple[Stakeholder, ...]


@dataclass(frozen=True)
class MappingReport:
    municipality: Municipality
    generated_on: datetime.date
    total_organisations: int
    by_kind: tuple[Row, ...]
    by_sector: tuple[Row, ...]
    by_target_group: tuple[Row, ...]
    without_target_group: int
    social_enterprises_by_status: tuple[Row, ...]
    assessed_by_status: tuple[Row, ...]
    criteria: tuple[CriterionRow, ...]
    potentials: tuple[Organisation, ...]
    special_terms: SpecialTerms
    structures: tuple[Row, ...]
    quadrants: tuple[Quadrant, ...]
    placed: int
    unplaced: int
    cases: tuple[LocalCase, ...]

    @property
    def social_enterprises(self) -> int:
        return sum(row.value for row in self.social_enterprises_by_status)

    @property
    def assessed(self) -> int:
        return sum(row.value for row in self.assessed_by_status)

    @property
    def criteria_met(self) -> tuple[Row, ...]:
        return tuple(Row(str(c.criterion), c.label, c.met) for c in self.criteria)

    def quadrant(self, key: str) -> Quadrant:
        return next(q for q in self.quadrants if q.key == key)


def _rows(choices, counts: dict) -> tuple[Row, ...]:
    """Every choice in its fixed order, with zero where nothing exists: absence is a finding."""
    return tuple(Row(str(value), str(label), counts.get(value, 0)) for value, label in choices)


def group_quadrants(positions) -> tuple[Quadrant, ...]:
    """Sort positions (with their organisation loaded) into the four quadrants."""
    grouped: dict[str, list[Stakeholder]] = {key: [] for key in QUADRANTS}
    kind_labels = {value: str(label) for value, label in Kind.choices}  # once, not per position
    for p in positions:
        org = p.organisation
        grouped[p.quadrant].append(
            Stakeholder(
                str(org.public_id),
                org.name,
                org.kind,
                kind_labels.get(org.kind, org.kind),
                p.influence,
                p.interest,
                p.note,
            )
        )
    return tuple(
        Quadrant(key, str(label), str(QUADRANT_HINTS[key]), tuple(grouped[key]))
        for key, label in QUADRANTS.items()
    )


def mapping_report(municipality: Municipality, *, today: datetime.date | None = None) -> MappingReport:
    """The mapping report of one municipality, in a constant number of queries (13, counting
    the prefetch of the cases' organisations)."""
    orgs = Organisation.objects.filter(municipality=municipality)

    # 1: by kind
    kind_counts = dict(orgs.values_list("kind").annotate(n=Count("pk")).order_by())
    # 2: by sector
    sector_counts = dict(orgs.values_list("sector").annotate(n=Count("pk")).order_by())
    # 3: by target group (an organisation counts once in each of its target groups)
    # filtered before the aggregate (the join's WHERE), so only this municipality's links are
    # grouped: a conditional Count over every link in the country took 60-85 ms for Læsø
    target_groups = (
        TargetGroup.objects.filter(organisations__municipality=municipality)
        .annotate(n=Count("organisations"))
        .order_by("-n", "name")
    )
    by_target_group = tuple(Row(tg.code, tg.name, tg.n) for tg in target_groups)
    # 4: organisation totals, in one pass
    has_assessment = Exists(CriterionAssessment.objects.filter(organisation=OuterRef("pk")))
    totals = orgs.aggregate(
        total=Count("pk"),
        without_target_group=Count(
            "pk",
            filter=~Q(Exists(Organisation.target_groups.through.objects.filter(organisation=OuterRef("pk")))),
        ),
        with_staffing=Count("pk", filter=Q(staffing_year__isnull=False)),
        employees_total=Sum("employees_total"),
        employees_special=Sum("employees_special"),
        reserved_eligible=Count("pk", filter=Q(special_share__gte=RESERVED_CONTRACT_SHARE)),
        unplaced=Count("pk", filter=Q(stakeholder__isnull=True)),
    )
    # 5: social-enterprise-kind organisations by RSV status
    se_counts = dict(
        orgs.filter(kind=Kind.SOCIAL_ENTERPRISE).values_list("rsv_status").annotate(n=Count("pk")).order_by()
    )
    # 6: every organisation with any assessment, by RSV status
    assessed_counts = dict(
        orgs.filter(has_assessment).values_list("rsv_status").annotate(n=Count("pk")).order_by()
    )
    # 7: each criterion × status
    criteria_counts = {
        (c, s): n
        for c, s, n in CriterionAssessment.objects.filter(organisation__municipality=municipality)
        .values_list("criterion", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    assessed_orgs = sum(assessed_counts.values())
    criteria = tuple(
        CriterionRow(
            criterion=c.value,
            label=str(c.label),
            met=criteria_counts.get((c.value, CriterionStatus.MET), 0),
            not_met=criteria_counts.get((c.value, CriterionStatus.NOT_MET), 0),
            # an assessed organisation without a row for this criterion counts as unknown
            unknown=assessed_orgs
            - criteria_counts.get((c.value, CriterionStatus.MET), 0)
            - criteria_counts.get((c.value, CriterionStatus.NOT_MET), 0),
        )
        for c in Criterion
    )
    # 8: potentials: organisations of other kinds that meet the criteria fully or in part
    # (not municipal units and councils: a public authority cannot be independent of itself)
    potentials = tuple(
        orgs.exclude(kind__in=(Kind.SOCIAL_ENTERPRISE, *STRUCTURE_KINDS))
        .filter(rsv_status__in=POTENTIAL_STATUSES)
        .only("public_id", "name", "kind", "rsv_status", "criteria_met", "special_share")
        .order_by("-criteria_met", "name")
    )
    # 9: the breakdown of special terms, from each organisation's latest staffing year
    latest = Staffing.objects.filter(
        organisation__municipality=municipality, year=F("organisation__staffing_year")
    )
    breakdown = latest.aggregate(
        fleksjob=Sum("fleksjob"),
        skaanejob=Sum("skaanejob"),
        wage_subsidy=Sum("wage_subsidy"),
        other_special=Sum("other_special"),
        interns=Sum("interns"),
    )
    special_terms = SpecialTerms(
        organisations_with_staffing=totals["with_staffing"],
        employees_total=totals["employees_total"] or 0,
        employees_special=totals["employees_special"] or 0,
        reserved_eligible=totals["reserved_eligible"],
        **{key: value or 0 for key, value in breakdown.items()},
    )
    # 10: the municipality's internal and external structures (units, councils, fora)
    structure_counts = dict(
        orgs.filter(kind__in=STRUCTURE_KINDS)
        .exclude(subkind="")
        .values_list("subkind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    structures = tuple(row for row in _rows(Subkind.choices, structure_counts) if row.value)
    # 11: the stakeholder grid
    positions = (
        StakeholderPosition.objects.filter(organisation__municipality=municipality)
        .select_related("organisation")
        .only(
            "influence",
            "interest",
            "note",
            "organisation__public_id",
            "organisation__name",
            "organisation__kind",
        )
        .order_by("-influence", "-interest", "organisation__name")
    )
    quadrants = group_quadrants(positions)
    # 12 + 13: local cases with their organisations
    cases = tuple(
        LocalCase.objects.filter(municipality=municipality).prefetch_related(
            Prefetch(
                "organisations",
                queryset=Organisation.objects.only("public_id", "name", "kind").order_by("name"),
            )
        )
    )
    return MappingReport(
        municipality=municipality,
        generated_on=today or timezone.localdate(),
        total_organisations=totals["total"],
        by_kind=_rows(Kind.choices, kind_counts),
        by_sector=_rows(Sector.choices, sector_counts),
        by_target_group=by_target_group,
        without_target_group=totals["without_target_group"],
        social_enterprises_by_status=_rows(RsvStatus.choices, se_counts),
        assessed_by_status=_rows(RsvStatus.choices, assessed_counts),
        criteria=criteria,
        potentials=potentials,
        special_terms=special_terms,
        structures=structures,
        quadrants=quadrants,
        placed=sum(len(q.stakeholders) for q in quadrants),
        unplaced=totals["unplaced"],
        cases=cases,
    )


def stakeholder_positions(municipality: Municipality) -> list[StakeholderPosition]:
    """The placed positions of a municipality, with their organisations (one query)."""
    return list(
        StakeholderPosition.objects.filter(organisation__municipality=municipality)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def local_case_get(municipality: Municipality, pk: int) -> LocalCase:
    case = LocalCase.objects.filter(municipality=municipality, pk=pk).first()
    if case is None:
        raise Http404
    return case
