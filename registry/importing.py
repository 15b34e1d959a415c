"""Import of the actor registry from CSV or Excel: validate everything, then store all or nothing.

Decisions
- Layout: registry.columns, the same columns as the export (the template is an export with no
  rows). Headers are matched case-insensitively after normalising spaces, hyphens and æ/ø/å;
  English names are aliases. Unknown columns are a warning; the derived columns of an export
  (kommune, rsv_status, kriterier_opfyldt, andel_saerlige_pct) are ignored. navn, type and
  sektor are required columns; kommunekode may be left out (or blank) and then means the job's
  municipality.
- Values: choices as code or Danish/English label, case-insensitive; booleans ja/nej; dates as
  Excel dates, dd-mm-yyyy, dd.mm.yyyy, dd/mm/yyyy or ISO; counts are whole numbers ≥ 0 (decimal
  comma understood). Codes Excel turned into numbers get their leading zeros back (kommunekode,
  postnr, branchekode). The apostrophe an export puts before formula-like text is removed.
- The file is the truth for the columns it has: a column present with a blank cell clears that
  field (blank kriterie_n = ukendt, blank målgrupper/tags = none); a column left out is left
  unchanged. Staffing is set for the year in personale_aar (other years are kept); a row with
  no staffing cells changes no staffing. Assessments set by an import get the evidence
  "Importeret fra <fil> den <dato>" when new.
- Key: (municipality of kommunekode, cvr, p_nummer). Without CVR: (municipality, type, exact
  name); several such organisations in the registry → error (give the CVR). A row with a CVR
  that matches no CVR but exactly one organisation without CVR of the same type and name
  updates that one (it gets its CVR). The same key, or the same existing organisation, twice in
  a file is an error naming both rows.
- Errors are {"row", "column", "reason"}: the row as the user sees it (header = row 1), the
  column as written in the file, the reason in Danish. The first 1,000 errors are listed, the
  rest counted in one last error; nothing is stored unless there are none.
- Validation never writes. It reads the file row by row (never held as a table of cells),
  checks it in batches of settings.IMPORT_BATCH_ROWS (import_plan.Checker, keeping between
  batches only the keys seen and the existing organisations: memory does not grow with the
  file), cleans each distinct value of a column once (codes, choices, dates, counts and lists
  repeat across thousands of rows) and loads the registry's existing organisations of the
  file's municipalities with one query as they are met (import_plan._match / _load_state).
- Apply (apply_content) checks again against the current registry (it may have changed since
  the preview) and stores in the same pass, in ONE transaction.atomic(): each checked batch is
  COPYed into temporary staging tables and dropped; at the end a constant number of statements
  (registry.import_store) writes one INSERT … SELECT for the new organisations, one
  UPDATE … FROM for the changed ones, INSERT … ON CONFLICT … DO UPDATE for assessments and
  staffing, links replaced with one DELETE and one INSERT … SELECT. A row with an error rolls
  back the staging: nothing is written, the errors are shown as after the preview. Derived
  fields (RSV status, criteria met, latest staffing) are computed in Python with
  registry.rules and written in the same statements (no per-row refresh). One audit row per
  created/updated organisation (unchanged rows get none; the created ones' changes built by
  PostgreSQL from the staging tables, the updated ones' COPYed) and one summary row
  (AuditAction.IMPORT) with the counts. A killed process (kill -9) leaves an open transaction
  that PostgreSQL rolls back: nothing is stored (tests/registry/test_import_kill.py).
- Files with more than settings.IMPORT_BACKGROUND_ROWS (estimated) rows validate and apply as
  background jobs (registry.tasks on core.tasks: retried after a lost worker or a dropped
  connection, marked failed when attempts run out); progress (rows_done) is written every 500
  rows during the preview's validation; the confirm (check and store in one transaction)
  shows as indeterminate. A failed job can be started again (job_retry: validation first, then the user
  confirms again); apply is one transaction, so a failed or repeated attempt stores nothing twice.
- ImportJob keeps the raw file until the import is done, then empties it (the audit rows keep
  what changed). Jobs belong to a municipality; users with registry.import there may see and
  confirm them; others get 404.
"""

import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Access
from core.tasks import Progress as JobProgress

from .choices import CriterionStatus
from .columns import CHOICE_CLASSES, STAFFING_FIELD, choice_label
from .import_apply import PREVIEW_ROWS, apply_content, apply_plan
from .import_parse import CREATE, ORG_FIELD, UPDATE, PlannedRow
from .import_plan import Plan, Progress, build_plan
from .import_read import ImportFileError, detect_format, estimate_rows, read_table
from .models import ImportJob

logger = logging.getLogger(__name__)

__all__ = [
    "ImportFileError",
    "Plan",
    "apply_content",
    "apply_plan",
    "validate_content",
    "preview_rows",
    "job_create",
    "job_start_validation",
    "job_start_apply",
    "job_retry",
]

ACTION_LABELS = {
    CREATE: gettext_lazy("Opret"),
    UPDATE: gettext_lazy("Opdatér"),
    "unchanged": gettext_lazy("Uændret"),
}


def validate_content(
    content: bytes,
    fmt: str,
    *,
    access: Access,
    default_municipality_id: int | None,
    progress: Progress | None = None,
    keep_rows: int | None = None,
) -> Plan:
    """Read and check a file. A file that cannot be read gives a plan with that one error.
    The plan holds every row, or only the first `keep_rows` (its memory then does not grow
    with the file; counts and errors still cover every row)."""
    try:
        table = read_table(content, fmt)
    except ImportFileError as error:
        return Plan(errors=[error.issue])
    return build_plan(
        table,
        access=access,
        default_municipality_id=default_municipality_id,
        progress=progress,
        keep_rows=keep_rows,
    )


def preview_rows(plan: Plan, limit: int = PREVIEW_ROWS) -> list[dict]:
    """The first rows as they will be stored, formatted the Danish way."""
    from tenants.models import Municipality

    codes = dict(
        Municipality.objects.filter(pk__in={r.municipality_id for r in plan.rows[:limit]}).values_list(
            "pk", "code"
        )
    )
    return [
        {
            "row": r.row,
            "action": r.action,
            "action_label": str(ACTION_LABELS[r.action]),
            "cells": [_display(r, c, codes) for c in plan.columns],
        }
        for r in plan.rows[:limit]
    ]


def _display(row: PlannedRow, column: str, codes: dict) -> str:
    if column == "kommunekode":
        return codes.get(row.municipality_id, "")
    if column in ORG_FIELD:
        value = row.values.get(ORG_FIELD[column])
        if column in CHOICE_CLASSES:
            return choice_label(CHOICE_CLASSES[column], value)
        if isinstance(value, bool):
            return _("ja") if value else _("nej")
        if column == "rsv_dato":
            return date_format(value, "d-m-Y") if value else ""
        return value or ""
    if column == "maalgrupper":
        return ", ".join(row.target_groups or ())
    if column == "tags":
        return ", ".join(row.tags or ())
    if column.startswith("kriterie_"):
        status = (row.criteria or {}).get(int(column.rsplit("_", 1)[1]))
        return choice_label(CriterionStatus, status) if status else ""
    if row.staffing is None:
        return ""
    year, values = row.staffing
    return str(year) if column == "personale_aar" else str(values[STAFFING_FIELD[column]])


# Jobs: the web flow. Upload → validate (inline or background) → preview → confirm → apply.


def job_create(*, by, municipality, file_name: str, content: bytes) -> ImportJob:
    """Store the uploaded file. Raises ImportFileError for a file type we cannot read."""
    fmt = detect_format(file_name, content)
    return ImportJob.objects.create(
        municipality=municipality,
        created_by=by,
        file_name=(file_name or "import")[:255],
        format=fmt,
        content=content,
        rows_total=estimate_rows(content, fmt),
    )


def runs_in_background(job: ImportJob) -> bool:
    return job.rows_total > settings.IMPORT_BACKGROUND_ROWS


def job_start_validation(job: ImportJob, *, by=None) -> None:
    from . import tasks

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING, rows_done=0)
    if runs_in_background(job):
        tasks.enqueue(tasks.validate_import, by=by or job.created_by, import_job_id=job.pk)
    else:
        _inline(job_validate, job.pk, failure=VALIDATION_FAILED)


def job_retry(job: ImportJob, *, by) -> bool:
    """Start a failed import again from validation. False if it is not failed or its file is gone."""
    if job.status != ImportJob.Status.FAILED or not job.content:
        return False
    job_start_validation(job, by=by)
    return True


def job_start_apply(job: ImportJob, *, by) -> bool:
    """Start storing a valid job. False if it is not (or no longer) valid: only one confirm
    wins when two arrive at once."""
    # rows_done = rows_total: the page shows the indeterminate "Gemmer" state, since the
    # confirm writes no progress while its transaction runs (job_apply).
    started = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID).update(
        status=ImportJob.Status.APPLYING, rows_done=F("rows_total")
    )
    if not started:
        return False
    if runs_in_background(job):
        from . import tasks

        tasks.enqueue(tasks.apply_import, by=by, import_job_id=job.pk, user_id=by.pk)
    else:
        _inline(job_apply, job.pk, by.pk, failure=APPLY_FAILED)
    return True


VALIDATION_FAILED = gettext_lazy("Der opstod en uventet fejl under kontrollen af filen.")
APPLY_FAILED = gettext_lazy("Importen fejlede, og intet er gemt. Prøv igen.")


def _inline(fn, *args, failure) -> None:
    """A small file runs in the request; an unexpected error marks the job failed (nothing is
    stored: apply is one transaction)."""
    try:
        fn(*args)
    except Exception:
        logger.exception("Import job %s: %s failed", args[0], fn.__name__)
        job_failed(args[0], failure)


def job_failed(job_pk: int, failure) -> None:
    """Mark the import failed with a message for the user (also the background jobs' on_failure)."""
    summary = ImportJob.objects.filter(pk=job_pk).values_list("summary", flat=True).first() or {}
    _finish(job_pk, status=ImportJob.Status.FAILED, summary={**summary, "failure": str(failure)})


def _progress_writer(job_pk: int, job_progress: JobProgress | None) -> Progress:
    def write(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_pk).update(
            rows_done=done, rows_total=total, updated_at=timezone.now()
        )
        if job_progress is not None:
            job_progress(done, total)

    return write


def _validate_job(job: ImportJob, user, job_progress: JobProgress | None = None) -> Plan:
    return validate_content(
        bytes(job.content),
        job.format,
        access=Access(user),
        default_municipality_id=job.municipality_id,
        progress=_progress_writer(job.pk, job_progress),
        keep_rows=PREVIEW_ROWS,
    )


def _finish(job_pk: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_pk).update(updated_at=timezone.now(), **fields)


def job_validate(job_pk: int, job_progress: JobProgress | None = None) -> None:
    """Check the file and store the outcome. Unexpected errors propagate (the caller decides:
    mark failed at once, or retry as a background job)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_pk)
    plan = _validate_job(job, job.created_by, job_progress)
    _finish(
        job.pk,
        status=ImportJob.Status.VALID if plan.valid else ImportJob.Status.INVALID,
        rows_total=plan.rows_total,
        rows_done=plan.rows_total,
        errors=plan.errors,
        warnings=plan.warnings,
        summary={
            **plan.counts(),
            "columns": [plan.labels.get(c, c) for c in plan.columns],
            "preview": preview_rows(plan),
        },
    )


def job_apply(job_pk: int, user_pk: int, job_progress: JobProgress | None = None) -> None:
    """Check the file again and store it, in one pass and one transaction (apply_content).
    Unexpected errors propagate (nothing stored). No progress is written while it runs: the
    transaction would hide it and hold the job's row; the job shows as working until it ends."""
    from accounts.models import User

    job = ImportJob.objects.get(pk=job_pk)
    user = User.objects.get(pk=user_pk)
    plan, result = apply_content(
        bytes(job.content),
        job.format,
        access=Access(user),
        default_municipality_id=job.municipality_id,
        by=user,
        file_name=job.file_name,
        municipality_id=job.municipality_id,
        job_public_id=str(job.public_id),
    )
    _progress_writer(job.pk, job_progress)(plan.rows_total, plan.rows_total)
    if result is None:
        _finish(
            job.pk,
            status=ImportJob.Status.INVALID,
            errors=plan.errors,
            warnings=plan.warnings,
            summary={**job.summary, **plan.counts()},
        )
        return
    _finish(
        job.pk,
        status=ImportJob.Status.DONE,
        content=b"",
        rows_done=plan.rows_total,
        summary={**job.summary, **plan.counts(), **result, "applied_by": user.get_username()},
        finished_at=timezone.now(),
    )
