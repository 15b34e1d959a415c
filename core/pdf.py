"""The one PDF renderer (WeasyPrint). A PDF is a Django template that extends
"core/pdf_base.html", which sets the document language (<html lang>, so the PDF is tagged with
it), A4 pages numbered "3 / 12", tagged as PDF/UA-1 (structure, language, title) and the print stylesheet the PDFs share ("core/pdf_base.css");
a document adds its own rules in {% block style %} and its content in {% block body %}.

Rendering is offline: every URL the document names (an image, a stylesheet, a font) is refused,
so a PDF never fetches anything — no request to a third party, no server-side request forgery
through user text, and the same file with or without a network. Charts are inline SVG
(core/templatetags/charts.py), so nothing needs fetching.

    content = render_pdf("events/programme_pdf.html", {"event": event})
    return attachment(content, "program.pdf", PDF_CONTENT_TYPE)     # core.exports
"""

import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


class ExternalResourceRefused(ValueError):
    pass


def refuse_fetch(url: str, *args, **kwargs):
    """Nothing is fetched, whatever the URL (WeasyPrint logs the refusal as a warning)."""
    raise ExternalResourceRefused(f"A Brobyg PDF fetches nothing ({url}).")


@functools.cache
def _offline_fetcher_class():
    from weasyprint.urls import URLFetcher  # WeasyPrint 70 takes a URLFetcher, not a function

    class OfflineFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return refuse_fetch(url)

    return OfflineFetcher


def render_html(template_name: str, context: dict) -> str:
    """The document's HTML, in the active language (LANGUAGE_CODE sets <html lang>)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return render_to_string(template_name, {**context, "LANGUAGE_CODE": language})


def render_document(template_name: str, context: dict):
    """The laid-out WeasyPrint document (pages and boxes), e.g. to count or read pages."""
    from weasyprint import HTML  # heavy; only PDFs need it

    fetcher = _offline_fetcher_class()(fail_on_errors=False)
    return HTML(string=render_html(template_name, context), url_fetcher=fetcher).render()


# Tagged PDF (PDF/UA-1): headings, paragraphs, tables and lists carry their structure and the
# document its language and title, so a screen reader reads it in order — what the Danish
# web-accessibility act asks of documents a public body publishes.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template_name: str, context: dict) -> bytes:
    return render_document(template_name, context).write_pdf(pdf_variant=PDF_VARIANT)
