"""Storing a valid import plan with PostgreSQL COPY: a constant number of statements whatever
the number of rows, all inside the caller's transaction (registry.import_apply), so a failure
or a killed process stores nothing.

- New organisations get their ids from the sequence first (one nextval query for all), so
  their dependent rows (links, assessments, staffing, audit rows) can be written in the same
  pass without reading anything back.
- Organisations: COPY into temporary staging tables (ON COMMIT DROP), then one
  INSERT … SELECT for the new and one UPDATE … FROM for the changed ones. The unique
  (municipality, CVR, P-number) constraint still guards a plan that went stale after the preview.
- Assessments and staffing: COPY into staging, one INSERT … ON CONFLICT … DO UPDATE each.
- Target groups and tags: the changed organisations' links deleted with one statement, the new
  links COPYed into staging and inserted with one join on code (target groups) or on
  (municipality, name) (tags; missing tags created with one INSERT … ON CONFLICT DO NOTHING).
- Assessments and staffing of new organisations are inserted without ON CONFLICT (they cannot
  conflict); those of existing ones with it.
- Audit: one row per created or updated organisation. The created ones' rows are one
  INSERT … SELECT whose changes PostgreSQL writes from the staging tables (the same content as
  import_plan.creation_changes; a Python pass and a JSON encode per row cost more); the updated
  ones' diffs, made when validating, are COPYed. The rows go to the audit sink
  (audit.services) after commit, read back in chunks.
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

CHUNK = 5000  # rows per progress report and per audit sink read-back
DERIVED_FIELDS = (
    "rsv_status",
    "criteria_met",
    "staffing_year",
    "employees_total",
    "employees_special",
    "special_share",
)

Progress = Callable[[int, int], None]
STAGING = (
    "import_org_new",
    "import_org_changed",
    "import_target_groups",
    "import_tags",
    "import_assessments",
    "import_staffing",
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _copy(cursor, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
    """COPY rows (tuples of Python values; psycopg adapts them) into `table`."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # names from models
        for row in rows:
            copy.write_row(row)


def _stage(cursor, name: str, model, columns: list[str]) -> None:
    """A temporary table with `columns` of `model`'s table, same types, no constraints."""
    cursor.execute(
        f"CREATE TEMP TABLE {name} ON COMMIT DROP AS "  # noqa: S608 (names from the model)
        f"SELECT {', '.join(columns)} FROM {_table(model)} WITH NO DATA"
    )


def _next_ids(cursor, model, count: int) -> list[int]:
    if not count:
        return []
    # One array value: fetching 50,000 one-column rows cost more than making the ids.
    cursor.execute(
        "SELECT array_agg(nextval(pg_get_serial_sequence(%s, 'id'))) FROM generate_series(1, %s)",
        [model._meta.db_table, count],
    )
    return sorted(cursor.fetchone()[0])


def store_plan(
    rows: list[PlannedRow],
    org_fields: list[str],
    *,
    by,
    now,
    note: str,
    file_name: str,
    progress: Progress | None = None,
) -> None:
    """Write the created and updated rows (`rows`, none unchanged). Must run inside
    transaction.atomic(). Sets existing_id on the created rows."""
    if not connection.in_atomic_block:
        raise RuntimeError("store_plan must run inside transaction.atomic()")
    creates = [r for r in rows if r.action == CREATE]
    updates = [r for r in rows if r.action == UPDATE]
    with connection.cursor() as cursor:
        for row, pk in zip(creates, _next_ids(cursor, Organisation, len(creates)), strict=True):
            row.existing_id = pk
        _organisations(cursor, creates, updates, org_fields, now)
        if progress:
            progress(len(rows), len(rows))
        _links(cursor, rows)
        _assessments(cursor, rows, by=by, note=note, today=now.date())
        _staffing(cursor, rows)
        _audit_rows(cursor, creates, updates, org_fields, by=by, file_name=file_name, now=now)
        # ON COMMIT DROP ends them with the transaction; dropped now as well, for a caller
        # whose transaction goes on (a second import in the same transaction, the tests).
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(STAGING)}")


def _organisations(cursor, creates: list, updates: list, org_fields: list[str], now) -> None:
    if creates:
        # Only what differs between rows is COPYed; the columns the file does not give get
        # their defaults in the INSERT … SELECT, public_id from gen_random_uuid().
        given = ["id", "municipality_id", *org_fields, *DERIVED_FIELDS]
        columns = [_column(name) for name in given]
        _stage(cursor, "import_org_new", Organisation, [*columns, "0 AS import_row"])
        values, derived = _getter(org_fields), _getter(DERIVED_FIELDS)
        _copy(
            cursor,
            "import_org_new",
            [*columns, "import_row"],
            (
                (row.existing_id, row.municipality_id, *values(row.values), *derived(row.derived), row.row)
                for row in creates
            ),
        )
        rest = [
            f for f in Organisation._meta.concrete_fields if f.attname not in given and f.attname != "public_id"
        ]
        defaults = [now if f.attname in ("created_at", "updated_at") else f.get_default() for f in rest]
        rest_columns = [connection.ops.quote_name(f.column) for f in rest]
        cursor.execute(
            f"INSERT INTO {_table(Organisation)} ({', '.join([*columns, 'public_id', *rest_columns])}) "  # noqa: S608
            f"SELECT {', '.join(columns)}, gen_random_uuid(), {', '.join(['%s'] * len(rest))} "
            "FROM import_org_new",
            defaults,
        )
    if updates:
        names = [*org_fields, *DERIVED_FIELDS, "updated_at"]
        columns = [_column(name) for name in names]
        _stage(cursor, "import_org_changed", Organisation, ["id", *columns])

        def changed_rows():
            for row in updates:
                values = {**row.values, **row.derived, "updated_at": now}
                yield (row.existing_id, *(values[name] for name in names))

        _copy(cursor, "import_org_changed", ["id", *columns], changed_rows())
        assignments = ", ".join(f"{c} = s.{c}" for c in columns)
        cursor.execute(
            f"UPDATE {_table(Organisation)} AS o SET {assignments} "  # noqa: S608
            "FROM import_org_changed AS s WHERE o.id = s.id"
        )


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


def _links(cursor, rows: list) -> None:
    """Replace the target groups and tags of the rows that change them. The staging tables
    stay until the end: the created organisations' audit rows are built from them."""
    for attribute, flag, staging, column, join in LINKS:
        changed = [r for r in rows if getattr(r, flag)]
        if not changed:
            continue
        through = getattr(Organisation, attribute).through
        replaced = [r.existing_id for r in changed if r.action == UPDATE]
        if replaced:
            cursor.execute(
                f"DELETE FROM {_table(through)} WHERE organisation_id = ANY(%s)",  # noqa: S608
                [replaced],
            )
        cursor.execute(
            f"CREATE TEMP TABLE {staging} "
            "(organisation_id bigint, municipality_id bigint, value text) ON COMMIT DROP"
        )
        _copy(
            cursor,
            staging,
            ["organisation_id", "municipality_id", "value"],
            ((r.existing_id, r.municipality_id, v) for r in changed for v in getattr(r, attribute)),
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


def _assessments(cursor, rows: list, *, by, note: str, today) -> None:
    """Set the changed criteria: new assessments get the import note as evidence, existing
    ones keep theirs (ON CONFLICT updates status, date and assessor only)."""
    assessor = by.pk if getattr(by, "is_authenticated", False) else None
    if not any(r.write_criteria for r in rows):
        return
    columns = ["organisation_id", "criterion", "status"]
    _stage(cursor, "import_assessments", CriterionAssessment, [*columns, "true AS new"])
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
    _insert_staged(
        cursor,
        CriterionAssessment,
        "import_assessments",
        columns,
        "ON CONFLICT (organisation_id, criterion) DO UPDATE SET status = EXCLUDED.status, "
        "assessed_on = EXCLUDED.assessed_on, assessed_by_id = EXCLUDED.assessed_by_id",
        {"evidence": note, "assessed_on": today, "assessed_by_id": assessor},
    )


def _staffing(cursor, rows: list) -> None:
    written = [r for r in rows if r.write_staffing]
    if not written:
        return
    columns = ["organisation_id", "year", *STAFFING_VALUES]
    _stage(cursor, "import_staffing", Staffing, [*columns, "true AS new"])
    _copy(
        cursor,
        "import_staffing",
        [*columns, "new"],
        (
            (r.existing_id, r.staffing[0], *(r.staffing[1][k] for k in STAFFING_VALUES), r.action == CREATE)
            for r in written
        ),
    )
    updates = ", ".join(f"{k} = EXCLUDED.{k}" for k in STAFFING_VALUES)
    _insert_staged(
        cursor,
        Staffing,
        "import_staffing",
        columns,
        f"ON CONFLICT (organisation_id, year) DO UPDATE SET {updates}",
    )


AUDIT_COLUMNS = [
    "at", "actor_id", "actor_label", "action", "event", "object_type", "object_id",
    "object_label", "municipality_id", "changes", "ip", "user_agent", "path", "channel",
]  # fmt: skip


def _audit_rows(cursor, creates: list, updates: list, org_fields, *, by, file_name: str, now) -> None:
    """One audit row per created or updated organisation (the same fields record_bulk wrote),
    with its changes and the file row, then sent to the sink after commit. The created ones'
    changes are built by PostgreSQL from the staging tables (audit_creation_sql: the same
    content as import_plan.creation_changes, without a Python pass over 50,000 rows); the
    updated ones' diffs were made when validating and are COPYed."""
    user = by if getattr(by, "is_authenticated", False) else None
    origin = current_origin()
    common = {
        "at": now,
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
    if creates:
        sql, params, tables = audit_creation_sql(creates, org_fields, common, file_name)
        # Temporary tables get no statistics by themselves; without them the planner guesses
        # a few rows and sorts 50,000 for merge joins instead of hashing. The join keys are
        # all it needs (a full ANALYZE of the wide rows took 0.5 s).
        keys = (f"{table} ({'id' if table == 'import_org_new' else 'organisation_id'})" for table in tables)
        cursor.execute(f"ANALYZE {', '.join(keys)}")
        if logged:  # the ids as one array value, not 50,000 rows
            cursor.execute(f"WITH inserted AS ({sql} RETURNING id) SELECT array_agg(id) FROM inserted", params)  # noqa: S608
            ids = cursor.fetchone()[0]
        else:
            cursor.execute(sql, params)
    if updates:
        update_ids = _next_ids(cursor, AuditEvent, len(updates))
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        _copy(
            cursor,
            _table(AuditEvent),
            ["id", *AUDIT_COLUMNS],
            (
                (
                    pk, now, common["actor_id"], common["actor_label"], AuditAction.UPDATE,
                    "registry.organisation.import_update", common["object_type"], str(row.existing_id),
                    row.values["name"][:300], row.municipality_id,
                    dumps({**row.changes, "_import": {"file": file_name, "row": row.row}}),
                    origin.ip, origin.user_agent, origin.path, origin.channel,
                )  # fmt: skip
                for pk, row in zip(update_ids, updates, strict=True)
            ),
        )
        ids += update_ids
    if logged:
        _sink_after_commit(sorted(ids))


def audit_creation_sql(creates: list, org_fields, common: dict, file_name: str) -> tuple[str, dict, list[str]]:
    """INSERT … SELECT of the created organisations' audit rows. Their changes: every value the
    file gave, {field: [null, value]} without blank text, nulls and empty lists (the staging
    rows of import_org_new), target groups and tags as sorted lists, the criteria that are not
    unknown and the staffing of the year (their staging tables), and {"_import": file, row}.
    Written as JSON text, members joined by concat_ws (which skips the absent ones, NULL) and
    parsed once into jsonb: half the cost of jsonb_build_object with jsonb_strip_nulls. The
    staging tables are joined as grouped subqueries. Returns (sql, params, the tables read)."""
    members, joins, tables = [], [], ["import_org_new"]
    for name in org_fields:
        field = Organisation._meta.get_field(name)
        value = f"o.{connection.ops.quote_name(field.column)}"
        given = f"{value} <> ''" if field.get_internal_type() in ("CharField", "TextField") else f"{value} IS NOT NULL"
        members.append(_member(f"'{name}'", f"to_json({value})::text", given))
    for attribute, flag, staging, *_rest in LINKS:
        if any(getattr(r, flag) for r in creates):
            alias = f"l_{attribute}"
            joins.append(
                f"LEFT JOIN (SELECT organisation_id, json_agg(value ORDER BY value COLLATE \"C\")::text AS value "  # noqa: S608
                f"FROM {staging} GROUP BY organisation_id) AS {alias} ON {alias}.organisation_id = o.id"
            )  # COLLATE "C": code point order, as Python sorts
            members.append(_member(f"'{attribute}'", f"{alias}.value"))
            tables.append(staging)
    if any(r.write_criteria for r in creates):
        pivot = ", ".join(f"max(status) FILTER (WHERE criterion = {n}) AS c{n}" for n in CRITERIA)
        joins.append(
            f"LEFT JOIN (SELECT organisation_id, {pivot} FROM import_assessments WHERE new "  # noqa: S608
            "GROUP BY organisation_id) AS a ON a.organisation_id = o.id"
        )
        members += [_member(f"'criterion_{n}'", f"to_json(a.c{n})::text", f"a.c{n} IS NOT NULL") for n in CRITERIA]
        tables.append("import_assessments")
    if any(r.write_staffing for r in creates):
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
