"""Writes of a company's social model: value-creating tasks, induction steps and buddies.
The consultant and the company's own staff edit it (accelerator.access); every change is
audited in its transaction."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction

from .models import Buddy, InductionStep, SocialModel, ValueTask
from .services import audit, snapshot

TASK_FIELDS = ("description", "hours_per_week", "skills", "citizens")
STEP_FIELDS = ("week", "description", "responsible")
BUDDY_FIELDS = ("name", "job_title", "trained_on")
PARTS = {
    "task": (ValueTask, TASK_FIELDS),
    "step": (InductionStep, STEP_FIELDS),
    "buddy": (Buddy, BUDDY_FIELDS),
}


def _municipality(model: SocialModel) -> int:
    return model.participant.cohort.programme.municipality_id


def _errors(kind: str, data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    required = {"task": ("description", "hours_per_week", "citizens"), "step": ("week", "description", "responsible"),
                "buddy": ("name",)}[kind]  # fmt: skip
    for field in required:
        if data.get(field) in (None, ""):
            errors[field] = [_("Feltet skal udfyldes.")]
    hours = data.get("hours_per_week")
    if hours is not None and hours != "" and not (Decimal(0) < Decimal(hours) <= Decimal(37)):
        errors["hours_per_week"] = [_("Timer pr. uge skal være over 0 og højst 37.")]
    citizens = data.get("citizens")
    if citizens is not None and citizens != "" and int(citizens) < 1:
        errors["citizens"] = [_("Antal borgere skal være mindst 1.")]
    trained_on = data.get("trained_on")
    if isinstance(trained_on, datetime.date) and trained_on > timezone.localdate():
        errors["trained_on"] = [_("Datoen for buddy-uddannelsen kan ikke ligge i fremtiden.")]
    return errors


@transaction.atomic
def part_add(*, by, social_model: SocialModel, kind: str, data: dict):
    """Add a task, an induction step or a buddy (`kind` "task" | "step" | "buddy")."""
    model_class, fields = PARTS[kind]
    errors = _errors(kind, data)
    if errors:
        raise ValidationError(errors)
    values = {f: data.get(f) for f in fields}
    for field in ("skills", "job_title"):
        if field in values:
            values[field] = values[field] or ""
    part = model_class.objects.create(social_model=social_model, **values)
    audit(by=by, obj=part, event=f"social_model.{kind}.create", municipality_id=_municipality(social_model),
          after=snapshot(part, fields))  # fmt: skip
    return part


@transaction.atomic
def part_delete(*, by, social_model: SocialModel, kind: str, pk: int) -> None:
    model_class, fields = PARTS[kind]
    part = model_class.objects.filter(social_model=social_model, pk=pk).first()
    if part is None:
        raise ValidationError(_("Punktet findes ikke i den sociale model."))
    audit(by=by, obj=part, event=f"social_model.{kind}.delete", municipality_id=_municipality(social_model),
          before=snapshot(part, fields), action=AuditAction.DELETE)  # fmt: skip
    part.delete()


@transaction.atomic
def buddy_trained(*, by, buddy: Buddy, trained_on: datetime.date) -> Buddy:
    errors = _errors("buddy", {"name": buddy.name, "trained_on": trained_on})
    if errors or trained_on is None:
        raise ValidationError(errors or {"trained_on": [_("Feltet skal udfyldes.")]})
    before = snapshot(buddy, BUDDY_FIELDS)
    buddy.trained_on = trained_on
    buddy.save(update_fields=["trained_on"])
    audit(by=by, obj=buddy, event="social_model.buddy.trained", municipality_id=_municipality(buddy.social_model),
          before=before, after=snapshot(buddy, BUDDY_FIELDS), action=AuditAction.UPDATE)  # fmt: skip
    return buddy


@transaction.atomic
def summary_update(*, by, social_model: SocialModel, summary: str) -> SocialModel:
    before = {"summary": social_model.summary}
    social_model.summary = summary or ""
    social_model.save(update_fields=["summary", "updated_at"])
    audit(by=by, obj=social_model, event="social_model.update", municipality_id=_municipality(social_model),
          before=before, after={"summary": social_model.summary}, action=AuditAction.UPDATE)  # fmt: skip
    return social_model
