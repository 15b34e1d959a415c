"""Reading an uploaded registry file (CSV or XLSX) into a plain table of cells.

No validation of content here: only "can this file be read, and where is the header". Row
numbers are the ones the user sees in Excel (the first row is 1).
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
DELIMITERS = (";", ",", "\t")
DECODE_CHUNK = 1 << 20

Cell = str | int | float | bool | datetime.date | datetime.datetime | None


class ImportFileError(Exception):
    """The file cannot be read as a table at all (wrong type, empty, no header)."""

    def __init__(self, reason: str, row: int = 1, column: str = ""):
        super().__init__(reason)
        self.issue = {"row": row, "column": column, "reason": reason}


@dataclass
class Table:
    """The header and the data rows [(row number, cells)], each row padded to the header's
    width. `rows` is a list, or a StreamedRows that reads the file again on each pass."""

    header_row: int
    headers: list[str]
    rows: "list[tuple[int, list[Cell]]] | StreamedRows" = field(default_factory=list)


class StreamedRows:
    """The data rows of a file, read as they are consumed: the whole table of cells is never
    held in memory (50,000 rows × 30 cells as Python objects is several hundred MB). Each pass
    reads the file again with `records()`. len() counts the rows with a pass of its own, once,
    and only when asked (a progress bar needs the total up front; an XLSX pass is slow)."""

    def __init__(self, records: Callable[[], Iterator[tuple[int, list]]], header_row: int, width: int, filled):
        self.records, self.header_row, self.width, self.filled = records, header_row, width, filled
        self.count: int | None = None

    def __len__(self) -> int:
        if self.count is None:
            self.count = sum(1 for number, cells in self.records() if number > self.header_row and self.filled(cells))
        return self.count

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self):
        width, filled = self.width, self.filled
        for number, cells in self.records():
            if number <= self.header_row or not filled(cells):
                continue
            if len(cells) < width:
                cells.extend([None] * (width - len(cells)))
            yield number, cells


def detect_format(file_name: str, content: bytes) -> str:
    """'csv' or 'xlsx', from the content first and the file name second."""
    suffix = PurePath(file_name or "").suffix.casefold()
    if content.startswith(XLSX_MAGIC):
        return "xlsx"
    if content.startswith(OLE_MAGIC) or suffix == ".xls":
        raise ImportFileError(
            _("Det gamle Excel-format (.xls) kan ikke læses. Gem filen som .xlsx eller .csv.")
        )
    if suffix in ("", ".csv", ".txt", ".tsv"):
        return "csv"
    raise ImportFileError(
        _("Filtypen %(suffix)s understøttes ikke. Brug .csv eller .xlsx.") % {"suffix": suffix}
    )


def text_encoding(content: bytes) -> str:
    """UTF-8 with or without BOM; Windows-1252 (what older Danish Excel saves) otherwise.
    Checked a megabyte at a time: decoding the whole file at once would hold it twice."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(content)
    try:
        for start in range(0, len(view), DECODE_CHUNK):
            decoder.decode(view[start : start + DECODE_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def sniff_delimiter(text: str) -> str:
    """The delimiter used most in the first non-empty line (Danish Excel writes ';')."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def estimate_rows(content: bytes, fmt: str) -> int:
    """A cheap upper bound on the number of data rows, to decide whether to work in the
    background (no full parse)."""
    if fmt == "csv":
        return max(0, content.count(b"\n") + (0 if content.endswith(b"\n") else 1) - 1)
    try:
        workbook = _open_workbook(content)
        rows = workbook.worksheets[0].max_row or 0
        workbook.close()
    except ImportFileError:
        return 0
    return max(0, rows - 1)


def read_table(content: bytes, fmt: str) -> Table:
    """The header and the data rows, streamed (StreamedRows): a pass over the rows reads the
    file again and holds one row at a time."""
    if not content or not content.strip():
        raise ImportFileError(_("Filen er tom."))
    if fmt == "csv":
        encoding = text_encoding(content)
        # Only the start of the text: splitting all of a 20 MB file for one line cost 80 ms a call.
        delimiter = sniff_delimiter(content[:65536].decode(encoding, errors="ignore"))
        return _table(lambda: _csv_records(content, encoding, delimiter), _filled)
    return _table(lambda: _xlsx_records(content), lambda cells: not _blank(cells))


def _table(records, filled) -> Table:
    for number, cells in records():
        if filled(cells):
            headers = [_header_text(c) for c in cells]
            return Table(header_row=number, headers=headers, rows=StreamedRows(records, number, len(headers), filled))
    raise ImportFileError(_("Filen er tom: der er hverken en overskriftsrække eller data."))


def _csv_records(content: bytes, encoding: str, delimiter: str):
    """The file's records, decoded as they are read (the text of the whole file is never made)."""
    errors = "replace" if encoding == "cp1252" else "strict"
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, errors=errors, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise ImportFileError(_("CSV-filen kan ikke læses: %(error)s") % {"error": error}) from None


def _open_workbook(content: bytes):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(_("Filen kan ikke læses som et Excel-regneark (.xlsx).")) from None


def _xlsx_records(content: bytes):
    workbook = _open_workbook(content)
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Regnearket har ingen ark."))
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _filled(cells: list[str]) -> bool:
    """not _blank(cells) for the cells of a CSV row (all text), without a call per cell."""
    return bool("".join(cells).strip())


def _header_text(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()
