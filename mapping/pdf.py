"""The mapping report as a PDF (core.pdf: WeasyPrint, offline, the shared print stylesheet): title
page, contents, the sections and the same SVG charts as the page. A report with more table rows
than settings.PDF_BACKGROUND_ROWS is made by the worker (core.pdf_jobs), with progress."""

from django.utils.translation import gettext_lazy

from core import pdf_jobs
from core.pdf import render_document
from core.tasks import background_job
from tenants.models import Municipality

from .selectors import MappingReport, mapping_report

PDF_STAKEHOLDERS_PER_QUADRANT = 25
TEMPLATE = "mapping/report_pdf.html"
ROWS_PER_PAGE = 30  # a rough figure for the progress estimate only


def _context(report: MappingReport) -> dict:
    return {
        "report": report,
        # A quadrant may hold hundreds of actors in a large municipality; the PDF names the
        # first ones and says how many more the page shows.
        "stakeholder_slice": f":{PDF_STAKEHOLDERS_PER_QUADRANT}",
    }


def report_document(report: MappingReport):
    """The laid-out WeasyPrint document (pages and boxes) of the report."""
    return render_document(TEMPLATE, _context(report))


def report_pdf(report: MappingReport) -> bytes:
    return report_document(report).write_pdf()


def report_filename(report: MappingReport) -> str:
    return f"kortlaegning-{report.municipality.slug}-{report.generated_on:%Y-%m-%d}.pdf"


def pdf_rows(report: MappingReport) -> int:
    """The table rows and list items the PDF lays out: what its time and memory grow with."""
    charts = (report.by_kind, report.by_sector, report.by_target_group, report.assessed_by_status)
    shown = sum(min(len(q.stakeholders), PDF_STAKEHOLDERS_PER_QUADRANT) for q in report.quadrants)
    return len(report.potentials) + shown + len(report.cases) + sum(len(rows) for rows in charts)


def in_background(report: MappingReport) -> bool:
    return pdf_jobs.in_background(pdf_rows(report))


@background_job(label=gettext_lazy("PDF af kortlægningen"), max_attempts=2)
def report_pdf_job(progress, *, municipality_id: int) -> dict:
    stages = pdf_jobs.PdfProgress(progress)
    report = mapping_report(Municipality.objects.get(pk=municipality_id))
    stages.expected_pages = 4 + pdf_rows(report) // ROWS_PER_PAGE
    filename = report_filename(report)
    context = _context(report)
    del report  # render_to_file clears the context, so the report's rows go before layout ends
    return pdf_jobs.render_to_file(stages, TEMPLATE, context, filename=filename, pdf_variant=None)
