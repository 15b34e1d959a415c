"""Writes of the mapping: the stakeholder grid and local cases. Each is atomic, takes the acting
user and writes its audit row in the same transaction. Permission checks are the caller's
(views: Perm.MAPPING_EDIT in the municipality)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record
from registry.models import Organisation
from tenants.models import Municipality

from .models import LocalCase, StakeholderPosition

SCALE_MIN, SCALE_MAX = 1, 5
POSITION_FIELDS = ["influence", "interest", "note"]
CASE_FIELDS = ["title", "story", "effects", "methods", "year"]


def _scale(value, field: str, label: str) -> int:
    """A whole number 1–5 (an int or a string of digits), or a ValidationError naming the field."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    if number is None or not SCALE_MIN <= number <= SCALE_MAX:
        shown = "" if value is None else value
        raise ValidationError(
            {
                field: _("%(label)s skal være et helt tal fra 1 til 5 (fik »%(value)s«).")
                % {"label": label, "value": shown}
            }
        )
    return number


@transaction.atomic
def stakeholder_set(
    *, by, organisation: Organisation, influence, interest, note: str = ""
) -> StakeholderPosition:
    """Place (or move) an organisation in the stakeholder grid."""
    errors = {}
    values = {}
    for field, label, value in (
        ("influence", _("Indflydelse"), influence),
        ("interest", _("Interesse"), interest),
    ):
        try:
            values[field] = _scale(value, field, label)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    position = StakeholderPosition.objects.select_for_update().filter(organisation=organisation).first()
    before = model_to_dict(position, fields=POSITION_FIELDS) if position else {}
    position = position or StakeholderPosition(organisation=organisation)
    position.influence, position.interest, position.note = (
        values["influence"],
        values["interest"],
        (note or "").strip(),
    )
    position.full_clean(exclude=["organisation"])
    position.save()
    changes = diff(before, model_to_dict(position, fields=POSITION_FIELDS))
    if changes:
        record(
            actor=by,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            event="mapping.stakeholder.set",
            obj=position,
            object_label=organisation.name,
            municipality_id=organisation.municipality_id,
            changes=changes,
        )
    return position


@transaction.atomic
def stakeholder_remove(*, by, organisation: Organisation) -> bool:
    """Take an organisation out of the grid. False when it was not placed."""
    position = StakeholderPosition.objects.filter(organisation=organisation).first()
    if position is None:
        return False
    record(
        actor=by,
        action=AuditAction.DELETE,
        event="mapping.stakeholder.remove",
        obj=position,
        object_label=organisation.name,
        municipality_id=organisation.municipality_id,
        changes=diff(model_to_dict(position, fields=POSITION_FIELDS), {}),
    )
    position.delete()
    return True


def _check_organisations(municipality: Municipality, organisations) -> list[Organisation]:
    organisations = list(organisations or [])
    foreign = [o.name for o in organisations if o.municipality_id != municipality.pk]
    if foreign:
        raise ValidationError(
            {
                "organisations": _(
                    "Organisationer fra en anden kommune kan ikke knyttes til casen: %(names)s."
                )
                % {"names": ", ".join(foreign)}
            }
        )
    return organisations


def _case_snapshot(case: LocalCase) -> dict:
    data = model_to_dict(case, fields=CASE_FIELDS)
    if case.pk:
        data["organisations"] = sorted(str(p) for p in case.organisations.values_list("public_id", flat=True))
    return data


@transaction.atomic
def local_case_create(*, by, municipality: Municipality, data: dict, organisations=()) -> LocalCase:
    organisations = _check_organisations(municipality, organisations)
    case = LocalCase(municipality=municipality, **{k: v for k, v in data.items() if k in CASE_FIELDS})
    case.full_clean()
    case.save()
    case.organisations.set(organisations)
    record(
        actor=by,
        action=AuditAction.CREATE,
        event="mapping.case.create",
        obj=case,
        changes=diff({}, _case_snapshot(case)),
    )
    return case


@transaction.atomic
def local_case_update(*, by, case: LocalCase, data: dict, organisations=None) -> LocalCase:
    before = _case_snapshot(
        LocalCase.objects.get(pk=case.pk)
    )  # a bound ModelForm may have changed `case` already
    for key, value in data.items():
        if key in CASE_FIELDS:
            setattr(case, key, value)
    case.full_clean()
    case.save()
    if organisations is not None:
        case.organisations.set(_check_organisations(case.municipality, organisations))
    changes = diff(before, _case_snapshot(case))
    if changes:
        record(actor=by, action=AuditAction.UPDATE, event="mapping.case.update", obj=case, changes=changes)
    return case


@transaction.atomic
def local_case_delete(*, by, case: LocalCase) -> None:
    record(
        actor=by,
        action=AuditAction.DELETE,
        event="mapping.case.delete",
        obj=case,
        changes=diff(_case_snapshot(case), {}),
    )
    case.delete()


def report_exported(*, by, municipality: Municipality, fmt: str = "pdf") -> None:
    """Log a download of the mapping report."""
    record(
        actor=by,
        action=AuditAction.EXPORT,
        event=f"mapping.report.{fmt}",
        object_type="tenants.municipality",
        object_id=str(municipality.pk),
        object_label=str(municipality),
        municipality_id=municipality.pk,
    )
