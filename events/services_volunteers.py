"""The volunteer register of an organisation (seed 003 §1: the meeting place's volunteers):
contact details with consent, activities and roles, shifts with hours. Personal data: only
the organisation's own staff (VOLUNTEER_EDIT) reads or writes it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record

from .models import Volunteer, VolunteerShift

FIELDS = ("organisation", "name", "email", "phone", "activities", "started", "active")


@transaction.atomic
def volunteer_save(
    *, by, data: dict, allowed_organisation_ids, volunteer: Volunteer | None = None
) -> Volunteer:
    creating = volunteer is None
    volunteer = volunteer or Volunteer(consent_at=timezone.now())
    before = {} if creating else {f: getattr(volunteer, f) for f in FIELDS}
    for field in FIELDS:
        if field in data:
            setattr(volunteer, field, data[field] if data[field] is not None else "")
    if volunteer.organisation_id not in allowed_organisation_ids:
        raise ValidationError(
            {"organisation": [_("Du kan kun registrere frivillige i din egen organisation.")]}
        )
    if creating and not data.get("consent"):
        raise ValidationError({"consent": [_("Sæt kryds, når den frivillige har givet samtykke.")]})
    volunteer.save()
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"events.volunteer.{'create' if creating else 'update'}", obj=volunteer,
        municipality_id=volunteer.organisation.municipality_id,
        changes=diff(before, {f: getattr(volunteer, f) for f in FIELDS}),
    )  # fmt: skip
    return volunteer


@transaction.atomic
def shift_add(*, by, volunteer: Volunteer, data: dict) -> VolunteerShift:
    hours = data.get("hours")
    if hours is None or hours <= 0 or hours > 24:
        raise ValidationError({"hours": [_("Timer skal være mellem 0 og 24.")]})
    shift = VolunteerShift.objects.create(
        volunteer=volunteer, date=data["date"], hours=hours, activity=data.get("activity") or ""
    )
    record(
        actor=by, action=AuditAction.CREATE, event="events.volunteer.shift", obj=shift,
        municipality_id=volunteer.organisation.municipality_id, changes={"hours": [None, str(hours)]},
    )  # fmt: skip
    return shift


def volunteer_tally(organisation_id: int, start, end) -> dict:
    """What the meeting place's yearly tally counted by hand: volunteers active in the period
    and their hours, computed from the register (one query)."""
    return VolunteerShift.objects.filter(
        volunteer__organisation_id=organisation_id, date__gte=start, date__lte=end
    ).aggregate(volunteers=Count("volunteer", distinct=True), hours=Sum("hours"))
