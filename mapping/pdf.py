"""The mapping report as a PDF (WeasyPrint). Renders offline: the template carries its own
stylesheet and the charts are inline SVG, and any attempt to fetch a URL is refused."""

from django.template.loader import render_to_string
from django.utils import translation

from .selectors import MappingReport


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"The mapping PDF fetches nothing from outside ({url}).")


def report_pdf(report: MappingReport) -> bytes:
    from weasyprint import HTML  # imported here: heavy, and only the PDF needs it

    html = render_to_string(
        "mapping/report_pdf.html", {"report": report, "LANGUAGE_CODE": translation.get_language() or "da"}
    )
    return HTML(string=html, url_fetcher=_refuse).write_pdf()


def report_filename(report: MappingReport) -> str:
    return f"kortlaegning-{report.municipality.slug}-{report.generated_on:%Y-%m-%d}.pdf"
