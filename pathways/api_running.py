"""Status reports, exits, follow-up and outcomes in the JSON API, with the permissions of the
pages (pathways.access): an enrolment the user does not see answers 404, a visible
one the user may not act on 403. No names and no CPR: citizens appear as the enrolment's id."""

import datetime
import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from accounts.access import access_for, permitted
from core.api_bodies import StrictBody as _Body
from core.api_bodies import iso_date as _iso_date
from core.api_bodies import limit_field, offset_field
from core.api_errors import READ_ERRORS, WRITE_ERRORS
from core.lifecycle import IllegalTransition

from . import access as pa
from . import selectors_running as sr
from . import services_running as services
from .models import CheckpointDue, CheckpointKind, ExitOutcome, FollowUp, FollowUpStatus, StatusReport

router = Router()

OutcomeCode = Literal[tuple(ExitOutcome.values)]  # type: ignore[valid-type]
FollowUpCode = Literal[tuple(FollowUpStatus.values)]  # type: ignore[valid-type]






# --- Schemas -------------------------------------------------------------------------------


class StatusCheckpointOut(Schema):
    """The checkpoint a status report answers (named apart from the enrolment list's own)."""

    name: str
    week: int
    due: datetime.date | None
    done_at: datetime.date | None


class StatusReportIn(_Body):
    body: str = Field(min_length=1, max_length=20000)
    next_goal: str = Field("", max_length=5000, description="Mål for resten af forløbet")
    recommendation: str = Field("", max_length=5000, description="Anbefalet næste skridt")
    checkpoint_week: int | None = Field(
        None, ge=1, le=520, description="Statusfristens uge; tom: den tidligste åbne statusfrist"
    )


class StatusReportOut(Schema):
    public_id: uuid.UUID
    enrolment: uuid.UUID
    submitted_at: datetime.datetime
    written_by: str
    body: str
    next_goal: str
    recommendation: str
    checkpoint: StatusCheckpointOut | None
    acknowledged_at: datetime.datetime | None
    acknowledged_by: str | None


class FollowUpOut(Schema):
    weeks: int
    due: datetime.date
    status: str | None = Field(description="work, education, neither, unknown; null: ikke registreret")
    hours_per_week: float | None
    recorded_on: datetime.date | None


class FollowUpIn(_Body):
    status: FollowUpCode
    hours_per_week: float | None = Field(None, description="Kun ved arbejde (over 0, højst 60)")
    recorded_on: datetime.date | None = Field(None, description="Standard: i dag")

    _recorded_on = field_validator("recorded_on", mode="before")(_iso_date)


class ExitIn(_Body):
    exit_date: datetime.date
    outcome: OutcomeCode
    hours_per_week: float | None = Field(None, description="Påkrævet ved beskæftigelse (over 0, højst 60)")
    note: str = Field("", max_length=2000)

    _exit_date = field_validator("exit_date", mode="before")(_iso_date)


class ExitOut(Schema):
    enrolment: uuid.UUID
    exit_date: datetime.date
    outcome: str
    outcome_label: str
    hours_per_week: float | None
    note: str
    followups: list[FollowUpOut]


class OutcomeOut(Schema):
    enrolment: uuid.UUID = Field(description="Indskrivningens id (pseudonym for borgeren)")
    municipality: str = Field(description="Kommunekode")
    programme: uuid.UUID
    programme_name: str
    start_date: datetime.date
    exit_date: datetime.date
    outcome: str
    hours_per_week: float | None
    followups: list[FollowUpOut]


class OutcomeFilters(Schema):
    date_from: datetime.date | None = Field(None, alias="from", description="Afsluttet fra (ÅÅÅÅ-MM-DD)")
    date_to: datetime.date | None = Field(None, alias="to", description="Afsluttet til og med")
    limit: int = limit_field(100, 1000)
    offset: int = offset_field()

    # ISO dates only: pydantic would otherwise read ?to=0 as a Unix timestamp (1970-01-01)
    _dates = field_validator("date_from", "date_to", mode="before")(_iso_date)


class OutcomePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OutcomeOut]


# --- Serialising ---------------------------------------------------------------------------


def _float(value) -> float | None:
    return None if value is None else float(value)


def _checkpoint(row: CheckpointDue | None) -> dict | None:
    if row is None:
        return None
    return {"name": row.checkpoint.name, "week": row.checkpoint.due_week, "due": row.due, "done_at": row.done_at}


def report_out(report: StatusReport, enrolment) -> dict:
    return {
        "public_id": report.public_id,
        "enrolment": enrolment.public_id,
        "submitted_at": report.submitted_at,
        "written_by": str(report.written_by),
        "body": report.body,
        "next_goal": report.next_goal,
        "recommendation": report.recommendation,
        "checkpoint": _checkpoint(report.checkpoint_due),
        "acknowledged_at": report.acknowledged_at,
        "acknowledged_by": str(report.acknowledged_by) if report.acknowledged_by_id else None,
    }


def followup_out(f) -> dict:
    return {
        "weeks": f.weeks, "due": f.due, "status": f.status or None,
        "hours_per_week": _float(f.hours_per_week), "recorded_on": f.recorded_on,
    }  # fmt: skip


def exit_out(exit_, enrolment) -> dict:
    return {
        "enrolment": enrolment.public_id,
        "exit_date": exit_.exit_date,
        "outcome": exit_.outcome,
        "outcome_label": str(exit_.get_outcome_display()),
        "hours_per_week": _float(exit_.hours_per_week),
        "note": exit_.note,
        "followups": [followup_out(f) for f in exit_.followups.order_by("weeks")],
    }


def _enrolment(request, public_id, may):
    """A visible enrolment the user may act on; a visible one they may not answers 403."""
    return pa.enrolment_for(access_for(request), public_id, may, refuse=PermissionDenied)


# --- Status reports ------------------------------------------------------------------------

REPORTS = ["Statusrapporter"]
EXITS = ["Afslutninger"]


@router.get(
    "/enrolments/{public_id}/status-reports",
    response={200: list[StatusReportOut], **READ_ERRORS},
    tags=REPORTS,
    summary="Statusrapporter for en indskrivning",
)
def status_report_list(request, public_id: uuid.UUID):
    """Every report of the enrolment, oldest first. The read is audited."""
    access = access_for(request)
    enrolment = pa.enrolment_get(access, public_id)
    reports = sr.status_reports_of(enrolment)
    services.status_report_read(by=request.user, reports=reports, municipality_id=enrolment.citizen.municipality_id)
    return [report_out(r, enrolment) for r in reports]


@router.post(
    "/enrolments/{public_id}/status-reports",
    response={201: StatusReportOut, **WRITE_ERRORS},
    tags=REPORTS,
    summary="Aflevér statusrapport",
)
def status_report_create(request, public_id: uuid.UUID, payload: StatusReportIn):
    """Written by the provider running the programme; fulfils the status checkpoint."""
    enrolment = _enrolment(request, public_id, pa.can_write_report)
    row = None
    if payload.checkpoint_week is not None:
        row = enrolment.checkpoints_due.filter(
            checkpoint__kind=CheckpointKind.STATUS, checkpoint__due_week=payload.checkpoint_week
        ).first()
        if row is None:
            raise ValidationError({"checkpoint_week": _("Forløbet har ingen statusfrist i den uge.")})
    report = services.status_report_submit(
        by=request.user, enrolment=enrolment, body=payload.body, next_goal=payload.next_goal,
        recommendation=payload.recommendation, checkpoint_due=row,
    )  # fmt: skip
    return Status(201, report_out(sr.status_report_get(access_for(request), report.public_id), enrolment))


@router.post(
    "/status-reports/{public_id}/acknowledge",
    response={200: StatusReportOut, **WRITE_ERRORS},
    tags=REPORTS,
    summary="Kvittér for en statusrapport",
)
def status_report_acknowledge(request, public_id: uuid.UUID):
    """By a caseworker of the citizen's municipality; a report is acknowledged once."""
    access = access_for(request)
    report = sr.status_report_get(access, public_id)
    permitted(access, report.enrolment, pa.can_acknowledge, PermissionDenied)
    services.status_report_acknowledge(by=request.user, report=report)
    return report_out(sr.status_report_get(access, public_id), report.enrolment)


# --- Exit, follow-up and outcomes ----------------------------------------------------------


@router.post(
    "/enrolments/{public_id}/exit",
    response={201: ExitOut, **WRITE_ERRORS},
    tags=EXITS,
    summary="Afslut en indskrivning",
)
def enrolment_exit(request, public_id: uuid.UUID, payload: ExitIn):
    """One outcome of the taxonomy; hours per week required for employment outcomes and refused
    otherwise. Creates the follow-ups at 13, 26 and 52 weeks."""
    enrolment = _enrolment(request, public_id, pa.can_change_enrolment)
    try:
        exit_ = services.enrolment_exit(by=request.user, enrolment=enrolment, **payload.model_dump())
    except IllegalTransition as error:  # reported as a field error: the enrolment's status
        raise ValidationError(
            {"status": _("Forløbet kan ikke afsluttes i den nuværende status (%(current)s).") % {"current": error.current}}
        ) from None
    return Status(201, exit_out(exit_, enrolment))


@router.get(
    "/enrolments/{public_id}/follow-ups",
    response={200: list[FollowUpOut], **READ_ERRORS, 403: WRITE_ERRORS[403]},
    tags=EXITS,
    summary="Opfølgning efter afslutning",
)
def followup_list(request, public_id: uuid.UUID):
    """The municipality's follow-ups (13, 26, 52 weeks); providers do not see them (403)."""
    enrolment = _enrolment(request, public_id, pa.can_see_followups)
    return [followup_out(f) for f in enrolment_followups(enrolment)]


def enrolment_followups(enrolment):
    return FollowUp.objects.filter(exit__enrolment=enrolment).order_by("weeks")


@router.put(
    "/enrolments/{public_id}/follow-ups/{weeks}",
    response={200: FollowUpOut, **WRITE_ERRORS},
    tags=EXITS,
    summary="Registrér opfølgning",
)
def followup_record(request, public_id: uuid.UUID, weeks: int, payload: FollowUpIn):
    """By a caseworker of the citizen's municipality, from the follow-up's due date."""
    access = access_for(request)
    enrolment = _enrolment(request, public_id, pa.can_see_followups)
    followup = sr.followup_get(access, enrolment, weeks)
    permitted(access, enrolment, pa.can_record_followup, PermissionDenied)
    services.followup_record(by=request.user, followup=followup, **payload.model_dump())
    return followup_out(followup)


@router.get("/outcomes", response={200: OutcomePage, **READ_ERRORS}, tags=EXITS, summary="Afslutninger og opfølgning")
def outcome_list(request, filters: Query[OutcomeFilters]):
    """The municipality's exits with outcome and follow-up status, by exit date. No names, no
    CPR: the citizen is the enrolment's id."""
    access = access_for(request)
    if not pa.outcome_municipalities(access):
        raise Http404
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise ValidationError({"to": _("Slutdatoen ligger før startdatoen.")})
    qs = sr.outcomes(access, date_from=filters.date_from, date_to=filters.date_to)
    count = qs.count()
    rows = list(qs[filters.offset : filters.offset + filters.limit]) if count else []
    items = [
        {
            "enrolment": e.enrolment.public_id,
            "municipality": e.enrolment.citizen.municipality.code,
            "programme": e.enrolment.programme.public_id,
            "programme_name": e.enrolment.programme.name,
            "start_date": e.enrolment.start_date,
            "exit_date": e.exit_date,
            "outcome": e.outcome,
            "hours_per_week": _float(e.hours_per_week),
            "followups": [followup_out(f) for f in e.followups.all()],
        }
        for e in rows
    ]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}
