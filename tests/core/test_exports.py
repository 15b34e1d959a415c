"""core.exports: the one CSV/XLSX writer. Formula-like text stays text, numbers stay numbers,
dates stay dates, and the CSV is what Danish Excel opens (BOM, ";", decimal comma)."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import exports

FORMULAS = ["=1+2", "+45 12 34", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "=HYPERLINK(\"https://x.example\")"]
ROW = ["Café Bro", 42, Decimal("1234.50"), 0.25, datetime.date(2026, 12, 2), True, None, "0621"]
HEADERS = ("navn", "antal", "beloeb", "andel", "dato", "aktiv", "tom", "kommunekode")


def _xlsx(fill) -> tuple[zipfile.ZipFile, object]:
    content = exports.xlsx_bytes(fill)
    return zipfile.ZipFile(io.BytesIO(content)), load_workbook(io.BytesIO(content))


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_puts_an_apostrophe_before_formula_like_text_and_the_import_takes_it_off(text):
    assert exports.csv_cell(text) == "'" + text
    assert exports.unguard_text(exports.csv_cell(text)) == text


def test_csv_leaves_ordinary_text_alone_including_a_leading_apostrophe_before_a_letter():
    assert exports.csv_cell("Kolding - Vejle") == "Kolding - Vejle"
    assert exports.unguard_text("'Bro") == "'Bro"


def test_csv_is_danish_excel_ready():
    lines = list(exports.csv_lines([ROW], HEADERS))
    assert lines[0].startswith("\ufeffnavn;antal;")
    assert next(csv.reader(io.StringIO(lines[1]), delimiter=";")) == [
        "Café Bro", "42", "1234,50", "0,25", "02-12-2026", "ja", "", "0621",
    ]


def test_csv_writes_an_aware_datetime_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Copenhagen"
    moment = datetime.datetime(2026, 6, 1, 10, 30, tzinfo=datetime.UTC)
    assert exports.csv_cell(moment) == "01-06-2026 12:30"  # summer time: UTC+2


def test_xlsx_never_writes_a_formula_and_keeps_the_exact_text():
    book, wb = _xlsx(lambda b: b.sheet("Ark").table(["tekst"], [[t] for t in FORMULAS]))
    xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    cells = [row[0] for row in wb["Ark"].iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    # openpyxl reads a stored carriage return back in its XML escape (_x000D_); Excel shows it as CR
    assert [c.value.replace("_x000D_", "\r") for c in cells] == FORMULAS


def test_xlsx_types_numbers_dates_and_codes():
    _book, wb = _xlsx(lambda b: b.sheet("Ark").table(HEADERS, [ROW], text_columns={7}, formats={2: "kroner", 3: "percent"}))
    ws = wb["Ark"]
    name, count, amount, share, day, active, empty, code = (c for c in ws[2])
    assert (count.value, count.data_type) == (42, "n")
    assert (amount.value, amount.number_format) == (1234.5, '#,##0.00 "kr."')
    assert (share.value, share.number_format) == (0.25, "0.0%")
    assert day.value == datetime.datetime(2026, 12, 2) and day.number_format == "dd-mm-yyyy"
    assert (active.value, empty.value) == ("ja", None)
    assert (code.value, code.data_type) == ("0621", "s")  # the leading zero survives


def test_a_table_has_a_bold_frozen_header_with_filter_buttons():
    _book, wb = _xlsx(lambda b: b.sheet("Ark").table(HEADERS, [ROW, ROW]))
    ws = wb["Ark"]
    assert [c.value for c in ws[1]] == list(HEADERS) and ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:H3"


def test_sheet_names_are_made_valid_and_unique():
    def fill(book):
        for title in ["Pr. betaler/kohorte [2026]", "Pr. betaler/kohorte [2026]", "x" * 40, ""]:
            book.sheet(title).append(["…"])

    _book, wb = _xlsx(fill)
    assert wb.sheetnames == ["Pr. betaler kohorte  2026", "Pr. betaler kohorte  2026 2", "x" * 31, "Ark"]


def test_rows_are_appended_top_to_bottom_with_per_column_formats_and_styles():
    def fill(book):
        sheet = book.sheet("Rapport")
        sheet.append(["Overskrift"], style="bold")
        sheet.append([])
        sheet.append(["Andel", Decimal("0.125")], formats={1: "percent"})

    _book, wb = _xlsx(fill)
    ws = wb["Rapport"]
    assert ws["A1"].font.b and ws["A2"].value is None
    assert (ws["B3"].value, ws["B3"].number_format) == (0.125, "0.0%")


def test_the_download_helpers_name_the_file_and_its_type(tmp_path):
    response = exports.csv_response([ROW], HEADERS, "liste.csv")
    assert response["Content-Type"] == exports.CSV_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    assert b"".join(response.streaming_content).decode("utf-8").startswith("\ufeffnavn;")
    response = exports.xlsx_response("liste.xlsx", lambda b: b.sheet("Liste").table(HEADERS, [ROW]))
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert "liste.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb["Liste"]["A2"].value == "Café Bro"
    assert exports.write_xlsx(tmp_path / "x.xlsx", HEADERS, [ROW, ROW], "Liste") == 2


def test_a_danish_file_name_survives_the_download_header():
    response = exports.attachment(b"%PDF", "kortlægning-kolding.pdf", exports.PDF_CONTENT_TYPE)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''kortl%C3%A6gning-kolding.pdf"
    assert response["Content-Type"] == "application/pdf" and response.content == b"%PDF"
