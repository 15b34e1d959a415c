"""The report as a PDF (core.pdf: WeasyPrint, offline, the shared print stylesheet) that reads like
a report: title page, table of contents, one section per table with its chart, the table and its
notes on definitions, and a closing section on definitions and small-number protection. A report
with more table rows than settings.PDF_BACKGROUND_ROWS is made by the worker (core.pdf_jobs)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from core import pdf_jobs
from core.db_router import reading_from_replica
from core.pdf import render_pdf
from core.tasks import background_job

from .models import ReportDefinition
from .selectors import build_report, period_for

TEMPLATE = "reports/report_pdf.html"
ROWS_PER_PAGE = 25  # a rough figure for the progress estimate only


def _context(report) -> dict:
    return {"report": report, "generated_on": timezone.localdate()}


def report_pdf(report) -> bytes:
    return render_pdf(TEMPLATE, _context(report))


def report_filename(report) -> str:
    return f"rapport-{report.definition.municipality.slug}-{report.period.key}.pdf"


def pdf_rows(report) -> int:
    """The table rows the PDF lays out (each table also draws a chart of its rows)."""
    return sum(len(table.rows) for table in report.tables)


def in_background(report) -> bool:
    return pdf_jobs.in_background(pdf_rows(report))


@background_job(label=gettext_lazy("PDF af evalueringsrapporten"), max_attempts=2)
def report_pdf_job(progress, *, definition_id: int, period_key: str) -> dict:
    stages = pdf_jobs.PdfProgress(progress)
    definition = (
        ReportDefinition.objects.select_related("municipality")
        .prefetch_related("services__deliverables", "services__agreement", "programmes")
        .get(pk=definition_id)
    )
    period = period_for(definition, period_key, timezone.localdate())
    with reading_from_replica():
        report = build_report(definition, period, protected=True)  # exports are always protected
    stages.expected_pages = 3 + pdf_rows(report) // ROWS_PER_PAGE + len(report.tables)
    return pdf_jobs.render_to_file(stages, TEMPLATE, _context(report), filename=report_filename(report))
