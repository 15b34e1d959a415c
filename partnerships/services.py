"""Writes of partnerships, their members and placement targets: keyword-only, `by=` the acting
user, atomic, one audit row in the same transaction. Bad input raises ValidationError naming the
field; nothing is stored half. Slots, requests and matching have their own services_* modules."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record
from registry.models import Organisation

from .models import MemberRole, Partnership, PartnershipMember, PlacementTarget, PlanItem, PlanStatus

PARTNERSHIP_FIELDS = ("name", "description", "start", "end", "answer_days")


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _check_partnership(partnership: Partnership) -> None:
    errors = {}
    if not (partnership.name or "").strip():
        errors["name"] = [_("Skriv partnerskabets navn.")]
    if partnership.start is None:
        errors["start"] = [_("Angiv startdatoen.")]
    elif partnership.end and partnership.end < partnership.start:
        errors["end"] = [_("Slutdatoen skal ligge efter startdatoen.")]
    if partnership.answer_days is not None and partnership.answer_days < 1:
        errors["answer_days"] = [_("Svarfristen skal være mindst én arbejdsdag.")]
    if errors:
        raise ValidationError(errors)


def _member_pairs(members: Iterable) -> list[tuple[Organisation, str]]:
    """Members as (organisation, role); a bare organisation is an "other" partner."""
    return [m if isinstance(m, tuple) else (m, MemberRole.OTHER) for m in members]


@transaction.atomic
def partnership_create(
    *, by, municipality, name: str, start: datetime.date, end: datetime.date | None = None,
    description: str = "", answer_days: int = 2, members: Iterable = (),
) -> Partnership:
    pairs = _member_pairs(members)
    if any(org.municipality_id != municipality.pk for org, _role in pairs):
        raise ValidationError({"members": [_("Partnerne skal høre til kommunen.")]})
    if sum(1 for _org, role in pairs if role == MemberRole.SINGLE_POINT) > 1:
        raise ValidationError({"members": [_("Et partnerskab har netop ét fast kontaktpunkt.")]})
    partnership = Partnership(
        municipality=municipality, name=(name or "").strip(), start=start, end=end,
        description=description or "", answer_days=answer_days,
    )
    _check_partnership(partnership)
    partnership.save()
    PartnershipMember.objects.bulk_create(
        [PartnershipMember(partnership=partnership, organisation=org, role=role) for org, role in pairs]
    )
    record(
        actor=by, action=AuditAction.CREATE, event="partnerships.partnership.create", obj=partnership,
        changes=diff({}, _snapshot(partnership, PARTNERSHIP_FIELDS)) | {"members": [[o.pk, r] for o, r in pairs]},
    )  # fmt: skip
    return partnership


@transaction.atomic
def partnership_update(*, by, partnership: Partnership, data: dict) -> Partnership:
    before = _snapshot(partnership, PARTNERSHIP_FIELDS)
    for field in PARTNERSHIP_FIELDS:
        if field in data:
            value = data[field]
            setattr(partnership, field, "" if value is None and field in ("name", "description") else value)
    _check_partnership(partnership)
    partnership.save(update_fields=list(PARTNERSHIP_FIELDS))
    record(
        actor=by, action=AuditAction.UPDATE, event="partnerships.partnership.update", obj=partnership,
        changes=diff(before, _snapshot(partnership, PARTNERSHIP_FIELDS)),
    )  # fmt: skip
    return partnership


@transaction.atomic
def member_save(
    *, by, partnership: Partnership, organisation: Organisation | None, role: str,
    start: datetime.date | None = None, end: datetime.date | None = None,
) -> PartnershipMember:
    """Add an organisation to the partnership or change its role. A second single point of
    contact is refused by the database's partial unique index as well as here."""
    errors = {}
    if organisation is None:
        errors["organisation"] = [_("Vælg en organisation.")]
    elif organisation.municipality_id != partnership.municipality_id:
        errors["organisation"] = [_("Partneren skal høre til partnerskabets kommune.")]
    if role not in MemberRole.values:
        errors["role"] = [_("Vælg en rolle.")]
    if start and end and end < start:
        errors["end"] = [_("Slutdatoen skal ligge efter startdatoen.")]
    if errors:
        raise ValidationError(errors)
    member = PartnershipMember.objects.filter(partnership=partnership, organisation=organisation).first()
    creating = member is None
    before = {} if creating else {"role": member.role, "start": member.start, "end": member.end}
    member = member or PartnershipMember(partnership=partnership, organisation=organisation)
    member.role, member.start, member.end = role, start, end
    try:
        with transaction.atomic():  # a savepoint, so the refusal leaves the outer transaction usable
            member.save()
    except IntegrityError:
        raise ValidationError(
            {"role": [_("Partnerskabet har allerede et fast kontaktpunkt. Skift det først.")]}
        ) from None
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"partnerships.member.{'create' if creating else 'update'}", obj=member,
        municipality_id=partnership.municipality_id,
        changes=diff(before, {"role": role, "start": start, "end": end}) | {"organisation": organisation.pk},
    )  # fmt: skip
    return member


@transaction.atomic
def member_remove(*, by, member: PartnershipMember) -> None:
    if member.organisation.placement_slots.filter(partnership=member.partnership).exists():
        raise ValidationError({"organisation": [_("Partneren har praktikpladser i partnerskabet og kan ikke fjernes.")]})
    record(
        actor=by, action=AuditAction.DELETE, event="partnerships.member.delete", obj=member,
        municipality_id=member.partnership.municipality_id,
        changes={"organisation": member.organisation_id, "role": member.role},
    )  # fmt: skip
    member.delete()


@transaction.atomic
def target_save(*, by, partnership: Partnership, cluster: str, municipality, places: int | None) -> PlacementTarget:
    """Set the number of placements a municipality of a cluster aims at (seed 001's table)."""
    errors = {}
    if not (cluster or "").strip():
        errors["cluster"] = [_("Skriv klyngens navn.")]
    if municipality is None:
        errors["municipality"] = [_("Vælg en kommune.")]
    if places is None or places < 0:
        errors["places"] = [_("Antal pladser skal være 0 eller flere.")]
    if errors:
        raise ValidationError(errors)
    target, created = PlacementTarget.objects.update_or_create(
        partnership=partnership, cluster=cluster.strip(), municipality=municipality, defaults={"places": places}
    )
    record(
        actor=by, action=AuditAction.CREATE if created else AuditAction.UPDATE, event="partnerships.target.save",
        obj=target, municipality_id=partnership.municipality_id,
        changes={"cluster": target.cluster, "municipality": municipality.code, "places": places},
    )  # fmt: skip
    return target


PLAN_FIELDS = ("member", "need", "action", "owner", "due", "status")


@transaction.atomic
def plan_item_save(*, by, partnership: Partnership, data: dict, item: PlanItem | None = None) -> PlanItem:
    """Add or change a line of the partner plan: whose need, what is done about it, by whom, when."""
    creating = item is None
    item = item or PlanItem(partnership=partnership)
    before = {} if creating else {f: getattr(item, f"{f}_id" if f == "member" else f) for f in PLAN_FIELDS}
    for field in PLAN_FIELDS:
        if field in data:
            setattr(item, field, data[field] if data[field] is not None or field in ("due", "member") else "")
    errors = {}
    if item.member_id is None or item.member.partnership_id != partnership.pk:
        errors["member"] = [_("Vælg en partner i partnerskabet.")]
    for field, message in (("need", _("Beskriv partnerens behov eller ønske.")), ("action", _("Beskriv handlingen.")),
                           ("owner", _("Skriv hvem der er ansvarlig."))):
        if not (getattr(item, field) or "").strip():
            errors[field] = [message]
    if item.status not in PlanStatus.values:
        errors["status"] = [_("Vælg en status.")]
    if errors:
        raise ValidationError(errors)
    item.save()
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"partnerships.plan.{'create' if creating else 'update'}", obj=item,
        municipality_id=partnership.municipality_id,
        changes=diff(before, {f: getattr(item, f"{f}_id" if f == "member" else f) for f in PLAN_FIELDS}),
    )  # fmt: skip
    return item


DECLARATION_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def declaration_upload(*, by, partnership: Partnership, upload) -> Partnership:
    """Store the signed partnership declaration: a PDF (checked by its first bytes, not only its
    name) of at most 10 MB. The file is served only through the partnership's access check."""
    if upload is None:
        raise ValidationError({"declaration": [_("Vælg en fil.")]})
    if upload.size > DECLARATION_MAX_BYTES:
        raise ValidationError({"declaration": [_("Filen er for stor: højst 10 MB.")]})
    head = upload.read(5)
    upload.seek(0)
    if not upload.name.lower().endswith(".pdf") or head != b"%PDF-":
        raise ValidationError({"declaration": [_("Erklæringen skal være en PDF-fil.")]})
    old = partnership.declaration.name
    partnership.declaration.save(f"{partnership.public_id}.pdf", upload, save=False)
    partnership.save(update_fields=["declaration"])
    record(
        actor=by, action=AuditAction.UPDATE, event="partnerships.declaration.upload", obj=partnership,
        changes={"declaration": [old, partnership.declaration.name], "bytes": upload.size},
    )  # fmt: skip
    return partnership
