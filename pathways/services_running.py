"""Writes of running a pathway: goals, status reports, milestones, the exit and the follow-up.
Atomic, audited in the same transaction, keyword-only with `by=` the acting user.

Checkpoint fulfilment (CheckpointDue.done_at), decided here so every channel (page, API, demo)
agrees:
- the first goal added fulfils the open GOALS checkpoint on the day the goal was agreed;
- a status report fulfils the STATUS checkpoint it names (default: the earliest open one) on
  the day it is submitted; when it states the goal for the rest of the pathway it also fulfils
  the open GOAL_LAST_WEEKS checkpoint (seed 003: "the exact goal for the last 5 weeks");
- a certificate milestone fulfils the CERTIFICATE checkpoint it names (default: the earliest
  open one) on the day it was achieved.

Permissions are checked by the callers (views, API) through pathways.selectors_running.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from . import rules
from .models import (
    EMPLOYMENT_OUTCOMES,
    FOLLOW_UP_WEEKS,
    CheckpointDue,
    CheckpointKind,
    Enrolment,
    EnrolmentStatus,
    Exit,
    ExitOutcome,
    FollowUp,
    FollowUpStatus,
    Goal,
    GoalStatus,
    Milestone,
    MilestoneKind,
    StatusReport,
)
from .services import recompute_due_dates
from .services_waiting import waiting_list_promote

MAX_HOURS = Decimal(60)
CERTIFICATE_KINDS = frozenset(
    {MilestoneKind.HYGIENE_CERTIFICATE, MilestoneKind.COURSE_CERTIFICATE, MilestoneKind.OTHER_CERTIFICATE}
)


def _municipality_id(enrolment: Enrolment) -> int:
    return enrolment.citizen.municipality_id


def _open_checkpoint(enrolment: Enrolment, kind: str, chosen: CheckpointDue | None = None):
    """The checkpoint to fulfil: the chosen one (checked to be this enrolment's, of that kind and
    still open), else the earliest open one of the kind, else None."""
    open_rows = CheckpointDue.objects.select_for_update().filter(
        enrolment=enrolment, checkpoint__kind=kind, done_at__isnull=True
    )
    if chosen is not None:
        row = open_rows.filter(pk=chosen.pk).first()
        if row is None:
            raise ValidationError(
                {"checkpoint_due": [_("Fristen hører ikke til forløbet, har en anden type eller er allerede opfyldt.")]}
            )
        return row
    return open_rows.order_by("checkpoint__due_week", "pk").first()


def _fulfil(row: CheckpointDue | None, on: datetime.date) -> CheckpointDue | None:
    if row is not None:
        row.done_at = on
        row.save(update_fields=["done_at"])
    return row


def _hours(value, field: str, required: bool) -> Decimal | None:
    """Hours per week: required (0 < h ≤ 60) for work, refused otherwise."""
    if not required:
        if value not in (None, ""):
            raise ValidationError({field: [_("Timer pr. uge angives kun ved beskæftigelse.")]})
        return None
    if value in (None, ""):
        raise ValidationError({field: [_("Angiv timer pr. uge ved beskæftigelse.")]})
    try:
        hours = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: [_("Timer pr. uge skal være et tal.")]}) from None
    if not hours.is_finite() or not (0 < hours <= MAX_HOURS):
        raise ValidationError({field: [_("Timer pr. uge skal være over 0 og højst 60.")]})
    return hours


# --- Goals ---------------------------------------------------------------------------------


@transaction.atomic
def goal_add(
    *, by, enrolment: Enrolment, description: str, agreed_on: datetime.date, target_date=None
) -> Goal:
    if not (description or "").strip():
        raise ValidationError({"description": [_("Beskriv målet.")]})
    if agreed_on < enrolment.start_date:
        raise ValidationError({"agreed_on": [_("Målet kan ikke være aftalt før forløbets start.")]})
    if target_date is not None and target_date < agreed_on:
        raise ValidationError({"target_date": [_("Måldatoen kan ikke ligge før aftaledatoen.")]})
    if enrolment.status == EnrolmentStatus.EXITED:
        raise ValidationError({"description": [_("Forløbet er afsluttet.")]})
    goal = Goal.objects.create(
        enrolment=enrolment,
        description=description.strip(),
        agreed_on=agreed_on,
        target_date=target_date,
        created_by=by,
    )
    fulfilled = _fulfil(_open_checkpoint(enrolment, CheckpointKind.GOALS), agreed_on)
    record(
        actor=by, action=AuditAction.CREATE, event="pathways.goal.create", obj=goal,
        municipality_id=_municipality_id(enrolment),
        changes={"enrolment": str(enrolment.public_id), "agreed_on": agreed_on.isoformat(),
                 "checkpoint_done": fulfilled.pk if fulfilled else None},
    )  # fmt: skip
    return goal


@transaction.atomic
def goal_close(*, by, goal: Goal, status: str, closed_on: datetime.date) -> Goal:
    if status not in (GoalStatus.ACHIEVED, GoalStatus.NOT_ACHIEVED):
        raise ValidationError({"status": [_("Vælg nået eller ikke nået.")]})
    locked = Goal.objects.select_for_update().select_related("enrolment__citizen").get(pk=goal.pk)
    if locked.status != GoalStatus.OPEN:
        raise ValidationError({"status": [_("Målet er allerede afsluttet.")]})
    if closed_on < locked.agreed_on:
        raise ValidationError({"closed_on": [_("Målet kan ikke afsluttes før det blev aftalt.")]})
    locked.status, locked.closed_on = status, closed_on
    locked.save(update_fields=["status", "closed_on"])
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.goal.close", obj=locked,
        municipality_id=_municipality_id(locked.enrolment),
        changes={"status": ["open", status], "closed_on": closed_on.isoformat()},
    )  # fmt: skip
    goal.status, goal.closed_on = locked.status, locked.closed_on
    return locked


# --- Status reports ------------------------------------------------------------------------


@transaction.atomic
def status_report_submit(
    *,
    by,
    enrolment: Enrolment,
    body: str,
    next_goal: str = "",
    recommendation: str = "",
    checkpoint_due: CheckpointDue | None = None,
    submitted_at: datetime.datetime | None = None,
) -> StatusReport:
    if not (body or "").strip():
        raise ValidationError({"body": [_("Skriv statusrapporten.")]})
    submitted_at = submitted_at or timezone.now()
    on = timezone.localdate(submitted_at)
    row = _fulfil(_open_checkpoint(enrolment, CheckpointKind.STATUS, checkpoint_due), on)
    report = StatusReport.objects.create(
        enrolment=enrolment,
        checkpoint_due=row,
        body=body.strip(),
        next_goal=(next_goal or "").strip(),
        recommendation=(recommendation or "").strip(),
        written_by=by,
        submitted_at=submitted_at,
    )
    last_weeks = None
    if report.next_goal:
        last_weeks = _fulfil(_open_checkpoint(enrolment, CheckpointKind.GOAL_LAST_WEEKS), on)
    record(
        actor=by, action=AuditAction.CREATE, event="pathways.status_report.submit", obj=report,
        municipality_id=_municipality_id(enrolment),
        changes={"enrolment": str(enrolment.public_id), "checkpoint_done": row.pk if row else None,
                 "goal_last_weeks_done": last_weeks.pk if last_weeks else None},
    )  # fmt: skip
    return report


@transaction.atomic
def status_report_acknowledge(*, by, report: StatusReport) -> StatusReport:
    locked = StatusReport.objects.select_for_update().select_related("enrolment__citizen").get(pk=report.pk)
    if locked.acknowledged_at is not None:
        raise ValidationError({"acknowledged_at": [_("Statusrapporten er allerede kvitteret for.")]})
    locked.acknowledged_at, locked.acknowledged_by = timezone.now(), by
    locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.status_report.acknowledge", obj=locked,
        municipality_id=_municipality_id(locked.enrolment),
    )  # fmt: skip
    report.acknowledged_at, report.acknowledged_by = locked.acknowledged_at, by
    return locked


@transaction.atomic
def status_reports_acknowledge(*, by, reports: list[StatusReport]) -> int:
    """Acknowledge several reports at once (the caseworker's list): those still unacknowledged
    are marked in one UPDATE, each with its own audit row. Returns how many."""
    locked = list(
        StatusReport.objects.select_for_update()
        .filter(pk__in=[r.pk for r in reports], acknowledged_at__isnull=True)
        .select_related("enrolment__citizen")
        .order_by("pk")
    )
    now = timezone.now()
    StatusReport.objects.filter(pk__in=[r.pk for r in locked]).update(acknowledged_at=now, acknowledged_by=by)
    for report in locked:
        record(
            actor=by, action=AuditAction.UPDATE, event="pathways.status_report.acknowledge", obj=report,
            municipality_id=_municipality_id(report.enrolment), changes={"bulk": True},
        )  # fmt: skip
    return len(locked)


def status_report_read(*, by, reports: list[StatusReport], municipality_id: int) -> None:
    """One audit row per read of report bodies (a page or an API list), naming the reports."""
    if not reports:
        return
    with transaction.atomic():
        record(
            actor=by, action=AuditAction.READ, event="pathways.status_report.read",
            obj=reports[0] if len(reports) == 1 else None,
            object_type="pathways.statusreport", object_id=",".join(str(r.pk) for r in reports)[:100],
            municipality_id=municipality_id,
            changes={"reports": [str(r.public_id) for r in reports]},
        )  # fmt: skip


# --- Milestones ----------------------------------------------------------------------------


@transaction.atomic
def milestone_record(
    *,
    by,
    enrolment: Enrolment,
    kind: str,
    achieved_on: datetime.date,
    name: str = "",
    checkpoint_due: CheckpointDue | None = None,
) -> Milestone:
    if kind not in MilestoneKind.values:
        raise ValidationError({"kind": [_("Ukendt type.")]})
    if achieved_on < enrolment.start_date:
        raise ValidationError({"achieved_on": [_("Datoen kan ikke ligge før forløbets start.")]})
    row = None
    if kind in CERTIFICATE_KINDS:
        row = _fulfil(_open_checkpoint(enrolment, CheckpointKind.CERTIFICATE, checkpoint_due), achieved_on)
    elif checkpoint_due is not None:
        raise ValidationError({"checkpoint_due": [_("Kun et bevis kan opfylde en frist for bevis.")]})
    milestone = Milestone.objects.create(
        enrolment=enrolment, kind=kind, name=(name or "").strip(), achieved_on=achieved_on,
        checkpoint_due=row, recorded_by=by,
    )  # fmt: skip
    record(
        actor=by, action=AuditAction.CREATE, event="pathways.milestone.create", obj=milestone,
        municipality_id=_municipality_id(enrolment),
        changes={"kind": kind, "achieved_on": achieved_on.isoformat(), "checkpoint_done": row.pk if row else None},
    )  # fmt: skip
    return milestone


# --- Exit and follow-up --------------------------------------------------------------------


@transaction.atomic
def enrolment_exit(
    *,
    by,
    enrolment: Enrolment,
    exit_date: datetime.date,
    outcome: str,
    hours_per_week=None,
    note: str = "",
) -> Exit:
    """End the enrolment with one outcome of seed 003's taxonomy. Closes an open pause on the
    exit date and creates the follow-ups at 13, 26 and 52 weeks (unanswered)."""
    locked = Enrolment.objects.select_for_update().select_related("citizen").get(pk=enrolment.pk)
    rules.ENROLMENT.check(locked.status, EnrolmentStatus.EXITED)
    if outcome not in ExitOutcome.values:
        raise ValidationError({"outcome": [_("Vælg en afslutningsårsag.")]})
    if exit_date < locked.start_date:
        raise ValidationError({"exit_date": [_("Afslutningen kan ikke ligge før forløbets start.")]})
    hours = _hours(hours_per_week, "hours_per_week", outcome in EMPLOYMENT_OUTCOMES)
    before = locked.status
    pause = locked.pauses.filter(end__isnull=True).first()
    if pause is not None:
        if exit_date < pause.start:
            raise ValidationError({"exit_date": [_("Afslutningen kan ikke ligge før den åbne pauses start.")]})
        pause.end = exit_date
        pause.save(update_fields=["end"])
    locked.status = EnrolmentStatus.EXITED
    locked.save(update_fields=["status"])
    if pause is not None:
        recompute_due_dates(locked)
    exit_ = Exit.objects.create(
        enrolment=locked, exit_date=exit_date, outcome=outcome, hours_per_week=hours,
        note=(note or "").strip(), recorded_by=by, status_before=before, closed_pause=pause,
    )  # fmt: skip
    FollowUp.objects.bulk_create(
        FollowUp(exit=exit_, weeks=w, due=followup_due(exit_date, w)) for w in FOLLOW_UP_WEEKS
    )
    closed = close_open_work(locked, exit_date)
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.enrolment.exit", obj=locked,
        municipality_id=locked.citizen.municipality_id,
        changes={"status": [before, "exited"], "exit_date": exit_date.isoformat(), "outcome": outcome,
                 "hours_per_week": str(hours) if hours is not None else None, **closed},
    )  # fmt: skip
    enrolment.status = locked.status
    waiting_list_promote(by=by, team=locked.team)  # a place has freed on the team
    return exit_


def close_open_work(enrolment: Enrolment, on: datetime.date) -> dict:
    """The exit closes what is still open: goals (status CLOSED) and deadlines not done
    (closed_on). Undoing the exit reopens exactly these (services_exit.exit_undo)."""
    goals = Goal.objects.filter(enrolment=enrolment, status=GoalStatus.OPEN).update(
        status=GoalStatus.CLOSED, closed_on=on
    )
    deadlines = CheckpointDue.objects.filter(enrolment=enrolment, done_at__isnull=True, closed_on__isnull=True).update(
        closed_on=on
    )
    return {"goals_closed": goals, "deadlines_closed": deadlines}


def followup_due(exit_date: datetime.date, weeks: int) -> datetime.date:
    return exit_date + datetime.timedelta(weeks=weeks)


@transaction.atomic
def followup_record(
    *, by, followup: FollowUp, status: str, hours_per_week=None, recorded_on: datetime.date | None = None
) -> FollowUp:
    """Whether the person is in work or education at the follow-up; hours for work. A
    follow-up can be recorded (and corrected) from its due date."""
    recorded_on = recorded_on or timezone.localdate()
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": [_("Vælg en status.")]})
    locked = FollowUp.objects.select_for_update().select_related("exit__enrolment__citizen").get(pk=followup.pk)
    if recorded_on < locked.due:
        raise ValidationError(
            {"recorded_on": [_("Opfølgningen kan først registreres fra %(date)s.") % {"date": f"{locked.due:%d-%m-%Y}"}]}
        )
    hours = _hours(hours_per_week, "hours_per_week", status == FollowUpStatus.WORK)
    before = locked.status
    locked.status, locked.hours_per_week, locked.recorded_on, locked.recorded_by = status, hours, recorded_on, by
    locked.save(update_fields=["status", "hours_per_week", "recorded_on", "recorded_by"])
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.followup.record", obj=locked,
        municipality_id=locked.exit.enrolment.citizen.municipality_id,
        changes={"weeks": locked.weeks, "status": [before, status],
                 "hours_per_week": str(hours) if hours is not None else None},
    )  # fmt: skip
    for field in ("status", "hours_per_week", "recorded_on", "recorded_by_id"):
        setattr(followup, field, getattr(locked, field))
    return locked
