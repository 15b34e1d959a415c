"""Attendance endpoints of the JSON API: a team's week (read and save) and one enrolment's
weeks, with the same service, validation and permissions as the pages.

- the provider running the programme reads and saves its teams' weeks;
- a caseworker reads the weeks of the teams of programmes in their municipality (only their
  municipality's citizens' rows) and one enrolment's weeks; saving answers 403;
- everybody else: 404.
"""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from accounts.access import access_for, permitted
from core.api_errors import READ_ERRORS, WRITE_ERRORS
from core.calendar import iso_week_label, parse_iso_week

from . import access as pa
from . import services_attendance as services
from .selectors_attendance import (
    enrolment_attendance,
    team_week_grid,
)

router = Router()


class WeekQuery(Schema):
    week: str = Field(description="ISO-uge, fx 2026-W48", examples=["2026-W48"])


class GridRowOut(Schema):
    enrolment: uuid.UUID
    name: str
    status: str
    pathway_week: int
    phase: str | None
    recorded: bool = Field(description="Om ugen er registreret; ellers er planlagte timer fasens timetal")
    planned_hours: Decimal | None
    attended_hours: Decimal | None
    excused_hours: Decimal | None
    unexcused_hours: Decimal | None
    absence_reason: str


class TeamWeekOut(Schema):
    team: uuid.UUID
    team_name: str
    week: str
    monday: datetime.date
    rows: list[GridRowOut]


class GridRowIn(Schema):
    enrolment: uuid.UUID
    planned_hours: Decimal | None = None
    attended_hours: Decimal | None = None
    excused_hours: Decimal | None = None
    unexcused_hours: Decimal | None = None
    absence_reason: str = ""


class TeamWeekIn(Schema):
    rows: list[GridRowIn]


class WeekOut(Schema):
    week: str
    monday: datetime.date
    planned_hours: Decimal
    attended_hours: Decimal
    excused_hours: Decimal
    unexcused_hours: Decimal
    absence_reason: str


class EnrolmentAttendanceOut(Schema):
    enrolment: uuid.UUID
    attended_hours: Decimal
    excused_hours: Decimal
    unexcused_hours: Decimal
    rate: Decimal | None = Field(description="Fremmødte ÷ (fremmødte + fravær), 0–1; null uden timer")
    absent_weeks_in_a_row: int
    absent_flag: bool
    weeks: list[WeekOut]


def _monday(label: str) -> datetime.date:
    monday = parse_iso_week(label)
    if monday is None:
        raise ValidationError({"week": _("Skriv ugen som ÅÅÅÅ-Www, fx 2026-W48.")})
    return monday


def _team_week(access, team, monday) -> dict:
    rows = team_week_grid(team, monday, pa.team_citizen_municipalities(access, team))
    return {
        "team": team.public_id,
        "team_name": team.name,
        "week": iso_week_label(monday),
        "monday": monday,
        "rows": [
            {
                "enrolment": r.enrolment.public_id,
                "name": r.enrolment.citizen.name,
                "status": r.enrolment.status,
                "pathway_week": r.pathway_week,
                "phase": r.phase.name if r.phase else None,
                "recorded": r.recorded is not None,
                "planned_hours": r.planned_hours,
                "attended_hours": r.attended_hours,
                "excused_hours": r.excused_hours,
                "unexcused_hours": r.unexcused_hours,
                "absence_reason": r.absence_reason,
            }
            for r in rows
        ],
    }


@router.get("/teams/{team_id}/attendance", response={200: TeamWeekOut, **READ_ERRORS}, summary="Holdets uge")
def team_week_read(request, team_id: uuid.UUID, query: Query[WeekQuery]):
    access = access_for(request)
    team = pa.team_get(access, team_id)
    return _team_week(access, team, _monday(query.week))


@router.put("/teams/{team_id}/attendance", response={200: TeamWeekOut, **WRITE_ERRORS}, summary="Gem holdets uge")
def team_week_save(request, team_id: uuid.UUID, query: Query[WeekQuery], payload: TeamWeekIn):
    """All rows or none: an error names the row and field (`rows.<i>.<felt>`) and the participant."""
    access = access_for(request)
    team = pa.team_get(access, team_id)
    permitted(access, team.programme, pa.can_run, PermissionDenied)
    monday = _monday(query.week)
    services.attendance_save_week(
        by=request.user, team=team, week=monday, rows=[r.model_dump() for r in payload.rows]
    )
    return _team_week(access, team, monday)


@router.get(
    "/enrolments/{enrolment_id}/attendance",
    response={200: EnrolmentAttendanceOut, **READ_ERRORS},
    summary="Indskrivningens fremmøde",
)
def enrolment_attendance_read(request, enrolment_id: uuid.UUID):
    access = access_for(request)
    enrolment = pa.enrolment_get(access, enrolment_id)
    data = enrolment_attendance(enrolment)
    return {
        "enrolment": enrolment.public_id,
        "attended_hours": data["attended_sum"],
        "excused_hours": data["excused_sum"],
        "unexcused_hours": data["unexcused_sum"],
        "rate": data["rate"],
        "absent_weeks_in_a_row": data["absent_run"],
        "absent_flag": data["absent_flag"],
        "weeks": [
            {
                "week": iso_week_label(w.week),
                "monday": w.week,
                "planned_hours": w.planned_hours,
                "attended_hours": w.attended_hours,
                "excused_hours": w.excused_hours,
                "unexcused_hours": w.unexcused_hours,
                "absence_reason": w.absence_reason,
            }
            for w in data["weeks"]
        ],
    }
