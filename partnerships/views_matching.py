"""Matching pages (PLACEMENT_MATCH in the partnership's municipality): the waiting participants
with their matching profiles, start a run, see the proposal with the reason of each pair, lock or
reject pairs and re-run, and confirm, which creates the placements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from core.forms import add_service_errors
from pathways import access as pathways_access

from . import access as pa
from .forms import ProfileForm, RunForm
from .models import MatchPair, MatchProfile, PairState
from .services_matching import pair_set, profile_save, run_confirm, run_create, run_rerun, waiting_profiles


def _matchable(access, public_id):
    partnership = pa.partnership_get(access, public_id)
    if not pa.can_match(access, partnership):
        raise Http404
    return partnership


@login_required
def runs(request, public_id):
    access = access_for(request)
    partnership = _matchable(access, public_id)
    form = RunForm(request.POST or None, initial={"start": timezone.localdate(), "max_km": 40})
    if request.method == "POST" and form.is_valid():
        try:
            run = run_create(by=request.user, partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Matchningen er beregnet."))
            return redirect("partnerships:run", public_id=run.public_id)
    visible = pathways_access.enrolments_visible_to(access).values("pk")
    return render(request, "partnerships/runs.html", {
        "partnership": partnership, "form": form,
        "runs": pa.runs_visible_to(access).filter(partnership=partnership).order_by("-created_at")[:20],
        "waiting": waiting_profiles(partnership, timezone.localdate()).filter(enrolment_id__in=visible)
        .select_related("enrolment__programme"),
        "without_profile": pathways_access.enrolments_visible_to(access).open()
        .filter(citizen__municipality_id=partnership.municipality_id, match_profile__isnull=True)
        .select_related("citizen", "programme").order_by("citizen__name")[:50],
    })  # fmt: skip


@login_required
def profile_edit(request, public_id, enrolment_id):
    access = access_for(request)
    partnership = _matchable(access, public_id)
    enrolment = pathways_access.enrolment_get(access, enrolment_id)
    if enrolment.citizen.municipality_id != partnership.municipality_id:
        raise Http404
    profile = MatchProfile.objects.filter(enrolment=enrolment).first()
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(by=request.user, enrolment=enrolment, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Matchprofilen er gemt."))
            return redirect("partnerships:runs", public_id=partnership.public_id)
    return render(request, "partnerships/_simple_form.html", {
        "form": form, "partnership": partnership,
        "heading": _("Matchprofil: %(name)s") % {"name": enrolment.citizen.name},
        "cancel_url": "../../",
    })  # fmt: skip


@login_required
def run_detail(request, public_id):
    access = access_for(request)
    run = pa.run_get(access, public_id)
    pairs = list(run.pairs.select_related("enrolment__citizen", "slot__company").order_by("state", "enrolment__citizen__name"))
    return render(request, "partnerships/run_detail.html", {
        "run": run, "partnership": run.partnership,
        "pairs": [p for p in pairs if p.state in (PairState.PROPOSED, PairState.LOCKED)],
        "rejected": [p for p in pairs if p.state == PairState.REJECTED],
        "unmatched": [p for p in pairs if p.state == PairState.UNMATCHED],
    })  # fmt: skip


def _done(request, run, error: ValidationError | None, success: str):
    if error is not None:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("partnerships:run", public_id=run.public_id)


@login_required
@require_POST
def pair_state(request, public_id, state: str):
    access = access_for(request)
    pair = get_object_or_404(MatchPair.objects.filter(run__in=pa.runs_visible_to(access)).select_related("run"),
                             public_id=public_id)
    if state not in (PairState.LOCKED, PairState.REJECTED, PairState.PROPOSED):
        raise Http404
    try:
        pair_set(by=request.user, pair=pair, state=state)
    except ValidationError as error:
        return _done(request, pair.run, error, "")
    return _done(request, pair.run, None, _("Parret er ændret."))


@login_required
@require_POST
def rerun(request, public_id):
    run = pa.run_get(access_for(request), public_id)
    try:
        run_rerun(by=request.user, run=run)
    except ValidationError as error:
        return _done(request, run, error, "")
    return _done(request, run, None, _("Matchningen er beregnet igen med de låste og afviste par."))


@login_required
@require_POST
def confirm(request, public_id):
    run = pa.run_get(access_for(request), public_id)
    try:
        placements = run_confirm(by=request.user, run=run)
    except ValidationError as error:
        return _done(request, run, error, "")
    return _done(request, run, None, _("Matchningen er bekræftet: %(n)s placeringer er oprettet.") % {"n": len(placements)})
