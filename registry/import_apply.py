"""Writing a valid import plan: one transaction, a constant number of statements
(registry.import_store: COPY into staging tables, then set-based INSERT/UPDATE), derived
fields computed in Python from the plan (registry.rules), one audit row per created or updated
organisation plus one summary row. Nothing is stored if anything fails."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from .import_parse import CREATE, UNCHANGED, UPDATE
from .import_plan import Plan
from .import_store import DERIVED_FIELDS, store_plan

__all__ = ["DERIVED_FIELDS", "apply_plan"]


def apply_plan(
    plan: Plan,
    *,
    by,
    file_name: str,
    municipality_id: int | None,
    job_public_id: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Store the plan. Returns {"created", "updated", "unchanged"}."""
    if not plan.valid:
        raise ValueError("Only a valid plan can be applied.")
    written = [r for r in plan.rows if r.action in (CREATE, UPDATE)]
    now = timezone.now()
    with transaction.atomic():
        store_plan(
            written,
            plan.org_fields,
            by=by,
            now=now,
            note=_("Importeret fra %(file)s den %(date)s")
            % {"file": file_name, "date": date_format(timezone.localdate(now), "d-m-Y")},
            file_name=file_name,
            progress=progress,
        )
        _audit(plan, by=by, file_name=file_name, municipality_id=municipality_id, job_public_id=job_public_id)
    return {
        "created": sum(1 for r in written if r.action == CREATE),
        "updated": sum(1 for r in written if r.action == UPDATE),
        "unchanged": sum(1 for r in plan.rows if r.action == UNCHANGED),
    }


def _audit(plan: Plan, *, by, file_name: str, municipality_id: int | None, job_public_id: str) -> None:
    """The summary row (the rows per organisation are written by import_store)."""
    counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0}
    for row in plan.rows:
        counts[row.action] += 1
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
            "created": counts[CREATE],
            "updated": counts[UPDATE],
            "unchanged": counts[UNCHANGED],
            "columns": plan.columns,
        },
    )
