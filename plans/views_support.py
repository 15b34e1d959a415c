"""Support and incubation cases (the consultant sees the municipality's; an enterprise only its
own) and the outreach log with overdue follow-ups and campaigns."""

import uuid

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
from core.forms import add_service_errors

from . import access as pa
from . import services_support as services
from .forms import CaseCloseForm, CaseContactForm, CaseForm, CaseRequestForm, OutreachForm, StageForm
from .selectors_support import campaigns, case_list, cohort, outreach_list, overdue
from .views import editable_municipality, form_page

PAGE_SIZE = 50


def _case_url(case) -> str:
    return reverse("plans:case", args=[case.public_id])


@login_required
def cases(request):
    access = access_for(request)
    if not pa.can_list_cases(access):
        raise Http404
    page = Paginator(case_list(access, status=request.GET.get("status", "")), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/cases.html", {
        "page": page, "advises": access.has(Perm.SUPPORT_CASE),
        "asks": bool(access.organisations_with(Perm.SUPPORT_OWN)),
    })  # fmt: skip


@login_required
def incubator(request):
    access = access_for(request)
    if not pa.can_list_cases(access):
        raise Http404
    return render(request, "plans/incubator.html", {"stages": cohort(access)})


@login_required
def case_create(request):
    access = access_for(request)
    municipality = editable_municipality(access, Perm.SUPPORT_CASE)
    form = CaseForm(request.POST or None, municipality_id=municipality.pk, initial={"opened_on": timezone.localdate()})

    def save(data):
        return _case_url(services.case_save(by=request.user, municipality=municipality, data=data))

    return form_page(request, form, save, title=_("Ny rådgivningssag"), back="plans:cases", success=_("Sagen er oprettet."))


@login_required
def case_request(request):
    """An enterprise asks for advice for one of its own organisations."""
    access = access_for(request)
    ids = access.organisations_with(Perm.SUPPORT_OWN)
    if not ids:
        raise Http404
    form = CaseRequestForm(request.POST or None, organisation_ids=ids)

    def save(data):
        return _case_url(services.case_request(by=request.user, **data))

    return form_page(
        request, form, save, title=_("Bed om rådgivning"), back="plans:cases",
        success=_("Din henvendelse er sendt til kommunens rådgiver."),
    )  # fmt: skip


@login_required
def case_detail(request, public_id):
    access = access_for(request)
    case = pa.case_get(access, public_id)
    advises = pa.can_advise(access, case)
    return render(request, "plans/case.html", {
        "case": case, "advises": advises,
        "contacts": case.contacts.select_related("referred_to", "by"), "moves": case.stage_moves.all(),
        "contact_form": CaseContactForm(municipality_id=case.municipality_id, initial={"date": timezone.localdate()}) if advises else None,
        "status_form": CaseCloseForm(instance=case) if advises else None,
        "stage_form": StageForm(initial={"moved_on": timezone.localdate()}) if advises else None,
    })  # fmt: skip


def _case_post(request, public_id, form_class, act, form_kwargs=None):
    access = access_for(request)
    case = pa.case_for_advice(access, public_id)
    form = form_class(request.POST, **(form_kwargs(case) if form_kwargs else {}))
    if form.is_valid():
        try:
            act(case, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        messages.success(request, _("Sagen er opdateret."))
    return redirect(_case_url(case))


@login_required
@require_POST
def case_contact(request, public_id):
    return _case_post(
        request, public_id, CaseContactForm,
        lambda case, data: services.case_contact_add(by=request.user, case=case, **data),
        form_kwargs=lambda case: {"municipality_id": case.municipality_id},
    )  # fmt: skip


@login_required
@require_POST
def case_status(request, public_id):
    return _case_post(
        request, public_id, CaseCloseForm, lambda case, data: services.case_set_status(by=request.user, case=case, **data)
    )


@login_required
@require_POST
def case_stage(request, public_id):
    return _case_post(
        request, public_id, StageForm, lambda case, data: services.case_move_stage(by=request.user, case=case, **data)
    )


# --- Outreach -------------------------------------------------------------------------------


@login_required
def outreach(request):
    access = access_for(request)
    access.require(Perm.OUTREACH_LOG)
    today = timezone.localdate()
    campaign = request.GET.get("kampagne", "")
    contacts = outreach_list(access)
    if campaign:
        contacts = contacts.filter(campaign=campaign)
    organisation = _organisation_filter(request)
    if organisation is not None:  # the log of one organisation (linked from its registry page)
        contacts = contacts.filter(organisation__public_id=organisation)
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/outreach.html", {
        "page": page, "overdue": overdue(access, today), "campaigns": campaigns(access), "campaign": campaign,
        "organisation": contacts.first().organisation if organisation is not None and contacts.exists() else None,
    })  # fmt: skip


def _organisation_filter(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.GET.get("organisation", ""))
    except ValueError:
        return None


@login_required
def outreach_add(request):
    access = access_for(request)
    municipality = editable_municipality(access, Perm.OUTREACH_LOG)
    form = OutreachForm(
        request.POST or None, municipality_id=municipality.pk,
        initial={"date": timezone.localdate(), "organisation": request.GET.get("organisation")},
    )  # fmt: skip

    def save(data):
        services.outreach_add(by=request.user, municipality=municipality, data=data)
        return reverse("plans:outreach")

    return form_page(request, form, save, title=_("Ny kontakt"), back="plans:outreach", success=_("Kontakten er registreret."))


@login_required
@require_POST
def outreach_done(request, public_id):
    access = access_for(request)
    contact = permitted(access, pa.outreach_get(access, public_id), lambda a, c: a.has(Perm.OUTREACH_LOG, c.municipality_id))
    services.outreach_followed_up(by=request.user, contact=contact)
    messages.success(request, _("Opfølgningen er markeret som gjort."))
    return redirect("plans:outreach")
