"""Editing the mapping: the stakeholder grid (htmx-friendly) and local cases.
Every view needs Perm.MAPPING_EDIT in the municipality; elsewhere it answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from registry.models import Organisation

from . import services
from .access import municipality_get
from .forms import LocalCaseForm, StakeholderForm
from .selectors import group_quadrants, local_case_get, stakeholder_positions


def _editable(request, slug):
    return municipality_get(access_for(request), slug, Perm.MAPPING_EDIT)


def _editor_context(municipality, bound: StakeholderForm | None = None, bound_fixed: bool = False) -> dict:
    """The grid, one form per placed organisation and a form to place another. A bound form
    with errors takes the place of the form it was posted from."""
    positions = stakeholder_positions(municipality)
    in_municipality = Organisation.objects.filter(municipality=municipality)
    bound_id = bound["organisation"].value() if bound is not None else None
    rows = []
    for position in positions:
        public_id = str(position.organisation.public_id)
        if bound is not None and bound_fixed and str(bound_id) == public_id:
            form = bound
        else:
            form = StakeholderForm(
                organisations=in_municipality,
                fixed=True,
                auto_id=f"id_{public_id}_%s",
                initial={
                    "organisation": position.organisation,
                    "influence": position.influence,
                    "interest": position.interest,
                    "note": position.note,
                },
            )
        rows.append((position, form))
    if bound is not None and not bound_fixed:
        add_form = bound
    else:
        add_form = StakeholderForm(
            organisations=in_municipality.filter(stakeholder__isnull=True).order_by("name")
        )
    return {
        "municipality": municipality,
        "quadrants": group_quadrants(positions),
        "rows": rows,
        "add_form": add_form,
        "errors_form": bound,
    }


def _editor_response(request, municipality, bound=None, bound_fixed=False, status_message=""):
    context = {**_editor_context(municipality, bound, bound_fixed), "status_message": status_message}
    template = "mapping/_stakeholder_editor.html" if request.htmx else "mapping/stakeholders.html"
    return render(request, template, context)


@login_required
def stakeholders(request, municipality):
    municipality = _editable(request, municipality)
    if request.method != "POST":
        return _editor_response(request, municipality)
    in_municipality = Organisation.objects.filter(municipality=municipality)
    placed = request.POST.get("fixed") == "1"
    form = StakeholderForm(
        request.POST,
        organisations=in_municipality,
        fixed=placed,
        auto_id=f"id_{request.POST.get('organisation', '')}_%s" if placed else "id_%s",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.stakeholder_set(
                by=request.user,
                organisation=data["organisation"],
                influence=data["influence"],
                interest=data["interest"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = _("%(name)s er placeret i interessentanalysen.") % {"name": data["organisation"].name}
            if request.htmx:
                return _editor_response(request, municipality, status_message=done)
            messages.success(request, done)
            return redirect("mapping:stakeholders", municipality=municipality.slug)
    return _editor_response(request, municipality, bound=form, bound_fixed=placed)


@login_required
@require_POST
def stakeholder_remove(request, municipality, public_id):
    municipality = _editable(request, municipality)
    organisation = Organisation.objects.filter(municipality=municipality, public_id=public_id).first()
    done = ""
    if organisation is not None and services.stakeholder_remove(by=request.user, organisation=organisation):
        done = _("%(name)s er taget ud af interessentanalysen.") % {"name": organisation.name}
    if request.htmx:
        return _editor_response(request, municipality, status_message=done)
    if done:
        messages.success(request, done)
    return redirect("mapping:stakeholders", municipality=municipality.slug)


def _cases_url(municipality) -> str:
    return reverse("mapping:detail", kwargs={"municipality": municipality.slug}) + "#lokale-cases"


@login_required
def case_edit(request, municipality, pk=None):
    municipality = _editable(request, municipality)
    case = local_case_get(municipality, pk) if pk is not None else None
    form = LocalCaseForm(request.POST or None, instance=case, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organisations"}
        try:
            if case is None:
                case = services.local_case_create(
                    by=request.user,
                    municipality=municipality,
                    data=data,
                    organisations=form.cleaned_data["organisations"],
                )
            else:
                case = services.local_case_update(
                    by=request.user, case=case, data=data, organisations=form.cleaned_data["organisations"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Casen »%(title)s« er gemt.") % {"title": case.title})
            return redirect(_cases_url(municipality))
    title = _("Ny lokal case") if case is None else _("Redigér lokal case")
    context = {
        "form": form,
        "case": case,
        "municipality": municipality,
        "title": title,
        "cancel_url": _cases_url(municipality),
    }
    return render(request, "mapping/case_form.html", context)


@login_required
@require_POST
def case_delete(request, municipality, pk):
    municipality = _editable(request, municipality)
    case = local_case_get(municipality, pk)
    services.local_case_delete(by=request.user, case=case)
    messages.success(request, _("Casen »%(title)s« er slettet.") % {"title": case.title})
    return redirect(_cases_url(municipality))
