"""Strategy pages: the start page of plans, strategies in versions (draft → adopted, never
changed after), goals with live indicators, initiatives, and the comparison of two versions.
Lookups go through plans.access (404 for missing and forbidden alike)."""

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
from core.forms import add_service_errors
from core.pdf import render_pdf
from tenants.models import Municipality

from . import access as pa
from . import services
from .compare import compare_versions
from .forms import AdoptForm, GoalForm, InitiativeForm, PreconditionForm, StatusForm, StrategyForm, VisionForm
from .models import Initiative, Precondition, StrategicGoal
from .selectors import strategy_list, version_page
from .selectors_projects import project_list
from .selectors_steering import group_list


def form_page(request, form, save, *, title: str, back: str, success: str, extra=None):
    """The one shape of a form page: valid POST → service → message and redirect; a service's
    ValidationError lands on the form under the field it names."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(target)
    back = reverse(back) if "/" not in back else back
    return render(request, "plans/form.html", {"form": form, "title": title, "back": back, **(extra or {})})


def editable_municipality(access, perm=Perm.PLAN_EDIT) -> Municipality:
    """The municipality a new record goes into: the (first) one where the user holds `perm`."""
    ids = access.municipalities_with(perm)
    if not ids:
        raise Http404
    return Municipality.objects.get(pk=ids[0])


@login_required
def index(request):
    access = access_for(request)
    if not pa.can_enter(access):
        raise Http404
    sees_plans = access.has(Perm.PLAN_VIEW)
    return render(request, "plans/index.html", {
        "strategies": strategy_list(access) if sees_plans else [],
        "projects": project_list(access) if sees_plans else [],
        "groups": group_list(access) if sees_plans else [],
        "sees_plans": sees_plans, "can_edit": access.has(Perm.PLAN_EDIT),
        "sees_cases": pa.can_list_cases(access), "sees_outreach": access.has(Perm.OUTREACH_LOG),
    })  # fmt: skip


@login_required
def strategy_create(request):
    access = access_for(request)
    municipality = editable_municipality(access)
    form = StrategyForm(request.POST or None)

    def save(data):
        return _detail(services.strategy_create(by=request.user, municipality=municipality, **data))

    return form_page(request, form, save, title=_("Ny strategi"), back="plans:index", success=_("Strategien er oprettet."))


def _detail(strategy, version=None) -> str:
    url = reverse("plans:strategy", args=[strategy.public_id])
    return f"{url}?version={version.public_id}" if version else url


@login_required
def strategy_detail(request, public_id):
    access = access_for(request)
    strategy = pa.strategy_get(access, public_id)
    versions = list(strategy.versions.order_by("-number"))
    wanted = request.GET.get("version")
    version = next((v for v in versions if str(v.public_id) == wanted), None) or versions[0]
    return render(request, "plans/strategy.html", {
        "strategy": strategy, "version": version, "versions": versions, **version_page(version),
        "can_edit": pa.can_edit(access, strategy), "status_form": StatusForm(),
        "has_draft": any(not v.is_adopted for v in versions),
    })  # fmt: skip


@login_required
def strategy_pdf(request, public_id):
    """The strategy as presented to the steering group (the chosen or newest version)."""
    strategy = pa.strategy_get(access_for(request), public_id)
    versions = list(strategy.versions.order_by("-number"))
    version = next((v for v in versions if str(v.public_id) == request.GET.get("version")), None) or versions[0]
    context = {"strategy": strategy, "version": version, "generated_on": timezone.localdate(), **version_page(version)}
    return attachment(render_pdf("plans/strategy_pdf.html", context), f"strategi-v{version.number}.pdf", PDF_CONTENT_TYPE)


@login_required
def strategy_compare(request, public_id):
    access = access_for(request)
    strategy = pa.strategy_get(access, public_id)
    versions = {str(v.public_id): v for v in strategy.versions.all()}
    old, new = versions.get(request.GET.get("a", "")), versions.get(request.GET.get("b", ""))
    if old is None or new is None:
        ordered = sorted(versions.values(), key=lambda v: v.number)
        old, new = (ordered[-2], ordered[-1]) if len(ordered) > 1 else (ordered[0], ordered[0])
    return render(request, "plans/compare.html", {
        "strategy": strategy, "old": old, "new": new, "versions": sorted(versions.values(), key=lambda v: -v.number),
        "changes": compare_versions(old, new),
    })  # fmt: skip


@login_required
def version_vision(request, public_id):
    version = pa.version_for_edit(access_for(request), public_id)
    form = VisionForm(request.POST or None, initial={"vision": version.vision})

    def save(data):
        services.version_update(by=request.user, version=version, vision=data["vision"])
        return _detail(version.strategy, version)

    return form_page(request, form, save, title=_("Vision"), back=_detail(version.strategy), success=_("Visionen er gemt."))


@login_required
def version_adopt(request, public_id):
    version = pa.version_for_edit(access_for(request), public_id)
    form = AdoptForm(request.POST or None)

    def save(data):
        services.version_adopt(by=request.user, version=version, **data)
        return _detail(version.strategy, version)

    return form_page(
        request, form, save, title=_("Registrér vedtagelse"), back=_detail(version.strategy),
        success=_("Versionen er registreret som vedtaget og kan ikke længere ændres."),
    )  # fmt: skip


@login_required
@require_POST
def version_new(request, public_id):
    strategy = pa.strategy_for_edit(access_for(request), public_id)
    try:
        draft = services.version_new_draft(by=request.user, strategy=strategy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail(strategy))
    messages.success(request, _("Et nyt udkast er oprettet ud fra den seneste version."))
    return redirect(_detail(strategy, draft))


@login_required
def precondition_add(request, public_id):
    version = pa.version_for_edit(access_for(request), public_id)
    form = PreconditionForm(request.POST or None)

    def save(data):
        services.precondition_add(by=request.user, version=version, text=data["text"])
        return _detail(version.strategy, version)

    return form_page(request, form, save, title=_("Ny forudsætning"), back=_detail(version.strategy), success=_("Forudsætningen er tilføjet."))


@login_required
@require_POST
def precondition_delete(request, pk):
    access = access_for(request)
    item = get_object_or_404(Precondition.objects.select_related("version__strategy"), pk=pk)
    version = pa.version_for_edit(access, item.version.public_id)
    try:
        services.precondition_delete(by=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_detail(version.strategy, version))


@login_required
def goal_edit(request, public_id, goal_id=None):
    access = access_for(request)
    version = pa.version_for_edit(access, public_id)
    goal = get_object_or_404(StrategicGoal, public_id=goal_id, version=version) if goal_id else None
    form = GoalForm(request.POST or None, instance=goal)

    def save(data):
        services.goal_save(by=request.user, version=version, data=data, goal=goal)
        return _detail(version.strategy, version)

    return form_page(
        request, form, save, title=_("Redigér mål") if goal else _("Nyt mål"), back=_detail(version.strategy, version),
        success=_("Målet er gemt."),
    )  # fmt: skip


def _initiative_for_edit(access, public_id) -> Initiative:
    initiative = get_object_or_404(Initiative.objects.select_related("goal__version__strategy"), public_id=public_id)
    pa.version_for_edit(access, initiative.goal.version.public_id)
    return initiative


@login_required
def initiative_edit(request, goal_id=None, public_id=None):
    access = access_for(request)
    initiative = _initiative_for_edit(access, public_id) if public_id else None
    if initiative:
        goal = initiative.goal
    else:
        goal = get_object_or_404(StrategicGoal.objects.select_related("version__strategy"), public_id=goal_id)
        pa.version_for_edit(access, goal.version.public_id)
    version = goal.version
    form = InitiativeForm(request.POST or None, instance=initiative, municipality_id=version.strategy.municipality_id)

    def save(data):
        services.initiative_save(by=request.user, goal=goal, data=data, initiative=initiative)
        return _detail(version.strategy, version)

    return form_page(
        request, form, save, title=_("Redigér initiativ") if initiative else _("Nyt initiativ"),
        back=_detail(version.strategy, version), success=_("Initiativet er gemt."), extra={"subtitle": goal.title},
    )  # fmt: skip


@login_required
@require_POST
def initiative_status(request, public_id):
    initiative = _initiative_for_edit(access_for(request), public_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.initiative_set_status(by=request.user, initiative=initiative, status=form.cleaned_data["status"])
        messages.success(request, _("Status er gemt."))
    version = initiative.goal.version
    return redirect(_detail(version.strategy, version))
