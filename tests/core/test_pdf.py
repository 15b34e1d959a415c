"""core.pdf: the one offline PDF renderer. It fetches nothing, tags the document language and
gives every PDF the shared base stylesheet."""

import logging
import re
import zlib

import pytest
from django.template import engines
from django.utils import translation

from core import pdf

DOCUMENT = """{% extends "core/pdf_base.html" %}
{% block title %}Prøve{% endblock %}
{% block body %}<h1>Prøve æøå</h1>
<img src="https://tracker.example/pixel.png" alt="">
<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data">
{% endblock %}"""


@pytest.fixture
def template(monkeypatch):
    """A document template that names two external URLs."""
    compiled = engines["django"].from_string(DOCUMENT)
    monkeypatch.setattr(pdf, "render_to_string", lambda name, context: compiled.render(context))


def test_a_pdf_fetches_no_url_it_names(template, caplog, monkeypatch):
    fetched, refuse = [], pdf.refuse_fetch

    def spy(url, *args, **kwargs):
        fetched.append(url)
        return refuse(url)

    monkeypatch.setattr(pdf, "refuse_fetch", spy)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        content = pdf.render_pdf("test.html", {})
    assert content.startswith(b"%PDF")
    assert fetched and set(fetched) == {"http://169.254.169.254/latest/meta-data", "https://tracker.example/pixel.png"}
    assert "A Brobyg PDF fetches nothing" in caplog.text


def test_the_refusal_raises_for_any_url():
    with pytest.raises(pdf.ExternalResourceRefused):
        pdf.refuse_fetch("file:///etc/passwd")


def test_the_document_language_is_the_active_language(template):
    with translation.override("en"):
        assert '<html lang="en">' in pdf.render_html("test.html", {})
    with translation.override("da"):
        html = pdf.render_html("test.html", {})
        assert '<html lang="da">' in html
        assert pdf.render_document("test.html", {}).metadata.lang == "da"  # the PDF's /Lang


def test_every_pdf_gets_the_base_stylesheet_with_numbered_a4_pages(template):
    html = pdf.render_html("test.html", {})
    assert "size: A4" in html and 'counter(page) " / " counter(pages)' in html
    document = pdf.render_document("test.html", {})
    assert len(document.pages) == 1
    width_mm = document.pages[0].width * 25.4 / 96
    assert round(width_mm) == 210


def _inflated(content: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated, to search."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, flags=re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_a_pdf_is_tagged_for_screen_readers_with_its_language_and_title(template):
    with translation.override("da"):
        content = _inflated(pdf.render_pdf("test.html", {}))
    assert b"/StructTreeRoot" in content  # the structure tree: headings, paragraphs in order
    assert b"/MarkInfo" in content and b"/Marked true" in content
    assert b"/Lang (da)" in content
    assert b"pdfuaid" in content  # declares PDF/UA in its metadata
    assert b"/DisplayDocTitle true" in content
