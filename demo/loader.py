"""Writes generated specs to the database: one transaction, bulk inserts, a constant number of
queries per table whatever the number of organisations (one per batch of `batch_size` rows).

The derived fields of Organisation (RSV status, criteria met, latest staffing and the share on
special terms) are computed here with the same pure rules that registry.services.refresh_derived
uses, so a loaded organisation looks exactly as if it had been entered through the services.
Re-loading a municipality replaces its organisations, tags and local cases; audit rows are
append-only and only gain one "demo.seed" event per load."""

import uuid
from dataclasses import dataclass, field

from django.db import transaction

from audit.models import AuditAction
from audit.services import record
from mapping.models import LocalCase, StakeholderPosition
from registry.models import Contact, CriterionAssessment, Organisation, Relation, Staffing, Tag, TargetGroup
from registry.rules import derive_rsv_status, special_terms_share
from tenants.models import Municipality

from .specs import CaseSpec, OrgSpec

PUBLIC_ID_NAMESPACE = uuid.UUID("6f1d9a52-3c1e-4f0e-9d55-0b7a2e8c4a11")


def public_id_for(key: str) -> uuid.UUID:
    """Stable public ids, so links to demo organisations survive a re-seed."""
    return uuid.uuid5(PUBLIC_ID_NAMESPACE, key)


def derived_fields(spec: OrgSpec) -> dict:
    """The stored derived fields, computed as registry.services.refresh_derived does."""
    rsv_status, criteria_met = derive_rsv_status(
        registered=spec.rsv_registered, statuses=[a.status for a in spec.assessments]
    )
    latest = max(spec.staffing, key=lambda s: s.year, default=None)
    if latest is None:
        staffing = {
            "staffing_year": None,
            "employees_total": None,
            "employees_special": None,
            "special_share": None,
        }
    else:
        staffing = {
            "staffing_year": latest.year,
            "employees_total": latest.employees_total,
            "employees_special": latest.special_total,
            "special_share": special_terms_share(latest.employees_total, latest.special_total),
        }
    return {"rsv_status": rsv_status, "criteria_met": criteria_met, **staffing}


@dataclass
class LoadResult:
    municipality: Municipality
    counts: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, Organisation] = field(default_factory=dict)
    by_anchor: dict[str, Organisation] = field(default_factory=dict)


def delete_municipality_data(municipality: Municipality) -> None:
    """Remove the municipality's organisations (and with them contacts, assessments, staffing,
    relations, memberships and stakeholder positions), its tags and its local cases."""
    LocalCase.objects.filter(municipality=municipality).delete()
    Organisation.objects.filter(municipality=municipality).delete()
    Tag.objects.filter(municipality=municipality).delete()


@transaction.atomic
def load_municipality(
    municipality: Municipality,
    specs: list[OrgSpec],
    cases: list[CaseSpec] = (),
    *,
    batch_size: int = 5000,
    replace: bool = True,
) -> LoadResult:
    if replace:
        delete_municipality_data(municipality)
    result = LoadResult(municipality)
    target_groups = dict(TargetGroup.objects.values_list("code", "pk"))
    tag_names = sorted({name for spec in specs for name in spec.tags})
    Tag.objects.bulk_create(
        [Tag(municipality=municipality, name=name) for name in tag_names], ignore_conflicts=True
    )
    tags = dict(Tag.objects.filter(municipality=municipality, name__in=tag_names).values_list("name", "pk"))

    orgs = [_organisation(municipality, spec) for spec in specs]
    Organisation.objects.bulk_create(orgs, batch_size=batch_size)
    result.by_key = {spec.key: org for spec, org in zip(specs, orgs, strict=True)}
    result.by_anchor = {spec.anchor: org for spec, org in zip(specs, orgs, strict=True) if spec.anchor}
    pk = {key: org.pk for key, org in result.by_key.items()}

    TargetThrough, TagThrough = Organisation.target_groups.through, Organisation.tags.through
    rows = {
        "target_groups": [
            TargetThrough(organisation_id=pk[s.key], targetgroup_id=target_groups[c])
            for s in specs
            for c in s.target_groups
        ],
        "tags": [TagThrough(organisation_id=pk[s.key], tag_id=tags[t]) for s in specs for t in s.tags],
        "contacts": [
            Contact(organisation_id=pk[s.key], name=c.name, role=c.role, email=c.email, phone=c.phone)
            for s in specs
            for c in s.contacts
        ],
        "assessments": [
            CriterionAssessment(
                organisation_id=pk[s.key],
                criterion=a.criterion,
                status=a.status,
                evidence=a.evidence,
                assessed_on=a.assessed_on,
            )
            for s in specs
            for a in s.assessments
        ],
        "staffing": [
            Staffing(
                organisation_id=pk[s.key],
                year=y.year,
                employees_total=y.employees_total,
                fleksjob=y.fleksjob,
                skaanejob=y.skaanejob,
                wage_subsidy=y.wage_subsidy,
                other_special=y.other_special,
                interns=y.interns,
            )
            for s in specs
            for y in s.staffing
        ],
        "relations": [
            Relation(source_id=pk[s.key], target_id=pk[r.target_key], kind=r.kind, note=r.note)
            for s in specs
            for r in s.relations
        ],
        "stakeholders": [
            StakeholderPosition(
                organisation_id=pk[s.key],
                influence=s.stakeholder.influence,
                interest=s.stakeholder.interest,
                note=s.stakeholder.note,
            )
            for s in specs
            if s.stakeholder
        ],
    }
    models = {
        "target_groups": TargetThrough,
        "tags": TagThrough,
        "contacts": Contact,
        "assessments": CriterionAssessment,
        "staffing": Staffing,
        "relations": Relation,
        "stakeholders": StakeholderPosition,
    }
    for name, objs in rows.items():
        models[name].objects.bulk_create(objs, batch_size=batch_size)
    result.counts = {"organisations": len(orgs), **{name: len(objs) for name, objs in rows.items()}}
    result.counts["local_cases"] = _load_cases(municipality, cases, pk)
    record(
        actor=None,
        action=AuditAction.IMPORT,
        event="demo.seed",
        municipality_id=municipality.pk,
        object_type="tenants.municipality",
        object_id=str(municipality.pk),
        object_label=str(municipality),
        changes={"counts": result.counts},
    )
    return result


def _organisation(municipality: Municipality, spec: OrgSpec) -> Organisation:
    return Organisation(
        public_id=public_id_for(spec.key),
        municipality=municipality,
        kind=spec.kind,
        subkind=spec.subkind,
        name=spec.name,
        cvr=spec.cvr,
        p_number=spec.p_number,
        street=spec.street,
        postcode=spec.postcode,
        city=spec.city,
        sector=spec.sector,
        industry_code=spec.industry_code,
        legal_form=spec.legal_form,
        purpose=spec.purpose,
        website=spec.website,
        rsv_registered=spec.rsv_registered,
        rsv_registered_on=spec.rsv_registered_on,
        **derived_fields(spec),
    )


def _load_cases(municipality: Municipality, cases: list[CaseSpec], pk: dict[str, int]) -> int:
    objs = [
        LocalCase(
            municipality=municipality,
            title=c.title,
            story=c.story,
            effects=c.effects,
            methods=c.methods,
            year=c.year,
        )
        for c in cases
    ]
    LocalCase.objects.bulk_create(objs)
    Through = LocalCase.organisations.through
    Through.objects.bulk_create(
        [
            Through(localcase_id=obj.pk, organisation_id=pk[key])
            for obj, case in zip(objs, cases, strict=True)
            for key in case.organisation_keys
        ]
    )
    return len(objs)
