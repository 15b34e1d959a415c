"""The one spreadsheet writer: every CSV and XLSX file that leaves Brobyg is written here.

Decisions
- Formula-safe. Text that starts with = + - @ tab or CR would run as a formula when a spreadsheet
  opens the file (CSV/formula injection). In CSV such text gets a leading apostrophe (Excel's
  "this is text" mark; the registry import removes it again). In XLSX every text is a string
  cell (write_string, and the workbook is opened with strings_to_formulas, strings_to_urls and
  strings_to_numbers off), so it is never a formula and keeps its exact characters.
- Typed. Numbers are numbers (int as int; Decimal and float with a number format), dates are
  dates (dd-mm-yyyy; datetimes in local time with hh:mm), booleans "ja"/"nej", None blank. Codes
  with leading zeros (CVR, kommunekode, postnr) are text: name their columns in `text_columns`.
- Danish. CSV: UTF-8 with BOM, ";" between fields, decimal comma, dates dd-mm-yyyy: what Danish
  Excel opens directly. XLSX number formats are stored locale-free ("#,##0.00") and a Danish
  Excel shows them Danish ("1.234,50").
- Streaming. csv_lines yields one line at a time; the XLSX workbook runs in xlsxwriter's
  constant_memory mode (rows written in order, each flushed), so a 50,000-row export stays small.

    rows = ([o.name, o.cvr, o.founded, o.turnover] for o in ...)
    return csv_response(rows, ("navn", "cvr", "stiftet", "omsaetning"), "virksomheder.csv")
    return xlsx_response("virksomheder.xlsx", lambda book: book.sheet("Virksomheder").table(
        HEADERS, rows, text_columns={1}, formats={3: "kroner"}))
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"

# Named number formats for XLSX cells (a column's `formats` entry names one of these).
NUMBER_FORMATS = {
    "date": "dd-mm-yyyy",
    "datetime": "dd-mm-yyyy hh:mm",
    "decimal": "#,##0.00",  # the default for Decimal and float: 11.218,45 in a Danish Excel
    "whole": "#,##0",  # thousands separator, no decimals (counts, whole kroner)
    "kroner": '#,##0.00 "kr."',
    "percent": "0.0%",  # the cell holds the fraction: 0.25 shows as 25,0 %
}
SHEET_NAME_MAX = 31  # Excel's limit
INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


# --- CSV -----------------------------------------------------------------------------------


def safe_text(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (CSV only: XLSX stores it as text)."""
    return "'" + value if value and value.startswith(FORMULA_START) else value


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def csv_cell(value) -> str:
    """One value as Danish Excel reads it: 1234,5 · 02-12-2026 · ja/nej · blank for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def unguard_text(value: str) -> str:
    """The text safe_text guarded, as it was (imports read back what exports wrote)."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable], headers: Iterable[str]) -> Iterator[str]:
    """The CSV file one line at a time: the BOM and the header, then one line per row."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([safe_text(str(h)) for h in headers])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


# --- XLSX ----------------------------------------------------------------------------------


class Workbook:
    """An xlsxwriter workbook that never turns text into a formula, URL or number. Use as a
    context manager (or call close()); `output` is a path or a binary file."""

    def __init__(self, output):
        import xlsxwriter  # only exports need it

        self._book = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.formats = {name: self._book.add_format({"num_format": code}) for name, code in NUMBER_FORMATS.items()}
        self.formats["header"] = self._book.add_format({"bold": True, "bg_color": "#E8E8E8", "bottom": 1})
        self.formats["bold"] = self._book.add_format({"bold": True})
        self._names: set[str] = set()

    def sheet(self, title: str) -> "Sheet":
        """A new sheet; the title is made a valid, unique sheet name (31 characters, no []:*?/\\)."""
        base = str(title).translate(INVALID_SHEET_CHARS).strip()[:SHEET_NAME_MAX].strip() or "Ark"
        name, n = base, 2
        while name.lower() in self._names:
            suffix = f" {n}"
            name, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        self._names.add(name.lower())
        return Sheet(self._book.add_worksheet(name), self.formats)

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Sheet:
    """One worksheet, written top to bottom: append() rows, or table() for header + rows."""

    def __init__(self, worksheet, formats: dict):
        self.worksheet, self.formats, self.row = worksheet, formats, 0

    def append(
        self,
        values: Iterable,
        *,
        formats: Mapping[int, str] | None = None,
        text_columns: Collection[int] = (),
        style: str | None = None,
    ) -> None:
        """Write one row below the last. `formats` names a NUMBER_FORMATS entry per column for
        its numbers; `text_columns` are written as text even when the value is a number; `style`
        ("bold" or "header") styles the row's text."""
        for col, value in enumerate(values):
            self._write(col, value, (formats or {}).get(col), as_text=col in text_columns, style=style)
        self.row += 1

    def table(
        self,
        headers: Iterable[str],
        rows: Iterable[Iterable],
        *,
        formats: Mapping[int, str] | None = None,
        text_columns: Collection[int] = (),
    ) -> int:
        """A header row (bold, frozen, filter buttons) and the rows under it. Returns the number
        of rows (without the header)."""
        headers = [str(h) for h in headers]
        first = self.row
        for col, header in enumerate(headers):
            self.width(col, max(10, min(40, len(header) + 4)))
        self.append(headers, text_columns=range(len(headers)), style="header")
        self.freeze(first + 1)
        count = 0
        for row in rows:
            self.append(row, formats=formats, text_columns=text_columns)
            count += 1
        self.worksheet.autofilter(first, 0, max(first + count, first + 1), max(len(headers) - 1, 0))
        return count

    def width(self, col: int, chars: float) -> None:
        self.worksheet.set_column(col, col, chars)

    def freeze(self, rows: int, cols: int = 0) -> None:
        """Keep the first `rows` rows and `cols` columns in view when scrolling."""
        self.worksheet.freeze_panes(rows, cols)

    def _write(self, col: int, value, number_format: str | None, *, as_text: bool, style: str | None) -> None:
        ws, row, formats = self.worksheet, self.row, self.formats
        text_format = formats[style] if style else None
        if value is None or value == "":
            return
        if isinstance(value, bool):
            ws.write_string(row, col, "ja" if value else "nej", text_format)
        elif isinstance(value, datetime.datetime):
            ws.write_datetime(row, col, _local(value), formats["datetime"])
        elif isinstance(value, datetime.date):
            ws.write_datetime(row, col, value, formats["date"])
        elif isinstance(value, int | float | Decimal) and not as_text:
            default = None if isinstance(value, int) else "decimal"
            ws.write_number(row, col, float(value), formats.get(number_format or default))
        else:
            ws.write_string(row, col, str(value), text_format)


def write_xlsx(output, headers: Iterable[str], rows: Iterable[Iterable], sheet_name: str, **table_options) -> int:
    """A workbook of one sheet holding one table; returns the number of rows."""
    with Workbook(output) as book:
        return book.sheet(sheet_name).table(headers, rows, **table_options)


def xlsx_bytes(fill: Callable[[Workbook], object]) -> bytes:
    """The workbook `fill` writes, as bytes (for files small enough to hold in memory)."""
    out = io.BytesIO()
    with Workbook(out) as book:
        fill(book)
    return out.getvalue()


# --- Downloads -----------------------------------------------------------------------------


def csv_response(rows: Iterable[Iterable], headers: Iterable[str], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download: rows are written as they are read, never all held at once."""
    response = StreamingHttpResponse(csv_lines(rows, headers), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(filename: str, fill: Callable[[Workbook], object]) -> FileResponse:
    """An XLSX download written by `fill` to a temporary file (constant memory), then streamed."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by FileResponse)
    with Workbook(handle) as book:
        fill(book)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A finished file (PDF, small XLSX, JSON) as a download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
