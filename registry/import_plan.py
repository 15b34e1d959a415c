"""Validating an import table against the registry: headers, rows, permissions, matching with
existing organisations and what would change. Reads only; never writes."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import diff
from tenants.models import Municipality

from .access import import_municipalities
from .choices import CriterionStatus
from .columns import DERIVED, IMPORT_HEADERS, resolve_header
from .import_parse import CREATE, ORG_FIELD, UNCHANGED, UPDATE, PlannedRow, Reference, RowParser
from .import_read import Table
from .models import CriterionAssessment, Organisation, Staffing, TargetGroup
from .rules import derive_rsv_status, special_terms_share, subkind_fits

REQUIRED_COLUMNS = ("navn", "type", "sektor")
PROGRESS_EVERY = 500
CHUNK = 5000  # ids per IN (…) query when loading existing organisations
MAX_ERRORS = 1000  # errors listed; the rest are counted in one last message

Progress = Callable[[int, int], None]


@dataclass
class Plan:
    """The outcome of checking a file. `rows` holds every checked row (build_plan) or only the
    first ones, for the preview (validate_content(keep_rows=…), apply_content): the counts and
    the errors cover the whole file either way."""

    columns: list[str] = field(default_factory=list)  # canonical columns present, in file order
    labels: dict[str, str] = field(default_factory=dict)  # canonical → header as written
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    rows_total: int = 0
    actions: dict[str, int] = field(default_factory=lambda: {CREATE: 0, UPDATE: 0, UNCHANGED: 0})
    errors_left_out: int = 0

    @property
    def valid(self) -> bool:
        return not self.errors and sum(self.actions.values()) > 0

    @property
    def org_fields(self) -> list[str]:
        return [ORG_FIELD[c] for c in self.columns if c in ORG_FIELD]

    def counts(self) -> dict:
        return {
            "rows": self.rows_total,
            "to_create": self.actions[CREATE],
            "to_update": self.actions[UPDATE],
            "unchanged": self.actions[UNCHANGED],
        }


def build_plan(
    table: Table,
    *,
    access,
    default_municipality_id: int | None,
    progress: Progress | None = None,
    keep_rows: int | None = None,
) -> Plan:
    """Check every row and compare it with the registry. Errors and warnings are dicts
    {"row", "column", "reason"} with the row number the user sees (header = its own row).
    Keeps every checked row in plan.rows, or the first `keep_rows`."""
    checker = Checker(table, access=access, default_municipality_id=default_municipality_id, progress=progress)
    plan = checker.plan
    for batch in checker.batches():
        room = len(batch) if keep_rows is None else max(0, keep_rows - len(plan.rows))
        plan.rows.extend(batch[:room])
    return plan


class Checker:
    """Checks a table batch by batch (settings.IMPORT_BATCH_ROWS rows): parse, find the existing
    organisations, compare. Between batches it keeps only what later rows are checked against
    (the keys and organisations seen, for duplicates; the registry's organisations of the
    municipalities met so far) and at most MAX_ERRORS errors, so its memory does not grow with
    the checked rows (registry.import_apply.apply_content stages each batch and drops it)."""

    def __init__(self, table: Table, *, access, default_municipality_id: int | None, progress: Progress | None = None):
        self.table, self.access, self.default_municipality_id = table, access, default_municipality_id
        self.progress = progress
        self.plan = Plan()
        self.index = _read_headers(table, self.plan)
        self.by_cvr: dict[tuple, int] = {}
        self.by_name: dict[tuple, list[int]] = defaultdict(list)
        self.loaded: set[int] = set()  # municipalities whose organisations are in by_cvr/by_name
        self.seen_key: dict[tuple, int] = {}
        self.seen_existing: dict[int, int] = {}
        self.row_errors = 0  # errors of parsing and matching (what the comparison waits for)

    def batches(self, size: int | None = None):
        """The checked rows of each batch (none when the headers are wrong). The plan's errors,
        counts and rows_total are complete when the iteration ends."""
        plan = self.plan
        if plan.errors:
            plan.rows_total = len(self.table.rows)
            return
        size = size or settings.IMPORT_BATCH_ROWS
        total = len(self.table.rows) if self.progress else 0
        parser = RowParser(self.index, plan.labels, self._reference())
        batch: list[PlannedRow] = []
        done = 0
        for done, (number, cells) in enumerate(self.table.rows, start=1):
            planned, issues = parser.parse(number, cells)
            if planned is not None:
                batch.append(planned)
            self.row_errors += len(issues)
            plan.errors.extend(issues)
            if len(plan.errors) > 2 * MAX_ERRORS:
                self._cap_errors()
            if self.progress and (done % PROGRESS_EVERY == 0 or done == total):
                self.progress(done, total)
            if len(batch) >= size:
                yield self._check(batch)
                batch = []
        plan.rows_total = done
        if batch:
            yield self._check(batch)
        self._cap_errors()
        if not done:
            plan.errors.append(
                {"row": self.table.header_row + 1, "column": "", "reason": _("Filen har ingen rækker med data.")}
            )
        if plan.errors_left_out:
            plan.errors.append(
                {
                    "row": plan.errors[-1]["row"],
                    "column": "",
                    "reason": _("… og %(n)d fejl mere. Ret fejlene ovenfor, og prøv igen.")
                    % {"n": plan.errors_left_out},
                }
            )

    def _reference(self) -> Reference:
        allowed = set(import_municipalities(self.access))
        default = self.default_municipality_id
        return Reference(
            municipalities={
                code: (pk, name) for pk, code, name in Municipality.objects.values_list("pk", "code", "name")
            },
            allowed=allowed,
            default_municipality_id=default if default in allowed else None,
            target_groups=_target_group_lookup(),
            today=timezone.localdate(),
        )

    def _check(self, batch: list[PlannedRow]) -> list[PlannedRow]:
        plan = self.plan
        self._load_existing({r.municipality_id for r in batch} - self.loaded)
        before = len(plan.errors)
        _match(batch, plan, self)
        self.row_errors += len(plan.errors) - before
        if not self.row_errors:
            _compare(batch, plan)
        for row in batch:
            plan.actions[row.action] += 1
        self._cap_errors()
        return batch

    def _cap_errors(self) -> None:
        """Keep the first MAX_ERRORS errors; count the rest."""
        errors = self.plan.errors
        if len(errors) > MAX_ERRORS:
            self.plan.errors_left_out += len(errors) - MAX_ERRORS
            del errors[MAX_ERRORS:]

    def _load_existing(self, municipality_ids: set[int]) -> None:
        """The registry's organisations of municipalities first met in this batch."""
        if not municipality_ids:
            return
        self.loaded |= municipality_ids
        existing = Organisation.objects.filter(municipality_id__in=municipality_ids).values_list(
            "id", "municipality_id", "kind", "name", "cvr", "p_number"
        )
        for pk, municipality_id, kind, name, cvr, p_number in existing.iterator(chunk_size=5000):
            if cvr:
                self.by_cvr[(municipality_id, cvr, p_number)] = pk
            else:
                self.by_name[(municipality_id, kind, name)].append(pk)


def _read_headers(table: Table, plan: Plan) -> dict[str, int]:
    index: dict[str, int] = {}
    derived = {c.name for c in DERIVED}
    for position, header in enumerate(table.headers):
        if not header:
            continue
        column = resolve_header(header)
        if column is None:
            plan.warnings.append(
                {
                    "row": table.header_row,
                    "column": header,
                    "reason": _("Ukendt kolonne: den bliver ikke importeret."),
                }
            )
        elif column in derived:
            continue  # computed by Brobyg; exported for reading only
        elif column in index:
            plan.errors.append(
                {
                    "row": table.header_row,
                    "column": header,
                    "reason": _("Kolonnen står to gange (også som '%(other)s').")
                    % {"other": plan.labels[column]},
                }
            )
        else:
            index[column] = position
            plan.labels[column] = header
    for column in REQUIRED_COLUMNS:
        if column not in index:
            plan.errors.append({"row": table.header_row, "column": column, "reason": _("Kolonnen mangler.")})
    plan.columns = [c for c in sorted(index, key=index.get) if c in IMPORT_HEADERS]
    return index


def _target_group_lookup() -> dict[str, str]:
    from .columns import normalise_value

    lookup = {}
    for code, name in TargetGroup.objects.values_list("code", "name"):
        lookup[normalise_value(name)] = code
        lookup[normalise_value(code)] = code
    return lookup


def _match(batch: list[PlannedRow], plan: Plan, seen: Checker) -> None:
    """Find the existing organisation of each row; refuse the same key or organisation twice
    (also across batches: `seen` keeps them)."""
    by_cvr, by_name = seen.by_cvr, seen.by_name
    seen_key, seen_existing = seen.seen_key, seen.seen_existing
    for row in batch:
        label = plan.labels.get(row.key_column, row.key_column)
        key = _compact(row.key)
        if key in seen_key:
            plan.errors.append(
                {
                    "row": row.row,
                    "column": label,
                    "reason": _("%(what)s står både i række %(first)d og række %(this)d.")
                    % {"what": row.key_label, "first": seen_key[key], "this": row.row},
                }
            )
            continue
        seen_key[key] = row.row
        _kind, municipality_id, *rest = row.key
        name_key = (municipality_id, row.values["kind"], row.values["name"])
        if row.key[0] == "cvr":
            found = by_cvr.get((municipality_id, *rest))
            if found is None and len(by_name.get(name_key, [])) == 1:
                found = by_name[name_key][0]  # an organisation without CVR gets its CVR number
        else:
            candidates = by_name.get(name_key, [])
            if len(candidates) > 1:
                plan.errors.append(
                    {
                        "row": row.row,
                        "column": label,
                        "reason": _("Flere organisationer i registret har %(what)s. Angiv CVR-nummeret.")
                        % {"what": row.key_label},
                    }
                )
                continue
            found = candidates[0] if candidates else None
        if found is not None and found in seen_existing:
            plan.errors.append(
                {
                    "row": row.row,
                    "column": label,
                    "reason": _("Række %(first)d og række %(this)d er den samme organisation i registret.")
                    % {"first": seen_existing[found], "this": row.row},
                }
            )
            continue
        if found is not None:
            seen_existing[found] = row.row
        row.existing_id = found
        row.action = UPDATE if found is not None else CREATE


def _compact(key: tuple) -> tuple | int:
    """What the duplicate check keeps of a row's key for the rest of the file: a CVR key as
    one int, municipality then CVR (8 digits) then 1 and the P-number (10 digits) or 0 — a
    tiny fraction of the tuple of strings; any other key as it is."""
    if key[0] == "cvr" and len(key[2]) == 8 and (key[3] == "" or len(key[3]) == 10 and key[3].isdigit()):
        return int(f"{key[1]}{key[2]}{'1' + key[3] if key[3] else '0' * 11}")
    return key


def _compare(rows: list[PlannedRow], plan: Plan) -> None:
    """What each row changes, and the derived fields after the change."""
    fields = sorted(set(plan.org_fields) | {"kind", "subkind", "rsv_registered"})
    state = _load_state([r.existing_id for r in rows if r.existing_id is not None], fields, plan)
    for row in rows:
        if row.existing_id is None:
            _new(row)
            continue
        org, assessments, staffing = state.get(row.existing_id, ({}, {}, {}))
        before: dict = {}
        after: dict = {}
        for key, value in row.values.items():
            before[key] = org.get(key) if org else None
            after[key] = value
        if org and "undertype" not in plan.columns and not subkind_fits(row.values["kind"], org["subkind"]):
            reason = _("Organisationens undertype passer ikke til den nye type. Tilføj kolonnen undertype.")
            plan.errors.append({"row": row.row, "column": plan.labels["type"], "reason": reason})
        if row.target_groups is not None:
            before["target_groups"] = sorted(org.get("target_groups", ())) if org else []
            after["target_groups"] = list(row.target_groups)
            row.write_target_groups = before["target_groups"] != after["target_groups"]
        if row.tags is not None:
            before["tags"] = sorted(org.get("tags", ())) if org else []
            after["tags"] = list(row.tags)
            row.write_tags = before["tags"] != after["tags"]
        statuses = {c: status for c, (_pk, status) in assessments.items()}
        for criterion, status in (row.criteria or {}).items():
            old = statuses.get(criterion, CriterionStatus.UNKNOWN)
            if old != status:
                before[f"criterion_{criterion}"], after[f"criterion_{criterion}"] = old, status
                row.write_criteria[criterion] = status
                if criterion in assessments:
                    row.assessment_ids[criterion] = assessments[criterion][0]
            statuses[criterion] = status
        years = {year: values for year, (_pk, values) in staffing.items()}
        if row.staffing is not None:
            year, values = row.staffing
            old = years.get(year, {})
            if old != values:
                row.write_staffing = True
                row.staffing_id = staffing[year][0] if year in staffing else None
                for key, value in values.items():
                    before[f"staffing_{year}_{key}"], after[f"staffing_{year}_{key}"] = old.get(key), value
            years[year] = values
        if row.action != CREATE:  # a new organisation's changes are built when audited
            row.changes = diff(before, after)
            if not row.changes:
                row.action = UNCHANGED
        registered = row.values.get("rsv_registered", org.get("rsv_registered", False) if org else False)
        row.derived = _derived(registered, list(statuses.values()), years)


def _new(row: PlannedRow) -> None:
    """What _compare decides for a row without an organisation (everything it gives is
    written), without building the before/after dicts: the audit diff is made when written."""
    row.write_target_groups = bool(row.target_groups)
    row.write_tags = bool(row.tags)
    row.write_criteria = {c: s for c, s in (row.criteria or {}).items() if s != CriterionStatus.UNKNOWN}
    years = {}
    if row.staffing is not None:
        row.write_staffing = True
        years[row.staffing[0]] = row.staffing[1]
    row.derived = _derived(
        row.values.get("rsv_registered", False), list((row.criteria or {}).values()), years
    )


def creation_changes(row: PlannedRow) -> dict:
    """The audit changes of a created organisation: every value the file gives it, as
    {field: [None, value]} (what _compare would have diffed against an empty organisation).
    Built when the audit row is written, so a plan of 50,000 new rows holds no diffs."""
    after = dict(row.values)
    if row.target_groups is not None:
        after["target_groups"] = list(row.target_groups)
    if row.tags is not None:
        after["tags"] = list(row.tags)
    for criterion, status in row.write_criteria.items():
        after[f"criterion_{criterion}"] = status
    if row.write_staffing:
        year, values = row.staffing
        for key, value in values.items():
            after[f"staffing_{year}_{key}"] = value
    # diff({}, after) without the comparisons: every value is new (old None). Values are
    # text, numbers, booleans, dates and lists of text; JSON-friendly as audit.services makes them.
    return {
        key: [None, value if type(value) in _PLAIN else list(value) if type(value) is list else str(value)]
        for key, value in sorted(after.items())
        if value not in ("", None, [])
    }


_PLAIN = frozenset({str, int, bool, float})


def _derived(registered: bool, statuses: list[str], years: dict[int, dict]) -> dict:
    rsv_status, met = derive_rsv_status(registered=registered, statuses=statuses)
    derived = {
        "rsv_status": rsv_status,
        "criteria_met": met,
        "staffing_year": None,
        "employees_total": None,
        "employees_special": None,
        "special_share": None,
    }
    if years:
        year = max(years)
        latest = years[year]
        special = latest["fleksjob"] + latest["skaanejob"] + latest["wage_subsidy"] + latest["other_special"]
        derived.update(
            staffing_year=year,
            employees_total=latest["employees_total"],
            employees_special=special,
            special_share=special_terms_share(latest["employees_total"], special),
        )
    return derived


STAFFING_VALUES = ("employees_total", "fleksjob", "skaanejob", "wage_subsidy", "other_special", "interns")


def _load_state(ids: list[int], fields: list[str], plan: Plan) -> dict[int, tuple[dict, dict, dict]]:
    """Per existing organisation: its field values (with target groups and tags when the file
    has those columns), its assessments {criterion: (id, status)} and staffing {year: (id, values)}.
    A constant number of queries per CHUNK organisations."""
    through_groups = Organisation.target_groups.through
    through_tags = Organisation.tags.through
    state: dict[int, tuple[dict, dict, dict]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for values in Organisation.objects.filter(pk__in=chunk).values("id", *fields):
            state[values["id"]] = (values, {}, {})
        if "maalgrupper" in plan.columns:
            for org in chunk:
                state[org][0]["target_groups"] = []
            for org, code in through_groups.objects.filter(organisation_id__in=chunk).values_list(
                "organisation_id", "targetgroup__code"
            ):
                state[org][0]["target_groups"].append(code)
        if "tags" in plan.columns:
            for org in chunk:
                state[org][0]["tags"] = []
            for org, name in through_tags.objects.filter(organisation_id__in=chunk).values_list(
                "organisation_id", "tag__name"
            ):
                state[org][0]["tags"].append(name)
        for org, criterion, pk, status in CriterionAssessment.objects.filter(
            organisation_id__in=chunk
        ).values_list("organisation_id", "criterion", "pk", "status"):
            state[org][1][criterion] = (pk, status)
        rows = (
            Staffing.objects.filter(organisation_id__in=chunk)
            .annotate(org=F("organisation_id"))
            .values("org", "year", "pk", *STAFFING_VALUES)
        )
        for values in rows:
            state[values["org"]][2][values["year"]] = (values["pk"], {k: values[k] for k in STAFFING_VALUES})
    return state
