"""The social model page: shown to every partner with ACCELERATOR_VIEW; edited by the
consultant and the company's own staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from core.forms import add_service_errors

from . import access as acc
from . import selectors, services_social
from .forms import BuddyForm, StepForm, TaskForm, TrainedForm
from .models import SocialModel

FORMS = {"task": TaskForm, "step": StepForm, "buddy": BuddyForm}


def _page(request, model: SocialModel, forms: dict | None = None, status: int = 200):
    access = access_for(request)
    annotated = selectors.with_readiness(SocialModel.objects.filter(pk=model.pk)).get()
    can_edit = acc.may_edit_company(access, model.participant)
    context = {
        "model": model,
        "participant": model.participant,
        "cohort": model.participant.cohort,
        "readiness": selectors.readiness_of(annotated),
        "tasks": model.tasks.all(),
        "steps": model.induction.all(),
        "buddies": model.buddies.all(),
        "can_edit": can_edit,
        "forms": {kind: (forms or {}).get(kind) or form() for kind, form in FORMS.items()}
        if can_edit
        else {},
        "trained_form": TrainedForm(),
    }
    return render(request, "accelerator/social_model.html", context, status=status)


@login_required
def social_model_detail(request, public_id):
    return _page(request, acc.social_model_get(access_for(request), public_id))


@login_required
@require_POST
def part_add(request, public_id, kind):
    if kind not in FORMS:
        raise Http404
    model = acc.social_model_for_edit(access_for(request), public_id)
    form = FORMS[kind](request.POST)
    if form.is_valid():
        try:
            services_social.part_add(by=request.user, social_model=model, kind=kind, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Den sociale model er opdateret."))
            return redirect("accelerator:social_model", public_id=model.public_id)
    return _page(request, model, {kind: form}, status=422)


@login_required
@require_POST
def part_delete(request, public_id, kind, pk):
    if kind not in FORMS:
        raise Http404
    model = acc.social_model_for_edit(access_for(request), public_id)
    try:
        services_social.part_delete(by=request.user, social_model=model, kind=kind, pk=pk)
    except ValidationError as error:
        raise Http404 from error
    messages.success(request, _("Punktet er fjernet."))
    return redirect("accelerator:social_model", public_id=model.public_id)


@login_required
@require_POST
def buddy_trained(request, public_id, pk):
    model = acc.social_model_for_edit(access_for(request), public_id)
    buddy = model.buddies.filter(pk=pk).first()
    if buddy is None:
        raise Http404
    form = TrainedForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"trained_on": [_("Angiv en gyldig dato.")]})
        services_social.buddy_trained(
            by=request.user, buddy=buddy, trained_on=form.cleaned_data["trained_on"]
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Buddyen er registreret som uddannet."))
    return redirect("accelerator:social_model", public_id=model.public_id)
