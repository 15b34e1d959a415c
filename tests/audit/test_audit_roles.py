"""An audit log that only grows: the serving role (created here by manage.py create_db_roles in
the test database) may read and append audit rows but cannot TRUNCATE, UPDATE or DELETE them,
nor change the contracts' settlement runs, ledger entries and contract versions; it still
writes the ordinary tables. The owner role is stopped from TRUNCATE by a trigger. Every audit
row is also written as a JSON line to the "brobyg.audit" log sink once it commits."""

import json
import logging

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.management.commands.create_db_roles import append_only_tables
from audit.models import AuditAction, AuditEvent
from audit.services import record
from core.models import Job

# Roles and other connections see committed rows only; the sink test runs in a transaction.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def serving_role():
    """A serving role named after the test database (roles are shared by the whole server)."""
    db = connection.settings_dict
    app = f"{db['NAME']}_app"[:63]
    owner = connection.get_connection_params()["user"] or "postgres"
    call_command("create_db_roles", owner=owner, app=app, stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield app
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{app}"; DROP ROLE "{app}"')


def connect_as(role: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, dbname=db["NAME"], user=role, autocommit=True)


def audit_rows(n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            record(actor=None, action=AuditAction.CREATE, event="test.row", object_label=f"række {i}")


REFUSED_ON_AUDIT = (
    "TRUNCATE audit_auditevent",
    "UPDATE audit_auditevent SET event = 'skjult'",
    "DELETE FROM audit_auditevent",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_events_no_update_delete",
)


@committed
def test_the_serving_role_cannot_erase_or_change_audit_rows(serving_role):
    audit_rows(3)
    with connect_as(serving_role) as app:
        for statement in REFUSED_ON_AUDIT:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
    assert AuditEvent.objects.filter(event="test.row").count() == 3


@committed
def test_the_serving_role_reads_and_appends_audit_rows_and_writes_ordinary_tables(serving_role):
    audit_rows(2)
    job = Job.objects.create(kind="tests.job", label="før")
    with connect_as(serving_role) as app:
        assert app.execute("SELECT count(*) FROM audit_auditevent WHERE event = 'test.row'").fetchone() == (2,)
        app.execute(
            "INSERT INTO audit_auditevent (at, actor_label, action, event, object_type, object_id, object_label,"
            " changes, user_agent, path, channel) VALUES (now(), 'app', 'read', 'test.row', '', '', '', '{}', '', '', 'web')"
        )
        app.execute("UPDATE core_job SET label = 'efter' WHERE id = %s", [job.pk])
    assert AuditEvent.objects.filter(event="test.row").count() == 3
    job.refresh_from_db()
    assert job.label == "efter"


@committed
def test_the_serving_role_cannot_change_the_contract_ledgers(serving_role):
    tables = ("contracts_settlementrun", "contracts_ledgerentry", "contracts_contractversion")
    with connect_as(serving_role) as app:
        for table in tables:
            for verb in ("TRUNCATE {}", "UPDATE {} SET id = id", "DELETE FROM {}"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(verb.format(table))


@committed
def test_the_serving_role_owns_nothing_and_running_the_command_again_changes_nothing(serving_role):
    owner = connection.get_connection_params()["user"] or "postgres"
    call_command("create_db_roles", owner=owner, app=serving_role, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s",
            [serving_role],
        )
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type)"
            " FROM information_schema.role_table_grants WHERE grantee = %s AND table_name = ANY(%s)"
            " GROUP BY table_name",
            [serving_role, append_only_tables()],
        )
        assert dict(cursor.fetchall()) == {table: "INSERT,SELECT" for table in append_only_tables()}


@committed
@pytest.mark.parametrize("table", ["audit_auditevent", "contracts_ledgerentry"])
def test_even_the_owner_role_cannot_truncate_without_the_test_only_setting(table):
    audit_rows(1)
    with pytest.raises(DatabaseError, match="only grows"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL brobyg.allow_truncate = 'off'")
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.filter(event="test.row").count() == 1


def test_every_audit_row_goes_to_the_log_sink_as_json_once_committed(caplog, world, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.INFO, logger="brobyg.audit"):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            record(actor=world.users["consultant"], action=AuditAction.UPDATE, event="test.sink", obj=world.provider)
            assert not [r for r in caplog.records if r.name == "brobyg.audit"]  # not before the commit
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
            record(actor=None, action=AuditAction.CREATE, event="test.rolled_back")
            raise RuntimeError
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "brobyg.audit"]
    row = AuditEvent.objects.get(event="test.sink")
    assert lines == [
        {
            "id": row.pk, "at": row.at.isoformat(), "actor_id": world.users["consultant"].pk,
            "actor": "kolding_consultant", "action": "update", "event": "test.sink",
            "object_type": "registry.organisation", "object_id": str(world.provider.pk),
            "object_label": world.provider.name, "municipality_id": world.kolding.pk, "changes": {},
            "ip": None, "path": "", "channel": "command",
        }
    ]  # fmt: skip
