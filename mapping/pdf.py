"""The mapping report as a PDF (WeasyPrint). Renders offline: the template carries its own
stylesheet and the charts are inline SVG, and any attempt to fetch a URL is refused."""

from django.template.loader import render_to_string
from django.utils import translation

from .selectors import MappingReport

PDF_STAKEHOLDERS_PER_QUADRANT = 25


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"The mapping PDF fetches nothing from outside ({url}).")


def report_document(report: MappingReport):
    """The laid-out WeasyPrint document (pages and boxes) of the report."""
    from weasyprint import HTML  # imported here: heavy, and only the PDF needs it

    html = render_to_string(
        "mapping/report_pdf.html",
        {
            "report": report,
            "LANGUAGE_CODE": translation.get_language() or "da",
            # A quadrant may hold hundreds of actors in a large municipality; the PDF names the
            # first ones and says how many more the page shows.
            "stakeholder_slice": f":{PDF_STAKEHOLDERS_PER_QUADRANT}",
        },
    )
    return HTML(string=html, url_fetcher=_refuse).render()


def report_pdf(report: MappingReport) -> bytes:
    return report_document(report).write_pdf()


def report_filename(report: MappingReport) -> str:
    return f"kortlaegning-{report.municipality.slug}-{report.generated_on:%Y-%m-%d}.pdf"
