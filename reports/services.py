"""Writes for evaluation reports: report definitions (audited) and the audit rows of exports
and of reading the rows behind a figure."""

from django.db import transaction

from audit.models import AuditAction
from audit.services import diff, record

from .models import ReportDefinition

FIELDS = ("name", "description", "tables", "period_kind", "custom_start", "custom_end", "compare_previous")


def _snapshot(definition: ReportDefinition, services, programmes) -> dict:
    data = {f: getattr(definition, f) for f in FIELDS}
    data["services"] = sorted(s.pk for s in services)
    data["programmes"] = sorted(p.pk for p in programmes)
    return data


@transaction.atomic
def definition_save(
    *, by, municipality, data: dict, services, programmes, definition: ReportDefinition | None = None
) -> ReportDefinition:
    """Create (definition=None) or update a report definition with its services and programmes."""
    creating = definition is None
    if creating:
        definition = ReportDefinition(municipality=municipality, created_by=by)
        before = {}
    else:
        # Read the stored row: a bound ModelForm has already changed the instance in memory.
        stored = ReportDefinition.objects.select_for_update().get(pk=definition.pk)
        before = _snapshot(stored, stored.services.all(), stored.programmes.all())
    for field in FIELDS:
        setattr(definition, field, data[field])
    definition.save()
    definition.services.set(services)
    definition.programmes.set(programmes)
    after = _snapshot(definition, services, programmes)
    record(
        actor=by,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event="reports.definition.create" if creating else "reports.definition.update",
        obj=definition,
        municipality_id=definition.municipality_id,
        changes=diff(before, after),
    )
    return definition


def report_exported(*, by, definition: ReportDefinition, period_key: str, fmt: str) -> None:
    record(
        actor=by,
        action=AuditAction.EXPORT,
        event=f"reports.report.{fmt}",
        obj=definition,
        municipality_id=definition.municipality_id,
        changes={"period": period_key, "format": fmt, "suppressed": True},
    )


def rows_read(*, by, definition: ReportDefinition, period_key: str, cell: str, count: int) -> None:
    """Reading the persons behind a figure is a read of personal data: logged."""
    record(
        actor=by,
        action=AuditAction.READ,
        event="reports.rows.read",
        obj=definition,
        municipality_id=definition.municipality_id,
        changes={"period": period_key, "cell": cell, "rows": count},
    )
