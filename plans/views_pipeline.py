"""Pilot ideas with their funding applications, and the mapping's inputs (stakeholders' needs,
context figures per year with source, fuldtidspersoner from the benefit history) as a page, a
PDF and a dated submission to the steering group."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from core.exports import PDF_CONTENT_TYPE, attachment
from core.pdf import render_pdf
from tenants.models import Municipality

from . import access as pa
from . import services_pipeline as services
from .forms import ContextFigureForm, FundingForm, IdeaForm, NeedForm, SubmitForm
from .models import PilotIdea
from .selectors_pipeline import idea_list, mapping_inputs, snapshot
from .views import editable_municipality, form_page


def _viewed_municipality(access) -> Municipality:
    ids = access.municipalities_with(Perm.PLAN_VIEW)
    if not ids:
        raise Http404
    return Municipality.objects.get(pk=ids[0])


def _period(request) -> tuple[datetime.date, datetime.date]:
    """The last whole calendar year, or ?aar=YYYY."""
    year = request.GET.get("aar", "")
    year = int(year) if year.isdigit() and 1970 <= int(year) <= 2100 else timezone.localdate().year - 1
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@login_required
def ideas(request):
    access = access_for(request)
    municipality = _viewed_municipality(access)
    rows = idea_list([municipality.pk]).prefetch_related("partners", "applications__fund")
    return render(request, "plans/ideas.html", {"ideas": rows, "can_edit": access.has(Perm.PLAN_EDIT, municipality.pk)})


@login_required
def idea_create(request):
    municipality = editable_municipality(access_for(request))
    form = IdeaForm(request.POST or None, municipality_id=municipality.pk)

    def save(data):
        services.idea_save(by=request.user, municipality=municipality, data=data)
        return reverse("plans:ideas")

    return form_page(request, form, save, title=_("Ny pilotidé"), back="plans:ideas", success=_("Idéen er gemt."))


@login_required
def application_add(request, public_id):
    access = access_for(request)
    idea = get_object_or_404(PilotIdea, public_id=public_id, municipality_id__in=access.municipalities_with(Perm.PLAN_EDIT))
    form = FundingForm(request.POST or None)

    def save(data):
        services.application_add(by=request.user, idea=idea, data=data)
        return reverse("plans:ideas")

    return form_page(
        request, form, save, title=_("Ny fondsansøgning"), back="plans:ideas", success=_("Ansøgningen er gemt."),
        extra={"subtitle": idea.title},
    )  # fmt: skip


def _inputs(request):
    access = access_for(request)
    municipality = _viewed_municipality(access)
    start, end = _period(request)
    return access, municipality, mapping_inputs(municipality.pk, start=start, end=end)


@login_required
def mapping(request):
    access, municipality, inputs = _inputs(request)
    can_edit = access.has(Perm.PLAN_EDIT, municipality.pk)
    groups = pa.groups_visible_to(access).filter(municipality=municipality)
    return render(request, "plans/mapping.html", {
        **inputs, "municipality": municipality, "can_edit": can_edit,
        "submit_form": SubmitForm(groups=groups, initial={"submitted_on": timezone.localdate()}) if can_edit else None,
    })  # fmt: skip


@login_required
def mapping_pdf(request):
    _access, municipality, inputs = _inputs(request)
    context = {**inputs, "municipality": municipality, "generated_on": timezone.localdate()}
    return attachment(render_pdf("plans/mapping_pdf.html", context), f"kortlaegning-{municipality.code}.pdf", PDF_CONTENT_TYPE)


@login_required
@require_POST
def mapping_submit(request):
    access, municipality, inputs = _inputs(request)
    access.require(Perm.PLAN_EDIT, municipality.pk)
    form = SubmitForm(request.POST, groups=pa.groups_visible_to(access).filter(municipality=municipality))
    if form.is_valid():
        try:
            services.mapping_submit(by=request.user, snapshot=snapshot(inputs), **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kortlægningen er forelagt styregruppen."))
            return redirect("plans:group", public_id=form.cleaned_data["group"].public_id)
    else:
        messages.error(request, _("Vælg styregruppe og dato."))
    return redirect("plans:mapping")


@login_required
def need_add(request):
    municipality = editable_municipality(access_for(request))
    form = NeedForm(request.POST or None, municipality_id=municipality.pk, initial={"recorded_on": timezone.localdate()})

    def save(data):
        services.need_add(by=request.user, municipality=municipality, data=data)
        return reverse("plans:mapping")

    return form_page(request, form, save, title=_("Interessentens behov"), back="plans:mapping", success=_("Behovet er gemt."))


@login_required
def figure_add(request):
    municipality = editable_municipality(access_for(request))
    form = ContextFigureForm(request.POST or None)

    def save(data):
        services.context_figure_set(by=request.user, municipality=municipality, **data)
        return reverse("plans:mapping")

    return form_page(request, form, save, title=_("Kommunalt nøgletal"), back="plans:mapping", success=_("Tallet er gemt."))
