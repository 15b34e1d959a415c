"""Editing a citizen, and correcting or undoing an exit. Looked up by UUID through
pathways.access (404 for missing and forbidden alike)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import access_for, permitted
from audit.reads import audited_read
from core.confirm import ask_to_confirm, confirmed, dry_run
from core.forms import add_service_errors

from . import access as pa
from .forms_citizen import CitizenEditForm, ExitCorrectForm, ExitUndoForm
from .models import Exit
from .services_citizen import citizen_update
from .services_exit import exit_correct, exit_undo


@login_required
@audited_read("pathways.citizen.edit_form")
def citizen_edit(request, public_id):
    access = access_for(request)
    citizen = permitted(access, pa.citizen_get(access, public_id), pa.can_edit_citizen)
    form = CitizenEditForm(request.POST or None, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        try:
            citizen_update(
                by=request.user, citizen=citizen, data=form.citizen_data(), caseworker=form.cleaned_data["caseworker"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Borgerens oplysninger er gemt."))
            return redirect("pathways:citizen", public_id=citizen.public_id)
    return render(request, "pathways/citizen_edit.html", {"form": form, "citizen": citizen})


def _exited(request, public_id):
    enrolment = pa.enrolment_for(access_for(request), public_id, pa.can_change_enrolment)
    exit_ = Exit.objects.filter(enrolment=enrolment).first()
    if exit_ is None:
        messages.error(request, _("Forløbet er ikke afsluttet."))
    return enrolment, exit_


@login_required
@audited_read("pathways.exit.correct_form")
def exit_correct_view(request, public_id):
    enrolment, exit_ = _exited(request, public_id)
    if exit_ is None:
        return redirect("pathways:citizen", public_id=enrolment.citizen.public_id)
    initial = {"exit_date": exit_.exit_date, "outcome": exit_.outcome, "hours_per_week": exit_.hours_per_week, "note": exit_.note}
    form = ExitCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            exit_correct(by=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Afslutningen er rettet."))
            return redirect("pathways:citizen", public_id=enrolment.citizen.public_id)
    return render(request, "pathways/exit_change.html", {"form": form, "enrolment": enrolment, "undo": False})


@login_required
@audited_read("pathways.exit.undo_form")
def exit_undo_view(request, public_id):
    enrolment, exit_ = _exited(request, public_id)
    if exit_ is None:
        return redirect("pathways:citizen", public_id=enrolment.citizen.public_id)
    form = ExitUndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sure = confirmed(request)
        change = lambda: exit_undo(by=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"])  # noqa: E731
        try:
            change() if sure else dry_run(change)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not sure:
                return ask_to_confirm(
                    request,
                    title=_("Fortryd afslutningen?"),
                    text=_("%(name)s kommer tilbage på forløbet, og de mål og frister, afslutningen lukkede, åbnes igen.")
                    % {"name": enrolment.citizen.name},
                    action_label=_("Ja, fortryd afslutningen"),
                    cancel_url=reverse("pathways:citizen", args=[enrolment.citizen.public_id]),
                )
            messages.success(request, _("Afslutningen er fortrudt; forløbet er i gang igen."))
            return redirect("pathways:citizen", public_id=enrolment.citizen.public_id)
    return render(request, "pathways/exit_change.html", {"form": form, "enrolment": enrolment, "undo": True})
