"""The report as a PDF (WeasyPrint) that reads like a report: title page, table of contents,
one section per table with its chart, the table and its notes on definitions, and a closing
section on definitions and small-number protection. Renders offline (inline SVG charts, its own
stylesheet); any attempt to fetch a URL is refused."""

from django.template.loader import render_to_string
from django.utils import timezone, translation


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"The report PDF fetches nothing from outside ({url}).")


def report_html(report) -> str:
    return render_to_string(
        "reports/report_pdf.html",
        {
            "report": report,
            "LANGUAGE_CODE": translation.get_language() or "da",
            "generated_on": timezone.localdate(),
        },
    )


def report_pdf(report) -> bytes:
    from weasyprint import HTML  # heavy; only the PDF needs it

    return HTML(string=report_html(report), url_fetcher=_refuse).write_pdf()
