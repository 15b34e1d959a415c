"""Reads of running a pathway, scoped through pathways.access, in a constant number of queries.

Who may do what (pages and API alike) is decided in pathways.access:
- goals, milestones and the exit: the provider running the programme, or a caseworker
  (CITIZEN_EDIT) of the citizen's municipality (can_change_enrolment);
- status reports are written by the provider running the programme and acknowledged by a
  caseworker of the citizen's municipality; anyone who sees the enrolment may read them;
- follow-ups after the exit belong to the municipality: seen with CITIZEN_VIEW, recorded with
  CITIZEN_EDIT there. Providers do not see them: the citizen has left them.
"""

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import Access

from . import access as pa
from . import citizen_page
from .models import (
    OPEN_ENROLMENT,
    CheckpointDue,
    CheckpointKind,
    Enrolment,
    EnrolmentStatus,
    Exit,
    FollowUp,
    Programme,
    StatusReport,
    Team,
)

UPCOMING_DAYS = 14


# --- Status reports --------------------------------------------------------------------------


def status_report_get(access: Access, public_id) -> StatusReport:
    return get_object_or_404(
        pa.status_reports_visible_to(access).select_related(
            "enrolment__citizen", "enrolment__programme__provider", "enrolment__team",
            "written_by", "acknowledged_by", "checkpoint_due__checkpoint",
        ),  # fmt: skip
        public_id=public_id,
    )


def status_reports_of(enrolment: Enrolment) -> list[StatusReport]:
    return list(
        enrolment.status_reports.select_related(
            "written_by", "acknowledged_by", "checkpoint_due__checkpoint"
        ).order_by("submitted_at", "pk")
    )


def unacknowledged_reports(access: Access, *, mine: bool = False) -> QuerySet[StatusReport]:
    """Reports awaiting a caseworker's acknowledgement in the municipalities where the user may
    acknowledge them, oldest first."""
    qs = pa.status_reports_to_acknowledge(access).filter(acknowledged_at__isnull=True)
    if mine:
        qs = qs.filter(enrolment__citizen__caseworker=access.user)
    return qs.select_related(
        "enrolment__citizen__caseworker", "enrolment__programme", "enrolment__team", "written_by",
        "checkpoint_due__checkpoint",
    ).order_by("submitted_at", "pk")  # fmt: skip


# --- Checkpoint lists ------------------------------------------------------------------------


def checkpoint_list(access: Access, *, tab: str, params: dict, today: datetime.date) -> QuerySet[CheckpointDue]:
    """Open checkpoints of open enrolments: overdue (due before today) or upcoming (today and
    the next 14 days), ordered by due date. Params: programme, team, kind, mine."""
    qs = pa.checkpoints_due_visible_to(access).filter(
        done_at__isnull=True, due__isnull=False, enrolment__status__in=OPEN_ENROLMENT
    )
    if tab == "upcoming":
        qs = qs.filter(due__gte=today, due__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
    else:
        qs = qs.filter(due__lt=today)
    if params.get("programme"):
        qs = qs.filter(enrolment__programme=params["programme"])
    if params.get("team"):
        qs = qs.filter(enrolment__team=params["team"])
    if params.get("kind"):
        qs = qs.filter(checkpoint__kind=params["kind"])
    if params.get("mine"):
        qs = qs.filter(enrolment__citizen__caseworker=access.user)
    return qs.select_related(
        "checkpoint", "enrolment__citizen__caseworker", "enrolment__programme", "enrolment__team"
    ).order_by("due", "enrolment__citizen__name", "pk")


def teams_for_filter(programmes: QuerySet[Programme]) -> QuerySet[Team]:
    return Team.objects.filter(programme__in=programmes).select_related("programme").order_by(
        "programme__name", "start_date", "name"
    )


# --- Follow-up -------------------------------------------------------------------------------


def followups_due(access: Access, *, today: datetime.date, mine: bool = False, upcoming: bool = False):
    """Unanswered follow-ups of the user's municipalities: due by today (or, with `upcoming`,
    in the next 14 days), oldest first."""
    qs = pa.followups_visible_to(access).filter(status="")
    if upcoming:
        qs = qs.filter(due__gt=today, due__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
    else:
        qs = qs.filter(due__lte=today)
    if mine:
        qs = qs.filter(exit__enrolment__citizen__caseworker=access.user)
    return qs.select_related(
        "exit__enrolment__citizen__caseworker", "exit__enrolment__programme"
    ).order_by("due", "pk")


def followup_get(access: Access, enrolment: Enrolment, weeks: int) -> FollowUp:
    if not pa.can_see_followups(access, enrolment):
        raise Http404
    return get_object_or_404(FollowUp.objects.select_related("exit"), exit__enrolment=enrolment, weeks=weeks)


# --- Outcomes (API) --------------------------------------------------------------------------


def outcomes(access: Access, *, date_from=None, date_to=None) -> QuerySet[Exit]:
    """The exits of the municipalities in pathways.access.outcome_municipalities, by exit date."""
    qs = pa.exits_visible_to(access)
    if date_from:
        qs = qs.filter(exit_date__gte=date_from)
    if date_to:
        qs = qs.filter(exit_date__lte=date_to)
    return (
        qs.select_related("enrolment__programme", "enrolment__citizen__municipality")
        .prefetch_related(Prefetch("followups", queryset=FollowUp.objects.order_by("weeks")))
        .order_by("exit_date", "pk")
    )


# --- The citizen page ------------------------------------------------------------------------


def citizen_running_context(access: Access, enrolments: list[Enrolment], today: datetime.date) -> dict:
    """Goals, status reports, milestones, exit and follow-ups of the enrolments shown on a
    citizen page (pathways.citizen_page.running_records), in a fixed number of queries whatever
    their number. Each enrolment gets `.may` (what the user may do) and `.open_status_rows` /
    `.open_certificate_rows` (open checkpoints a report or certificate can answer)."""
    for e in enrolments:
        e.may = {
            "change": pa.can_change_enrolment(access, e),
            "report": pa.can_write_report(access, e),
            "acknowledge": pa.can_acknowledge(access, e),
            "followups": pa.can_see_followups(access, e),
            "record_followup": pa.can_record_followup(access, e),
        }
        rows = e.checkpoint_rows
        for row in rows:
            row.overdue = (
                e.status != EnrolmentStatus.EXITED and row.done_at is None and row.due is not None and row.due < today
            )
        e.open_status_rows = [r for r in rows if r.done_at is None and r.checkpoint.kind == CheckpointKind.STATUS]
        e.open_certificate_rows = [
            r for r in rows if r.done_at is None and r.checkpoint.kind == CheckpointKind.CERTIFICATE
        ]
    citizen_page.running_records(enrolments, {e.pk for e in enrolments if e.may["followups"]})
    for e in enrolments:
        for f in e.followup_rows:
            f.is_due = not f.status and f.due <= today
    return {"today": today}

