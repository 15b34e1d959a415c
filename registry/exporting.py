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
- Queries and speed: rows are built from plain values, not model instances. The organisations
  are read with values_list().iterator(chunk_size=2000); per chunk of 2,000, four flat queries
  fetch the target-group codes, tag names, criterion statuses and staffing rows of exactly
  those organisations, grouped in Python. The number of queries does not grow with rows (five
  per 2,000 organisations). The Danish labels are looked up in dicts built once
  (columns.danish_labels), never by switching language per cell. The staffing columns show
  the organisation's latest year: the highest year among its staffing rows (all rows of the
  chunk are read, ordered by year, so it does not depend on the stored staffing_year being
  fresh, and it is the same on PostgreSQL and SQLite).
- No personal data in the main sheet. The XLSX gets a second sheet "Kontakter" (names, roles,
  e-mail, phone of contact persons) only for organisations in municipalities where the user
  holds registry.edit; CSV never has contacts. CPR numbers are not part of the registry.
- Every export writes one audit row (AuditAction.EXPORT) with the format, filter criteria and
  row count. The template (an export with no rows) is not audited: it holds no data.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice

from django.db.models import QuerySet

from .choices import CriterionStatus, Kind, LegalForm, RsvStatus, Sector, Subkind
from .columns import CRITERIA, EXPORT_HEADERS, danish_labels
from .models import Contact, CriterionAssessment, Organisation, Staffing

CHUNK = 2000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_CODES = {"cvr", "p_nummer", "branchekode", "postnr", "kommunekode"}
CONTACT_HEADERS = ("organisation", "cvr", "kommunekode", "kontaktperson", "rolle", "e_mail", "telefon")

# The organisation's own columns, in the order organisation_row unpacks them.
ORGANISATION_VALUES = (
    "pk",
    "name",
    "kind",
    "subkind",
    "cvr",
    "p_number",
    "legal_form",
    "sector",
    "industry_code",
    "street",
    "postcode",
    "city",
    "municipality__code",
    "website",
    "purpose",
    "rsv_registered",
    "rsv_registered_on",
    "municipality__name",
    "rsv_status",
    "criteria_met",
    "special_share",
)
STAFFING_VALUES = (
    "year",
    "employees_total",
    "fleksjob",
    "skaanejob",
    "wage_subsidy",
    "other_special",
    "interns",
)
NO_STAFFING = (None,) * len(STAFFING_VALUES)
HUNDRED, CENTS = Decimal(100), Decimal("0.01")


class Related:
    """The target groups, tags, criterion statuses and latest staffing of one chunk of
    organisations: four queries, whatever the chunk's size."""

    def __init__(self, ids: list[int]):
        self.target_groups: dict[int, list[str]] = defaultdict(list)
        self.tags: dict[int, list[str]] = defaultdict(list)
        self.statuses: dict[int, dict[int, str]] = defaultdict(dict)
        self.staffing: dict[int, tuple] = {}
        through = Organisation.target_groups.through.objects.filter(organisation_id__in=ids)
        for org_id, code in through.values_list("organisation_id", "targetgroup__code"):
            self.target_groups[org_id].append(code)
        through = Organisation.tags.through.objects.filter(organisation_id__in=ids)
        for org_id, name in through.values_list("organisation_id", "tag__name"):
            self.tags[org_id].append(name)
        assessments = CriterionAssessment.objects.filter(organisation_id__in=ids).order_by()
        for org_id, criterion, status in assessments.values_list("organisation_id", "criterion", "status"):
            self.statuses[org_id][criterion] = status
        staffing = Staffing.objects.filter(organisation_id__in=ids).order_by("organisation_id", "-year")
        for org_id, *values in staffing.values_list("organisation_id", *STAFFING_VALUES):
            self.staffing.setdefault(org_id, tuple(values))


class Labels:
    """The Danish label of every choice, looked up once per export."""

    def __init__(self):
        self.kind, self.subkind = danish_labels(Kind), danish_labels(Subkind)
        self.legal_form, self.sector = danish_labels(LegalForm), danish_labels(Sector)
        self.rsv_status, self.criterion = danish_labels(RsvStatus), danish_labels(CriterionStatus)


def organisation_row(values: tuple, related: Related, labels: Labels) -> list:
    """One organisation (a row of ORGANISATION_VALUES) as typed values (str, bool, int, Decimal,
    date or None) in EXPORT_HEADERS order."""
    (
        pk,
        name,
        kind,
        subkind,
        cvr,
        p_number,
        legal_form,
        sector,
        industry_code,
        street,
        postcode,
        city,
        municipality_code,
        website,
        purpose,
        rsv_registered,
        rsv_registered_on,
        municipality_name,
        rsv_status,
        criteria_met,
        share,
    ) = values
    statuses = related.statuses.get(pk, {})
    criterion = labels.criterion
    return [
        name,
        labels.kind[kind] if kind else "",
        labels.subkind[subkind] if subkind else "",
        cvr,
        p_number,
        labels.legal_form[legal_form] if legal_form else "",
        labels.sector[sector] if sector else "",
        industry_code,
        street,
        postcode,
        city,
        municipality_code,
        website,
        purpose,
        ", ".join(sorted(related.target_groups.get(pk, ()))),
        ", ".join(sorted(related.tags.get(pk, ()))),
        rsv_registered,
        rsv_registered_on,
        *(criterion[statuses[n]] if statuses.get(n) else "" for n in CRITERIA),
        *related.staffing.get(pk, NO_STAFFING),
        municipality_name,
        labels.rsv_status[rsv_status] if rsv_status else "",
        criteria_met,
        (share * HUNDRED).quantize(CENTS) if share is not None else None,
    ]


def organisation_rows(qs: QuerySet) -> Iterator[list]:
    """The rows of the organisations in qs, in its order, read 2,000 at a time."""
    labels = Labels()
    rows = qs.values_list(*ORGANISATION_VALUES).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        related = Related([values[0] for values in chunk])
        for values in chunk:
            yield organisation_row(values, related, labels)


def contact_rows(qs: QuerySet, municipality_ids: list[int]) -> Iterator[tuple]:
    contacts = Contact.objects.filter(
        organisation__in=qs.order_by().values("pk"), organisation__municipality_id__in=municipality_ids
    ).order_by("organisation__name", "organisation_id", "name")
    yield from contacts.values_list(
        "organisation__name",
        "organisation__cvr",
        "organisation__municipality__code",
        "name",
        "role",
        "email",
        "phone",
    ).iterator(chunk_size=CHUNK)


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


def safe_workbook(output):
    """A streaming xlsxwriter workbook that never turns text into a formula, URL or number,
    with the header/date/decimal formats write_sheet uses."""
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
    return workbook, formats


def write_xlsx(output, rows: Iterable[list], contacts: Iterable[list] | None = None) -> int:
    """Write the workbook to output (a path or binary file). Returns the number of rows."""
    workbook, formats = safe_workbook(output)
    count = write_sheet(workbook.add_worksheet("Organisationer"), EXPORT_HEADERS, rows, formats)
    if contacts is not None:
        write_sheet(workbook.add_worksheet("Kontakter"), CONTACT_HEADERS, contacts, formats)
    workbook.close()
    return count


def write_sheet(sheet, headers: tuple[str, ...], rows: Iterable[list], formats: dict) -> int:
    """Header row (frozen, filtered), then the rows; returns the number of rows."""
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
