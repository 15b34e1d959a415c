"""Writes of placement slots. A slot is offered (opened) only when the accelerator allows the
company's slots to open (accelerator.gates) and its places fit the company's rimelighedskrav
capacity with the live placements and other open slots counted; beyond it only with a recorded
dispensation (seed 004). Audited in the same transaction; nothing is stored half."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.gates import slots_may_open
from audit.models import AuditAction
from audit.services import diff, record
from registry.models import Organisation

from . import geo
from .capacity import capacity_of
from .models import MemberRole, Partnership, PlacementSlot, SlotStatus

SLOT_FIELDS = (
    "company", "title", "trade", "phase", "places", "start", "end", "hours_per_week", "tasks", "buddy",
    "street", "postcode", "needs_ready", "dispensation_note",
)


def _snapshot(slot: PlacementSlot) -> dict:
    return {f: getattr(slot, f"{f}_id" if f in ("company", "phase") else f) for f in SLOT_FIELDS} | {"status": slot.status}


def _field_errors(slot: PlacementSlot) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    company: Organisation | None = slot.company if slot.company_id else None
    if company is None:
        errors["company"] = [_("Vælg værtsvirksomheden.")]
    elif not slot.partnership.memberships.filter(organisation=company, role=MemberRole.HOST_COMPANY).exists():
        errors["company"] = [_("Virksomheden skal være accelerator- eller værtsvirksomhed i partnerskabet.")]
    if not (slot.title or "").strip():
        errors["title"] = [_("Giv pladsen en titel.")]
    if slot.places is None or slot.places < 1:
        errors["places"] = [_("Antal pladser skal være mindst 1.")]
    if slot.start is None:
        errors["start"] = [_("Angiv startdatoen.")]
    elif slot.end and slot.end < slot.start:
        errors["end"] = [_("Slutdatoen skal ligge efter startdatoen.")]
    if slot.hours_per_week is None or not (Decimal("0") < slot.hours_per_week <= Decimal("37")):
        errors["hours_per_week"] = [_("Timer pr. uge skal være mellem 0 og 37.")]
    if not (slot.buddy or "").strip():
        errors["buddy"] = [_("Skriv navnet på støttepersonen (buddy).")]
    if slot.phase_id and slot.phase.programme.provider.municipality_id != slot.partnership.municipality_id:
        errors["phase"] = [_("Fasen skal høre til et forløb i partnerskabets kommune.")]
    municipality_code = company.municipality.code if company is not None else None
    if geo.locate(slot.postcode or "", municipality_code) is None:
        errors["postcode"] = [_("Adressen kan ikke placeres: skriv et dansk postnummer med fire cifre.")]
    return errors


def _check_opening(*, slot: PlacementSlot, by) -> None:
    """The gate and the rimelighedskrav, checked when a slot is (or stays) open. The company's
    row is locked first, so two slots opened at once cannot both pass the capacity check."""
    list(Organisation.objects.select_for_update().filter(pk=slot.company_id).values_list("pk"))
    ok, reason = slots_may_open(slot.company)
    if not ok:
        raise ValidationError({"company": [reason or _("Virksomhedens pladser kan ikke udbydes endnu.")]})
    cap = capacity_of(slot.company_id, on=timezone.localdate(), exclude_slot=slot.pk)
    if cap.breaks_with(slot.places) and not (slot.dispensation_note or "").strip():
        raise ValidationError({"places": [_(
            "Pladserne bryder rimelighedskravet: virksomheden må have %(allowed)s i løntilskud eller praktik, "
            "%(used)s er optaget og %(offered)s er udbudt. Registrér en dispensation, hvis virksomheden har en."
        ) % {"allowed": cap.allowed, "used": cap.used, "offered": cap.offered}]})  # fmt: skip


@transaction.atomic
def slot_save(
    *, by, partnership: Partnership, data: dict, slot: PlacementSlot | None = None, open_now: bool = False
) -> PlacementSlot:
    """Create (slot=None) or change a slot. An open slot is checked against the gate and the
    rimelighedskrav again, since more places may break it."""
    creating = slot is None
    slot = slot or PlacementSlot(partnership=partnership)
    before = {} if creating else _snapshot(slot)
    for field in SLOT_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field in ("trade", "tasks", "street", "postcode", "dispensation_note", "title", "buddy"):
                value = ""
            setattr(slot, field, value)
    slot.postcode = (slot.postcode or "").strip()
    errors = _field_errors(slot)
    if errors:
        raise ValidationError(errors)
    if open_now and creating:
        slot.status = SlotStatus.OPEN
    if slot.status == SlotStatus.OPEN:
        _check_opening(slot=slot, by=by)
    if (slot.dispensation_note or "").strip() and before.get("dispensation_note") != slot.dispensation_note:
        slot.dispensation_by = by
    slot.save()
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"partnerships.slot.{'create' if creating else 'update'}", obj=slot,
        municipality_id=partnership.municipality_id, changes=diff(before, _snapshot(slot)),
    )  # fmt: skip
    return slot


@transaction.atomic
def slot_set_status(*, by, slot: PlacementSlot, status: str) -> PlacementSlot:
    if status not in SlotStatus.values:
        raise ValidationError({"status": [_("Ukendt status.")]})
    before = slot.status
    slot.status = status
    if status == SlotStatus.OPEN:
        _check_opening(slot=slot, by=by)
    slot.save(update_fields=["status"])
    record(
        actor=by, action=AuditAction.UPDATE, event="partnerships.slot.status", obj=slot,
        municipality_id=slot.partnership.municipality_id, changes={"status": [before, status]},
    )  # fmt: skip
    return slot
