"""Writing a checked import: one transaction, a constant number of statements plus one COPY per
staging table and batch (registry.import_store), derived fields computed in Python
(registry.rules), one audit row per created or updated organisation plus one summary row.
Nothing is stored if anything fails.

apply_content checks the file again and stores it in the same pass, batch by batch: each batch
of checked rows is staged and dropped, so memory does not grow with the file; an error anywhere
rolls the staging back and nothing is written. apply_plan stores a plan held whole (build_plan)."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from .import_parse import CREATE, UNCHANGED, UPDATE
from .import_plan import Checker, Plan
from .import_read import ImportFileError, read_table
from .import_store import DERIVED_FIELDS, Stager

__all__ = ["DERIVED_FIELDS", "apply_content", "apply_plan"]

Progress = Callable[[int, int], None]


def apply_plan(
    plan: Plan,
    *,
    by,
    file_name: str,
    municipality_id: int | None,
    job_public_id: str = "",
    progress: Progress | None = None,
) -> dict:
    """Store the plan. Returns {"created", "updated", "unchanged"}."""
    if not plan.valid:
        raise ValueError("Only a valid plan can be applied.")
    size = settings.IMPORT_BATCH_ROWS
    with transaction.atomic():
        stager = _stager(plan, by=by, file_name=file_name)
        for start in range(0, len(plan.rows), size):
            stager.stage(plan.rows[start : start + size])
            if progress:
                progress(min(start + size, len(plan.rows)), len(plan.rows))
        stager.finish()
        _audit(plan, by=by, file_name=file_name, municipality_id=municipality_id, job_public_id=job_public_id)
    return _result(plan)


def apply_content(
    content: bytes,
    fmt: str,
    *,
    access,
    default_municipality_id: int | None,
    by,
    file_name: str,
    municipality_id: int | None,
    job_public_id: str = "",
    progress: Progress | None = None,
) -> tuple[Plan, dict | None]:
    """Check the file against the current registry and store it, in one pass and one
    transaction. Returns the plan (its first rows, counts, errors and warnings) and the counts
    stored, or None when the file has an error (then nothing is stored). `progress` is called
    inside the transaction: it must not write to the database."""
    try:
        table = read_table(content, fmt)
    except ImportFileError as error:
        return Plan(errors=[error.issue]), None
    with transaction.atomic():
        checker = Checker(table, access=access, default_municipality_id=default_municipality_id, progress=progress)
        plan, stager = checker.plan, None
        for batch in checker.batches():
            if len(plan.rows) < PREVIEW_ROWS:
                plan.rows.extend(batch[: PREVIEW_ROWS - len(plan.rows)])
            if not plan.errors:  # after the first error only checked, to list every error
                stager = stager or _stager(plan, by=by, file_name=file_name)
                stager.stage(batch)
        if not plan.valid:
            transaction.set_rollback(True)  # the staged batches
            return plan, None
        stager.finish()
        _audit(plan, by=by, file_name=file_name, municipality_id=municipality_id, job_public_id=job_public_id)
    return plan, _result(plan)


PREVIEW_ROWS = 20  # rows apply_content keeps (importing.preview_rows shows as many)


def _stager(plan: Plan, *, by, file_name: str) -> Stager:
    now = timezone.now()
    note = _("Importeret fra %(file)s den %(date)s") % {
        "file": file_name,
        "date": date_format(timezone.localdate(now), "d-m-Y"),
    }
    return Stager(plan.org_fields, by=by, now=now, note=note, file_name=file_name)


def _result(plan: Plan) -> dict:
    return {"created": plan.actions[CREATE], "updated": plan.actions[UPDATE], "unchanged": plan.actions[UNCHANGED]}


def _audit(plan: Plan, *, by, file_name: str, municipality_id: int | None, job_public_id: str) -> None:
    """The summary row (the rows per organisation are written by import_store)."""
    record(
        actor=by,
        action=AuditAction.IMPORT,
        event="registry.organisation.import",
        object_type="registry.importjob",
        object_id=str(job_public_id),
        object_label=file_name,
        municipality_id=municipality_id,
        changes={
            "file": file_name,
            "rows": plan.rows_total,
            **_result(plan),
            "columns": plan.columns,
        },
    )
