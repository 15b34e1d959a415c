"""Programme pages: the list (providers: their own; caseworkers: their municipality's), create
from a seed template, edit phases and checkpoints, open teams."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for, permitted
from accounts.roles import Perm
from core.forms import add_service_errors
from registry.models import Organisation

from . import access as pa
from . import services_programmes as services
from .forms_programmes import (
    CheckpointFormSet,
    PhaseFormSet,
    ProgrammeCreateForm,
    ProgrammeForm,
    TeamForm,
    formset_rows,
)
from .models import OPEN_ENROLMENT, Team

OPEN = Q(enrolments__status__in=OPEN_ENROLMENT)


@login_required
def programme_list(request):
    access = access_for(request)
    programmes = (
        pa.programmes_visible(access)
        .select_related("provider")
        .annotate(
            participants=Count("enrolments", filter=OPEN, distinct=True),
            team_count=Count("teams", distinct=True),
        )
        .order_by("provider__name", "name")
    )
    can_create = bool(pa.programme_providers(access))
    if not can_create and not access.has(Perm.REFERRAL_CREATE) and not access.has(Perm.PATHWAY_RUN):
        raise Http404
    return render(request, "pathways/programme_list.html", {"programmes": programmes, "can_create": can_create})


@login_required
def programme_create(request):
    access = access_for(request)
    providers = Organisation.objects.filter(pk__in=pa.programme_providers(access))
    if not providers.exists():
        raise Http404
    form = ProgrammeCreateForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                by=request.user, provider=form.cleaned_data["provider"],
                template=form.cleaned_data["template"], name=form.cleaned_data["name"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Forløbet er oprettet. Tilpas faser og frister."))
            return redirect("pathways:programme", public_id=programme.public_id)
    return render(request, "pathways/programme_create.html", {"form": form})


@login_required
def programme_detail(request, public_id):
    access = access_for(request)
    programme = pa.programme_get(access, public_id)
    teams = (
        Team.objects.filter(programme=programme)
        .annotate(participants=Count("enrolments", filter=OPEN))
        .order_by("-start_date", "name")
    )
    context = {
        "programme": programme,
        "phases": list(programme.phases.all()),
        "checkpoints": list(programme.checkpoints.select_related("phase")),
        "teams": list(teams),
        "can_edit": pa.can_edit_programme(access, programme),
        "team_form": TeamForm(),
    }
    return render(request, "pathways/programme_detail.html", context)


def _editable(request, public_id):
    access = access_for(request)
    return permitted(access, pa.programme_get(access, public_id), pa.can_edit_programme)


@login_required
def programme_edit(request, public_id):
    programme = _editable(request, public_id)
    data = request.POST or None
    form = ProgrammeForm(data, instance=programme)
    phases = PhaseFormSet(data, prefix="phase", queryset=programme.phases.all())
    checkpoints = CheckpointFormSet(data, prefix="checkpoint", queryset=programme.checkpoints.all())
    errors = []
    if request.method == "POST" and form.is_valid() and phases.is_valid() and checkpoints.is_valid():
        try:
            services.programme_update(
                by=request.user, programme=programme, data=form.cleaned_data,
                phases=formset_rows(phases), checkpoints=formset_rows(checkpoints),
            )  # fmt: skip
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Forløbet er gemt."))
            return redirect("pathways:programme", public_id=programme.public_id)
    context = {"programme": programme, "form": form, "phases": phases, "checkpoints": checkpoints, "errors": errors}
    return render(request, "pathways/programme_edit.html", context)


@login_required
@require_POST
def team_create(request, public_id):
    programme = _editable(request, public_id)
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            services.team_create(by=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Holdet er oprettet."))
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errs)}")
    return redirect("pathways:programme", public_id=programme.public_id)
