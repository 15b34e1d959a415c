"""Builders for tests and benchmarks: a municipality full of mapping data. The one home of
each mapping builder (CONTRIBUTING.md).

Rows are made through the registry's and mapping's own services so the derived fields
(rsv_status, criteria_met, staffing_year, special_share …) are what production would store.
The pattern varies kind, sector, target groups, assessments, staffing (some with an older
year that must be ignored), stakeholder positions and local cases by the row's index.
"""

from registry import services as registry_services
from registry.choices import Criterion, CriterionStatus, Kind, Sector, Subkind
from registry.models import TargetGroup
from registry.testing import make_organisation

from . import services as mapping_services

KINDS = list(Kind)
SECTORS = list(Sector)
COUNCIL_SUBKINDS = [Subkind.LBR, Subkind.HANDICAPRAAD, Subkind.FRIVILLIGRAAD]


def _statuses(i: int) -> list[str] | None:
    """Assessment patterns: none, all met, some met, all unknown, not met."""
    pattern = i % 5
    if pattern == 0:
        return None
    if pattern == 1:
        return [CriterionStatus.MET] * 5
    if pattern == 2:
        return [
            CriterionStatus.MET,
            CriterionStatus.MET,
            CriterionStatus.NOT_MET,
            CriterionStatus.UNKNOWN,
            CriterionStatus.MET,
        ]
    if pattern == 3:
        return [CriterionStatus.UNKNOWN] * 5
    return [
        CriterionStatus.NOT_MET,
        CriterionStatus.MET,
        CriterionStatus.NOT_MET,
        CriterionStatus.NOT_MET,
        CriterionStatus.NOT_MET,
    ]


def build_mapping_world(municipality, *, by, count: int, start: int = 0, label: str = "Org") -> list:
    """Create `count` organisations (indices start … start+count-1) with everything the mapping
    report counts. Returns the organisations."""
    target_groups = list(TargetGroup.objects.order_by("code"))
    organisations = []
    for i in range(start, start + count):
        kind = KINDS[i % len(KINDS)]
        subkind = ""
        if kind == Kind.COUNCIL:
            subkind = COUNCIL_SUBKINDS[i % len(COUNCIL_SUBKINDS)]
        elif kind == Kind.MUNICIPAL_UNIT:
            subkind = Subkind.JOB_CENTRE if (i // 10) % 2 else Subkind.CULTURE_LEISURE
        org = make_organisation(
            municipality,
            name=f"{label} {i:03d}",
            kind=kind,
            subkind=subkind,
            sector=SECTORS[(i // 3) % len(SECTORS)],
            rsv_registered=(kind == Kind.SOCIAL_ENTERPRISE and i % 30 == 0),
        )
        if i % 4:
            org.target_groups.set(target_groups[i % len(target_groups) : i % len(target_groups) + 1 + i % 3])
        statuses = _statuses(i + i // 10)  # so every kind meets every pattern
        if statuses is not None:
            rows = [
                {"criterion": c.value, "status": s, "evidence": ""}
                for c, s in zip(Criterion, statuses, strict=True)
            ]
            # some organisations are assessed on a few criteria only
            registry_services.assessments_set(by=by, organisation=org, rows=rows[: 5 - (i % 3 == 0) * 2])
        if i % 3 != 2:
            total = 8 + i % 9
            registry_services.staffing_set(
                by=by,
                organisation=org,
                year=2024,
                data={
                    "employees_total": total + 5,
                    "fleksjob": 1,
                    "skaanejob": 0,
                    "wage_subsidy": 0,
                    "other_special": 0,
                },
            )
            if i % 2 == 0:  # a newer year: this one counts, the 2024 row must not
                registry_services.staffing_set(
                    by=by,
                    organisation=org,
                    year=2025,
                    data={
                        "employees_total": total,
                        "fleksjob": i % 3 + (i % 6 == 0) * 2,
                        "skaanejob": i % 2 + (i % 5 == 0),
                        "wage_subsidy": i % 4,
                        "other_special": 1 if i % 7 == 0 else 0,
                        "interns": i % 3,
                    },
                )
        registry_services.refresh_derived(org)
        if i % 3 != 1:
            mapping_services.stakeholder_set(
                by=by, organisation=org, influence=1 + i % 5, interest=1 + (i * 2) % 5, note=f"note {i}"
            )
        organisations.append(org)
    for n, index in enumerate(range(0, len(organisations), 7)):
        mapping_services.local_case_create(
            by=by,
            municipality=municipality,
            data={
                "title": f"{label} case {start + n}",
                "story": "Det skete.",
                "effects": "Job.",
                "year": 2024,
            },
            organisations=organisations[index : index + 3],
        )
    return organisations
