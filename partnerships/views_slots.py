"""Placement slot pages: offer a slot (PARTNERSHIP_EDIT, or a host company's contact for its own
organisation), see it with the company's rimelighedskrav capacity, change and open or close it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from core.forms import add_service_errors

from . import access as pa
from .capacity import capacities
from .forms import SlotForm
from .models import SlotStatus
from .services_slots import slot_save, slot_set_status


def _capacity_rows(company_ids):
    today = timezone.localdate()
    return list(capacities(company_ids, on=today).items())


@login_required
def slot_create(request, public_id):
    access = access_for(request)
    partnership = pa.partnership_get(access, public_id)
    company_ids = pa.host_companies_for(access, partnership)
    if not company_ids:
        raise Http404
    form = SlotForm(request.POST or None, company_ids=company_ids, municipality_id=partnership.municipality_id)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        open_now = data.pop("open_now", False)
        try:
            slot = slot_save(by=request.user, partnership=partnership, data=data, open_now=open_now)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Praktikpladsen er gemt."))
            return redirect("partnerships:slot", public_id=slot.public_id)
    companies = dict(form.fields["company"].queryset.values_list("pk", "name"))
    return render(request, "partnerships/slot_form.html", {
        "form": form, "partnership": partnership,
        "capacities": [(companies.get(pk, ""), cap) for pk, cap in _capacity_rows(company_ids)],
    })  # fmt: skip


@login_required
def slot_detail(request, public_id):
    access = access_for(request)
    slot = pa.slot_get(access, public_id)
    cap = capacities([slot.company_id], on=timezone.localdate())[slot.company_id]
    return render(request, "partnerships/slot_detail.html", {
        "slot": slot, "partnership": slot.partnership, "cap": cap, "can_edit": pa.can_edit_slot(access, slot),
    })  # fmt: skip


@login_required
def slot_edit(request, public_id):
    access = access_for(request)
    slot = pa.slot_for_edit(access, public_id)
    partnership = slot.partnership
    company_ids = sorted(set(pa.host_companies_for(access, partnership)) | {slot.company_id})
    form = SlotForm(request.POST or None, instance=slot, company_ids=company_ids,
                    municipality_id=partnership.municipality_id)
    if request.method == "POST" and form.is_valid():
        try:
            slot_save(by=request.user, partnership=partnership, data=form.cleaned_data, slot=slot)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Praktikpladsen er gemt."))
            return redirect("partnerships:slot", public_id=slot.public_id)
    companies = dict(form.fields["company"].queryset.values_list("pk", "name"))
    return render(request, "partnerships/slot_form.html", {
        "form": form, "partnership": partnership, "slot": slot,
        "capacities": [(companies.get(pk, ""), cap) for pk, cap in _capacity_rows(company_ids)],
    })  # fmt: skip


@login_required
@require_POST
def slot_status(request, public_id, status: str):
    slot = pa.slot_for_edit(access_for(request), public_id)
    if status not in SlotStatus.values:
        raise Http404
    try:
        slot_set_status(by=request.user, slot=slot, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pladsens status er ændret."))
    return redirect("partnerships:slot", public_id=slot.public_id)
