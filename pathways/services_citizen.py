"""Editing a citizen after creation: contact data and the caseworker. The CPR number is not
editable (a wrong number is a different person: create the right citizen). Audited with the
fields that changed, before and after; the CPR never appears."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import Access
from accounts.roles import Perm
from audit.models import AuditAction
from audit.services import record

from .models import Citizen

EDITABLE = ("name", "phone", "email", "address", "gender", "ethnic_danish_background", "insured")


def may_be_caseworker(user, municipality_id: int) -> bool:
    """A caseworker is someone who may edit citizens of that municipality."""
    return user is not None and user.is_active and Access(user).has(Perm.CITIZEN_EDIT, municipality_id)


@transaction.atomic
def citizen_update(*, by, citizen: Citizen, data: dict, caseworker=None) -> Citizen:
    """Change the editable fields in `data` and the caseworker (None: none)."""
    locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if locked.erased_at is not None:
        raise ValidationError({"name": [_("Borgerens personoplysninger er slettet.")]})
    values = {k: v for k, v in data.items() if k in EDITABLE}
    if "name" in values and not (values["name"] or "").strip():
        raise ValidationError({"name": [_("Skriv borgerens navn.")]})
    if caseworker is not None and not may_be_caseworker(caseworker, locked.municipality_id):
        raise ValidationError({"caseworker": [_("Sagsbehandleren skal arbejde med borgere i borgerens kommune.")]})
    changes = {}
    for field, value in values.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(locked, field) != value:
            # Contact data is personal: the audit names the field, not the old and new value.
            changes[field] = "changed"
            setattr(locked, field, value)
    if locked.caseworker_id != (caseworker.pk if caseworker else None):
        changes["caseworker"] = [str(locked.caseworker) if locked.caseworker else None, str(caseworker) if caseworker else None]
        locked.caseworker = caseworker
    if not changes:
        return locked
    locked.full_clean(exclude=["cpr_encrypted", "cpr_index", "municipality", "caseworker"])
    locked.save()
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.citizen.update", obj=locked, changes=changes,
    )  # fmt: skip
    for field in (*EDITABLE, "caseworker_id", "updated_at"):
        setattr(citizen, field, getattr(locked, field))
    return locked
