"""All or nothing under kill -9: the import command runs in its own process on a committed
database; it is killed (SIGKILL, no chance to clean up) while its one transaction has already
written the organisations. PostgreSQL rolls that transaction back: nothing of the file is
stored, and the same file then imports in full, once.

To stop the import at a known point mid-apply, a second connection holds a lock on the audit
table: the import writes the organisations, staffing, assessments and links first, then waits
for that lock to write its audit rows. The test kills the process while it waits."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from registry.models import Organisation
from registry.testing import IMPORT_HEADER, csv_file, import_row, valid_cvr

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
ROWS = 1500
WAIT = 600  # seconds: the machine may be busy; the test fails, not hangs, if nothing happens


def _file(tmp_path: Path) -> tuple[Path, list[str]]:
    cvrs = [valid_cvr(20000 + i) for i in range(ROWS)]
    rows = [IMPORT_HEADER] + [
        import_row(navn=f"Drabet {i}", cvr=cvr, tags=f"t{i % 5}", kriterie_1="opfyldt",
                   personale_aar="2024", ansatte_i_alt="10", fleksjob="2")
        for i, cvr in enumerate(cvrs)
    ]  # fmt: skip
    path = tmp_path / "stor.csv"
    path.write_bytes(csv_file(rows))
    return path, cvrs


def _connect(**options) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"],
        dbname=s["NAME"],
        password=s["PASSWORD"],
        **options,
    )


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


# The import's backend: waiting for a lock while it holds the write lock of the organisations
# it has inserted in its still open transaction.
WAITING_MID_APPLY = """
SELECT a.pid FROM pg_stat_activity AS a
JOIN pg_locks AS l ON l.pid = a.pid AND l.granted AND l.mode = 'RowExclusiveLock'
JOIN pg_class AS c ON c.oid = l.relation AND c.relname = 'registry_organisation'
WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.wait_event_type = 'Lock'
"""


def _wait_mid_apply(watcher, process) -> int:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        found = watcher.execute(WAITING_MID_APPLY).fetchone()
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the import never reached its audit rows")


def test_an_import_killed_mid_apply_stores_nothing_and_runs_again(world, tmp_path):
    path, cvrs = _file(tmp_path)
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "brobyg.settings.test"}
    blocker = _connect()
    watcher = _connect(autocommit=True)  # pg_stat_activity is a snapshot per transaction
    try:
        blocker.execute("LOCK TABLE audit_auditevent IN SHARE ROW EXCLUSIVE MODE")
        process = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [
                sys.executable,
                "manage.py",
                "import_organisations",
                str(path),
                "--user",
                "kolding_consultant",
                "-v",
                "0",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            backend = _wait_mid_apply(watcher, process)
            process.send_signal(signal.SIGKILL)
            process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            blocker.rollback()  # release the audit table
        deadline = time.monotonic() + WAIT  # the backend finds its client gone and rolls back
        while watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend]).fetchone():
            assert time.monotonic() < deadline, "the killed import's transaction is still open"
            time.sleep(0.2)
    finally:
        blocker.close()
        watcher.close()
    assert process.returncode == -signal.SIGKILL

    assert not Organisation.objects.filter(cvr__in=cvrs).exists()
    assert not AuditEvent.objects.filter(event__startswith="registry.organisation.import").exists()

    call_command("import_organisations", str(path), "--user", "kolding_consultant", "-v", "0")
    assert Organisation.objects.filter(cvr__in=cvrs).count() == ROWS
    assert AuditEvent.objects.filter(event="registry.organisation.import_create").count() == ROWS
