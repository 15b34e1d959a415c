"""Export of the actor registry as CSV or XLSX, in the column layout of registry.columns (so an
export can be edited and imported again).

Decisions
- The files are written by core.exports (formula-safe, typed, Danish CSV, streamed); codes with
  leading zeros (CVR, kommunekode, postnr, branchekode) are XLSX text columns. The import
  removes the apostrophe the CSV puts before formula-like text (core.exports.unguard_text).
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

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice

from django.db.models import QuerySet

from core.exports import Workbook

from .choices import CriterionStatus, Kind, LegalForm, RsvStatus, Sector, Subkind
from .columns import CRITERIA, EXPORT_HEADERS, danish_labels
from .models import Contact, CriterionAssessment, Organisation, Staffing

CHUNK = 2000
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


def write_sheets(book: Workbook, rows: Iterable[list], contacts: Iterable[list] | None = None) -> int:
    """The sheet "Organisationer" and, when given, "Kontakter"; returns the number of organisations."""
    count = book.sheet("Organisationer").table(EXPORT_HEADERS, rows, text_columns=_text_codes(EXPORT_HEADERS))
    if contacts is not None:
        book.sheet("Kontakter").table(CONTACT_HEADERS, contacts, text_columns=_text_codes(CONTACT_HEADERS))
    return count


def _text_codes(headers: tuple[str, ...]) -> set[int]:
    return {i for i, header in enumerate(headers) if header in TEXT_CODES}
