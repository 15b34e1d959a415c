"""Pages of recruitment and selection: the campaign (channels, contact log, funnel), the boot
camp (registrations, attendance, applications), an application (scores, decision, letter)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from core.exports import attachment
from core.forms import add_service_errors
from core.pdf import render_pdf

from . import access as acc
from . import rules
from . import selectors_recruitment as sel
from . import services_recruitment as svc
from .forms import (
    ApplicationForm,
    BootCampForm,
    CampaignForm,
    ChannelForm,
    CompanyForm,
    ContactForm,
    DecisionForm,
    ScoreForm,
)
from .models import Decision
from .views import _save


def _posted(request, prefix: str) -> bool:
    return request.method == "POST" and any(key.startswith(f"{prefix}-") for key in request.POST)


@login_required
def campaign_create(request, public_id):
    cohort = acc.cohort_for_edit(access_for(request), public_id)
    form = CampaignForm(request.POST or None)
    campaign = _save(
        request, form, lambda d: svc.campaign_create(by=request.user, cohort=cohort, data=d),
        _("Kampagnen er oprettet."),
    )  # fmt: skip
    if campaign:
        return redirect("accelerator:campaign", public_id=campaign.public_id)
    return render(
        request,
        "accelerator/form.html",
        {"form": form, "title": _("Ny rekrutteringskampagne"), "back": cohort},
    )


@login_required
def campaign_detail(request, public_id):
    access = access_for(request)
    campaign = acc.campaign_get(access, public_id)
    can_edit = acc.can_edit(access, campaign.cohort.municipality_id)
    if request.method == "POST" and not can_edit:
        raise Http404
    channel_form = ChannelForm(request.POST if _posted(request, "channel") else None)
    contact_form = ContactForm(request.POST if _posted(request, "contact") else None, campaign=campaign)
    done = _save(
        request, channel_form, lambda d: svc.channel_add(by=request.user, campaign=campaign, data=d),
        _("Kanalen er tilføjet."),
    ) or _save(
        request, contact_form, lambda d: svc.contact_log(by=request.user, campaign=campaign, data=d),
        _("Kontakten er registreret."),
    )  # fmt: skip
    if done:
        return redirect("accelerator:campaign", public_id=campaign.public_id)
    rows, total = sel.funnel(campaign)
    context = {
        "campaign": campaign,
        "cohort": campaign.cohort,
        "can_edit": can_edit,
        "channel_form": channel_form,
        "contact_form": contact_form,
        "funnel": rows,
        "total": total,
        "contacts": sel.contacts_of(campaign),
    }
    return render(request, "accelerator/campaign.html", context)


@login_required
def boot_camp_create(request, public_id):
    cohort = acc.cohort_for_edit(access_for(request), public_id)
    form = BootCampForm(request.POST or None)
    if _save(request, form, lambda d: svc.boot_camp_create(by=request.user, cohort=cohort, data=d),
             _("Boot campen er oprettet.")):  # fmt: skip
        return redirect("accelerator:boot_camp", public_id=cohort.public_id)
    return render(request, "accelerator/form.html", {"form": form, "title": _("Boot camp"), "back": cohort})


@login_required
def boot_camp_detail(request, public_id):
    """The cohort's boot camp with registrations and the applications (by cohort id)."""
    access = access_for(request)
    cohort = acc.cohort_get(access, public_id)
    boot_camp = getattr(cohort, "boot_camp", None)
    municipality_id = cohort.municipality_id
    can_edit = acc.can_edit(access, municipality_id)
    if request.method == "POST" and not can_edit:
        raise Http404
    register_form = CompanyForm(
        request.POST if _posted(request, "register") else None,
        municipality_id=municipality_id,
        prefix="register",
    )
    application_form = ApplicationForm(
        request.POST if _posted(request, "application") else None, municipality_id=municipality_id
    )
    if boot_camp and _save(
        request, register_form,
        lambda d: svc.boot_camp_register(by=request.user, boot_camp=boot_camp, organisation=d["organisation"]),
        _("Virksomheden er tilmeldt boot campen."),
    ):  # fmt: skip
        return redirect("accelerator:boot_camp", public_id=cohort.public_id)
    if _save(request, application_form, lambda d: svc.application_create(by=request.user, cohort=cohort, data=d),
             _("Ansøgningen er registreret.")):  # fmt: skip
        return redirect("accelerator:boot_camp", public_id=cohort.public_id)
    sees_companies = acc.sees_all_companies(access, municipality_id) or acc.may_see_scores(
        access, municipality_id
    )
    context = {
        "cohort": cohort,
        "boot_camp": boot_camp,
        "registrations": boot_camp.registrations.select_related("organisation")
        if boot_camp and sees_companies
        else [],
        "applications": sel.applications_of(
            cohort,
            acc.applications_visible_to(access),
            with_scores=acc.may_see_scores(access, municipality_id),
        ),
        "with_scores": acc.may_see_scores(access, municipality_id),
        "can_edit": can_edit,
        "register_form": register_form,
        "application_form": application_form,
    }
    return render(request, "accelerator/boot_camp.html", context)


@login_required
@require_POST
def boot_camp_attended(request, public_id, pk):
    cohort = acc.cohort_for_edit(access_for(request), public_id)
    boot_camp = getattr(cohort, "boot_camp", None)
    registration = boot_camp.registrations.filter(pk=pk).first() if boot_camp else None
    if registration is None:
        raise Http404
    svc.boot_camp_attendance(
        by=request.user, registration=registration, attended=request.POST.get("attended") == "1"
    )
    messages.success(request, _("Fremmødet er gemt."))
    return redirect("accelerator:boot_camp", public_id=cohort.public_id)


def _application_context(request, public_id) -> dict:
    access = access_for(request)
    application = acc.application_get(access, public_id)
    municipality_id = application.cohort.municipality_id
    assessor = acc.may_see_scores(access, municipality_id)
    can_decide = acc.can_edit(access, municipality_id)
    context = {
        "application": application,
        "cohort": application.cohort,
        "assessor": assessor,
        "can_decide": can_decide and application.decision in (Decision.PENDING, Decision.WAITING),
        "score_form": ScoreForm(),
        "decision_form": DecisionForm(),
        "scores": sel.scores_of(application) if assessor else [],
        "summary": sel.score_summary(application) if assessor else [],
        "sme": rules.is_sme(application.organisation.employees_total),
    }
    return context


@login_required
def application_page(request, public_id):
    return render(request, "accelerator/application.html", _application_context(request, public_id))


def _application_post(request, public_id, getter, form_class, call, success):
    application = getter(access_for(request), public_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(application, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("accelerator:application", public_id=application.public_id)
    context = _application_context(request, public_id)
    context["score_form" if form_class is ScoreForm else "decision_form"] = form
    return render(request, "accelerator/application.html", context, status=422)


@login_required
@require_POST
def application_score(request, public_id):
    return _application_post(
        request, public_id, acc.application_for_assess, ScoreForm,
        lambda application, data: svc.score_set(by=request.user, application=application, data=data),
        _("Vurderingen er gemt."),
    )  # fmt: skip


@login_required
@require_POST
def application_decide(request, public_id):
    return _application_post(
        request, public_id, acc.application_for_decision, DecisionForm,
        lambda application, data: svc.application_decide(by=request.user, application=application, **data),
        _("Afgørelsen er registreret."),
    )  # fmt: skip


@login_required
def application_letter(request, public_id):
    """The decision letter to the company, generated from the letter template (PDF)."""
    application = acc.application_get(access_for(request), public_id)
    if application.decision == Decision.PENDING:
        raise Http404
    context = {
        "application": application,
        "cohort": application.cohort,
        "programme": application.cohort.programme,
    }
    pdf = render_pdf("accelerator/letter_pdf.html", context)
    return attachment(pdf, f"afgoerelse-{application.public_id}.pdf", "application/pdf")
