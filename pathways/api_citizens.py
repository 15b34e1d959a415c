"""Benefit history endpoints of the JSON API: a citizen's dated benefit, target group and
readiness, the current status and the weeks on public support derived from the history. The
same service (pathways.services.citizen_status_add, audited) and access rules as the page:
whoever sees the citizen reads the history; CITIZEN_EDIT in the citizen's municipality adds to
it (403 for a visible citizen the user may not change, 404 for one the user cannot see)."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from accounts.access import access_for, permitted
from audit.models import AuditAction
from audit.services import record
from core.api_errors import READ_ERRORS, WRITE_ERRORS

from . import access as pa
from . import services
from .models import CitizenStatus, CodeList, CodeListKind
from .selectors import status_summary

router = Router()
CITIZENS = ["Borgere"]


class CodeOut(Schema):
    code: str = Field(examples=["kontanthjaelp-2025"])
    name: str


class StatusOut(Schema):
    valid_from: datetime.date
    valid_to: datetime.date | None
    benefit: CodeOut | None
    target_group: CodeOut | None
    readiness: CodeOut | None


class StatusHistoryOut(Schema):
    current: StatusOut | None
    weeks_on_support: int = Field(description="Hele uger på offentlig forsørgelse i borgerens historik til i dag")
    on_support: bool
    items: list[StatusOut]


class StatusIn(Schema):
    valid_from: datetime.date
    benefit: str | None = Field(None, max_length=60, examples=["kontanthjaelp-2025"])
    target_group: str | None = Field(None, max_length=60)
    readiness: str | None = Field(None, max_length=60, examples=["jobparat"])


def _code(c: CodeList | None) -> dict | None:
    return {"code": c.code, "name": c.name} if c else None


def status_out(s: CitizenStatus) -> dict:
    return {"valid_from": s.valid_from, "valid_to": s.valid_to, "benefit": _code(s.benefit),
            "target_group": _code(s.target_group), "readiness": _code(s.readiness)}


def _history(citizen) -> dict:
    statuses = list(CitizenStatus.objects.filter(citizen=citizen).select_related("benefit", "target_group", "readiness"))
    summary = status_summary(statuses)
    current = summary["current_status"]
    return {"current": status_out(current) if current else None, "weeks_on_support": summary["weeks_on_support"],
            "on_support": summary["on_support"], "items": [status_out(s) for s in statuses]}


def _resolve(payload: StatusIn) -> dict:
    """Codes by list and code; an unknown code is a 422 naming the field."""
    out: dict = {}
    for field, kind in (("benefit", CodeListKind.BENEFIT), ("target_group", CodeListKind.TARGET_GROUP),
                        ("readiness", CodeListKind.READINESS)):
        code = getattr(payload, field)
        if code:
            found = CodeList.objects.filter(list=kind, code=code).first()
            if found is None:
                raise ValidationError({field: [_("Ukendt kode: %(code)s.") % {"code": code}]})
            out[field] = found
    if not out:
        raise ValidationError({"benefit": [_("Angiv mindst én af ydelse, målgruppe og parathed.")]})
    return out


@router.get("/citizens/{public_id}/statuses", response={200: StatusHistoryOut, **READ_ERRORS}, tags=CITIZENS,
            summary="Borgerens ydelseshistorik")
def status_history(request, public_id: uuid.UUID):
    citizen = pa.citizen_get(access_for(request), public_id)
    record(actor=request.user, action=AuditAction.READ, event="pathways.citizen.statuses", obj=citizen,
           municipality_id=citizen.municipality_id)
    return _history(citizen)


@router.post("/citizens/{public_id}/statuses", response={201: StatusHistoryOut, **WRITE_ERRORS}, tags=CITIZENS,
             summary="Registrér statusændring")
def status_add(request, public_id: uuid.UUID, payload: StatusIn):
    access = access_for(request)
    citizen = permitted(access, pa.citizen_get(access, public_id), pa.can_edit_citizen, PermissionDenied)
    services.citizen_status_add(by=request.user, citizen=citizen, valid_from=payload.valid_from, **_resolve(payload))
    return Status(201, _history(citizen))
