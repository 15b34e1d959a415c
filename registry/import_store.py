"""Storing checked import rows with PostgreSQL COPY, batch by batch, all inside the caller's
transaction (registry.import_apply), so a failure or a killed process stores nothing.

- Stager.stage(rows), once per batch of checked rows: COPY into temporary staging tables
  (ON COMMIT DROP); the batch is then dropped by the caller, so memory does not grow with the
  file. New organisations get their ids from the sequence here (one nextval query per batch),
  so their dependent rows (links, assessments, staffing) are staged with them.
- Stager.finish(), once: a constant number of statements whatever the number of rows.
  Organisations: one INSERT … SELECT for the new and one UPDATE … FROM for the changed ones.
  The unique (municipality, CVR, P-number) constraint still guards a plan that went stale
  after the preview.
- Assessments and staffing: one plain INSERT … SELECT for new organisations (they cannot
  conflict) and one INSERT … ON CONFLICT … DO UPDATE for existing ones, each.
- Target groups and tags: the changed organisations' links deleted with one statement, the new
  links inserted with one join on code (target groups) or on (municipality, name) (tags;
  missing tags created with one INSERT … ON CONFLICT DO NOTHING).
- Audit: one row per created or updated organisation. The created ones' rows are one
  INSERT … SELECT whose changes PostgreSQL writes from the staging tables (the same content as
  import_plan.creation_changes; a Python pass and a JSON encode per row cost more); the updated
  ones' diffs, made when checking, are staged as JSON text and inserted with one statement.
  The rows go to the audit sink (audit.services) after commit, read back in chunks.
"""

import json
import logging
from collections.abc import Callable, Iterable
from operator import itemgetter

from django.db import connection, transaction

from audit.models import AuditAction, AuditEvent
from audit.services import audit_line, sink
from core.request_context import current_origin

from .columns import CRITERIA
from .import_parse import CREATE, UPDATE, PlannedRow
from .import_plan import STAFFING_VALUES
from .models import CriterionAssessment, Organisation, Staffing, Tag, TargetGroup

CHUNK = 5000  # rows per audit sink read-back
DERIVED_FIELDS = (
    "rsv_status",
    "criteria_met",
    "staffing_year",
    "employees_total",
    "employees_special",
    "special_share",
)

STAGING = (
    "import_org_new",
    "import_org_changed",
    "import_replaced",
    "import_target_groups",
    "import_tags",
    "import_assessments",
    "import_staffing",
    "import_audit_changed",
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _copy(cursor, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
    """COPY rows (tuples of Python values; psycopg adapts them) into `table`."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # names from models
        for row in rows:
            copy.write_row(row)


def _next_ids(cursor, model, count: int) -> list[int]:
    if not count:
        return []
    # One array value: fetching 50,000 one-column rows cost more than making the ids.
    cursor.execute(
        "SELECT array_agg(nextval(pg_get_serial_sequence(%s, 'id'))) FROM generate_series(1, %s)",
        [model._meta.db_table, count],
    )
    return sorted(cursor.fetchone()[0])


def _column(name: str) -> str:
    return connection.ops.quote_name(Organisation._meta.get_field(name).column)


def _getter(names) -> Callable[[dict], tuple]:
    """The values of `names` from a dict, as a tuple (itemgetter, which returns a bare value
    for one name)."""
    get = itemgetter(*names)
    return get if len(names) > 1 else lambda values: (get(values),)


LINKS = (
    # attribute, flag, staging table, link column, the join giving (organisation, target)
    ("target_groups", "write_target_groups", "import_target_groups", "targetgroup_id",
     f"JOIN {_table(TargetGroup)} AS t ON t.code = s.value"),
    ("tags", "write_tags", "import_tags", "tag_id",
     f"JOIN {_table(Tag)} AS t ON t.municipality_id = s.municipality_id AND t.name = s.value"),
)  # fmt: skip

AUDIT_COLUMNS = [
    "at", "actor_id", "actor_label", "action", "event", "object_type", "object_id",
    "object_label", "municipality_id", "changes", "ip", "user_agent", "path", "channel",
]  # fmt: skip


class Stager:
    """Writes checked rows in two steps, inside the caller's transaction.atomic():
    stage(rows), once per batch, COPYs them into temporary staging tables (ON COMMIT DROP) and
    keeps nothing of them; finish() then writes everything with a constant number of
    set-based statements. New organisations get their ids from the sequence when staged (one
    query per batch), so their dependent rows are staged with them."""

    def __init__(self, org_fields: list[str], *, by, now, note: str, file_name: str):
        if not connection.in_atomic_block:
            raise RuntimeError("Stager must run inside transaction.atomic()")
        self.org_fields, self.by, self.now, self.note, self.file_name = org_fields, by, now, note, file_name
        self.made: set[str] = set()  # staging tables created so far
        self.new_with: set[str] = set()  # what some new organisation has (the audit joins)
        self.links_staged: set[str] = set()  # link attributes some row replaces
        self.created = self.updated = 0

    # Staging, per batch

    def stage(self, rows: list[PlannedRow]) -> None:
        creates = [r for r in rows if r.action == CREATE]
        updates = [r for r in rows if r.action == UPDATE]
        written = [r for r in rows if r.action in (CREATE, UPDATE)]
        if not written:
            return
        with connection.cursor() as cursor:
            for row, pk in zip(creates, _next_ids(cursor, Organisation, len(creates)), strict=True):
                row.existing_id = pk
            self._stage_created(cursor, creates)
            self._stage_changed(cursor, updates)
            self._stage_links(cursor, written)
            self._stage_assessments(cursor, written)
            self._stage_staffing(cursor, written)
            self._stage_update_audit(cursor, updates)
        self.created += len(creates)
        self.updated += len(updates)

    def _make(self, cursor, name: str, ddl: str) -> None:
        if name not in self.made:
            cursor.execute(ddl)
            self.made.add(name)

    def _make_like(self, cursor, name: str, model, columns: list[str]) -> None:
        """A temporary table with `columns` of `model`'s table, same types, no constraints."""
        self._make(
            cursor,
            name,
            f"CREATE TEMP TABLE {name} ON COMMIT DROP AS "  # noqa: S608 (names from the model)
            f"SELECT {', '.join(columns)} FROM {_table(model)} WITH NO DATA",
        )

    def _created_columns(self) -> list[str]:
        return [_column(name) for name in ["id", "municipality_id", *self.org_fields, *DERIVED_FIELDS]]

    def _stage_created(self, cursor, creates: list) -> None:
        if not creates:
            return
        # Only what differs between rows is COPYed; the columns the file does not give get
        # their defaults in the INSERT … SELECT, public_id from gen_random_uuid().
        columns = self._created_columns()
        self._make_like(cursor, "import_org_new", Organisation, [*columns, "0 AS import_row"])
        values, derived = _getter(self.org_fields), _getter(DERIVED_FIELDS)
        _copy(
            cursor,
            "import_org_new",
            [*columns, "import_row"],
            ((r.existing_id, r.municipality_id, *values(r.values), *derived(r.derived), r.row) for r in creates),
        )

    def _changed_names(self) -> list[str]:
        return [*self.org_fields, *DERIVED_FIELDS, "updated_at"]

    def _stage_changed(self, cursor, updates: list) -> None:
        if not updates:
            return
        names = self._changed_names()
        columns = [_column(name) for name in names]
        self._make_like(cursor, "import_org_changed", Organisation, ["id", *columns])
        now = self.now

        def changed_rows():
            for row in updates:
                values = {**row.values, **row.derived, "updated_at": now}
                yield (row.existing_id, *(values[name] for name in names))

        _copy(cursor, "import_org_changed", ["id", *columns], changed_rows())

    def _stage_links(self, cursor, rows: list) -> None:
        """The new links of the rows that change them, and which updated organisations have
        theirs replaced (deleted in finish)."""
        for attribute, flag, staging, _column_name, _join in LINKS:
            changed = [r for r in rows if getattr(r, flag)]
            if not changed:
                continue
            self.links_staged.add(attribute)
            self._make(cursor, "import_replaced", "CREATE TEMP TABLE import_replaced (link text, organisation_id bigint) ON COMMIT DROP")
            self._make(
                cursor,
                staging,
                f"CREATE TEMP TABLE {staging} (organisation_id bigint, municipality_id bigint, value text) ON COMMIT DROP",
            )
            _copy(
                cursor,
                "import_replaced",
                ["link", "organisation_id"],
                ((attribute, r.existing_id) for r in changed if r.action == UPDATE),
            )
            _copy(
                cursor,
                staging,
                ["organisation_id", "municipality_id", "value"],
                ((r.existing_id, r.municipality_id, v) for r in changed for v in getattr(r, attribute)),
            )
            if any(r.action == CREATE for r in changed):
                self.new_with.add(attribute)

    def _stage_assessments(self, cursor, rows: list) -> None:
        if not any(r.write_criteria for r in rows):
            return
        columns = ["organisation_id", "criterion", "status"]
        self._make_like(cursor, "import_assessments", CriterionAssessment, [*columns, "true AS new"])
        _copy(
            cursor,
            "import_assessments",
            [*columns, "new"],
            (
                (r.existing_id, criterion, status, r.action == CREATE)
                for r in rows
                for criterion, status in r.write_criteria.items()
            ),
        )
        if any(r.write_criteria for r in rows if r.action == CREATE):
            self.new_with.add("criteria")

    def _stage_staffing(self, cursor, rows: list) -> None:
        written = [r for r in rows if r.write_staffing]
        if not written:
            return
        columns = ["organisation_id", "year", *STAFFING_VALUES]
        self._make_like(cursor, "import_staffing", Staffing, [*columns, "true AS new"])
        _copy(
            cursor,
            "import_staffing",
            [*columns, "new"],
            (
                (r.existing_id, r.staffing[0], *(r.staffing[1][k] for k in STAFFING_VALUES), r.action == CREATE)
                for r in written
            ),
        )
        if any(r.action == CREATE for r in written):
            self.new_with.add("staffing")

    def _stage_update_audit(self, cursor, updates: list) -> None:
        """The updated organisations' audit changes (diffs made when checking), written to the
        audit table in finish."""
        if not updates:
            return
        self._make(
            cursor,
            "import_audit_changed",
            "CREATE TEMP TABLE import_audit_changed (organisation_id bigint, label text, "
            "municipality_id bigint, changes text, import_row integer) ON COMMIT DROP",
        )
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        file_name = self.file_name
        _copy(
            cursor,
            "import_audit_changed",
            ["organisation_id", "label", "municipality_id", "changes", "import_row"],
            (
                (
                    r.existing_id, r.values["name"][:300], r.municipality_id,
                    dumps({**r.changes, "_import": {"file": file_name, "row": r.row}}), r.row,
                )  # fmt: skip
                for r in updates
            ),
        )

    # Writing, once

    def finish(self) -> None:
        """Write everything staged: organisations, links, assessments, staffing, audit rows."""
        with connection.cursor() as cursor:
            self._write_organisations(cursor)
            self._write_links(cursor)
            self._write_assessments(cursor)
            self._write_staffing(cursor)
            self._write_audit(cursor)
            # ON COMMIT DROP ends them with the transaction; dropped now as well, for a caller
            # whose transaction goes on (a second import in the same transaction, the tests).
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(STAGING)}")

    def _write_organisations(self, cursor) -> None:
        if "import_org_new" in self.made:
            columns = self._created_columns()
            given = {"id", "municipality_id", *self.org_fields, *DERIVED_FIELDS}
            rest = [
                f for f in Organisation._meta.concrete_fields if f.attname not in given and f.attname != "public_id"
            ]
            defaults = [self.now if f.attname in ("created_at", "updated_at") else f.get_default() for f in rest]
            rest_columns = [connection.ops.quote_name(f.column) for f in rest]
            cursor.execute(
                f"INSERT INTO {_table(Organisation)} ({', '.join([*columns, 'public_id', *rest_columns])}) "  # noqa: S608
                f"SELECT {', '.join(columns)}, gen_random_uuid(), {', '.join(['%s'] * len(rest))} "
                "FROM import_org_new",
                defaults,
            )
        if "import_org_changed" in self.made:
            columns = [_column(name) for name in self._changed_names()]
            assignments = ", ".join(f"{c} = s.{c}" for c in columns)
            cursor.execute(
                f"UPDATE {_table(Organisation)} AS o SET {assignments} "  # noqa: S608
                "FROM import_org_changed AS s WHERE o.id = s.id"
            )

    def _write_links(self, cursor) -> None:
        """Replace the target groups and tags of the rows that change them. The staging tables
        stay until the end: the created organisations' audit rows are built from them."""
        for attribute, _flag, staging, column, join in LINKS:
            if attribute not in self.links_staged:
                continue
            through = getattr(Organisation, attribute).through
            cursor.execute(
                f"DELETE FROM {_table(through)} WHERE organisation_id IN "  # noqa: S608
                "(SELECT organisation_id FROM import_replaced WHERE link = %s)",
                [attribute],
            )
            if attribute == "tags":
                cursor.execute(
                    f"INSERT INTO {_table(Tag)} (municipality_id, name) "  # noqa: S608
                    f"SELECT DISTINCT municipality_id, value FROM {staging} ORDER BY 1, 2 "
                    "ON CONFLICT (municipality_id, name) DO NOTHING"
                )
            cursor.execute(
                f"INSERT INTO {_table(through)} (organisation_id, {column}) "  # noqa: S608
                f"SELECT s.organisation_id, t.id FROM {staging} AS s {join}"
            )

    def _write_assessments(self, cursor) -> None:
        """Set the changed criteria: new assessments get the import note as evidence, existing
        ones keep theirs (ON CONFLICT updates status, date and assessor only)."""
        if "import_assessments" not in self.made:
            return
        assessor = self.by.pk if getattr(self.by, "is_authenticated", False) else None
        _insert_staged(
            cursor,
            CriterionAssessment,
            "import_assessments",
            ["organisation_id", "criterion", "status"],
            "ON CONFLICT (organisation_id, criterion) DO UPDATE SET status = EXCLUDED.status, "
            "assessed_on = EXCLUDED.assessed_on, assessed_by_id = EXCLUDED.assessed_by_id",
            {"evidence": self.note, "assessed_on": self.now.date(), "assessed_by_id": assessor},
        )

    def _write_staffing(self, cursor) -> None:
        if "import_staffing" not in self.made:
            return
        updates = ", ".join(f"{k} = EXCLUDED.{k}" for k in STAFFING_VALUES)
        _insert_staged(
            cursor,
            Staffing,
            "import_staffing",
            ["organisation_id", "year", *STAFFING_VALUES],
            f"ON CONFLICT (organisation_id, year) DO UPDATE SET {updates}",
        )

    def _write_audit(self, cursor) -> None:
        """One audit row per created or updated organisation (the same fields record_bulk
        wrote), with its changes and the file row, then sent to the sink after commit. The
        created ones' changes are built by PostgreSQL from the staging tables
        (audit_creation_sql: the same content as import_plan.creation_changes, without a Python
        pass over 50,000 rows); the updated ones' diffs were staged as JSON text."""
        user = self.by if getattr(self.by, "is_authenticated", False) else None
        origin = current_origin()
        common = {
            "at": self.now,
            "actor_id": user.pk if user else None,
            "actor_label": (user.get_username() if user else "system")[:200],
            "object_type": "registry.organisation",
            "ip": origin.ip,
            "user_agent": origin.user_agent,
            "path": origin.path,
            "channel": origin.channel,
        }
        logged = sink.isEnabledFor(logging.INFO)
        ids: list[int] = []
        if "import_org_new" in self.made:
            sql, params, tables = audit_creation_sql(self.new_with, self.org_fields, common, self.file_name)
            # Temporary tables get no statistics by themselves; without them the planner guesses
            # a few rows and sorts 50,000 for merge joins instead of hashing. The join keys are
            # all it needs (a full ANALYZE of the wide rows took 0.5 s).
            keys = (f"{table} ({'id' if table == 'import_org_new' else 'organisation_id'})" for table in tables)
            cursor.execute(f"ANALYZE {', '.join(keys)}")
            ids += _execute_returning_ids(cursor, sql, params, logged)
        if "import_audit_changed" in self.made:
            sql = (
                f"INSERT INTO {_table(AuditEvent)} ({', '.join(AUDIT_COLUMNS)}) "  # noqa: S608 (names from models)
                "SELECT %(at)s, %(actor_id)s, %(actor_label)s, %(action)s, %(event)s, %(object_type)s, "
                "organisation_id::text, label, municipality_id, changes::jsonb, "
                "%(ip)s::inet, %(user_agent)s, %(path)s, %(channel)s FROM import_audit_changed ORDER BY import_row"
            )
            params = {**common, "action": AuditAction.UPDATE, "event": "registry.organisation.import_update"}
            ids += _execute_returning_ids(cursor, sql, params, logged)
        if logged:
            _sink_after_commit(sorted(ids))


def _execute_returning_ids(cursor, sql: str, params: dict, returning: bool) -> list[int]:
    """Run an INSERT; with `returning`, the inserted ids (as one array value, not 50,000 rows)."""
    if not returning:
        cursor.execute(sql, params)
        return []
    cursor.execute(f"WITH inserted AS ({sql} RETURNING id) SELECT array_agg(id) FROM inserted", params)  # noqa: S608
    return cursor.fetchone()[0] or []


def _insert_staged(cursor, model, staging: str, columns: list[str], conflict: str, constants: dict | None = None) -> None:
    """The staged rows of new organisations inserted plainly (nothing to conflict with), those
    of existing ones with `conflict` (ON CONFLICT … DO UPDATE). `constants`: columns with the
    same value in every row, given here instead of COPYed 50,000 times."""
    constants = constants or {}
    names = ", ".join([*columns, *constants])
    values = ", ".join([*columns, *(["%s"] * len(constants))])
    select = f"INSERT INTO {_table(model)} ({names}) SELECT {values} FROM {staging} WHERE "  # noqa: S608
    cursor.execute(select + "new", list(constants.values()))
    cursor.execute(select + "NOT new " + conflict, list(constants.values()))


def audit_creation_sql(new_with: set[str], org_fields, common: dict, file_name: str) -> tuple[str, dict, list[str]]:
    """INSERT … SELECT of the created organisations' audit rows. Their changes: every value the
    file gave, {field: [null, value]} without blank text, nulls and empty lists (the staging
    rows of import_org_new), target groups and tags as sorted lists, the criteria that are not
    unknown and the staffing of the year (their staging tables; `new_with` names those some
    new organisation has), and {"_import": file, row}.
    Written as JSON text, members joined by concat_ws (which skips the absent ones, NULL) and
    parsed once into jsonb: half the cost of jsonb_build_object with jsonb_strip_nulls. The
    staging tables are joined as grouped subqueries. Returns (sql, params, the tables read)."""
    members, joins, tables = [], [], ["import_org_new"]
    for name in org_fields:
        field = Organisation._meta.get_field(name)
        value = f"o.{connection.ops.quote_name(field.column)}"
        given = f"{value} <> ''" if field.get_internal_type() in ("CharField", "TextField") else f"{value} IS NOT NULL"
        members.append(_member(f"'{name}'", f"to_json({value})::text", given))
    for attribute, _flag, staging, *_rest in LINKS:
        if attribute in new_with:
            alias = f"l_{attribute}"
            joins.append(
                f"LEFT JOIN (SELECT organisation_id, json_agg(value ORDER BY value COLLATE \"C\")::text AS value "  # noqa: S608
                f"FROM {staging} GROUP BY organisation_id) AS {alias} ON {alias}.organisation_id = o.id"
            )  # COLLATE "C": code point order, as Python sorts
            members.append(_member(f"'{attribute}'", f"{alias}.value"))
            tables.append(staging)
    if "criteria" in new_with:
        pivot = ", ".join(f"max(status) FILTER (WHERE criterion = {n}) AS c{n}" for n in CRITERIA)
        joins.append(
            f"LEFT JOIN (SELECT organisation_id, {pivot} FROM import_assessments WHERE new "  # noqa: S608
            "GROUP BY organisation_id) AS a ON a.organisation_id = o.id"
        )
        members += [_member(f"'criterion_{n}'", f"to_json(a.c{n})::text", f"a.c{n} IS NOT NULL") for n in CRITERIA]
        tables.append("import_assessments")
    if "staffing" in new_with:
        joins.append("LEFT JOIN import_staffing AS s ON s.organisation_id = o.id AND s.new")
        members += [_member(f"'staffing_' || s.year || '_{k}'", f"s.{k}::text") for k in STAFFING_VALUES]
        tables.append("import_staffing")
    members.append(
        """'"_import": {"file": ' || to_json(%(file)s::text)::text || ', "row": ' || o.import_row || '}'"""
    )
    changes = f"('{{' || concat_ws(', ', {', '.join(members)}) || '}}')::jsonb"
    sql = (
        f"INSERT INTO {_table(AuditEvent)} ({', '.join(AUDIT_COLUMNS)}) "  # noqa: S608 (names from models)
        "SELECT %(at)s, %(actor_id)s, %(actor_label)s, %(action)s, %(event)s, %(object_type)s, o.id::text, "
        f"left(o.name, 300), o.municipality_id, {changes}, "
        "%(ip)s::inet, %(user_agent)s, %(path)s, %(channel)s FROM import_org_new AS o " + " ".join(joins)
    )
    params = {
        **common,
        "action": AuditAction.CREATE,
        "event": "registry.organisation.import_create",
        "file": file_name,
    }
    return sql, params, tables


def _member(key: str, value: str, given: str = "") -> str:
    """SQL for the JSON text `"key": [null, value]`, NULL when `given` is false (or when key or
    value is NULL). `key` and `value` are SQL expressions; the value one gives JSON text."""
    text = f"""'"' || {key} || '": [null, ' || {value} || ']'"""
    return f"CASE WHEN {given} THEN {text} END" if given else text


def _sink_after_commit(ids: list[int]) -> None:
    """The audit sink's copy of the COPYed rows, read back in chunks once the transaction has
    committed (bounded memory; nothing is sent for a rolled-back import)."""
    if not sink.isEnabledFor(logging.INFO):
        return

    def emit() -> None:
        for start in range(0, len(ids), CHUNK):
            for event in AuditEvent.objects.filter(pk__in=ids[start : start + CHUNK]).order_by("pk"):
                sink.info(audit_line(event))

    transaction.on_commit(emit)
