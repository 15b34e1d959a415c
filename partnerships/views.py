"""Partnership pages: list and detail (PARTNERSHIP_VIEW; company contacts only their own
partnerships), create and edit with members and cluster targets (PARTNERSHIP_EDIT). Lookups go
through partnerships.access (404 for missing and forbidden alike); writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from core.forms import add_service_errors
from tenants.models import Municipality

from . import access as pa
from . import services
from .capacity import capacities
from .forms import (
    DeclarationForm,
    MemberForm,
    MunicipalityChoiceForm,
    PartnershipForm,
    PlanItemForm,
    TargetForm,
)
from .overview import overview_of
from .overview_time import history_of
from .selectors import members_of, partnership_list, slots_of, targets_of


@login_required
def index(request):
    access = access_for(request)
    if not pa.can_list(access):
        raise Http404
    return render(request, "partnerships/index.html", {
        "partnerships": partnership_list(access), "can_create": access.has(Perm.PARTNERSHIP_EDIT),
        "can_request": bool(pa.companies_requesting(access)),
    })  # fmt: skip


@login_required
def partnership_create(request):
    access = access_for(request)
    access.require(Perm.PARTNERSHIP_EDIT)
    ids = access.municipalities_with(Perm.PARTNERSHIP_EDIT)
    municipalities = Municipality.objects.filter(pk__in=ids).order_by("name")
    choice = MunicipalityChoiceForm(request.POST or None, municipalities=municipalities) if len(ids) > 1 else None
    form = PartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (choice is None or choice.is_valid()):
        municipality = choice.cleaned_data["municipality"] if choice else municipalities.get()
        try:
            partnership = services.partnership_create(by=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partnerskabet er oprettet."))
            return redirect("partnerships:detail", public_id=partnership.public_id)
    return render(request, "partnerships/partnership_form.html", {"form": form, "choice": choice})


@login_required
def partnership_edit(request, public_id):
    partnership = pa.partnership_for_edit(access_for(request), public_id)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(by=request.user, partnership=partnership, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partnerskabet er gemt."))
            return redirect("partnerships:detail", public_id=partnership.public_id)
    return render(request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership})


@login_required
def partnership_detail(request, public_id):
    access = access_for(request)
    partnership = pa.partnership_get(access, public_id)
    everything = pa.sees_everything(access, partnership)
    slots = list(slots_of(access, partnership))
    today = timezone.localdate()
    caps = capacities({s.company_id for s in slots}, on=today)
    targets, clusters = targets_of(partnership)
    return render(request, "partnerships/detail.html", {
        "partnership": partnership,
        "members": members_of(partnership),
        "plan": partnership.plan_items.select_related("member__organisation") if everything else None,
        "spoc": pa.single_point(partnership),
        "targets": targets, "clusters": clusters,
        "slots": [(slot, caps[slot.company_id]) for slot in slots],
        "overview": overview_of(partnership) if everything else None,
        "history": history_of(partnership) if everything else None,
        "can_edit": pa.can_edit(access, partnership),
        "can_offer": pa.can_offer_slots(access, partnership),
        "can_answer": pa.can_answer(access, partnership),
        "can_match": pa.can_match(access, partnership),
        "everything": everything,
    })  # fmt: skip


@login_required
def member_add(request, public_id):
    partnership = pa.partnership_for_edit(access_for(request), public_id)
    form = MemberForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_save(by=request.user, partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partneren er gemt."))
            return redirect("partnerships:detail", public_id=partnership.public_id)
    return render(request, "partnerships/_simple_form.html", {
        "form": form, "partnership": partnership, "heading": _("Tilføj partner"),
        "cancel_url": partnership_url(partnership),
    })  # fmt: skip


@login_required
@require_POST
def member_remove(request, public_id, member_id: int):
    partnership = pa.partnership_for_edit(access_for(request), public_id)
    member = get_object_or_404(partnership.memberships.select_related("organisation"), pk=member_id)
    try:
        services.member_remove(by=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Partneren er fjernet."))
    return redirect("partnerships:detail", public_id=partnership.public_id)


@login_required
def target_add(request, public_id):
    partnership = pa.partnership_for_edit(access_for(request), public_id)
    form = TargetForm(request.POST or None, initial={"municipality": partnership.municipality_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.target_save(by=request.user, partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pladsmålet er gemt."))
            return redirect("partnerships:detail", public_id=partnership.public_id)
    return render(request, "partnerships/_simple_form.html", {
        "form": form, "partnership": partnership, "heading": _("Sæt pladsmål for en kommune i en klynge"),
        "cancel_url": partnership_url(partnership),
    })  # fmt: skip


def partnership_url(partnership) -> str:
    return reverse("partnerships:detail", args=[partnership.public_id])


@login_required
def plan_item_edit(request, public_id, item_id: int | None = None):
    partnership = pa.partnership_for_edit(access_for(request), public_id)
    item = get_object_or_404(partnership.plan_items, pk=item_id) if item_id else None
    form = PlanItemForm(request.POST or None, instance=item, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_save(by=request.user, partnership=partnership, data=form.cleaned_data, item=item)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partnerplanen er gemt."))
            return redirect("partnerships:detail", public_id=partnership.public_id)
    return render(request, "partnerships/_simple_form.html", {
        "form": form, "partnership": partnership, "heading": _("Partnerplan: behov og handling"),
        "cancel_url": partnership_url(partnership),
    })  # fmt: skip


@login_required
def declaration_upload(request, public_id):
    partnership = pa.partnership_for_edit(access_for(request), public_id)
    form = DeclarationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_upload(by=request.user, partnership=partnership, upload=form.cleaned_data["declaration"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partnerskabserklæringen er gemt."))
            return redirect("partnerships:detail", public_id=partnership.public_id)
    return render(request, "partnerships/declaration_form.html", {"form": form, "partnership": partnership})


@login_required
def declaration_download(request, public_id):
    partnership = pa.partnership_get(access_for(request), public_id)
    if not partnership.declaration:
        raise Http404
    return FileResponse(partnership.declaration.open("rb"), as_attachment=True,
                        filename=f"partnerskabserklaering-{partnership.public_id}.pdf", content_type="application/pdf")
