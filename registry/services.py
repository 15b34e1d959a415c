"""Writes to the registry. Each is atomic, takes the acting user, and writes its audit row in
the same transaction. Views, the import, the API and commands all call these.

Organisations are validated with full_clean(), so the field rules (Organisation.clean →
registry.rules.organisation_errors) hold for every write; a move between municipalities is
allowed only where registry.access.can_move says so, for the page and the API alike."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from accounts.access import Access
from audit.models import AuditAction
from audit.services import diff, record

from . import access as registry_access
from .choices import Criterion
from .models import Contact, CriterionAssessment, Organisation, Relation, Staffing, Tag
from .rules import derive_rsv_status, special_terms_share, tag_names

ORGANISATION_FIELDS = [
    "municipality",
    "kind",
    "subkind",
    "name",
    "cvr",
    "p_number",
    "street",
    "postcode",
    "city",
    "sector",
    "industry_code",
    "legal_form",
    "purpose",
    "website",
    "notes",
    "rsv_registered",
    "rsv_registered_on",
]


def _snapshot(org: Organisation) -> dict:
    data = model_to_dict(org, fields=ORGANISATION_FIELDS)
    if org.pk:
        data["target_groups"] = sorted(org.target_groups.values_list("code", flat=True))
        data["tags"] = sorted(org.tags.values_list("name", flat=True))
    return data


def _set_m2m(org: Organisation, target_groups, tags: list[Tag] | None) -> None:
    if target_groups is not None:
        org.target_groups.set(target_groups)
    if tags is not None:
        org.tags.set(tags)


@transaction.atomic
def tags_resolve(*, by, municipality, names) -> list[Tag]:
    """The municipality's tags with these names (registry.rules.tag_names), creating the ones
    that do not exist yet, each with an audit row. Tags are per municipality, so one tenant's
    vocabulary never shows to another."""
    tags = []
    for name in tag_names(names):
        tag, created = Tag.objects.get_or_create(municipality=municipality, name=name)
        if created:
            record(actor=by, action=AuditAction.CREATE, event="registry.tag.create", obj=tag,
                   municipality_id=municipality.pk, changes={"name": name})  # fmt: skip
        tags.append(tag)
    return tags


def refresh_derived(organisation: Organisation) -> None:
    """Recompute the stored derived fields (RSV status, criteria met, latest staffing)."""
    statuses = list(organisation.assessments.values_list("status", flat=True))
    organisation.rsv_status, organisation.criteria_met = derive_rsv_status(
        registered=organisation.rsv_registered, statuses=statuses
    )
    latest = organisation.staffing.order_by("-year").first()
    if latest is None:
        organisation.staffing_year = organisation.employees_total = organisation.employees_special = None
        organisation.special_share = None
    else:
        organisation.staffing_year = latest.year
        organisation.employees_total = latest.employees_total
        organisation.employees_special = latest.special_total
        organisation.special_share = special_terms_share(latest.employees_total, latest.special_total)
    Organisation.objects.filter(pk=organisation.pk).update(
        rsv_status=organisation.rsv_status,
        criteria_met=organisation.criteria_met,
        staffing_year=organisation.staffing_year,
        employees_total=organisation.employees_total,
        employees_special=organisation.employees_special,
        special_share=organisation.special_share,
    )


@transaction.atomic
def organisation_create(*, by, data: dict, target_groups=None, tags: list[str] | None = None) -> Organisation:
    """`tags` are names (created in the organisation's municipality when new)."""
    org = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    org.full_clean()
    org.save()
    resolved = None if tags is None else tags_resolve(by=by, municipality=org.municipality, names=tags)
    _set_m2m(org, target_groups, resolved)
    refresh_derived(org)
    record(actor=by, action=AuditAction.CREATE, event="registry.organisation.create", obj=org, changes=diff({}, _snapshot(org)))
    return org


@transaction.atomic
def organisation_update(
    *, by, organisation: Organisation, data: dict, target_groups=None, tags: list[str] | None = None
) -> Organisation:
    """Change the fields in `data`; `tags` are names (None: unchanged). A new municipality in
    `data` moves the organisation, which needs REGISTRY_EDIT in both municipalities
    (registry.access.can_move); its tags move with it, as names, to the new municipality."""
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = _snapshot(stored)
    target = data.get("municipality")
    moved = target is not None and target.pk != stored.municipality_id
    if moved and not registry_access.can_move(Access(by), stored, target.pk):
        raise ValidationError({"municipality": registry_access.MOVE_REFUSED})
    if moved and tags is None:
        tags = before["tags"]
    for key, value in data.items():
        if key in ORGANISATION_FIELDS:
            setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    resolved = None if tags is None else tags_resolve(by=by, municipality=organisation.municipality, names=tags)
    _set_m2m(organisation, target_groups, resolved)
    refresh_derived(organisation)
    changes = diff(before, _snapshot(organisation))
    if changes:
        record(actor=by, action=AuditAction.UPDATE, event="registry.organisation.update", obj=organisation, changes=changes)
    return organisation


@transaction.atomic
def organisation_delete(*, by, organisation: Organisation) -> None:
    record(
        actor=by,
        action=AuditAction.DELETE,
        event="registry.organisation.delete",
        obj=organisation,
        changes=diff(_snapshot(organisation), {}),
    )
    organisation.delete()


@transaction.atomic
def assessments_set(*, by, organisation: Organisation, rows: list[dict]) -> None:
    """Set the five RSV criteria at once. Each row: criterion, status, evidence, assessed_on."""
    existing = {a.criterion: a for a in organisation.assessments.all()}
    changes = {}
    for row in rows:
        criterion = Criterion(int(row["criterion"]))
        current = existing.get(criterion)
        before = model_to_dict(current, fields=["status", "evidence", "assessed_on"]) if current else {}
        assessment = current or CriterionAssessment(organisation=organisation, criterion=criterion)
        assessment.status = row["status"]
        assessment.evidence = row.get("evidence", "")
        assessment.assessed_on = row.get("assessed_on")
        after = model_to_dict(assessment, fields=["status", "evidence", "assessed_on"])
        if before != after:
            assessment.assessed_by = by if getattr(by, "is_authenticated", False) else None
            assessment.save()
            changes[f"criterion_{int(criterion)}"] = diff(before, after)
    if changes:
        refresh_derived(organisation)
        record(actor=by, action=AuditAction.UPDATE, event="registry.assessment.update", obj=organisation, changes=changes)


STAFFING_FIELDS = ["employees_total", "fleksjob", "skaanejob", "wage_subsidy", "other_special", "interns"]


@transaction.atomic
def staffing_set(*, by, organisation: Organisation, year: int, data: dict) -> Staffing:
    staffing = Staffing.objects.filter(organisation=organisation, year=year).first()
    before = model_to_dict(staffing, fields=STAFFING_FIELDS) if staffing else {}
    staffing = staffing or Staffing(organisation=organisation, year=year)
    for key in STAFFING_FIELDS:
        if key in data:
            setattr(staffing, key, data[key] or 0)
    staffing.full_clean()
    staffing.save()
    refresh_derived(organisation)
    record(
        actor=by,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        event="registry.staffing.set",
        obj=organisation,
        changes={str(year): diff(before, model_to_dict(staffing, fields=STAFFING_FIELDS))},
    )
    return staffing


@transaction.atomic
def staffing_delete(*, by, staffing: Staffing) -> None:
    organisation = staffing.organisation
    record(
        actor=by,
        action=AuditAction.DELETE,
        event="registry.staffing.delete",
        obj=organisation,
        changes={str(staffing.year): diff(model_to_dict(staffing, fields=STAFFING_FIELDS), {})},
    )
    staffing.delete()
    refresh_derived(organisation)


CONTACT_FIELDS = ["name", "role", "email", "phone"]


@transaction.atomic
def contact_save(*, by, organisation: Organisation, contact: Contact | None, data: dict) -> Contact:
    before = model_to_dict(contact, fields=CONTACT_FIELDS) if contact else {}
    contact = contact or Contact(organisation=organisation)
    for key in CONTACT_FIELDS:
        setattr(contact, key, data.get(key, ""))
    contact.full_clean()
    contact.save()
    record(
        actor=by,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        event="registry.contact.save",
        obj=contact,
        municipality_id=organisation.municipality_id,
        changes=diff(before, model_to_dict(contact, fields=CONTACT_FIELDS)),
    )
    return contact


@transaction.atomic
def contact_delete(*, by, contact: Contact) -> None:
    record(
        actor=by,
        action=AuditAction.DELETE,
        event="registry.contact.delete",
        obj=contact,
        municipality_id=contact.organisation.municipality_id,
        changes=diff(model_to_dict(contact, fields=CONTACT_FIELDS), {}),
    )
    contact.delete()


@transaction.atomic
def relation_create(*, by, source: Organisation, target: Organisation, kind: str, note: str = "") -> Relation:
    relation = Relation(source=source, target=target, kind=kind, note=note)
    relation.full_clean()
    relation.save()
    record(
        actor=by,
        action=AuditAction.CREATE,
        event="registry.relation.create",
        obj=relation,
        municipality_id=source.municipality_id,
        changes={"source": source.name, "kind": kind, "target": target.name},
    )
    return relation


@transaction.atomic
def relation_delete(*, by, relation: Relation) -> None:
    record(
        actor=by,
        action=AuditAction.DELETE,
        event="registry.relation.delete",
        obj=relation,
        municipality_id=relation.source.municipality_id,
        changes={"source": relation.source.name, "kind": relation.kind, "target": relation.target.name},
    )
    relation.delete()
