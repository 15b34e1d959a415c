"""Growth pages: a company's figures (turnover typed here, headcounts from the registry's
staffing) against its baseline and the cohort; the cohort's growth table; follow-up done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from core.exports import attachment, xlsx_response
from core.forms import add_service_errors
from core.pdf import render_pdf

from . import access as acc
from . import report, selectors, services_growth
from . import selectors_growth as growth
from .forms import FollowUpForm, GrowthForm


@login_required
@require_POST
def growth_add(request, public_id):
    from .views import participant_page

    participant = acc.participant_for_company_edit(access_for(request), public_id)
    form = GrowthForm(request.POST)
    if form.is_valid():
        try:
            services_growth.growth_set(by=request.user, participant=participant, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tallene er gemt."))
            return redirect("accelerator:participant", public_id=participant.public_id)
    return participant_page(request, participant, growth_form=form, status=422)


@login_required
@require_POST
def follow_up_done(request, public_id, follow_up_id):
    participant = acc.participant_for_edit(access_for(request), public_id)
    follow_up = participant.follow_ups.filter(public_id=follow_up_id).first()
    if follow_up is None:
        raise Http404
    form = FollowUpForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"done_on": [_("Angiv en gyldig dato.")]})
        services_growth.follow_up_done(by=request.user, follow_up=follow_up, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Opfølgningen er registreret."))
    return redirect("accelerator:participant", public_id=participant.public_id)


@login_required
def cohort_growth(request, public_id):
    access = access_for(request)
    cohort = acc.cohort_get(access, public_id)
    if not acc.sees_all_companies(access, cohort.municipality_id):
        raise Http404
    participants = list(cohort.participants.select_related("organisation"))
    summaries = growth.cohort_growth(participants, cohort)
    totals = growth.cohort_totals(summaries)
    context = {
        "cohort": cohort,
        "summaries": summaries,
        "totals": totals,
        "cohort_growth": growth.cohort_turnover_growth(summaries),
        "chart": [(str(t.year), int(t.turnover)) for t in totals],
        "baseline_year": growth.baseline_year(cohort),
        "readiness": {p.pk: p.readiness for p in selectors.participants_of(cohort)},
    }
    return render(request, "accelerator/cohort_growth.html", context)


def _report_for(request, public_id):
    access = access_for(request)
    cohort = acc.cohort_get(access, public_id)
    if not acc.sees_all_companies(access, cohort.municipality_id):
        raise Http404
    return report.cohort_report(cohort)


@login_required
def cohort_report_page(request, public_id):
    return render(request, "accelerator/report.html", _report_for(request, public_id))


@login_required
def cohort_report_pdf(request, public_id):
    data = _report_for(request, public_id)
    pdf = render_pdf("accelerator/report_pdf.html", data)
    return attachment(pdf, f"acceleratorforloeb-{data['cohort'].public_id}.pdf", "application/pdf")


@login_required
def cohort_report_xlsx(request, public_id):
    data = _report_for(request, public_id)
    return xlsx_response(
        f"acceleratorforloeb-{data['cohort'].public_id}.xlsx", lambda book: report.fill_workbook(book, data)
    )
