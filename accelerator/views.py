"""Pages of programmes, cohorts, camps and the companies in a cohort. Lookups go through
accelerator.access (404 for missing and forbidden alike); writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from core.forms import add_service_errors
from tenants.models import Municipality

from . import access as acc
from . import selectors, services
from . import selectors_growth as growth
from .forms import (
    CampForm,
    CampItemForm,
    CohortForm,
    CompanyForm,
    FollowUpForm,
    GrowthForm,
    ProgrammeForm,
    SessionForm,
    SessionStatusForm,
)
from .models import SocialModel, SparringSession


def _save(request, form, call, success: str):
    """Run a service with the form's data; its ValidationError goes onto the form. Returns
    the service's result, or None when the form or the service refused."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success)
    return result


@login_required
def index(request):
    access = access_for(request)
    if not acc.can_list(access):
        raise Http404
    context = {
        "programmes": selectors.programme_list(access),
        "own": selectors.own_participations(access),
        "can_create": access.has(Perm.ACCELERATOR_EDIT),
    }
    return render(request, "accelerator/index.html", context)


@login_required
def programme_create(request):
    access = access_for(request)
    access.require(Perm.ACCELERATOR_EDIT)
    municipalities = Municipality.objects.filter(
        pk__in=access.municipalities_with(Perm.ACCELERATOR_EDIT)
    ).order_by("name")
    form = ProgrammeForm(request.POST or None, municipalities=municipalities)
    programme = _save(
        request, form,
        lambda d: services.programme_create(by=request.user, municipality=d["municipality"], data=d),
        _("Programmet er oprettet."),
    )  # fmt: skip
    if programme:
        return redirect("accelerator:programme", public_id=programme.public_id)
    return render(request, "accelerator/form.html", {"form": form, "title": _("Nyt acceleratorprogram")})


@login_required
def programme_detail(request, public_id):
    access = access_for(request)
    programme = acc.programme_get(access, public_id)
    can_edit = acc.can_edit(access, programme.municipality_id)
    form = CohortForm(request.POST or None) if can_edit else None
    if form is not None:
        cohort = _save(
            request, form, lambda d: services.cohort_create(by=request.user, programme=programme, data=d),
            _("Forløbet er oprettet."),
        )  # fmt: skip
        if cohort:
            return redirect("accelerator:cohort", public_id=cohort.public_id)
    elif request.method == "POST":
        raise Http404
    context = {"programme": programme, "cohorts": selectors.cohort_list(programme), "form": form}
    return render(request, "accelerator/programme.html", context)


@login_required
def cohort_detail(request, public_id):
    access = access_for(request)
    cohort = acc.cohort_get(access, public_id)
    municipality_id = cohort.municipality_id
    context = {
        "cohort": cohort,
        "participants": selectors.participants_of(cohort),
        "camps": selectors.camps_of(cohort),
        "can_edit": acc.can_edit(access, municipality_id),
        "sees_companies": acc.sees_all_companies(access, municipality_id),
        "campaigns": acc.campaigns_visible_to(access).filter(cohort=cohort),
        "boot_camp": getattr(cohort, "boot_camp", None),
        "company_form": CompanyForm(municipality_id=municipality_id),
        "camp_form": CampForm(),
    }
    return render(request, "accelerator/cohort.html", context)


@login_required
def participant_add(request, public_id):
    access = access_for(request)
    cohort = acc.cohort_for_edit(access, public_id)
    form = CompanyForm(request.POST or None, municipality_id=cohort.municipality_id)
    participant = _save(
        request, form,
        lambda d: services.participant_add(by=request.user, cohort=cohort, organisation=d["organisation"]),
        _("Virksomheden er tilføjet forløbet."),
    )  # fmt: skip
    if participant:
        return redirect("accelerator:cohort", public_id=cohort.public_id)
    return render(
        request, "accelerator/form.html", {"form": form, "title": _("Tilføj virksomhed"), "back": cohort}
    )


@login_required
def camp_add(request, public_id):
    access = access_for(request)
    cohort = acc.cohort_for_edit(access, public_id)
    form = CampForm(request.POST or None)
    camp = _save(
        request,
        form,
        lambda d: services.camp_create(by=request.user, cohort=cohort, data=d),
        _("Campen er oprettet."),
    )
    if camp:
        return redirect("accelerator:camp", public_id=camp.public_id)
    return render(request, "accelerator/form.html", {"form": form, "title": _("Ny camp"), "back": cohort})


@login_required
def camp_detail(request, public_id):
    access = access_for(request)
    camp = acc.camp_get(access, public_id)
    can_edit = acc.can_edit(access, camp.cohort.municipality_id)
    form = CampItemForm(request.POST or None) if can_edit else None
    if form is not None:
        if _save(request, form, lambda d: services.camp_item_add(by=request.user, camp=camp, data=d),
                 _("Programpunktet er tilføjet.")):  # fmt: skip
            return redirect("accelerator:camp", public_id=camp.public_id)
    elif request.method == "POST":
        raise Http404
    present = set(camp.attendance.filter(attended=True).values_list("participant_id", flat=True))
    participants = camp.cohort.participants.select_related("organisation")
    context = {
        "camp": camp,
        "form": form,
        "can_edit": can_edit,
        "participants": participants,
        "present": present,
    }
    return render(request, "accelerator/camp.html", context)


@login_required
@require_POST
def camp_attendance(request, public_id):
    access = access_for(request)
    camp = acc.camp_for_edit(access, public_id)
    try:
        ids = {int(v) for v in request.POST.getlist("attended")}
        services.camp_attendance_save(by=request.user, camp=camp, attended_ids=ids)
    except (ValueError, ValidationError):
        messages.error(
            request, _("Fremmødet kunne ikke gemmes: en valgt virksomhed deltager ikke i forløbet.")
        )
    else:
        messages.success(request, _("Fremmødet er gemt."))
    return redirect("accelerator:camp", public_id=camp.public_id)


def participant_page(request, participant, *, session_form=None, growth_form=None, status=200):
    """The company's page: social model readiness, sessions, growth and follow-up (the rows of
    one company only for its own staff and those who follow every company)."""
    access = access_for(request)
    sees = acc.sees_company(access, participant)
    can_edit = acc.can_edit(access, participant.cohort.municipality_id)
    model = selectors.with_readiness(SocialModel.objects.filter(participant=participant)).first()
    summary = growth.growth_of(participant) if sees else None
    context = {
        "participant": participant,
        "cohort": participant.cohort,
        "sees": sees,
        "can_edit": can_edit,
        "may_edit_company": acc.may_edit_company(access, participant),
        "form": session_form or (SessionForm() if can_edit else None),
        "growth_form": growth_form or GrowthForm(),
        "follow_up_form": FollowUpForm(),
        "status_form": SessionStatusForm(),
        "sessions": selectors.sessions_visible(access, participant),
        "model": model,
        "readiness": selectors.readiness_of(model),
        "follow_ups": participant.follow_ups.all() if sees else [],
        "growth": summary,
        "chart": [(str(y.year), int(y.turnover)) for y in summary.years if y.turnover is not None] if summary else [],
        "cohort_growth": growth.cohort_turnover_growth(
            growth.cohort_growth(list(participant.cohort.participants.all()), participant.cohort)
        ) if sees else None,
    }  # fmt: skip
    return render(request, "accelerator/participant.html", context, status=status)


@login_required
def participant_detail(request, public_id):
    access = access_for(request)
    participant = acc.participant_get(access, public_id)
    if request.method != "POST":
        return participant_page(request, participant)
    if not acc.can_edit(access, participant.cohort.municipality_id):
        raise Http404
    form = SessionForm(request.POST)
    if _save(request, form, lambda d: services.session_create(by=request.user, participant=participant, data=d),
             _("Sparringsmødet er oprettet.")):  # fmt: skip
        return redirect("accelerator:participant", public_id=participant.public_id)
    return participant_page(request, participant, session_form=form)


@login_required
@require_POST
def session_status(request, public_id, session_id):
    access = access_for(request)
    participant = acc.participant_for_edit(access, public_id)
    session = SparringSession.objects.filter(participant=participant, public_id=session_id).first()
    if session is None:
        raise Http404
    form = SessionStatusForm(request.POST)
    if form.is_valid():
        services.session_set_status(by=request.user, session=session, status=form.cleaned_data["status"])
        messages.success(request, _("Sparringsmødet er opdateret."))
    return redirect("accelerator:participant", public_id=participant.public_id)
