"""The mapping report: as a page with charts, and as a PDF. Short views: access, selector, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.access import access_for
from core.exports import PDF_CONTENT_TYPE, attachment

from . import services
from .access import can_edit, municipalities_for, municipality_get
from .pdf import report_filename, report_pdf
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
    content = report_pdf(report)
    services.report_exported(by=request.user, municipality=municipality, fmt="pdf")
    return attachment(content, report_filename(report), PDF_CONTENT_TYPE)
