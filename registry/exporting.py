"""Export of the actor registry as CSV or XLSX, in the column layout of registry.columns (so an
export can be edited and imported again).

Decisions
- CSV: UTF-8 with BOM, ";" as delimiter, decimal comma, dates dd-mm-yyyy: what Danish Excel
  opens directly. Streamed row by row. Text that starts with = + - @ tab or CR gets a leading
  apostrophe (spreadsheet formula injection); the import removes it again.
- XLSX (xlsxwriter, constant memory): numbers as numbers, dates as dates (dd-mm-yyyy), codes
  with leading zeros (CVR, kommunekode, postnr, branchekode) as text, every text with
  write_string (never a formula); bold frozen header row and an autofilter.
- Choices are written as their Danish labels (the same in every UI language, so files
  round-trip); target groups as codes and tags as names, separated by ", ".
- Queries: the organisations are read with .iterator(chunk_size=2000) and their target groups,
  tags, assessments and staffing prefetched, so the number of queries does not grow with rows
  (one set per 2,000 organisations).
- No personal data in the main sheet. The XLSX gets a second sheet "Kontakter" (names, roles,
  e-mail, phone of contact persons) only for organisations in municipalities where the user
  holds registry.edit; CSV never has contacts. CPR numbers are not part of the registry.
- Every export writes one audit row (AuditAction.EXPORT) with the format, filter criteria and
  row count. The template (an export with no rows) is not audited: it holds no data.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from .choices import CriterionStatus, Kind, LegalForm, RsvStatus, Sector, Subkind
from .columns import CRITERIA, EXPORT_HEADERS, choice_label
from .models import Contact, Staffing

CHUNK = 2000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_CODES = {"cvr", "p_nummer", "branchekode", "postnr", "kommunekode"}
CONTACT_HEADERS = ("organisation", "cvr", "kommunekode", "kontaktperson", "rolle", "e_mail", "telefon")


def export_queryset(qs: QuerySet) -> QuerySet:
    return qs.select_related("municipality").prefetch_related(
        "target_groups",
        "tags",
        "assessments",
        Prefetch("staffing", queryset=Staffing.objects.order_by("-year")),
    )


def organisation_row(org) -> list:
    """One organisation as typed values (str, bool, int, Decimal, date or None) in EXPORT_HEADERS order."""
    staffing = list(org.staffing.all())
    latest = staffing[0] if staffing else None
    statuses = {a.criterion: a.status for a in org.assessments.all()}
    share = org.special_share
    return [
        org.name,
        choice_label(Kind, org.kind),
        choice_label(Subkind, org.subkind),
        org.cvr,
        org.p_number,
        choice_label(LegalForm, org.legal_form),
        choice_label(Sector, org.sector),
        org.industry_code,
        org.street,
        org.postcode,
        org.city,
        org.municipality.code,
        org.website,
        org.purpose,
        ", ".join(sorted(t.code for t in org.target_groups.all())),
        ", ".join(sorted(t.name for t in org.tags.all())),
        org.rsv_registered,
        org.rsv_registered_on,
        *(choice_label(CriterionStatus, statuses[n]) if n in statuses else "" for n in CRITERIA),
        latest.year if latest else None,
        latest.employees_total if latest else None,
        latest.fleksjob if latest else None,
        latest.skaanejob if latest else None,
        latest.wage_subsidy if latest else None,
        latest.other_special if latest else None,
        latest.interns if latest else None,
        org.municipality.name,
        choice_label(RsvStatus, org.rsv_status),
        org.criteria_met,
        (share * 100).quantize(Decimal("0.01")) if share is not None else None,
    ]


def organisation_rows(qs: QuerySet) -> Iterator[list]:
    for org in export_queryset(qs).iterator(chunk_size=CHUNK):
        yield organisation_row(org)


def contact_rows(qs: QuerySet, municipality_ids: list[int]) -> Iterator[list]:
    contacts = (
        Contact.objects.filter(
            organisation__in=qs.order_by().values("pk"), organisation__municipality_id__in=municipality_ids
        )
        .select_related("organisation__municipality")
        .order_by("organisation__name", "organisation_id", "name")
    )
    for c in contacts.iterator(chunk_size=CHUNK):
        yield [
            c.organisation.name,
            c.organisation.cvr,
            c.organisation.municipality.code,
            c.name,
            c.role,
            c.email,
            c.phone,
        ]


# CSV


def safe_text(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula."""
    return "'" + value if value and value.startswith(FORMULA_START) else value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list], headers: tuple[str, ...] = EXPORT_HEADERS) -> Iterator[str]:
    """The CSV file, one line at a time, starting with the BOM and the header."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


# XLSX


def write_xlsx(output, rows: Iterable[list], contacts: Iterable[list] | None = None) -> int:
    """Write the workbook to output (a path or binary file). Returns the number of rows."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#E8E8E8", "bottom": 1}),
        "date": workbook.add_format({"num_format": "dd-mm-yyyy"}),
        "decimal": workbook.add_format({"num_format": "0.00"}),
    }
    count = _sheet(workbook.add_worksheet("Organisationer"), EXPORT_HEADERS, rows, formats)
    if contacts is not None:
        _sheet(workbook.add_worksheet("Kontakter"), CONTACT_HEADERS, contacts, formats)
    workbook.close()
    return count


def _sheet(sheet, headers: tuple[str, ...], rows: Iterable[list], formats: dict) -> int:
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, formats["header"])
        sheet.set_column(col, col, max(10, min(40, len(header) + 4)))
    sheet.freeze_panes(1, 0)
    text_codes = {i for i, h in enumerate(headers) if h in TEXT_CODES}
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _write(sheet, count, col, value, formats, as_text=col in text_codes)
    sheet.autofilter(0, 0, max(count, 1), len(headers) - 1)
    return count


def _write(sheet, row: int, col: int, value, formats: dict, *, as_text: bool) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_string(row, col, "ja" if value else "nej")
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats["date"])
    elif isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), formats["decimal"])
    elif isinstance(value, int) and not as_text:
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))
