"""Registry pages. Short views: access check, form, service call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from core.confirm import ask_to_confirm, confirmed
from core.forms import add_service_errors

from . import access as ra
from . import services
from .choices import Criterion, CriterionStatus
from .forms import (
    AssessmentFormSet,
    ContactForm,
    OrganisationFilterForm,
    OrganisationForm,
    RelationForm,
    StaffingForm,
)
from .selectors import organisation_detail_context, organisation_search

PAGE_SIZE = 50


def filter_params(request, access, perm: Perm = Perm.REGISTRY_VIEW) -> tuple[OrganisationFilterForm, dict]:
    form = OrganisationFilterForm(request.GET or None, municipality_ids=access.municipalities_with(perm))
    if not form.is_bound:
        return form, {}
    form.is_valid()  # an invalid field shows its error and is left out; the valid ones still apply
    return form, form.cleaned_data


@login_required
def organisation_list(request):
    access = access_for(request)
    access.require(Perm.REGISTRY_VIEW)
    form, params = filter_params(request, access)
    paginator = Paginator(organisation_search(access, params), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "total": paginator.count,
        "can_create": access.has(Perm.REGISTRY_EDIT),
        "can_export": access.has(Perm.REGISTRY_EXPORT),
        "query_string": request.GET.urlencode(),
    }
    template = "registry/_results.html" if request.htmx else "registry/list.html"
    return render(request, template, context)


@login_required
def organisation_detail(request, public_id):
    access = access_for(request)
    org = ra.organisation_get(access, public_id)
    context = {
        "org": org,
        "can_edit": ra.can_edit(access, org),
        "can_delete": ra.can_delete(access, org),
        **organisation_detail_context(access, org),
    }
    context["criteria"] = [(c, context["assessments"].get(c.value)) for c in Criterion]
    context["latest_staffing"] = context["staffing"][0] if context["staffing"] else None
    return render(request, "registry/detail.html", context)


def _editable(request, public_id):
    access = access_for(request)
    return access, ra.organisation_for_edit(access, public_id)


@login_required
def organisation_create(request):
    access = access_for(request)
    access.require(Perm.REGISTRY_EDIT)  # deny by default: 404 where the user may create nowhere
    municipality_ids = access.municipalities_with(Perm.REGISTRY_EDIT)
    form = OrganisationForm(request.POST or None, municipality_ids=municipality_ids)
    if len(municipality_ids) == 1:
        form.fields["municipality"].initial = municipality_ids[0]
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_create(
                by=request.user,
                data=form.organisation_data(),
                target_groups=form.cleaned_data["target_groups"],
                tags=form.tag_names(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Organisationen er oprettet."))
            return redirect("registry:detail", public_id=org.public_id)
    return render(request, "registry/form.html", {"form": form, "title": _("Ny organisation")})


@login_required
def organisation_edit(request, public_id):
    access, org = _editable(request, public_id)
    form = OrganisationForm(request.POST or None, instance=org, municipality_ids=ra.move_targets(access, org))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                by=request.user,
                organisation=org,
                data=form.organisation_data(),
                target_groups=form.cleaned_data["target_groups"],
                tags=form.tag_names(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect("registry:detail", public_id=org.public_id)
    return render(request, "registry/form.html", {"form": form, "org": org, "title": _("Redigér %(name)s") % {"name": org.name}})


@login_required
@require_POST
def organisation_delete(request, public_id):
    access = access_for(request)
    org = ra.organisation_get(access, public_id)
    if not ra.can_delete(access, org):
        raise PermissionDenied
    services.organisation_delete(by=request.user, organisation=org)
    messages.success(request, _("Organisationen er slettet."))
    return redirect("registry:list")


@login_required
def assessment_edit(request, public_id):
    _access, org = _editable(request, public_id)
    existing = {a.criterion: a for a in org.assessments.all()}
    initial = [
        {
            "criterion": c.value,
            "status": existing[c].status if c in existing else CriterionStatus.UNKNOWN,
            "evidence": existing[c].evidence if c in existing else "",
            "assessed_on": existing[c].assessed_on if c in existing else None,
        }
        for c in Criterion
    ]
    formset = AssessmentFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        services.assessments_set(by=request.user, organisation=org, rows=[f.cleaned_data for f in formset])
        messages.success(request, _("Vurderingen er gemt."))
        return redirect("registry:detail", public_id=org.public_id)
    rows = list(zip(Criterion, formset.forms, strict=True))
    return render(request, "registry/assessment_form.html", {"org": org, "formset": formset, "rows": rows})


@login_required
def staffing_edit(request, public_id, year: int | None = None):
    _access, org = _editable(request, public_id)
    instance = get_object_or_404(org.staffing, year=year) if year else None
    form = StaffingForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.staffing_set(by=request.user, organisation=org, year=data.pop("year"), data=data)
        messages.success(request, _("Personaleoplysningerne er gemt."))
        return redirect("registry:detail", public_id=org.public_id)
    return render(request, "registry/simple_form.html", {"org": org, "form": form, "title": _("Personale pr. år")})


@login_required
def contact_edit(request, public_id, contact_id: int | None = None):
    _access, org = _editable(request, public_id)
    contact = get_object_or_404(org.contacts, pk=contact_id) if contact_id else None
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_save(by=request.user, organisation=org, contact=contact, data=form.cleaned_data)
        messages.success(request, _("Kontaktpersonen er gemt."))
        return redirect("registry:detail", public_id=org.public_id)
    return render(request, "registry/simple_form.html", {"org": org, "form": form, "title": _("Kontaktperson")})


@login_required
@require_POST
def contact_delete(request, public_id, contact_id: int):
    _access, org = _editable(request, public_id)
    contact = get_object_or_404(org.contacts, pk=contact_id)
    if not confirmed(request):
        return ask_to_confirm(
            request,
            title=_("Slet kontaktperson?"),
            text=_("%(name)s slettes som kontaktperson for %(org)s.") % {"name": contact.name, "org": org.name},
            action_label=_("Ja, slet kontaktpersonen"),
            cancel_url=reverse("registry:detail", args=[org.public_id]),
        )
    services.contact_delete(by=request.user, contact=contact)
    messages.success(request, _("Kontaktpersonen er slettet."))
    return redirect("registry:detail", public_id=org.public_id)


@login_required
def relation_create(request, public_id):
    _access, org = _editable(request, public_id)
    form = RelationForm(request.POST or None, source=org)
    if request.method == "POST" and form.is_valid():
        services.relation_create(
            by=request.user, source=org, target=form.cleaned_data["target"], kind=form.cleaned_data["kind"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("Relationen er tilføjet."))
        return redirect("registry:detail", public_id=org.public_id)
    return render(request, "registry/simple_form.html", {"org": org, "form": form, "title": _("Ny relation")})


@login_required
@require_POST
def relation_delete(request, public_id, relation_id: int):
    _access, org = _editable(request, public_id)
    services.relation_delete(by=request.user, relation=get_object_or_404(org.relations_out, pk=relation_id))
    messages.success(request, _("Relationen er fjernet."))
    return redirect("registry:detail", public_id=org.public_id)
