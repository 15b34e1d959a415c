"""The volunteer register pages (VOLUNTEER_EDIT, the user's own organisations only)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for
from accounts.roles import Perm
from core.forms import add_service_errors
from registry.models import Organisation

from . import access as ea
from . import services_volunteers
from .forms import ShiftForm, VolunteerForm
from .models import VolunteerShift
from .views import form_page


@login_required
def volunteers(request):
    access = access_for(request)
    if not ea.can_keep_volunteers(access):
        raise Http404
    year_start = datetime.date(timezone.localdate().year, 1, 1)
    rows = (
        ea.volunteers_visible_to(access)
        .select_related("organisation")
        .annotate(
            hours=Sum("shifts__hours", filter=Q(shifts__date__gte=year_start)),
            n_shifts=Count("shifts", filter=Q(shifts__date__gte=year_start)),
        )
    )
    tally = VolunteerShift.objects.filter(
        volunteer__in=ea.volunteers_visible_to(access), date__gte=year_start
    ).aggregate(volunteers=Count("volunteer", distinct=True), hours=Sum("hours"))
    context = {"volunteers": rows, "year": year_start.year, "tally": tally}
    return render(request, "events/volunteers.html", context)


def _orgs(access):
    return Organisation.objects.filter(pk__in=access.organisations_with(Perm.VOLUNTEER_EDIT))


@login_required
def volunteer_form(request, public_id=None):
    access = access_for(request)
    if not ea.can_keep_volunteers(access):
        raise Http404
    volunteer = ea.volunteer_get(access, public_id) if public_id else None
    form = VolunteerForm(request.POST or None, instance=volunteer, organisations=_orgs(access))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_volunteers.volunteer_save(
                by=request.user, data=form.cleaned_data, volunteer=volunteer,
                allowed_organisation_ids=access.organisations_with(Perm.VOLUNTEER_EDIT),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Den frivillige er gemt."))
            return redirect("events:volunteer", public_id=saved.public_id)
    return form_page(
        request,
        form,
        _("Redigér frivillig") if volunteer else _("Ny frivillig"),
        reverse("events:volunteers"),
    )


@login_required
def volunteer_detail(request, public_id):
    access = access_for(request)
    volunteer = ea.volunteer_get(access, public_id)
    form = ShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_volunteers.shift_add(by=request.user, volunteer=volunteer, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Vagten er registreret."))
            return redirect("events:volunteer", public_id=volunteer.public_id)
    shifts = volunteer.shifts.all()[:50]
    total = volunteer.shifts.aggregate(hours=Sum("hours"))["hours"]
    return render(
        request,
        "events/volunteer.html",
        {"volunteer": volunteer, "form": form, "shifts": shifts, "total": total},
    )
