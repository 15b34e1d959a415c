"""Writing audit rows. Call `record` inside the transaction of the change it describes.

Every row is also written, once its transaction commits, as one JSON line to the logger
"brobyg.audit" (production sends it to syslog or a file of its own): a second copy outside the
database, for the case where the database itself is tampered with or lost."""

import json
import logging
from contextvars import ContextVar

from django.db import connection, transaction

from core.request_context import current_origin

from .models import AuditAction, AuditEvent

# How many reads or exports were recorded in this request (audit.reads: a page that records its
# own, more precise, read row gets no second one).
reads_recorded: ContextVar[int] = ContextVar("reads_recorded", default=0)


def _label(obj) -> str:
    return str(obj)[:300] if obj is not None else ""


def record(
    *,
    actor,
    action: AuditAction | str,
    event: str,
    obj=None,
    municipality_id: int | None = None,
    changes: dict | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
) -> AuditEvent:
    """Append one audit row. Refuses to run outside a transaction when the change it records
    is a write, so a change and its audit row commit or roll back together."""
    is_write = action in (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.IMPORT)
    if is_write and not connection.in_atomic_block:
        raise RuntimeError("audit.record for a write must run inside transaction.atomic()")
    origin = current_origin()
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk)
        object_label = object_label or _label(obj)
        if municipality_id is None:
            municipality_id = getattr(obj, "municipality_id", None)
    user = actor if getattr(actor, "is_authenticated", False) else None
    event_row = AuditEvent.objects.create(
        actor=user,
        actor_label=(user.get_username() if user else "system")[:200],
        action=action,
        event=event,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:300],
        municipality_id=municipality_id,
        changes=changes or {},
        ip=origin.ip,
        user_agent=origin.user_agent,
        path=origin.path,
        channel=origin.channel,
    )
    _to_sink([event_row])
    if action in (AuditAction.READ, AuditAction.EXPORT, AuditAction.SEARCH):
        reads_recorded.set(reads_recorded.get() + 1)
    return event_row


def record_bulk(events: list[AuditEvent]) -> None:
    """Append many rows at once (imports): one INSERT per batch instead of one per row."""
    origin = current_origin()
    for event in events:
        event.ip, event.user_agent, event.path, event.channel = origin.ip, origin.user_agent, origin.path, origin.channel
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    _to_sink(events)


sink = logging.getLogger("brobyg.audit")


def audit_line(event: AuditEvent) -> str:
    return json.dumps(
        {
            "id": event.pk,
            "at": event.at.isoformat() if event.at else None,
            "actor_id": event.actor_id,
            "actor": event.actor_label,
            "action": event.action,
            "event": event.event,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_label": event.object_label,
            "municipality_id": event.municipality_id,
            "changes": event.changes,
            "ip": event.ip,
            "path": event.path,
            "channel": event.channel,
        },
        ensure_ascii=False,
        default=str,
    )


def _to_sink(events: list[AuditEvent]) -> None:
    """Log the rows when (and only if) their transaction commits."""
    if not sink.isEnabledFor(logging.INFO):
        return

    def emit() -> None:
        for event in events:
            sink.info(audit_line(event))

    transaction.on_commit(emit)


def diff(before: dict, after: dict) -> dict:
    """Changed fields as {field: [old, new]}, values made JSON-friendly."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changed[key] = [_jsonable(old), _jsonable(new)]
    return changed


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)

