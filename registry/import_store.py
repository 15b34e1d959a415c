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
- Audit: one row per created or updated organisation, COPYed with ids from the sequence; the
  rows go to the audit sink (audit.services) after commit, read back in chunks.
"""

import json
import logging
import uuid
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from audit.models import AuditAction, AuditEvent
from audit.services import audit_line, sink
from core.request_context import current_origin

from .import_parse import CREATE, UPDATE, PlannedRow
from .import_plan import STAFFING_VALUES, creation_changes
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
    "import_links",
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
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [model._meta.db_table, count],
    )
    return [pk for (pk,) in cursor.fetchall()]


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
        _audit_rows(cursor, rows, by=by, file_name=file_name, now=now)
        # ON COMMIT DROP ends them with the transaction; dropped now as well, for a caller
        # whose transaction goes on (a second import in the same transaction, the tests).
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(STAGING)}")


def _organisations(cursor, creates: list, updates: list, org_fields: list[str], now) -> None:
    if creates:
        fields = [f for f in Organisation._meta.concrete_fields]
        columns = [connection.ops.quote_name(f.column) for f in fields]
        _stage(cursor, "import_org_new", Organisation, columns)
        defaults = {f.attname: f.get_default() for f in fields if f.attname not in ("id", "public_id")}
        defaults.update(created_at=now, updated_at=now)
        attnames = [f.attname for f in fields]

        def new_rows():
            for row in creates:
                values = {
                    **defaults,
                    **row.values,
                    **row.derived,
                    "id": row.existing_id,
                    "public_id": uuid.uuid4(),
                    "municipality_id": row.municipality_id,
                }
                yield tuple(values[name] for name in attnames)

        _copy(cursor, "import_org_new", columns, new_rows())
        cursor.execute(
            f"INSERT INTO {_table(Organisation)} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(columns)} FROM import_org_new"
        )
    if updates:
        names = [*org_fields, *DERIVED_FIELDS, "updated_at"]
        fields = [Organisation._meta.get_field(name) for name in names]
        columns = [connection.ops.quote_name(f.column) for f in fields]
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


def _links(cursor, rows: list) -> None:
    """Replace the target groups and tags of the rows that change them."""
    for attribute, flag, column, target_sql in (
        (
            "target_groups",
            "write_target_groups",
            "targetgroup_id",
            f"SELECT s.organisation_id, t.id FROM import_links AS s "  # noqa: S608 (names from models)
            f"JOIN {_table(TargetGroup)} AS t ON t.code = s.value",
        ),
        (
            "tags",
            "write_tags",
            "tag_id",
            f"SELECT s.organisation_id, t.id FROM import_links AS s "  # noqa: S608 (names from models)
            f"JOIN {_table(Tag)} AS t ON t.municipality_id = s.municipality_id AND t.name = s.value",
        ),
    ):
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
            "CREATE TEMP TABLE IF NOT EXISTS import_links "
            "(organisation_id bigint, municipality_id bigint, value text) ON COMMIT DROP"
        )
        cursor.execute("TRUNCATE import_links")
        _copy(
            cursor,
            "import_links",
            ["organisation_id", "municipality_id", "value"],
            ((r.existing_id, r.municipality_id, v) for r in changed for v in getattr(r, attribute)),
        )
        if attribute == "tags":
            cursor.execute(
                f"INSERT INTO {_table(Tag)} (municipality_id, name) "  # noqa: S608
                "SELECT DISTINCT municipality_id, value FROM import_links ORDER BY 1, 2 "
                "ON CONFLICT (municipality_id, name) DO NOTHING"
            )
        cursor.execute(f"INSERT INTO {_table(through)} (organisation_id, {column}) {target_sql}")  # noqa: S608


def _assessments(cursor, rows: list, *, by, note: str, today) -> None:
    """Set the changed criteria: new assessments get the import note as evidence, existing
    ones keep theirs (ON CONFLICT updates status, date and assessor only)."""
    assessor = by.pk if getattr(by, "is_authenticated", False) else None
    if not any(r.write_criteria for r in rows):
        return
    columns = ["organisation_id", "criterion", "status", "evidence", "assessed_on", "assessed_by_id"]
    _stage(cursor, "import_assessments", CriterionAssessment, columns)
    _copy(
        cursor,
        "import_assessments",
        columns,
        (
            (r.existing_id, criterion, status, note, today, assessor)
            for r in rows
            for criterion, status in r.write_criteria.items()
        ),
    )
    cursor.execute(
        f"INSERT INTO {_table(CriterionAssessment)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(columns)} FROM import_assessments "
        "ON CONFLICT (organisation_id, criterion) DO UPDATE SET status = EXCLUDED.status, "
        "assessed_on = EXCLUDED.assessed_on, assessed_by_id = EXCLUDED.assessed_by_id"
    )


def _staffing(cursor, rows: list) -> None:
    written = [r for r in rows if r.write_staffing]
    if not written:
        return
    columns = ["organisation_id", "year", *STAFFING_VALUES]
    _stage(cursor, "import_staffing", Staffing, columns)
    _copy(
        cursor,
        "import_staffing",
        columns,
        ((r.existing_id, r.staffing[0], *(r.staffing[1][k] for k in STAFFING_VALUES)) for r in written),
    )
    updates = ", ".join(f"{k} = EXCLUDED.{k}" for k in STAFFING_VALUES)
    cursor.execute(
        f"INSERT INTO {_table(Staffing)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(columns)} FROM import_staffing "
        f"ON CONFLICT (organisation_id, year) DO UPDATE SET {updates}"
    )


def _audit_rows(cursor, rows: list, *, by, file_name: str, now) -> None:
    """One audit row per created or updated organisation (the same fields record_bulk wrote),
    with its changes and the file row; COPYed, then sent to the sink after commit."""
    if not rows:
        return
    user = by if getattr(by, "is_authenticated", False) else None
    label = (user.get_username() if user else "system")[:200]
    origin = current_origin()
    ids = _next_ids(cursor, AuditEvent, len(rows))
    columns = [
        "id", "at", "actor_id", "actor_label", "action", "event", "object_type", "object_id",
        "object_label", "municipality_id", "changes", "ip", "user_agent", "path", "channel",
    ]  # fmt: skip
    dumps = json.JSONEncoder(ensure_ascii=False).encode

    def audit_rows():
        for pk, row in zip(ids, rows, strict=True):
            changes = row.changes if row.action == UPDATE else creation_changes(row)
            yield (
                pk, now, user.pk if user else None, label,
                AuditAction.CREATE if row.action == CREATE else AuditAction.UPDATE,
                f"registry.organisation.import_{row.action}", "registry.organisation", str(row.existing_id),
                row.values["name"][:300], row.municipality_id,
                dumps({**changes, "_import": {"file": file_name, "row": row.row}}),
                origin.ip, origin.user_agent, origin.path, origin.channel,
            )  # fmt: skip

    _copy(cursor, _table(AuditEvent), columns, audit_rows())
    _sink_after_commit(ids)


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
