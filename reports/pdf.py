"""The report as a PDF (core.pdf: WeasyPrint, offline, the shared print stylesheet) that reads like
a report: title page, table of contents, one section per table with its chart, the table and its
notes on definitions, and a closing section on definitions and small-number protection."""

from django.utils import timezone

from core.pdf import render_pdf

TEMPLATE = "reports/report_pdf.html"


def report_pdf(report) -> bytes:
    return render_pdf(TEMPLATE, {"report": report, "generated_on": timezone.localdate()})
