# ruff: noqa: S608 - fixed SQL text, values passed as parameters
"""Exports: the Excel workbook read back with openpyxl holds the numbers (one sheet per table,
"<5" as text for suppressed cells), the PDF renders to pages whose text holds the titles and
figures, and every export is audited and always protected."""

import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from agreements.testing import seed003_agreement
from audit.models import AuditAction, AuditEvent
from pathways.testing import make_programme, pathway_data
from reports.models import ReportDefinition

PERIOD = "2026-H1"


@pytest.fixture
def definition(world):
    programme = make_programme(provider=world.provider)
    services = seed003_agreement(municipality=world.kolding, provider=world.provider, programme=programme)
    pathway_data(
        municipality=world.kolding,
        programme=programme,
        by=world.users[Role.CASEWORKER],
        citizens=60,
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2026, 6, 30),
        seed=31,
    )
    d = ReportDefinition.objects.create(
        municipality=world.kolding,
        name="INSP-evaluering",
        tables=["participation", "exits", "composition", "deliverables", "network_outcomes", "youth_income"],
    )
    d.services.set(services)
    return d


def _get(client, name, definition):
    return client.get(reverse(f"reports:{name}", args=[definition.public_id]) + f"?periode={PERIOD}")


def _sql_exits_total(world, definition) -> int:
    programme = definition.services.get(kind="pathway").programme_id
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pathways_enrolment e JOIN pathways_citizen c ON c.id = e.citizen_id"
            " LEFT JOIN pathways_exit x ON x.enrolment_id = e.id WHERE c.municipality_id = %s AND e.programme_id = %s"
            " AND e.start_date <= %s AND (x.id IS NULL OR x.exit_date >= %s)",
            [world.kolding.pk, programme, datetime.date(2026, 6, 30), datetime.date(2026, 1, 1)],
        )
        return cursor.fetchone()[0]


def test_excel_holds_the_numbers_one_sheet_per_table(world, client_for, definition):
    client = client_for(world.users[Role.CASEWORKER])  # row access on the page, but exports are protected
    response = _get(client, "xlsx", definition)
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    page = _get(client, "report", definition).context["report"]
    assert len(wb.sheetnames) == 1 + 6  # about + one per table
    protected_tables = {t.anchor: t for t in _protected(definition)}
    for sheet_name, table in zip(wb.sheetnames[1:], protected_tables.values(), strict=True):
        ws = wb[sheet_name]
        assert ws["A1"].value.startswith(table.title)
        for r, row in enumerate(table.rows, start=3):
            assert ws.cell(row=r, column=1).value == row.label
            for c, (cell, column) in enumerate(zip(row.cells, table.columns, strict=True), start=2):
                got = ws.cell(row=r, column=c).value
                if cell.hidden:
                    assert got == cell.hidden
                elif cell.value is None:
                    assert got is None
                elif column.kind == "percent":
                    assert got == pytest.approx(float(cell.value) / 100)
                else:
                    assert got == pytest.approx(float(cell.value)) and isinstance(got, int | float)
    exits = wb[wb.sheetnames[2]]
    total_row = next(r for r in exits.iter_rows(values_only=True) if r[0] == "Deltagere i perioden i alt")
    assert total_row[1] == _sql_exits_total(world, definition)
    assert page.protected is False  # the caseworker's page is unprotected; the file is not
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, event="reports.report.xlsx").count() == 1


def _protected(definition):
    from reports import periods
    from reports.selectors import build_report

    return build_report(
        ReportDefinition.objects.get(pk=definition.pk), periods.parse(PERIOD), protected=True
    ).tables


def test_excel_suppressed_cells_are_the_text_under_five(world, client_for, definition):
    response = _get(client_for(world.users[Role.ANALYST]), "xlsx", definition)
    wb = load_workbook(io.BytesIO(response.content))
    values = [v for name in wb.sheetnames[1:] for row in wb[name].iter_rows(values_only=True) for v in row]
    expected_hidden = sum(
        1 for t in _protected(definition) for r in t.rows for c in r.cells if c.hidden == "<5"
    )
    assert expected_hidden > 0
    assert values.count("<5") == expected_hidden


def _pdftotext(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603,S607
    return " ".join(out.stdout.decode().split())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_reads_like_a_report_and_holds_the_figures(world, client_for, definition):
    response = _get(client_for(world.users[Role.ANALYST]), "pdf", definition)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = _pdftotext(response.content)
    assert "Evalueringsrapport" in text and "INSP-evaluering" in text
    assert "Indhold" in text and "Definitioner og beskyttelse af små tal" in text
    for table in _protected(definition):
        assert table.title in text
    total = _sql_exits_total(world, definition)
    assert f"Deltagere i perioden i alt {total}" in text
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, event="reports.report.pdf").exists()
    if shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "r.pdf"
            pdf.write_bytes(response.content)
            subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(Path(tmp) / "p")], check=True)  # noqa: S603,S607
            pages = list(Path(tmp).glob("p-*.png"))
            assert len(pages) >= 2 + 6  # title page, contents, one section per table (+ definitions)


def test_exports_need_report_view(world, client_for, definition):
    assert _get(client_for(world.users[Role.PROVIDER]), "pdf", definition).status_code == 404
    assert _get(client_for(world.outsiders[Role.ANALYST]), "xlsx", definition).status_code == 404
