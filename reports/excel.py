"""The report as an Excel workbook (openpyxl): a first sheet about the report, then one sheet
per table. Numbers are numbers (percentages as fractions formatted 0.0 %), a suppressed cell is
the text "<5" (or "x" for secondary suppression), and every text is written as a string, never
a formula."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .tables.base import KRONER, PERCENT

INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(title: str, used: set[str]) -> str:
    base = title.translate(INVALID_SHEET_CHARS)[:28].strip() or "Tabel"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def _text(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def report_xlsx(report) -> bytes:
    wb = Workbook()
    about = wb.active
    about.title = _("Om rapporten")
    definition = report.definition
    about.append([_("Rapport"), _text(definition.name)])
    about.append([_("Kommune"), str(definition.municipality)])
    for index, period in enumerate(report.periods):
        label = _("Periode") if index == 0 else _("Sammenlignet med")
        about.append([label, f"{period.label} ({period.start:%d-%m-%Y} – {period.end:%d-%m-%Y})"])
    about.append(
        [_("Små tal"), _("Celler med 1–4 personer vises som <5; x er skjult, så <5 ikke kan regnes ud.")]
    )
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 80
    used = {about.title}
    for table in report.tables:
        title = f"{table.title} {table.section}".strip()
        ws = wb.create_sheet(_sheet_title(title, used))
        ws.append([_text(title)])
        ws["A1"].font = Font(bold=True)
        ws.append([""] + [c.label for c in table.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            values = [_text(row.label)]
            for cell in row.cells:
                if cell.hidden:
                    values.append(cell.hidden)
                elif cell.value is None:
                    values.append(None)
                else:
                    values.append(float(cell.value) if not isinstance(cell.value, int) else cell.value)
            ws.append(values)
            for col, column in enumerate(table.columns, start=2):
                target = ws.cell(row=ws.max_row, column=col)
                if isinstance(target.value, float) and column.kind == PERCENT:
                    target.value = target.value / 100
                    target.number_format = "0.0%"
                elif isinstance(target.value, float) and (row.kind or column.kind) == KRONER:
                    target.number_format = "#,##0"
        ws.append([])
        for note in table.notes:
            ws.append([_text(note)])
        ws.column_dimensions["A"].width = 48
        ws.freeze_panes = "B3"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
