"""The reason page before a citizen outside the user's caseload opens, and the admin's list."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts.access import access_for
from accounts.roles import Perm
from audit.reads import audited_read
from core.forms import add_service_errors

from . import access as pa
from . import break_glass


def reason_page(request, citizen, form=None):
    """403 until a reason is given: the citizen's data is not shown, and the refusal is logged."""
    context = {"citizen": citizen, "form": form or break_glass.ReasonForm()}
    return render(request, "pathways/break_glass.html", context, status=403)


@login_required
@audited_read("pathways.citizen.reason_form")
def give_reason(request, public_id):
    citizen = pa.citizen_get(access_for(request), public_id)
    if request.method != "POST":
        return redirect("pathways:citizen", public_id=citizen.public_id)
    form = break_glass.ReasonForm(request.POST)
    if form.is_valid():
        try:
            break_glass.break_glass(by=request.user, citizen=citizen, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            break_glass.grant(request, citizen)
            return redirect("pathways:citizen", public_id=citizen.public_id)
    return reason_page(request, citizen, form)


@login_required
def outside_caseload_log(request):
    access = access_for(request)
    access.require(Perm.AUDIT_VIEW)
    events = break_glass.events_for(access.municipalities_with(Perm.AUDIT_VIEW))
    return render(request, "pathways/break_glass_log.html", {"events": events})
