"""Reads of heavy, lag-tolerant pages (reports, analyst statistics) from a streaming replica.

Opt-in: with settings.READ_REPLICA naming a database alias (REPLICA_DATABASE_URL sets one up),
code inside `reading_from_replica()` (or a view decorated with `@replica_reads`) reads from
that alias. Everything else, every write, and every read inside a transaction on the primary
stays on the primary, so a user never reads a page older than their own last change except on
the pages that opted in (a replica lags by well under a second in normal operation).
Without a replica the router does nothing. See docs/scaling.md."""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import connections

_replica_reads: ContextVar[bool] = ContextVar("brobyg_replica_reads", default=False)


@contextmanager
def reading_from_replica():
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_reads(view):
    """A view whose reads may come from the replica."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replica = getattr(settings, "READ_REPLICA", None)
        if not replica or not _replica_reads.get():
            return None
        if _in_transaction(connections["default"]):
            return None  # a read inside a write transaction must see that transaction
        return replica

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _in_transaction(connection) -> bool:
    """Inside transaction.atomic() of our own code (the test runner's wrapping blocks excluded)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)
