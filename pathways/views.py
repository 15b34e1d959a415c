"""Pathway pages. Short views: access check, form, service call, render. Personal data is
looked up by UUID through pathways.access (404 for missing and forbidden alike)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for, permitted
from accounts.roles import Perm
from audit.reads import audited_read
from core.forms import add_service_errors
from core.lifecycle import IllegalTransition

from . import access as pa
from . import break_glass, privacy, services, views_break_glass
from .forms import (
    AcceptForm,
    CaseloadFilterForm,
    CitizenForm,
    CitizenStatusForm,
    CprSearchForm,
    DeclineForm,
    PauseForm,
    ReferralForm,
    ResumeForm,
)
from .models import ReferralStatus
from .selectors import caseload, citizen_detail_context, inbox
from .selectors_teams import offered_teams
from .views_running import citizen_page_extras

PAGE_SIZE = 50
INBOX_PAGE_SIZE = 20


def _require_any(access, *perms: Perm) -> None:
    if not any(access.has(p) for p in perms):
        raise Http404


def _refused(request, error: IllegalTransition):
    messages.error(
        request,
        _("Handlingen er ikke mulig i den nuværende status (%(current)s).") % {"current": error.current},
    )


@login_required
@audited_read("pathways.caseload.list")
def caseload_list(request):
    access = access_for(request)
    _require_any(access, Perm.CITIZEN_VIEW, Perm.PATHWAY_RUN)
    form = CaseloadFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    paginator = Paginator(caseload(access, params), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    if params.get("q"):  # a name search is audited with its criterion, like a CPR search
        privacy.citizen_name_search(by=request.user, access=access, query=params["q"], found=paginator.count)
    context = {
        "form": form,
        "page": page,
        "total": paginator.count,
        "can_create": access.has(Perm.CITIZEN_EDIT),
        "can_search": access.has(Perm.CITIZEN_VIEW),
        "can_run": access.has(Perm.PATHWAY_RUN),
        "can_export": access.has(Perm.CITIZEN_EXPORT),
    }
    return render(request, "pathways/caseload.html", context)


@login_required
def citizen_create(request):
    access = access_for(request)
    access.require(Perm.CITIZEN_EDIT)
    form = CitizenForm(request.POST or None, municipality_ids=access.municipalities_with(Perm.CITIZEN_EDIT))
    if request.method == "POST" and form.is_valid():
        try:
            citizen = services.citizen_create(
                by=request.user,
                municipality=form.cleaned_data["municipality"],
                cpr=form.cleaned_data["cpr"],
                data=form.citizen_data(),
                caseworker=request.user,
                status=form.status_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Borgeren er oprettet."))
            return redirect("pathways:citizen", public_id=citizen.public_id)
    return render(request, "pathways/citizen_form.html", {"form": form})




@login_required
@audited_read("pathways.citizen.read")
def citizen_detail(request, public_id):
    access = access_for(request)
    citizen = pa.citizen_get(access, public_id)
    if break_glass.needs_reason(request, citizen):
        return views_break_glass.reason_page(request, citizen)
    shown = pa.cpr_visibility(access, citizen)
    services.citizen_read(by=request.user, citizen=citizen, cpr_shown=shown)
    cpr = {"full": lambda: citizen.cpr_plain(), "masked": citizen.cpr_masked}.get(shown, lambda: None)()
    context = {
        "citizen": citizen,
        "cpr": cpr,
        "cpr_shown": shown,
        "can_refer": pa.can_refer(access, citizen),
        "can_edit_status": pa.can_edit_citizen(access, citizen),
        "can_edit": pa.can_edit_citizen(access, citizen) and citizen.erased_at is None,
        "can_withdraw": pa.can_refer(access, citizen),
        "can_see_access_log": pa.can_view_municipality_wide(access, citizen),
        "can_access_request": access.has(Perm.CITIZEN_EXPORT, citizen.municipality_id),
        **citizen_detail_context(access, citizen),
    }
    context.update(citizen_page_extras(access, citizen, context["enrolments"]))
    context["changeable"] = {e.pk for e in context["enrolments"] if pa.can_change_enrolment(access, e)}
    for e in context["enrolments"]:
        e.pause_form, e.resume_form = PauseForm(prefix=f"p{e.pk}"), ResumeForm(prefix=f"r{e.pk}")
    return render(request, "pathways/citizen_detail.html", context)


@login_required
@audited_read("pathways.citizen.status_form")
def citizen_status_create(request, public_id):
    """A dated change of the citizen's benefit, target group or readiness (CITIZEN_EDIT)."""
    access = access_for(request)
    citizen = permitted(access, pa.citizen_get(access, public_id), pa.can_edit_citizen)
    form = CitizenStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.citizen_status_add(by=request.user, citizen=citizen, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Statusændringen er registreret."))
            return redirect("pathways:citizen", public_id=citizen.public_id)
    return render(request, "pathways/citizen_status_form.html", {"form": form, "citizen": citizen})


@login_required
def cpr_search(request):
    """POST only for the number: it never appears in a URL, a log line or the browser history."""
    access = access_for(request)
    access.require(Perm.CITIZEN_VIEW)
    form = CprSearchForm(request.POST or None)
    not_found = False
    if request.method == "POST" and form.is_valid():
        try:
            citizen = services.citizen_find_by_cpr(
                by=request.user,
                cpr=form.cleaned_data["cpr"],
                municipality_ids=access.municipalities_with(Perm.CITIZEN_VIEW),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if citizen is not None:
                return redirect("pathways:citizen", public_id=citizen.public_id)
            not_found = True
    return render(request, "pathways/cpr_search.html", {"form": form, "not_found": not_found})


@login_required
@audited_read("pathways.referral.form")
def referral_create(request, public_id):
    access = access_for(request)
    citizen = permitted(access, pa.citizen_get(access, public_id), pa.can_refer)
    form = ReferralForm(request.POST or None, programmes=pa.referable_programmes(access, citizen))
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(by=request.user, citizen=citizen, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Visitationen er sendt til leverandøren."))
            return redirect("pathways:citizen", public_id=citizen.public_id)
    return render(request, "pathways/referral_form.html", {"form": form, "citizen": citizen})


@login_required
@audited_read("pathways.referral.inbox")
def referral_inbox(request):
    access = access_for(request)
    access.require(Perm.PATHWAY_RUN)
    status = request.GET.get("status", ReferralStatus.SENT)
    if status not in (ReferralStatus.SENT, ReferralStatus.WAITING, ReferralStatus.ACCEPTED, ""):
        status = ReferralStatus.SENT
    # A page at a time: each open referral carries two forms, so a long inbox costs per row.
    page = Paginator(inbox(access, status), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    referrals = list(page.object_list)
    teams = offered_teams({r.programme_id for r in referrals}, timezone.localdate())
    rows = [
        (r, AcceptForm(teams=teams.get(r.programme_id, []), prefix=f"a{r.pk}"), DeclineForm(prefix=f"d{r.pk}"))
        for r in referrals
    ]
    return render(request, "pathways/inbox.html", {"rows": rows, "status": status, "page": page})


def _runnable_referral(request, public_id):
    return pa.referral_for(access_for(request), public_id, pa.can_decide_referral)


@login_required
@require_POST
def referral_accept(request, public_id):
    referral = _runnable_referral(request, public_id)
    teams = offered_teams([referral.programme_id], timezone.localdate()).get(referral.programme_id, [])
    form = AcceptForm(request.POST, teams=teams, prefix=f"a{referral.pk}")
    if not form.is_valid():
        messages.error(request, _("Vælg et hold for %(name)s.") % {"name": referral.citizen.name})
        return redirect("pathways:inbox")
    try:
        enrolment = services.referral_accept(by=request.user, referral=referral, wait_if_full=True, **form.cleaned_data)
    except IllegalTransition as error:
        _refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment is None:
            messages.success(
                request,
                _("Holdet er fuldt: %(name)s er nummer %(n)s på ventelisten og optages, når der bliver en plads.")
                % {"name": referral.citizen.name, "n": referral.waiting_position},
            )
        else:
            messages.success(request, _("%(name)s er optaget på holdet.") % {"name": referral.citizen.name})
    return redirect("pathways:inbox")


@login_required
@require_POST
def referral_decline(request, public_id):
    referral = _runnable_referral(request, public_id)
    form = DeclineForm(request.POST, prefix=f"d{referral.pk}")
    if not form.is_valid():
        messages.error(
            request, _("Skriv en begrundelse for afvisningen af %(name)s.") % {"name": referral.citizen.name}
        )
        return redirect("pathways:inbox")
    try:
        services.referral_decline(
            by=request.user, referral=referral, reason=form.cleaned_data["decline_reason"]
        )
    except IllegalTransition as error:
        _refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Visitationen er afvist."))
    return redirect("pathways:inbox")


@login_required
@require_POST
def referral_withdraw(request, public_id):
    referral = pa.referral_for(access_for(request), public_id, pa.can_withdraw_referral)
    try:
        services.referral_withdraw(by=request.user, referral=referral)
    except IllegalTransition as error:
        _refused(request, error)
    else:
        messages.success(request, _("Visitationen er tilbagekaldt."))
    return redirect("pathways:citizen", public_id=referral.citizen.public_id)


def _changeable_enrolment(request, public_id):
    return pa.enrolment_for(access_for(request), public_id, pa.can_change_enrolment)


def _pause_or_resume(request, public_id, form_class, prefix: str, change, invalid: str, done: str):
    """Pause and resume share their shape: a date form, one service call, a message, back to
    the citizen page."""
    enrolment = _changeable_enrolment(request, public_id)
    form = form_class(request.POST, prefix=f"{prefix}{enrolment.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(invalid)
        change(enrolment, form.cleaned_data)
    except IllegalTransition as error:
        _refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("pathways:citizen", public_id=enrolment.citizen.public_id)


@login_required
@require_POST
def enrolment_pause(request, public_id):
    return _pause_or_resume(
        request, public_id, PauseForm, "p",
        lambda enrolment, data: services.enrolment_pause(by=request.user, enrolment=enrolment, start=data["start"]),
        invalid=_("Skriv en gyldig startdato for pausen."),
        done=_("Forløbet er sat på pause; fristerne flyttes, når det genoptages."),
    )  # fmt: skip


@login_required
@require_POST
def enrolment_resume(request, public_id):
    return _pause_or_resume(
        request, public_id, ResumeForm, "r",
        lambda enrolment, data: services.enrolment_resume(by=request.user, enrolment=enrolment, end=data["end"]),
        invalid=_("Skriv en gyldig dato for genoptagelsen."),
        done=_("Forløbet er genoptaget, og fristerne er flyttet."),
    )  # fmt: skip
