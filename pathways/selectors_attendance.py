"""Reads of attendance and placements, scoped through pathways.access, in a constant number of
queries whatever the team or caseload size.

Attendance rate = attended ÷ (attended + excused + unexcused) (pathways.rules.attendance_rate);
the sums behind it come from SQL (Sum with Coalesce). The run of consecutive fully absent weeks
(pathways.rules.Week.fully_absent, counted back from the latest recorded week) is computed in
SQL too: the fully absent weeks after the participant's latest week that was not fully absent.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.access import Access
from core.calendar import monday_of

from . import access as pa
from . import rules
from .access import run_programmes
from .models import AttendanceWeek, Enrolment, Pause, Phase, Placement, Programme, Team

ABSENT_FLAG_WEEKS = 2  # a run of this many fully absent weeks is flagged
PLACEMENT_WEEKS_SHOWN = 8
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=12, decimal_places=2))


# --- Weeks ---------------------------------------------------------------------------------


def pathway_week(start: datetime.date, on: datetime.date, pauses=()) -> int:
    """The participant's week of the pathway on a date: week 1 starts on the start date, and
    days on pause do not count (a pause moves the pathway, as it moves the checkpoints)."""
    paused = 0
    for p in pauses:
        if p.start <= on:
            paused += ((min(p.end, on) if p.end else on) - p.start).days
    return max(1, ((on - start).days - paused) // rules.DAYS_PER_WEEK + 1)


def phase_for_week(phases: list[Phase], week: int) -> Phase | None:
    """The phase a pathway week falls in (phases ordered); the last phase after the end."""
    end = 0
    for phase in phases:
        end += phase.weeks
        if week <= end:
            return phase
    return phases[-1] if phases else None


# --- Rates in SQL ----------------------------------------------------------------------------


def _fully_absent(prefix: str = "") -> Q:
    """pathways.rules.Week.fully_absent as a filter on AttendanceWeek (prefix for joins)."""
    return Q(
        **{
            f"{prefix}planned_hours__gt": 0,
            f"{prefix}attended_hours": 0,
        }
    ) & (Q(**{f"{prefix}excused_hours__gt": 0}) | Q(**{f"{prefix}unexcused_hours__gt": 0}))


def _sum(path: str, **filter_kw) -> Coalesce:
    return Coalesce(Sum(path, **filter_kw), ZERO)


def with_rate_sums(qs: QuerySet, path: str, attendance_filter: Q | None = None) -> QuerySet:
    """Annotate attended_sum, excused_sum, unexcused_sum over the AttendanceWeek rows reached
    through `path` (e.g. 'attendance', 'enrolments__attendance')."""
    kw = {"filter": attendance_filter} if attendance_filter is not None else {}
    return qs.annotate(
        attended_sum=_sum(f"{path}__attended_hours", **kw),
        excused_sum=_sum(f"{path}__excused_hours", **kw),
        unexcused_sum=_sum(f"{path}__unexcused_hours", **kw),
    )


def rate_of(obj) -> Decimal | None:
    return rules.attendance_rate(obj.attended_sum, obj.excused_sum + obj.unexcused_sum)


def absent_run_subquery(enrolment_ref: str = "pk") -> Coalesce:
    """Fully absent weeks after the latest week that was not fully absent: the current run."""
    later_present = AttendanceWeek.objects.filter(
        enrolment_id=OuterRef("enrolment_id"), week__gt=OuterRef("week")
    ).exclude(_fully_absent())
    run = (
        AttendanceWeek.objects.filter(_fully_absent(), enrolment_id=OuterRef(enrolment_ref))
        .filter(~Exists(later_present))
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(run, output_field=IntegerField()), 0)


# --- The team week grid ----------------------------------------------------------------------


def week_enrolments(team: Team, monday: datetime.date) -> QuerySet[Enrolment]:
    """Participants of the team whose enrolment is active in the week: started by its Sunday,
    and not exited before its Monday. Their pauses come along (`pause_list`)."""
    sunday = monday + datetime.timedelta(days=6)
    return (
        Enrolment.objects.filter(team=team)
        .active_between(monday, sunday)
        .select_related("citizen")
        .prefetch_related(Prefetch("pauses", queryset=Pause.objects.order_by("start"), to_attr="pause_list"))
        .order_by("citizen__name", "pk")
    )


def paused_all_week(pauses, monday: datetime.date) -> bool:
    """A pause covers the whole week: began by its Monday and ends (the first day back) after
    its Sunday, or is still open. Such a participant has no planned hours that week."""
    sunday = monday + datetime.timedelta(days=6)
    return any(p.start <= monday and (p.end is None or p.end > sunday) for p in pauses)


@dataclass
class GridRow:
    enrolment: Enrolment
    phase: Phase | None
    pathway_week: int
    recorded: AttendanceWeek | None
    planned_hours: Decimal | None
    attended_hours: Decimal | None = None
    excused_hours: Decimal | None = None
    unexcused_hours: Decimal | None = None
    absence_reason: str = ""
    paused: bool = False


def team_week_grid(team: Team, monday: datetime.date, citizen_municipalities=None) -> list[GridRow]:
    """One row per participant of the week, prefilled from the recorded week or planned from
    the participant's current phase. Four queries whatever the team size."""
    phases = list(team.programme.phases.all())
    qs = week_enrolments(team, monday).prefetch_related(
        Prefetch("attendance", queryset=AttendanceWeek.objects.filter(week=monday), to_attr="this_week"),
    )
    if citizen_municipalities is not None:
        qs = qs.filter(citizen__municipality_id__in=citizen_municipalities)
    rows = []
    for e in qs:
        week_no = pathway_week(e.start_date, max(monday, e.start_date), e.pause_list)
        phase = phase_for_week(phases, week_no)
        recorded = e.this_week[0] if e.this_week else None
        if recorded is not None:
            rows.append(
                GridRow(e, phase, week_no, recorded, recorded.planned_hours, recorded.attended_hours,
                        recorded.excused_hours, recorded.unexcused_hours, recorded.absence_reason)
            )  # fmt: skip
        elif paused_all_week(e.pause_list, monday):  # nothing planned: "all attended" fills nothing
            rows.append(GridRow(e, phase, week_no, None, None, paused=True))
        else:
            planned = phase.hours_per_week if phase is not None and phase.hours_per_week is not None else None
            rows.append(GridRow(e, phase, week_no, None, planned))
    return rows


# --- The provider's participant list ---------------------------------------------------------


def participants(access: Access, params: dict) -> list[Enrolment]:
    """Active and paused participants of the programmes the user runs, ordered by team, with
    pathway week, phase, rate sums and the current absence run. Constant queries."""
    qs = pa.enrolments_run_by(access).open()
    if params.get("programme"):
        qs = qs.filter(programme=params["programme"])
    if params.get("team"):
        qs = qs.filter(team=params["team"])
    qs = (
        with_rate_sums(qs, "attendance")
        .annotate(absent_run=absent_run_subquery())
        .select_related("citizen", "team", "programme")
        .prefetch_related(Prefetch("pauses", queryset=Pause.objects.order_by("start"), to_attr="pause_list"))
        .order_by("programme__name", "team__start_date", "team__name", "team_id", "citizen__name", "pk")
    )
    rows = list(qs)
    phases_by_programme: dict[int, list[Phase]] = {}
    for phase in Phase.objects.filter(programme_id__in={e.programme_id for e in rows}).order_by("order"):
        phases_by_programme.setdefault(phase.programme_id, []).append(phase)
    today = timezone.localdate()
    for e in rows:
        e.week_no = pathway_week(e.start_date, max(today, e.start_date), e.pause_list)
        e.phase = phase_for_week(phases_by_programme.get(e.programme_id, []), e.week_no)
        e.rate = rate_of(e)
        e.absent_flag = e.absent_run >= ABSENT_FLAG_WEEKS
    return rows


def team_summaries(access: Access, params: dict) -> list[Team]:
    """Each team the user runs (with an open enrolment) and its rate over all its attendance."""
    qs = Team.objects.filter(programme__in=run_programmes(access))
    if params.get("programme"):
        qs = qs.filter(programme=params["programme"])
    if params.get("team"):
        qs = qs.filter(pk=params["team"].pk)
    qs = qs.filter(Exists(Enrolment.objects.open().filter(team=OuterRef("pk"))))
    teams = list(with_rate_sums(qs, "enrolments__attendance").select_related("programme").order_by("programme__name", "start_date", "name", "pk"))
    for t in teams:
        t.rate = rate_of(t)
    return teams


def programme_summaries(access: Access, params: dict) -> list[Programme]:
    qs = run_programmes(access)
    if params.get("programme"):
        qs = qs.filter(pk=params["programme"].pk)
    programmes = list(with_rate_sums(qs, "enrolments__attendance").order_by("name", "pk"))
    for p in programmes:
        p.rate = rate_of(p)
    return programmes


# --- One enrolment's attendance --------------------------------------------------------------


def enrolment_attendance(enrolment: Enrolment) -> dict:
    """Every recorded week, the sums, the rate and the current absence run (three queries)."""
    weeks = list(enrolment.attendance.order_by("week"))
    totals = AttendanceWeek.objects.filter(enrolment=enrolment).aggregate(
        attended_sum=_sum("attended_hours"), excused_sum=_sum("excused_hours"), unexcused_sum=_sum("unexcused_hours")
    )
    run = (
        Enrolment.objects.filter(pk=enrolment.pk).annotate(run=absent_run_subquery()).values_list("run", flat=True).get()
    )
    absent = totals["excused_sum"] + totals["unexcused_sum"]
    return {
        "weeks": weeks,
        **totals,
        "rate": rules.attendance_rate(totals["attended_sum"], absent),
        "absent_run": run,
        "absent_flag": run >= ABSENT_FLAG_WEEKS,
    }


# --- Company contacts: placements with their own organisation ----------------------------------


def company_placements(access: Access, today: datetime.date | None = None) -> list[Placement]:
    """Placements with the user's own organisation(s) that are current, future or ended within
    the weeks shown, each with its attendance during the placement: the recent weeks and the
    rate over the whole placement period. Two queries."""
    today = today or timezone.localdate()
    since = monday_of(today) - datetime.timedelta(weeks=PLACEMENT_WEEKS_SHOWN - 1)
    # The week in which the placement starts counts, as on the page.
    in_period = Q(enrolment__attendance__week__gt=F("start") - datetime.timedelta(days=7)) & (
        Q(end__isnull=True) | Q(enrolment__attendance__week__lte=F("end"))
    )
    qs = pa.placements_visible_to(access).filter(Q(end__isnull=True) | Q(end__gte=since))
    placements = list(
        with_rate_sums(qs, "enrolment__attendance", in_period)
        .select_related("enrolment__citizen", "company")
        .only(
            "start", "end", "support_person", "support_person_phone", "company__name", "company__municipality_id",
            "enrolment__id", "enrolment__citizen__name", "enrolment__citizen__public_id",
            "enrolment__citizen__municipality_id",
        )
        .order_by("company__name", "enrolment__citizen__name", "start", "pk")
    )  # fmt: skip
    weeks = AttendanceWeek.objects.filter(
        enrolment_id__in={p.enrolment_id for p in placements}, week__gte=since
    ).order_by("enrolment_id", "-week")
    by_enrolment: dict[int, list[AttendanceWeek]] = {}
    for w in weeks.only("enrolment_id", "week", "planned_hours", "attended_hours", "excused_hours", "unexcused_hours"):
        by_enrolment.setdefault(w.enrolment_id, []).append(w)
    for p in placements:
        p.recent = [
            w for w in by_enrolment.get(p.enrolment_id, [])
            if p.start - datetime.timedelta(days=7) < w.week and (p.end is None or w.week <= p.end)
        ]  # fmt: skip
        p.rate = rate_of(p)
    return placements
