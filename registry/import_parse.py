"""Parsing the rows of an import table into planned organisation rows (no database access
beyond the reference data handed in). See registry.importing for the rules."""

import datetime
import re
from dataclasses import dataclass, field
from operator import mul

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from . import import_cells as cells
from .choices import CriterionStatus, Kind, LegalForm, Sector, Subkind
from .columns import (
    CRITERIA,
    SPECIAL_COUNTS,
    STAFFING_COUNTS,
    STAFFING_FIELD,
    choice_lookup,
    criterion_lookup,
    normalise_value,
)
from .rules import TAG_MAX_LENGTH, organisation_errors
from .validators import clean_cvr, clean_industry_code, clean_p_number

_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
# Web addresses URLValidator surely accepts (a plain host name and a path): checked with this
# one expression; anything else goes through URLValidator itself.
_PLAIN_URL = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,63}(?:[/?#][^\s]*)?",
    re.IGNORECASE | re.ASCII,
)
_FAILED = object()  # marks a memoised cell that gave an error
MEMO_MAX = 4096  # distinct cells remembered per column, so that memory does not grow with the file


def _cvr(cell) -> str:
    """clean_cvr, with a fast path for the usual case: 8 plain digits with a valid check digit
    (stdnum's compact/validate cost more than the rest of a row)."""
    value = cells.text(cell)
    if (
        len(value) == 8
        and value.isascii()
        and value.isdigit()
        and value[0] != "0"
        and sum(map(mul, _CVR_WEIGHTS, map(int, value))) % 11 == 0
    ):
        return value
    return clean_cvr(value)


def _p_number(cell) -> str:
    return clean_p_number(cells.text(cell))


def _industry_code(cell) -> str:
    return clean_industry_code(cells.industry_code(cell))


def _key(cell):
    """The memo key of a cell. A CSV cell is text: the text itself. XLSX cells keep their type
    (1, 1.0 and True are equal in Python but not the same cell); a tuple never equals a str."""
    return cell if type(cell) is str else (type(cell), cell)


def _remember(memo: dict, key, found):
    """memo[key] = found; a memo that reached MEMO_MAX values starts again (P-numbers and
    addresses do not repeat: remembering them all would grow with the file)."""
    if len(memo) >= MEMO_MAX:
        memo.clear()
    memo[key] = found
    return found


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

# File column → Organisation field, for the plain fields.
ORG_FIELD = {
    "navn": "name",
    "type": "kind",
    "undertype": "subkind",
    "cvr": "cvr",
    "p_nummer": "p_number",
    "virksomhedsform": "legal_form",
    "sektor": "sector",
    "branchekode": "industry_code",
    "adresse": "street",
    "postnr": "postcode",
    "by": "city",
    "hjemmeside": "website",
    "formaal": "purpose",
    "rsv_registreret": "rsv_registered",
    "rsv_dato": "rsv_registered_on",
}
FIELD_COLUMN = {field: column for column, field in ORG_FIELD.items()}
MAX_LENGTH = {"navn": 200, "adresse": 200, "by": 100, "hjemmeside": 200}


@dataclass(slots=True)
class PlannedRow:
    row: int
    municipality_id: int
    key: tuple
    key_column: str
    key_label: str
    values: dict  # Organisation fields given by the file
    target_groups: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    criteria: dict[int, str] | None = None
    staffing: tuple[int, dict] | None = None
    existing_id: int | None = None
    action: str = CREATE
    changes: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)
    write_criteria: dict[int, str] = field(default_factory=dict)
    assessment_ids: dict[int, int] = field(default_factory=dict)
    write_staffing: bool = False
    staffing_id: int | None = None
    write_target_groups: bool = False
    write_tags: bool = False


@dataclass
class Reference:
    """Reference data for parsing, loaded once per import."""

    municipalities: dict[str, tuple[int, str]]  # code → (id, name)
    allowed: set[int]  # municipality ids the user may import into
    default_municipality_id: int | None
    target_groups: dict[str, str]  # normalised code or name → code
    today: datetime.date


class RowParser:
    def __init__(self, index: dict[str, int], labels: dict[str, str], ref: Reference):
        self.index, self.labels, self.ref = index, labels, ref
        # Column name by position, for one dict per row (its .get is the cheapest lookup).
        self.names = [""] * (max(index.values(), default=-1) + 1)
        for column, position in index.items():
            self.names[position] = column
        self.kinds = choice_lookup(Kind)
        self.subkinds = choice_lookup(Subkind)
        self.sectors = choice_lookup(Sector)
        self.legal_forms = choice_lookup(LegalForm)
        self.criteria = criterion_lookup()
        self.url = URLValidator(schemes=["http", "https"])
        self.staffing_columns = ("personale_aar", *STAFFING_COUNTS)
        self.criteria_columns = tuple(f"kriterie_{n}" for n in CRITERIA)
        self.has_staffing = any(c in index for c in self.staffing_columns)
        self.has_criteria = any(c in index for c in self.criteria_columns)
        # Every distinct value of a column is cleaned once per import (codes, choices, dates,
        # counts and lists repeat across thousands of rows): {column: {(type, cell): result}}.
        # A column's memo starts again at MEMO_MAX values (P-numbers, addresses do not repeat).
        self.memo: dict[str, dict] = {}
        # Messages translated once, not once per row.
        self.msg = {
            "type": (_("Typen mangler."), _("Ukendt type")),
            "sektor": (_("Sektoren mangler."), _("Ukendt sektor")),
            "undertype": (None, _("Ukendt undertype")),
            "virksomhedsform": (None, _("Ukendt virksomhedsform")),
            "cvr_label": _("CVR %(cvr)s"),
            "p_label": _(", P-nummer %(p)s"),
            "name_label": _("navnet '%(name)s' uden CVR-nummer"),
        }

    def _memo(self, column: str, cell, clean):
        """clean(cell) once per distinct cell of `column`: (value, None) or (None, reason)."""
        memo = self.memo.get(column)
        if memo is None:
            memo = self.memo[column] = {}
        key = cell if type(cell) is str else (type(cell), cell)  # _key, inlined: the hottest call
        found = memo.get(key)
        if found is None:
            try:
                found = (clean(cell), None)
            except ValidationError as error:
                found = (_FAILED, error.messages[0])
            except cells.CellError as error:
                found = (_FAILED, str(error))
            _remember(memo, key, found)
        return found

    def parse(self, number: int, row: list) -> tuple[PlannedRow | None, list[dict]]:
        issues: list[dict] = []

        def err(column: str, reason: str) -> None:
            issues.append({"row": number, "column": self.labels.get(column, column), "reason": reason})

        get = dict(zip(self.names, row, strict=False)).get  # None for a column the file lacks

        values: dict = {}
        for column in ("navn", "adresse", "by", "formaal"):
            if column in self.index:
                value = cells.text(get(column))
                if column in MAX_LENGTH and len(value) > MAX_LENGTH[column]:
                    err(column, _("Teksten er for lang (højst %(n)d tegn).") % {"n": MAX_LENGTH[column]})
                values[ORG_FIELD[column]] = value
        if not values.get("name"):
            err("navn", _("Navnet mangler."))

        kind = self._choice(get("type"), self.kinds, Kind, "type", err)
        values["kind"] = kind
        values["sector"] = self._choice(get("sektor"), self.sectors, Sector, "sektor", err)
        if "undertype" in self.index:
            values["subkind"] = self._choice(get("undertype"), self.subkinds, Subkind, "undertype", err)
        if "virksomhedsform" in self.index:
            values["legal_form"] = self._choice(
                get("virksomhedsform"), self.legal_forms, LegalForm, "virksomhedsform", err
            )

        if "cvr" in self.index:
            try:
                values["cvr"] = _cvr(get("cvr"))
            except ValidationError as error:
                err("cvr", error.messages[0])
        for column, cleaner in (("p_nummer", _p_number), ("branchekode", _industry_code)):
            if column in self.index:
                value, reason = self._memo(column, get(column), cleaner)
                if reason is None:
                    values[ORG_FIELD[column]] = value
                else:
                    err(column, reason)
        if "postnr" in self.index:
            postcode = cells.digits(get("postnr"), 4)
            if postcode and not (postcode.isdigit() and len(postcode) == 4):
                err("postnr", _("Postnummeret skal have 4 cifre."))
            values["postcode"] = postcode
        if "hjemmeside" in self.index:
            values["website"] = self._website(get("hjemmeside"), err)
        if "rsv_registreret" in self.index:
            value, reason = self._memo("rsv_registreret", get("rsv_registreret"), cells.yes_no)
            if reason is None:
                values["rsv_registered"] = value
            else:
                err("rsv_registreret", reason)
        if "rsv_dato" in self.index:
            value, reason = self._memo("rsv_dato", get("rsv_dato"), cells.date)
            if reason is not None:
                err("rsv_dato", reason)
            else:
                values["rsv_registered_on"] = value
                if value and value > self.ref.today:
                    err("rsv_dato", _("Datoen ligger i fremtiden."))

        # The organisation's field rules (registry.rules), on the column of the field they name.
        for field_name, reason in organisation_errors(
            kind=kind,
            subkind=values.get("subkind", ""),
            cvr=values.get("cvr", ""),
            rsv_registered=bool(values.get("rsv_registered")),
        ).items():
            err(FIELD_COLUMN[field_name], reason)

        municipality_id = self._municipality(get("kommunekode"), err)
        planned = PlannedRow(
            row=number,
            municipality_id=municipality_id or 0,
            key=(),
            key_column="",
            key_label="",
            values=values,
        )
        planned.target_groups = (
            self._listed("maalgrupper", get("maalgrupper"), err, self._target_groups)
            if "maalgrupper" in self.index
            else None
        )
        planned.tags = self._listed("tags", get("tags"), err, self._tags) if "tags" in self.index else None
        if self.has_criteria:
            planned.criteria = self._grouped("criteria", self.criteria_columns, get, err, self._criteria)
        if self.has_staffing:
            planned.staffing = self._grouped("staffing", self.staffing_columns, get, err, self._staffing)
        if issues:
            return None, issues
        if values.get("cvr"):
            planned.key = ("cvr", municipality_id, values["cvr"], values.get("p_number", ""))
            planned.key_column = "cvr"
            planned.key_label = self.msg["cvr_label"] % {"cvr": values["cvr"]}
            if values.get("p_number"):
                planned.key_label += self.msg["p_label"] % {"p": values["p_number"]}
        else:
            planned.key = ("name", municipality_id, kind, values["name"])
            planned.key_column = "navn"
            planned.key_label = self.msg["name_label"] % {"name": values["name"]}
        return planned, []

    def _grouped(self, name: str, columns: tuple, get, err, parse):
        """parse(get, err) once per distinct combination of the cells of `columns` (criteria and
        staffing repeat across thousands of rows), its errors replayed on each row. The result
        is shared by those rows and only read."""
        row_cells = tuple(map(get, columns))
        key = (row_cells, tuple(map(type, row_cells)))
        memo = self.memo.get(name)
        if memo is None:
            memo = self.memo[name] = {}
        found = memo.get(key)
        if found is None:
            reasons: list[tuple[str, str]] = []
            value = parse(
                dict(zip(columns, row_cells, strict=True)).get, lambda column, reason: reasons.append((column, reason))
            )
            found = _remember(memo, key, (value, reasons))
        for column, reason in found[1]:
            err(column, reason)
        return found[0]

    def _choice(self, cell, lookup, choices, column, err) -> str:
        memo = self.memo.setdefault(column, {})
        key = _key(cell)
        found = memo.get(key)
        if found is None:
            found = _remember(memo, key, self._clean_choice(cell, lookup, choices, column))
        value, reason = found
        if reason:
            err(column, reason)
        return value

    def _clean_choice(self, cell, lookup, choices, column) -> tuple[str, str | None]:
        missing, unknown = self.msg[column]
        value = cells.text(cell)
        if not value:
            return "", missing
        found = lookup.get(normalise_value(value))
        if found is None:
            return "", _("%(unknown)s '%(value)s'. Gyldige koder: %(valid)s.") % {
                "unknown": unknown,
                "value": value,
                "valid": ", ".join(choices.values),
            }
        return found, None

    def _website(self, cell, err) -> str:
        value = cells.text(cell)
        if not value:
            return ""
        if "://" not in value:
            value = "https://" + value
        try:
            if len(value) > MAX_LENGTH["hjemmeside"] or not _PLAIN_URL.fullmatch(value):
                self.url(value)
        except ValidationError:
            err("hjemmeside", _("'%(value)s' er ikke en gyldig webadresse.") % {"value": cells.text(cell)})
            return ""
        if len(value) > MAX_LENGTH["hjemmeside"]:
            err("hjemmeside", _("Webadressen er for lang (højst 200 tegn)."))
        return value

    def _municipality(self, cell, err) -> int | None:
        memo = self.memo.setdefault("kommunekode", {})
        key = _key(cell)
        found = memo.get(key)
        if found is None:
            found = _remember(memo, key, self._clean_municipality(cell))
        pk, reason = found
        if reason:
            err("kommunekode", reason)
        return pk

    def _clean_municipality(self, cell) -> tuple[int | None, str | None]:
        code = cells.digits(cell, 4)
        if not code:
            if self.ref.default_municipality_id is None:
                return None, _("Kommunekoden mangler.")
            return self.ref.default_municipality_id, None
        found = self.ref.municipalities.get(code)
        if found is None:
            return None, _("Kommunekoden %(code)s findes ikke.") % {"code": code}
        if found[0] not in self.ref.allowed:
            return None, _("Du har ikke ret til at importere til %(name)s Kommune (%(code)s).") % {
                "name": found[1],
                "code": code,
            }
        return found[0], None

    def _listed(self, column: str, cell, err, clean) -> tuple[str, ...]:
        """A list cell, cleaned once per distinct cell: (values, reasons)."""
        memo = self.memo.setdefault(column, {})
        key = _key(cell)
        found = memo.get(key)
        if found is None:
            reasons: list[str] = []
            found = _remember(memo, key, (clean(cell, lambda _column, reason: reasons.append(reason)), reasons))
        for reason in found[1]:
            err(column, reason)
        return found[0]

    def _target_groups(self, cell, err) -> tuple[str, ...]:
        codes = set()
        for part in cells.split_list(cell):
            code = self.ref.target_groups.get(normalise_value(part))
            if code is None:
                err("maalgrupper", _("Ukendt målgruppekode '%(code)s'.") % {"code": part})
            else:
                codes.add(code)
        return tuple(sorted(codes))

    def _tags(self, cell, err) -> tuple[str, ...]:
        names = set()
        for part in cells.split_list(cell):
            if len(part) > TAG_MAX_LENGTH:
                err("tags", _("Tagget '%(tag)s' er for langt (højst 60 tegn).") % {"tag": part})
            names.add(part)
        return tuple(sorted(names))

    def _criteria(self, get, err) -> dict[int, str]:
        result = {}
        for n in CRITERIA:
            column = f"kriterie_{n}"
            if column not in self.index:
                continue
            status, reason = self._memo(column, get(column), self._criterion)
            if reason is None:
                result[n] = status
            else:
                err(column, reason)
        return result

    def _criterion(self, cell) -> str:
        value = cells.text(cell)
        status = self.criteria.get(normalise_value(value)) if value else CriterionStatus.UNKNOWN
        if status is None:
            raise cells.CellError(
                _("Ukendt vurdering '%(value)s'. Skriv opfyldt, ikke opfyldt eller ukendt.")
                % {"value": value}
            )
        return status

    def _staffing(self, get, err) -> tuple[int, dict] | None:
        counts: dict[str, int | None] = {}
        for column in STAFFING_COUNTS:
            value, reason = self._memo(column, get(column), cells.count)
            if reason is None:
                counts[column] = value
            else:
                err(column, reason)
                counts[column] = None
        year_cell = get("personale_aar")
        if cells.text(year_cell) == "" and all(v is None for v in counts.values()):
            return None  # no staffing given in this row
        year, reason = self._memo("personale_aar", year_cell, cells.count)
        if reason is not None:
            year = None
            err("personale_aar", reason)
        else:
            if year is None:
                err("personale_aar", _("Året mangler, når der er angivet personale."))
            elif not 1900 <= year <= self.ref.today.year + 1:
                err("personale_aar", _("Året %(year)d er ikke gyldigt.") % {"year": year})
                year = None
        total = counts["ansatte_i_alt"]
        if total is None:
            if cells.text(get("ansatte_i_alt")) == "":
                err("ansatte_i_alt", _("Ansatte i alt mangler, når der er angivet personale."))
            return None
        special = sum(counts[c] or 0 for c in SPECIAL_COUNTS)
        if special > total:
            err(
                "ansatte_i_alt",
                _(
                    "Ansatte på særlige vilkår (%(special)d: fleksjob, skånejob, løntilskud og andre) er flere end ansatte i alt (%(total)d)."
                )
                % {"special": special, "total": total},
            )
        if year is None:
            return None
        return year, {STAFFING_FIELD[c]: counts[c] or 0 for c in STAFFING_COUNTS}
