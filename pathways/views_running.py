"""Pages for running a pathway: goals, status reports, milestones, the exit, follow-up and the
checkpoint lists. Enrolments and reports are looked up by UUID through pathways.access (404 for
missing and forbidden alike); a visible enrolment the user may not change also answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for, permitted
from accounts.roles import Perm
from audit.reads import audited_read
from core.confirm import ask_to_confirm, confirmed, dry_run
from core.forms import add_service_errors
from core.lifecycle import IllegalTransition

from . import access as pa
from . import selectors_running as sr
from . import services_running as services
from .forms_running import (
    CheckpointFilterForm,
    ExitForm,
    FollowUpForm,
    GoalCloseForm,
    GoalForm,
    MilestoneForm,
    StatusReportForm,
)
from .models import CheckpointDue, CheckpointKind

PAGE_SIZE = 50


def _enrolment(request, public_id, may):
    return pa.enrolment_for(access_for(request), public_id, may)


def _back(enrolment):
    return redirect("pathways:citizen", public_id=enrolment.citizen.public_id)


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))




def _open_rows(enrolment, kind):
    return list(
        CheckpointDue.objects.filter(enrolment=enrolment, checkpoint__kind=kind, done_at__isnull=True)
        .select_related("checkpoint")
        .order_by("checkpoint__due_week", "pk")
    )


def _row(rows, pk):
    return next((r for r in rows if r.pk == pk), None)


# --- Goals and milestones ------------------------------------------------------------------


@login_required
@require_POST
def goal_add(request, public_id):
    enrolment = _enrolment(request, public_id, pa.can_change_enrolment)
    form = GoalForm(request.POST, prefix=f"g{enrolment.pk}")
    if not form.is_valid():
        messages.error(request, _("Beskriv målet og angiv datoen, det blev aftalt."))
        return _back(enrolment)
    try:
        services.goal_add(by=request.user, enrolment=enrolment, **form.cleaned_data)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Målet er tilføjet."))
    return _back(enrolment)


@login_required
@require_POST
def goal_close(request, public_id, goal_id):
    enrolment = _enrolment(request, public_id, pa.can_change_enrolment)
    goal = enrolment.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    form = GoalCloseForm(request.POST, prefix=f"gc{goal.pk}")
    if not form.is_valid():
        messages.error(request, _("Vælg om målet er nået, og angiv datoen."))
        return _back(enrolment)
    try:
        services.goal_close(by=request.user, goal=goal, **form.cleaned_data)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Målet er afsluttet."))
    return _back(enrolment)


@login_required
@require_POST
def milestone_add(request, public_id):
    enrolment = _enrolment(request, public_id, pa.can_change_enrolment)
    rows = _open_rows(enrolment, CheckpointKind.CERTIFICATE)
    form = MilestoneForm(request.POST, prefix=f"m{enrolment.pk}", open_rows=rows)
    if not form.is_valid():
        messages.error(request, _("Vælg typen og angiv datoen for milepælen."))
        return _back(enrolment)
    data = form.cleaned_data
    try:
        services.milestone_record(
            by=request.user, enrolment=enrolment, kind=data["kind"], name=data["name"],
            achieved_on=data["achieved_on"], checkpoint_due=_row(rows, data["checkpoint_due"]),
        )  # fmt: skip
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Milepælen er registreret."))
    return _back(enrolment)


# --- Status reports ------------------------------------------------------------------------


@login_required
@audited_read("pathways.status_report.form")
def status_report_create(request, public_id):
    enrolment = _enrolment(request, public_id, pa.can_write_report)
    rows = _open_rows(enrolment, CheckpointKind.STATUS)
    form = StatusReportForm(request.POST or None, open_rows=rows)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.status_report_submit(
                by=request.user, enrolment=enrolment, body=data["body"], next_goal=data["next_goal"],
                recommendation=data["recommendation"], checkpoint_due=_row(rows, data["checkpoint_due"]),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Statusrapporten er afleveret til sagsbehandleren."))
            return redirect("pathways:status_report", public_id=report.public_id)
    return render(request, "pathways/status_report_form.html", {"form": form, "enrolment": enrolment})


@login_required
@audited_read("pathways.status_report.read")
def status_report_detail(request, public_id):
    """Reading a report's text is audited (one row per view)."""
    access = access_for(request)
    report = sr.status_report_get(access, public_id)
    enrolment = report.enrolment
    services.status_report_read(by=request.user, reports=[report], municipality_id=enrolment.citizen.municipality_id)
    context = {"report": report, "enrolment": enrolment, "can_acknowledge": pa.can_acknowledge(access, enrolment)}
    return render(request, "pathways/status_report_detail.html", context)


@login_required
@require_POST
def status_report_acknowledge(request, public_id):
    access = access_for(request)
    report = sr.status_report_get(access, public_id)
    permitted(access, report.enrolment, pa.can_acknowledge)
    try:
        services.status_report_acknowledge(by=request.user, report=report)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Der er kvitteret for statusrapporten."))
    if request.POST.get("next") == "list":
        return redirect("pathways:status_reports")
    return redirect("pathways:status_report", public_id=report.public_id)


@login_required
@require_POST
def status_reports_acknowledge(request):
    """Acknowledge the reports ticked in the list; any id outside the user's list answers 404."""
    access = access_for(request)
    access.require(Perm.CITIZEN_EDIT)
    ids = request.POST.getlist("reports")
    try:
        reports = list(sr.unacknowledged_reports(access).filter(public_id__in=ids))
    except ValidationError:  # not a UUID
        raise Http404 from None
    if len(reports) != len(set(ids)):
        raise Http404
    if not reports:
        messages.error(request, _("Vælg de statusrapporter, du vil kvittere for."))
    else:
        n = services.status_reports_acknowledge(by=request.user, reports=reports)
        messages.success(request, _("Der er kvitteret for %(n)s statusrapporter.") % {"n": n})
    return redirect(reverse("pathways:status_reports") + ("?mine=1" if request.POST.get("mine") == "1" else ""))


@login_required
@audited_read("pathways.status_report.list")
def status_report_list(request):
    """The caseworker's reports awaiting acknowledgement."""
    access = access_for(request)
    access.require(Perm.CITIZEN_EDIT)
    mine = request.GET.get("mine") == "1"
    page = Paginator(sr.unacknowledged_reports(access, mine=mine), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pathways/status_report_list.html", {"page": page, "mine": mine})


# --- Exit and follow-up --------------------------------------------------------------------


@login_required
@audited_read("pathways.exit.form")
def enrolment_exit(request, public_id):
    """The exit form; a valid exit is checked by the service (rolled back) and then confirmed
    (core.confirm) before it is recorded."""
    enrolment = _enrolment(request, public_id, pa.can_change_enrolment)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sure = confirmed(request)
        try:
            change = (lambda: services.enrolment_exit(by=request.user, enrolment=enrolment, **form.cleaned_data))  # noqa: E731
            change() if sure else dry_run(change)
        except IllegalTransition as error:
            form.add_error(
                None, _("Forløbet kan ikke afsluttes i den nuværende status (%(current)s).") % {"current": error.current}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not sure:
                return ask_to_confirm(
                    request,
                    title=_("Afslut forløbet?"),
                    text=_("%(name)s afsluttes på %(programme)s. Åbne mål og frister lukkes med afslutningen.")
                    % {"name": enrolment.citizen.name, "programme": enrolment.programme.name},
                    action_label=_("Ja, afslut forløbet"),
                    cancel_url=reverse("pathways:citizen", args=[enrolment.citizen.public_id]),
                )
            messages.success(request, _("Forløbet er afsluttet; opfølgning efter 13, 26 og 52 uger er oprettet."))
            return _back(enrolment)
    return render(request, "pathways/exit_form.html", {"form": form, "enrolment": enrolment})


@login_required
@require_POST
def followup_record(request, public_id, weeks):
    access = access_for(request)
    enrolment = _enrolment(request, public_id, pa.can_record_followup)
    followup = sr.followup_get(access, enrolment, weeks)
    form = FollowUpForm(request.POST, prefix=f"f{followup.pk}")
    if not form.is_valid():
        messages.error(request, _("Vælg en status for opfølgningen."))
    else:
        try:
            services.followup_record(by=request.user, followup=followup, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Opfølgningen er registreret."))
    if request.POST.get("next") == "list":
        return redirect("pathways:followups")
    return _back(enrolment)


@login_required
@audited_read("pathways.followup.list")
def followup_list(request):
    access = access_for(request)
    access.require(Perm.CITIZEN_VIEW)
    mine, upcoming = request.GET.get("mine") == "1", request.GET.get("tab") == "upcoming"
    today = timezone.localdate()
    page = Paginator(sr.followups_due(access, today=today, mine=mine, upcoming=upcoming), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for f in page.object_list:
        f.form = FollowUpForm(prefix=f"f{f.pk}")
    context = {
        "page": page, "mine": mine, "tab": "upcoming" if upcoming else "due",
        "can_record": access.has(Perm.CITIZEN_EDIT),
    }  # fmt: skip
    return render(request, "pathways/followup_list.html", context)


# --- Checkpoint lists ----------------------------------------------------------------------


@login_required
@audited_read("pathways.checkpoint.list")
def checkpoint_list(request):
    access = access_for(request)
    if not (access.has(Perm.CITIZEN_VIEW) or access.has(Perm.PATHWAY_RUN)):
        raise Http404
    programmes = pa.programmes_followed(access).order_by("name", "pk")
    form = CheckpointFilterForm(request.GET or None, programmes=programmes, teams=sr.teams_for_filter(programmes))
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    tab = "upcoming" if request.GET.get("tab") == "upcoming" else "overdue"
    today = timezone.localdate()
    qs = sr.checkpoint_list(access, tab=tab, params=params, today=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "tab": tab, "today": today, "can_mine": access.has(Perm.CITIZEN_VIEW)}
    return render(request, "pathways/checkpoint_list.html", context)


# --- The citizen page's part ---------------------------------------------------------------


def citizen_page_extras(access, citizen, enrolments) -> dict:
    """Called by pathways.views.citizen_detail: prefetches what running a pathway shows on the
    citizen page and attaches the forms the user may use (no extra query per enrolment)."""
    for e in enrolments:
        e.citizen = citizen  # the page's enrolments are all this citizen's: no query per row
    context = sr.citizen_running_context(access, enrolments, timezone.localdate())
    for e in enrolments:
        if e.may["change"]:
            e.goal_form = GoalForm(prefix=f"g{e.pk}")
            e.milestone_form = MilestoneForm(prefix=f"m{e.pk}", open_rows=e.open_certificate_rows)
            for goal in e.goal_rows:
                goal.close_form = GoalCloseForm(prefix=f"gc{goal.pk}")
        for f in e.followup_rows:
            f.form = FollowUpForm(prefix=f"f{f.pk}")
    return context
