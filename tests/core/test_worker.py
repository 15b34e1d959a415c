"""The worker itself, as real processes on the test database (the database task backend, not
the immediate one): a job survives a worker restart. Worker A claims a job and is killed
(SIGKILL: no clean-up); worker B, started afterwards, finds A's heartbeat stale, marks A's
attempt failed (on the Job and on django-tasks' result row) and runs the job again to success.
Short heartbeat and lease (1 s, 3 s) keep the test quick."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from core import tasks
from core.models import Job, WorkerHeartbeat
from tests.core import jobs_for_tests as jobs

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def start_worker(worker_id: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brobyg.settings.dev",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_LEASE_SECONDS": "3",
        "JOB_RETRY_BACKOFF_SECONDS": "0",
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_worker", "--worker-id", worker_id, "--interval", "0.2",
         "--no-startup-delay", "--verbosity", "0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.2)


def status(job: Job) -> str:
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


def test_a_job_survives_a_worker_restart(database_tasks, tmp_path):
    from django_tasks_db.models import DBTaskResult

    release, started = tmp_path / "release", tmp_path / "started"
    job = tasks.enqueue(jobs.wait_for_file, path=str(release), started=str(started))
    assert job.status == Job.Status.QUEUED  # stored, not run: the database backend waits for a worker

    first = start_worker("worker-a")
    try:
        wait_until(started.exists)
        assert status(job) == Job.Status.RUNNING
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    assert status(job) == Job.Status.RUNNING  # nobody knows yet: the dead worker cannot tell
    assert WorkerHeartbeat.objects.filter(worker_id="worker-a").exists()

    release.touch()
    second = start_worker("worker-b")
    try:
        wait_until(lambda: status(job) == Job.Status.DONE)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    job.refresh_from_db()
    assert (job.attempts, job.worker_id, job.result) == (2, "worker-b", "released")
    assert [(e["worker"], e["outcome"]) for e in job.history] == [("worker-a", "worker_lost"), ("worker-b", "done")]
    attempts = DBTaskResult.objects.order_by("enqueued_at")
    assert [(r.status, r.worker_ids) for r in attempts] == [("FAILED", ["worker-a"]), ("SUCCESSFUL", ["worker-b"])]
    assert attempts[0].exception_class_path == "core.tasks.WorkerLost"
    assert second.returncode == 0, second.stderr.read().decode()
    assert not WorkerHeartbeat.objects.filter(worker_id="worker-b").exists()  # a clean stop says goodbye
