"""Production serving: /healthz answers without the database, /readyz checks the database and,
when jobs run in a worker, a fresh worker heartbeat; gunicorn serves the app with the
project's config and writes JSON access lines without the client IP or the query string;
JSON application logs carry no exception message; serve.sh refuses unapplied migrations."""

import gc
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.urls import get_resolver
from django.utils import timezone

from brobyg.logging import JsonFormatter
from brobyg.warmup import project_template_names, warm
from core.models import WorkerHeartbeat

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_without_a_login(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_readyz_is_ready_when_jobs_run_immediately(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "worker": "not used"}}


def test_readyz_needs_a_fresh_worker_heartbeat_with_the_database_backend(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    WorkerHeartbeat.objects.create(worker_id="old", seen_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "worker": "no fresh heartbeat"}
    WorkerHeartbeat.objects.create(worker_id="new", seen_at=timezone.now())
    assert client.get("/readyz").status_code == 200


def test_json_log_lines_name_the_exception_but_not_its_message():
    try:
        raise ValueError("CPR 010190-1234 findes allerede")
    except ValueError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "Import fejlede", (), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert (line["level"], line["message"], line["exception"]) == ("ERROR", "Import fejlede", "builtins.ValueError")
    assert "010190" not in json.dumps(line)
    assert line["frames"][-1].endswith("in test_json_log_lines_name_the_exception_but_not_its_message")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_serves_with_the_project_config_and_logs_no_ip_or_query(tmp_path):
    from django.db import connection

    WorkerHeartbeat.objects.create(worker_id="a-worker", seen_at=timezone.now())  # readyz wants one
    db, port = connection.settings_dict, free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brobyg.settings.dev",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "BROBYG_ADDR": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "--config", "brobyg/gunicorn.conf.py"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz?q=010190-1234", timeout=5).read()  # noqa: S310
                    break
                except OSError:
                    assert time.monotonic() < deadline and server.poll() is None, log.read_text()
                    time.sleep(0.3)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert json.loads(body)["checks"]["database"] == "ok"
    text = log.read_text()
    # sync workers (the default) serve one request each: GUNICORN_THREADS applies to gthread only
    assert "2 sync workers x 1 thread(s) = at most 2 database connections" in text
    # a worker loads the URLconf and compiles every template before it takes a request (the one
    # that answered did; the other may still be warming when the server is stopped)
    assert text.count(f"ready, {len(project_template_names())} templates compiled") >= 1
    access = [json.loads(line) for line in text.splitlines() if '"gunicorn.access"' in line]
    assert access and {(a["method"], a["path"], a["status"]) for a in access} == {("GET", "/readyz", "200")}
    assert set(access[0]) == {"at", "logger", "method", "path", "status", "bytes", "duration_ms"}
    assert "010190" not in text and "127.0.0.1\"" not in json.dumps(access)


def test_warming_a_worker_compiles_every_template_loads_the_urls_and_leaves_no_connection():
    names = project_template_names()
    assert {"base.html", "pathways/citizen_detail.html", "registry/detail.html"} <= set(names)
    assert not any(name.startswith(("admin/", "django/")) for name in names)  # the project's own only
    try:
        assert warm() == len(names)  # a template that does not compile is logged and not counted
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert get_resolver()._populated
    assert all(c.connection is None for c in connections.all())


def test_serve_sh_refuses_to_start_with_unapplied_migrations(tmp_path):
    """An empty SQLite database has every migration unapplied."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobyg.settings.dev",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", "PYTHON": sys.executable}  # fmt: skip
    result = subprocess.run(["bash", "scripts/serve.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603,S607
    assert result.returncode == 1
    assert "Unapplied migrations" in result.stderr
