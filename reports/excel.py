"""The report as an Excel workbook (core.exports): a first sheet about the report, then one sheet
per table (a written section: its headings and texts). Numbers are numbers (percentages as fractions formatted 0.0 %, kroner with thousands
separators), a suppressed cell is the text "<5" (or "x" for secondary suppression), and every
text is a string cell, never a formula."""

from decimal import Decimal

from django.utils.translation import gettext as _

from core.exports import Workbook, xlsx_bytes

from .tables.base import KRONER, PERCENT

HUNDRED = Decimal(100)


def _about(book: Workbook, report) -> None:
    sheet = book.sheet(_("Om rapporten"))
    sheet.width(0, 22)
    sheet.width(1, 80)
    definition = report.definition
    sheet.append([_("Rapport"), definition.name])
    sheet.append([_("Kommune"), str(definition.municipality)])
    for index, period in enumerate(report.periods):
        label = _("Periode") if index == 0 else _("Sammenlignet med")
        sheet.append([label, f"{period.label} ({period.start:%d-%m-%Y} – {period.end:%d-%m-%Y})"])
    sheet.append([_("Små tal"), _("Celler med 1–4 personer vises som <5; x er skjult, så <5 ikke kan regnes ud.")])


def _cell_value(cell, column, row):
    """A cell's value as the sheet holds it, and the name of its number format."""
    if cell.hidden:
        return cell.hidden, None
    if cell.value is None:
        return None, None
    if column.kind == PERCENT:
        return Decimal(cell.value) / HUNDRED, "percent"
    if (row.kind or column.kind) == KRONER:
        return cell.value, "whole"
    return cell.value, None


def _texts(sheet, table) -> None:
    """A written section: each period's heading, then (label, text) rows."""
    sheet.width(1, 100)
    for text in table.texts:
        sheet.append([])
        sheet.append([text.heading], style="bold")
        for label, body in text.parts:
            sheet.append([label, body])


def _table(book: Workbook, table) -> None:
    title = f"{table.title} {table.section}".strip()
    sheet = book.sheet(title[:28])
    sheet.width(0, 48)
    sheet.append([title], style="bold")
    if table.texts:
        _texts(sheet, table)
        return
    sheet.append(["", *(c.label for c in table.columns)], style="bold")
    sheet.freeze(2, 1)
    for row in table.rows:
        values, formats = [row.label], {}
        for col, (cell, column) in enumerate(zip(row.cells, table.columns, strict=True), start=1):
            value, number_format = _cell_value(cell, column, row)
            values.append(value)
            if number_format:
                formats[col] = number_format
        sheet.append(values, formats=formats)
    sheet.append([])
    for note in table.notes:
        sheet.append([note])


def report_xlsx(report) -> bytes:
    def fill(book: Workbook) -> None:
        _about(book, report)
        for table in report.tables:
            _table(book, table)

    return xlsx_bytes(fill)
