"""The mapping report: as a page with charts, and as a PDF. Short views: access, selector, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import access_for
from core import pdf_jobs
from core.exports import PDF_CONTENT_TYPE, attachment

from . import services
from .access import can_edit, municipalities_for, municipality_get
from .pdf import in_background, report_filename, report_pdf, report_pdf_job
from .selectors import mapping_report


@login_required
def report_home(request):
    """The report of the user's municipality; a chooser when they may see several."""
    municipalities = municipalities_for(access_for(request))
    if not municipalities:
        raise Http404
    if len(municipalities) == 1:
        return redirect("mapping:detail", municipality=municipalities[0].slug)
    return render(request, "mapping/choose.html", {"municipalities": municipalities})


@login_required
def report_detail(request, municipality):
    access = access_for(request)
    municipality = municipality_get(access, municipality)
    context = {
        "report": mapping_report(municipality),
        "can_edit": can_edit(access, municipality),
    }
    return render(request, "mapping/report.html", context)


@login_required
def report_download(request, municipality):
    municipality = municipality_get(access_for(request), municipality)
    report = mapping_report(municipality)
    if in_background(report):
        # Starting the job again while it runs returns the running one, so a second click or a
        # reload does not make the worker lay the report out twice.
        job = pdf_jobs.start(report_pdf_job, by=request.user, municipality_id=municipality.pk)
        return redirect("mapping:pdf_job", municipality=municipality.slug, job_id=job.public_id)
    content = report_pdf(report)
    services.report_exported(by=request.user, municipality=municipality, fmt="pdf")
    return attachment(content, report_filename(report), PDF_CONTENT_TYPE)


@login_required
def report_pdf_progress(request, municipality, job_id):
    """The progress of a PDF made in the background (htmx polls the same view)."""
    municipality = municipality_get(access_for(request), municipality)
    job = pdf_jobs.job_get(report_pdf_job, job_id, municipality_id=municipality.pk)
    return pdf_jobs.progress_page(
        request,
        job,
        title=_("kortlægningen af %(municipality)s") % {"municipality": municipality},
        back_label=_("Kortlægning"),
        back_url=reverse("mapping:detail", args=[municipality.slug]),
        page_url=reverse("mapping:pdf_job", args=[municipality.slug, job.public_id]),
        download_url=reverse("mapping:pdf_file", args=[municipality.slug, job.public_id]),
        again_url=reverse("mapping:pdf", args=[municipality.slug]),
    )


@login_required
def report_pdf_file(request, municipality, job_id):
    """The finished PDF, for users who may see the report; recorded like the direct download."""
    municipality = municipality_get(access_for(request), municipality)
    job = pdf_jobs.job_get(report_pdf_job, job_id, municipality_id=municipality.pk)
    response = pdf_jobs.download(job, PDF_CONTENT_TYPE)
    services.report_exported(by=request.user, municipality=municipality, fmt="pdf")
    return response
