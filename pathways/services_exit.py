"""Correcting and undoing an exit. Both need a reason and write an audit row naming what was
before and after, in the same transaction.

- Correction: the exit date, outcome, hours or note change; the unanswered follow-ups move
  with the exit date; goals and deadlines closed by the exit are dated again.
- Undo: the exit and its follow-ups go; the enrolment returns to the status it had (active, or
  paused with the pause the exit closed reopened); the goals and deadlines the exit closed
  reopen. Refused once a follow-up has been answered: correct the exit instead.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from .models import (
    EMPLOYMENT_OUTCOMES,
    CheckpointDue,
    Enrolment,
    EnrolmentStatus,
    Exit,
    ExitOutcome,
    Goal,
    GoalStatus,
    Pause,
)
from .services import recompute_due_dates
from .services_running import _hours, followup_due


def _reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Skriv en begrundelse.")]})
    return reason.strip()


def _locked_exit(enrolment: Enrolment) -> Exit:
    locked = Enrolment.objects.select_for_update().select_related("citizen").get(pk=enrolment.pk)
    exit_ = Exit.objects.select_for_update().filter(enrolment=locked).first()
    if locked.status != EnrolmentStatus.EXITED or exit_ is None:
        raise ValidationError({"reason": [_("Forløbet er ikke afsluttet.")]})
    exit_.enrolment = locked
    return exit_


def _snapshot(exit_: Exit) -> dict:
    return {
        "exit_date": exit_.exit_date.isoformat(),
        "outcome": exit_.outcome,
        "hours_per_week": str(exit_.hours_per_week) if exit_.hours_per_week is not None else None,
    }


@transaction.atomic
def exit_correct(
    *, by, enrolment: Enrolment, exit_date: datetime.date, outcome: str, reason: str, hours_per_week=None, note: str = ""
) -> Exit:
    reason = _reason(reason)
    exit_ = _locked_exit(enrolment)
    locked = exit_.enrolment
    if outcome not in ExitOutcome.values:
        raise ValidationError({"outcome": [_("Vælg en afslutningsårsag.")]})
    if exit_date < locked.start_date:
        raise ValidationError({"exit_date": [_("Afslutningen kan ikke ligge før forløbets start.")]})
    if exit_.closed_pause_id and exit_date < exit_.closed_pause.start:
        raise ValidationError({"exit_date": [_("Afslutningen kan ikke ligge før pausens start.")]})
    hours = _hours(hours_per_week, "hours_per_week", outcome in EMPLOYMENT_OUTCOMES)
    before = _snapshot(exit_)
    moved = exit_date != exit_.exit_date
    exit_.exit_date, exit_.outcome, exit_.hours_per_week = exit_date, outcome, hours
    exit_.note = (note or "").strip()
    exit_.save(update_fields=["exit_date", "outcome", "hours_per_week", "note"])
    if moved:
        for followup in exit_.followups.filter(status=""):
            followup.due = followup_due(exit_date, followup.weeks)
            followup.save(update_fields=["due"])
        Goal.objects.filter(enrolment=locked, status=GoalStatus.CLOSED).update(closed_on=exit_date)
        CheckpointDue.objects.filter(enrolment=locked, closed_on__isnull=False).update(closed_on=exit_date)
        if exit_.closed_pause_id:
            Pause.objects.filter(pk=exit_.closed_pause_id).update(end=exit_date)
            recompute_due_dates(locked)
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.exit.correct", obj=locked,
        municipality_id=locked.citizen.municipality_id,
        changes={"before": before, "after": _snapshot(exit_), "reason": reason},
    )  # fmt: skip
    return exit_


@transaction.atomic
def exit_undo(*, by, enrolment: Enrolment, reason: str) -> Enrolment:
    reason = _reason(reason)
    exit_ = _locked_exit(enrolment)
    locked = exit_.enrolment
    if exit_.followups.exclude(status="").exists():
        raise ValidationError(
            {"reason": [_("En opfølgning efter afslutningen er besvaret; ret afslutningen i stedet.")]}
        )
    before = _snapshot(exit_)
    restored = EnrolmentStatus.PAUSED if exit_.closed_pause_id else EnrolmentStatus.ACTIVE
    if exit_.closed_pause_id:
        Pause.objects.filter(pk=exit_.closed_pause_id).update(end=None)
    goals = Goal.objects.filter(enrolment=locked, status=GoalStatus.CLOSED).update(status=GoalStatus.OPEN, closed_on=None)
    deadlines = CheckpointDue.objects.filter(enrolment=locked, closed_on__isnull=False).update(closed_on=None)
    exit_.delete()  # its follow-ups go with it (none answered)
    locked.status = restored
    locked.save(update_fields=["status"])
    if restored == EnrolmentStatus.PAUSED:
        recompute_due_dates(locked)
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.exit.undo", obj=locked,
        municipality_id=locked.citizen.municipality_id,
        changes={"status": ["exited", restored], "exit": before, "reason": reason,
                 "goals_reopened": goals, "deadlines_reopened": deadlines},
    )  # fmt: skip
    enrolment.status = locked.status
    return locked
