"""Writes of programmes and teams: create from a seed template, edit the programme with its
phases and checkpoints, open teams. Atomic and audited like every pathway write.

Changing a checkpoint of a programme that already has enrolments keeps the enrolments' due
dates true: a new checkpoint gets a due date on every open enrolment, a moved one is
recomputed (with pauses), and a checkpoint that enrolments already carry cannot be deleted.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from . import rules
from .models import Checkpoint, CheckpointDue, Enrolment, EnrolmentStatus, Phase, Programme, Team
from .templates import TEMPLATES, programme_from_template

PROGRAMME_FIELDS = ("name", "description", "intake", "capacity_per_team", "courses_per_year")
PHASE_FIELDS = ("name", "weeks", "hours_per_week", "place", "topics")
CHECKPOINT_FIELDS = ("name", "kind", "due_week")


def programme_create(*, by, provider, template: str, name: str = "") -> Programme:
    if template not in TEMPLATES:
        raise ValidationError({"template": [_("Vælg en skabelon.")]})
    return programme_from_template(key=template, provider=provider, by=by, name=name.strip() or None)


@transaction.atomic
def programme_update(*, by, programme: Programme, data: dict, phases: list[dict], checkpoints: list[dict]) -> None:
    """`phases` / `checkpoints`: dicts of the editable fields plus `id` (None for a new row) and
    `delete`. Phases are renumbered in the given order."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    changes = {k: str(data[k]) for k in PROGRAMME_FIELDS if k in data and getattr(programme, k) != data[k]}
    for k in PROGRAMME_FIELDS:
        if k in data:
            setattr(programme, k, data[k])
    if not programme.name.strip():
        raise ValidationError({"name": [_("Skriv forløbets navn.")]})
    programme.save()
    for field in ("target_groups", "readiness"):
        if field in data:
            codes = list(data[field])
            if {c.pk for c in codes} != set(getattr(programme, field).values_list("pk", flat=True)):
                changes[field] = sorted(c.code for c in codes)
                getattr(programme, field).set(codes)
    _save_phases(programme, phases)
    moved = _save_checkpoints(programme, checkpoints)
    if moved:
        _refresh_due_dates(programme)
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.programme.update", obj=programme,
        municipality_id=programme.provider.municipality_id,
        changes=changes | {"phases": len([p for p in phases if not p.get("delete")]),
                           "checkpoints": len([c for c in checkpoints if not c.get("delete")])},
    )  # fmt: skip


def _save_phases(programme: Programme, phases: list[dict]) -> None:
    existing = {p.pk: p for p in programme.phases.all()}
    kept = [p for p in phases if not p.get("delete")]
    if not kept:
        raise ValidationError({"phases": [_("Et forløb skal have mindst én fase.")]})
    for row in phases:
        if row.get("delete") and row.get("id") in existing:
            existing.pop(row["id"]).delete()  # checkpoints of the phase keep their due week
    # Move kept phases out of the way first: (programme, order) is unique.
    Phase.objects.filter(programme=programme).update(order=F("order") + 1000)
    for order, row in enumerate(kept, start=1):
        phase = existing.get(row.get("id")) or Phase(programme=programme)
        for k in PHASE_FIELDS:
            setattr(phase, k, row.get(k, getattr(phase, k)))
        phase.order = order
        phase.save()


def _save_checkpoints(programme: Programme, checkpoints: list[dict]) -> bool:
    """Returns whether due dates of existing enrolments must be recomputed."""
    existing = {c.pk: c for c in programme.checkpoints.all()}
    carried = set(CheckpointDue.objects.filter(checkpoint__programme=programme).values_list("checkpoint_id", flat=True))
    refresh = False
    for row in checkpoints:
        checkpoint = existing.get(row.get("id"))
        if row.get("delete"):
            if checkpoint is None:
                continue
            if checkpoint.pk in carried:
                raise ValidationError(
                    {"checkpoints": [_("Fristen “%(name)s” bruges af indskrevne borgere og kan ikke slettes.")
                                     % {"name": checkpoint.name}]}
                )  # fmt: skip
            checkpoint.delete()
            continue
        if checkpoint is None:
            checkpoint = Checkpoint(programme=programme)
            refresh = True
        elif checkpoint.due_week != row.get("due_week", checkpoint.due_week):
            refresh = True
        for k in CHECKPOINT_FIELDS:
            setattr(checkpoint, k, row.get(k, getattr(checkpoint, k)))
        checkpoint.save()
    return refresh


def _refresh_due_dates(programme: Programme) -> None:
    """Give open enrolments a due date for every checkpoint, with pauses, in bulk."""
    checkpoints = list(programme.checkpoints.all())
    enrolments = Enrolment.objects.filter(programme=programme).exclude(status=EnrolmentStatus.EXITED)
    enrolments = enrolments.prefetch_related("pauses", "checkpoints_due")
    create, update = [], []
    for enrolment in enrolments:
        pauses = [p.to_rule() for p in enrolment.pauses.all()]
        have = {d.checkpoint_id: d for d in enrolment.checkpoints_due.all()}
        for c in checkpoints:
            due = rules.checkpoint_due(enrolment.start_date, c.due_week, pauses)
            if c.pk in have:
                if have[c.pk].due != due:
                    have[c.pk].due = due
                    update.append(have[c.pk])
            else:
                create.append(CheckpointDue(enrolment=enrolment, checkpoint=c, due=due))
    CheckpointDue.objects.bulk_create(create)
    CheckpointDue.objects.bulk_update(update, ["due"])


@transaction.atomic
def team_create(*, by, programme: Programme, name: str, start_date: datetime.date, capacity: int | None) -> Team:
    if not name.strip():
        raise ValidationError({"name": [_("Skriv holdets navn.")]})
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": [_("Et hold skal have mindst én plads.")]})
    team = Team.objects.create(
        programme=programme, name=name.strip(), start_date=start_date,
        capacity=capacity if capacity is not None else programme.capacity_per_team,
    )  # fmt: skip
    record(
        actor=by, action=AuditAction.CREATE, event="pathways.team.create", obj=team,
        municipality_id=programme.provider.municipality_id,
        changes={"programme": str(programme), "start_date": start_date.isoformat(), "capacity": team.capacity},
    )  # fmt: skip
    return team
