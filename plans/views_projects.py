"""Project pages: the budget (phases, activities, other costs, totals beside the stated ones,
actuals and burn-down), its edits, and the Excel and PDF exports."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for
from core.exports import PDF_CONTENT_TYPE, attachment, xlsx_response
from core.pdf import render_pdf

from . import access as pa
from . import services_projects as services
from .exporting import fill_budget
from .forms import ActivityForm, ActualForm, OtherCostForm, PhaseForm, ProjectForm
from .models import BudgetLine, ProjectPhase
from .selectors_projects import project_budget
from .views import editable_municipality, form_page


def _detail(project) -> str:
    return reverse("plans:project", args=[project.public_id])


@login_required
def project_create(request):
    access = access_for(request)
    municipality = editable_municipality(access)
    form = ProjectForm(
        request.POST or None, municipality_id=municipality.pk,
        strategies=pa.strategies_visible_to(access).filter(municipality=municipality),
    )  # fmt: skip

    def save(data):
        return _detail(services.project_save(by=request.user, municipality=municipality, data=data))

    return form_page(request, form, save, title=_("Nyt projekt"), back="plans:index", success=_("Projektet er oprettet."))


@login_required
def project_detail(request, public_id):
    access = access_for(request)
    project = pa.project_get(access, public_id)
    return render(request, "plans/project.html", {
        "project": project, "can_edit": pa.can_edit(access, project), **project_budget(project),
    })  # fmt: skip


@login_required
def project_xlsx(request, public_id):
    project = pa.project_get(access_for(request), public_id)
    budget = project_budget(project)
    return xlsx_response(f"budget-{project.public_id}.xlsx", lambda book: fill_budget(book, project, budget))


@login_required
def project_pdf(request, public_id):
    project = pa.project_get(access_for(request), public_id)
    context = {"project": project, "generated_on": timezone.localdate(), **project_budget(project)}
    return attachment(render_pdf("plans/project_pdf.html", context), f"budget-{project.public_id}.pdf", PDF_CONTENT_TYPE)


@login_required
def phase_edit(request, public_id, phase_id=None):
    project = pa.project_for_edit(access_for(request), public_id)
    phase = get_object_or_404(ProjectPhase, public_id=phase_id, project=project) if phase_id else None
    form = PhaseForm(request.POST or None, instance=phase)

    def save(data):
        services.phase_save(by=request.user, project=project, data=data, phase=phase)
        return _detail(project)

    title = _("Redigér fase") if phase else _("Ny fase")
    return form_page(request, form, save, title=title, back=_detail(project), success=_("Fasen er gemt."))


def _phase_for_edit(request, phase_id) -> ProjectPhase:
    phase = get_object_or_404(ProjectPhase.objects.select_related("project"), public_id=phase_id)
    pa.project_for_edit(access_for(request), phase.project.public_id)
    return phase


@login_required
def activity_edit(request, phase_id=None, public_id=None):
    if public_id:
        activity = get_object_or_404(BudgetLine.objects.select_related("phase__project"), public_id=public_id)
        phase = _phase_for_edit(request, activity.phase.public_id)
    else:
        activity, phase = None, _phase_for_edit(request, phase_id)
    form = ActivityForm(request.POST or None, instance=activity)

    def save(data):
        services.activity_save(by=request.user, phase=phase, data=data, activity=activity)
        return _detail(phase.project)

    return form_page(
        request, form, save, title=_("Redigér aktivitet") if activity else _("Ny aktivitet"),
        back=_detail(phase.project), success=_("Aktiviteten er gemt."), extra={"subtitle": phase.name},
    )  # fmt: skip


@login_required
def other_cost_add(request, phase_id):
    phase = _phase_for_edit(request, phase_id)
    form = OtherCostForm(request.POST or None)

    def save(data):
        services.other_cost_add(by=request.user, phase=phase, **data)
        return _detail(phase.project)

    return form_page(
        request, form, save, title=_("Anden udgift"), back=_detail(phase.project),
        success=_("Udgiften er tilføjet."), extra={"subtitle": phase.name},
    )  # fmt: skip


@login_required
def actual_add(request, public_id):
    activity = get_object_or_404(BudgetLine.objects.select_related("phase__project"), public_id=public_id)
    _phase_for_edit(request, activity.phase.public_id)
    form = ActualForm(request.POST or None, initial={"date": timezone.localdate()})

    def save(data):
        services.actual_add(by=request.user, activity=activity, **data)
        return _detail(activity.phase.project)

    return form_page(
        request, form, save, title=_("Registrér forbrug"), back=_detail(activity.phase.project),
        success=_("Forbruget er registreret."), extra={"subtitle": activity.name},
    )  # fmt: skip
