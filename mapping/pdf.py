"""The mapping report as a PDF (core.pdf: WeasyPrint, offline, the shared print stylesheet): title
page, contents, the sections and the same SVG charts as the page."""

from core.pdf import render_document

from .selectors import MappingReport

PDF_STAKEHOLDERS_PER_QUADRANT = 25


def report_document(report: MappingReport):
    """The laid-out WeasyPrint document (pages and boxes) of the report."""
    return render_document(
        "mapping/report_pdf.html",
        {
            "report": report,
            # A quadrant may hold hundreds of actors in a large municipality; the PDF names the
            # first ones and says how many more the page shows.
            "stakeholder_slice": f":{PDF_STAKEHOLDERS_PER_QUADRANT}",
        },
    )


def report_pdf(report: MappingReport) -> bytes:
    return report_document(report).write_pdf()


def report_filename(report: MappingReport) -> str:
    return f"kortlaegning-{report.municipality.slug}-{report.generated_on:%Y-%m-%d}.pdf"
