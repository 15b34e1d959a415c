"""The mapping report as a PDF: it renders offline, reads like seed 002 §7.3's partial report
(title page, contents, the sections, the stakeholder grid, the local cases) and carries the
same figures as the page. Every download is audited as an export."""

import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from mapping.pdf import report_document, report_pdf
from mapping.selectors import mapping_report
from mapping.testing import build_mapping_world

HEADINGS = [
    "Delrapport: kortlægning af socialøkonomien",
    "Indhold",
    "1. Aktørerne i kommunen",
    "2. Nuværende socialøkonomiske virksomheder og aktiviteter",
    "3. Potentielle socialøkonomiske iværksættere, virksomheder og aktiviteter",
    "4. Beskæftigelse på særlige vilkår",
    "5. Kommunens interne og eksterne strukturer",
    "6. Interessentanalyse",
    "7. Lokale cases: effekter, metoder og innovation",
    "Håndtér tæt",
    "Hold tilfreds",
    "Hold informeret",
    "Overvåg",
]


def _box_text(box) -> list[str]:
    text = getattr(box, "text", None)
    parts = [text] if isinstance(text, str) else []
    for child in getattr(box, "children", None) or ():
        parts.extend(_box_text(child))
    return parts


def report_text(report) -> str:
    """The PDF's text, whitespace collapsed. pdftotext (poppler-utils) reads the PDF bytes
    themselves; without it, the text is read back from WeasyPrint's laid-out pages."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        content = report_pdf(report)
        assert content.startswith(b"%PDF")
        out = subprocess.run([pdftotext, "-layout", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603 - fixed argv
        text = out.stdout.decode("utf-8")
    else:  # pragma: no cover - machines without poppler-utils
        document = report_document(report)
        text = " ".join(" ".join(_box_text(page._page_box)) for page in document.pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def mapped(world):
    build_mapping_world(world.kolding, by=world.users["consultant"], count=20)
    return world


def test_it_renders_a_pdf_with_the_sections_of_the_partial_report(mapped):
    report = mapping_report(mapped.kolding)
    assert report_pdf(report).startswith(b"%PDF")
    text = report_text(report)
    for heading in HEADINGS:
        assert heading in text, heading
    assert "Kolding Kommune" in text


def test_its_figures_equal_sql_counts(mapped):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM registry_organisation WHERE municipality_id = %s", [mapped.kolding.pk]
        )
        (total,) = cursor.fetchone()
        cursor.execute(
            """SELECT COUNT(*) FROM registry_organisation WHERE municipality_id = %s AND kind = 'council'""",
            [mapped.kolding.pk],
        )
        (councils,) = cursor.fetchone()
    text = report_text(mapping_report(mapped.kolding))
    assert f"Registret rummer {total} organisationer i Kolding Kommune." in text
    assert re.search(rf"Råd eller forum {councils} ", text)
    case_titles = [c.title for c in mapping_report(mapped.kolding).cases]
    assert case_titles and all(title in text for title in case_titles)


def test_it_numbers_the_pages_of_the_contents(mapped):
    text = report_text(mapping_report(mapped.kolding))
    # "6. Interessentanalyse ........ 9": the contents carry page numbers
    assert re.search(r"6\. Interessentanalyse[ .]+\d+", text)


def test_the_download_is_a_pdf_attachment_and_is_audited_as_an_export(mapped, client_for):
    user = mapped.users["analyst"]
    response = client_for(user).get(reverse("mapping:pdf", args=["kolding"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="kortlaegning-kolding-')
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(event="mapping.report.pdf")
    assert (event.action, event.actor, event.municipality) == (AuditAction.EXPORT, user, mapped.kolding)


def test_a_refused_download_is_not_audited(mapped, client_for):
    response = client_for(mapped.outsiders["analyst"]).get(reverse("mapping:pdf", args=["kolding"]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(event="mapping.report.pdf").exists()
