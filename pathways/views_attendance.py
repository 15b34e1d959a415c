"""Pages for running a pathway: a team's week grid, the provider's participant list, company
placements. Short views: access check, selector or service call, render."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.access import access_for
from accounts.roles import Perm
from audit.reads import audited_read
from core.calendar import WEEK, iso_week_label, parse_iso_week, week_label

from . import access as pa
from . import services_attendance as services
from .forms_attendance import GRID_FIELDS, ParticipantFilterForm, PlacementForm, grid_rows
from .selectors_attendance import (
    PLACEMENT_WEEKS_SHOWN,
    company_placements,
    participants,
    programme_summaries,
    team_summaries,
    team_week_grid,
)


def _display(value) -> str:
    """Hours for an input: 25.00 → '25', 12.50 → '12,5' (localised); text as it is."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return formats.number_format(Decimal(f"{value:.2f}".rstrip("0").rstrip(".")))
    return str(value)


def _grid_context(team, monday, posted=None, error=None) -> dict:
    """Rows to render: the stored or planned values, or what was posted with its errors."""
    grid = team_week_grid(team, monday)
    errors: dict[int, dict[str, str]] = {}
    general: list[str] = []
    for key, messages_ in (error.message_dict.items() if error is not None else ()):
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "rows" and parts[1].isdigit():
            errors.setdefault(int(parts[1]), {})[parts[2]] = " ".join(messages_)
        else:
            general.extend(messages_)
    posted_index = {r["enrolment"]: i for i, r in enumerate(posted or [])}
    rows = []
    for i, row in enumerate(grid):
        key = str(row.enrolment.public_id)
        if key in posted_index:
            values = posted[posted_index[key]]
            row_errors = errors.get(posted_index[key], {})
        else:
            values = {f: _display(getattr(row, f)) for f in GRID_FIELDS if f != "enrolment"}
            row_errors = {}
        rows.append({"i": i, "row": row, "values": values, "errors": row_errors})
    today = timezone.localdate()
    return {
        "team": team,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "label": iso_week_label(monday),
        "week_name": week_label(monday),
        "previous": iso_week_label(monday - WEEK),
        "previous_name": week_label(monday - WEEK),
        "next": iso_week_label(monday + WEEK) if monday + WEEK <= today else None,
        "next_name": week_label(monday + WEEK),
        "current": iso_week_label(today),
        "editable": monday <= today,
        "rows": rows,
        "general_errors": general,
        "error_count": sum(len(e) for e in errors.values()) + len(general),
    }


@login_required
@audited_read("pathways.attendance.week")
def team_week(request, team_public_id, iso_week):
    """The week grid of a team: one row per participant, saved in one POST."""
    access = access_for(request)
    team = pa.team_get(access, team_public_id, write=True)
    monday = parse_iso_week(iso_week)
    if monday is None:
        raise Http404
    if iso_week != iso_week_label(monday):  # one URL per week: 2026-w48 → 2026-W48
        return redirect("pathways:team_week", team_public_id=team.public_id, iso_week=iso_week_label(monday))
    if request.method == "POST":
        rows = grid_rows(request.POST)
        try:
            saved = services.attendance_save_week(by=request.user, team=team, week=monday, rows=rows)
        except ValidationError as error:
            context = _grid_context(team, monday, posted=rows, error=error)
            return render(request, "pathways/attendance_week.html", context, status=422)
        messages.success(
            request, _("Ugen er gemt (%(n)s rækker ændret).") % {"n": len(saved)}
        )
        return redirect("pathways:team_week", team_public_id=team.public_id, iso_week=iso_week_label(monday))
    return render(request, "pathways/attendance_week.html", _grid_context(team, monday))


@login_required
@audited_read("pathways.participant.list")
def participant_list(request):
    access = access_for(request)
    access.require(Perm.PATHWAY_RUN)
    programmes = pa.run_programmes(access)
    form = ParticipantFilterForm(request.GET or None, programmes=programmes)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    context = {
        "form": form,
        "participants": participants(access, params),
        "teams": team_summaries(access, params),
        "programmes": programme_summaries(access, params),
        "current_week": iso_week_label(timezone.localdate()),
        "current_week_name": week_label(timezone.localdate()),
    }
    return render(request, "pathways/participants.html", context)


@login_required
@audited_read("pathways.placement.form")
def placement_create(request, public_id):
    access = access_for(request)
    enrolment = pa.enrolment_for(access, public_id, pa.can_change_enrolment)
    form = PlacementForm(request.POST or None, enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_create(by=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Placeringen er oprettet."))
            if pa.can_run(access, enrolment.programme):
                return redirect("pathways:participants")
            return redirect("pathways:citizen", public_id=enrolment.citizen.public_id)
    return render(request, "pathways/placements_form.html", {"form": form, "enrolment": enrolment})


@login_required
def placement_list(request):
    """A company contact's participants: names, period, support person and attendance only."""
    access = access_for(request)
    access.require(Perm.PLACEMENT_VIEW)
    placements = company_placements(access)
    services.placements_read(by=request.user, placements=placements)
    context = {"placements": placements, "weeks_shown": PLACEMENT_WEEKS_SHOWN}
    return render(request, "pathways/placements.html", context)
