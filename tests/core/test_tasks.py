"""core.tasks with the immediate backend of the test settings: a job runs before enqueue
returns, stores its progress and result, retries transient errors, fails at once on bugs, and
a job whose worker died (simulated: a running job held by a worker with no fresh heartbeat) is
marked failed, then retried to success. The real worker processes: test_worker.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record
from core import tasks
from core.models import Job, WorkerHeartbeat
from core.request_context import RequestOrigin, reset_origin, set_origin
from tests.core import jobs_for_tests as jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    jobs.calls.clear()
    jobs.failures_seen.clear()


def test_a_job_runs_with_progress_and_keeps_its_result(world):
    job = tasks.enqueue(jobs.count_to, by=world.users["consultant"], n=7)
    assert (job.status, job.progress_done, job.progress_total, job.percent) == (Job.Status.DONE, 7, 7, 100)
    assert job.result == {"counted": 7}
    assert (job.label, job.attempts, job.created_by) == ("Tæl", 1, world.users["consultant"])
    assert [entry["outcome"] for entry in job.history] == ["done"]


def test_a_transient_database_error_is_retried_until_it_succeeds():
    job = tasks.enqueue(jobs.flaky, key="a", fail_times=2)
    assert (job.status, job.attempts, job.result) == (Job.Status.DONE, 3, "ok")
    assert [entry["outcome"] for entry in job.history] == ["error", "error", "done"]
    assert job.history[0]["error"] == "OperationalError"
    assert jobs.failures_seen == []


def test_a_job_fails_when_its_attempts_run_out_and_tells_its_owner():
    job = tasks.enqueue(jobs.flaky, key="b", fail_times=5)
    assert (job.status, job.attempts, job.error) == (Job.Status.FAILED, 3, "OperationalError")
    assert jobs.failures_seen == [{"key": "b", "fail_times": 5}]


def test_a_bug_fails_the_job_at_once_without_retries():
    job = tasks.enqueue(jobs.broken, key="c")
    assert (job.status, job.attempts, jobs.calls["c"]) == (Job.Status.FAILED, 1, 1)
    assert job.error == "ValueError"  # the class only: messages may quote personal data
    assert jobs.failures_seen == [{"key": "c"}]


def test_a_failed_job_can_be_retried_with_a_fresh_budget():
    job = tasks.enqueue(jobs.flaky, key="d", fail_times=3)
    assert job.status == Job.Status.FAILED
    assert tasks.retry(job)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result) == (Job.Status.DONE, 4, "ok")
    assert not tasks.retry(job)  # only failed jobs start again


def _running_on_dead_worker(job_kind, *, max_attempts: int, **kwargs) -> Job:
    """A job a worker claimed 5 minutes ago; that worker last beat 4 minutes ago."""
    WorkerHeartbeat.objects.create(worker_id="dead-worker", seen_at=timezone.now() - timedelta(minutes=4))
    return Job.objects.create(
        kind=job_kind.background_job.path, kwargs=kwargs, status=Job.Status.RUNNING, attempts=1,
        max_attempts=max_attempts, worker_id="dead-worker", started_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip


def test_a_job_whose_worker_died_is_marked_failed_then_retried_to_success():
    job = _running_on_dead_worker(jobs.count_to, max_attempts=1, n=3)
    assert tasks.reap_lost_jobs() == [job]
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "WorkerLost")
    assert job.history[0]["outcome"] == "worker_lost" and job.history[0]["worker"] == "dead-worker"
    assert tasks.retry(job)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result) == (Job.Status.DONE, 2, {"counted": 3})


def test_a_lost_job_with_attempts_left_is_retried_by_the_reaper_itself():
    job = _running_on_dead_worker(jobs.count_to, max_attempts=3, n=2)
    tasks.reap_lost_jobs()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert [entry["outcome"] for entry in job.history] == ["worker_lost", "done"]


def test_a_job_on_a_live_worker_or_just_started_is_left_alone():
    WorkerHeartbeat.objects.create(worker_id="live", seen_at=timezone.now())
    long_running = Job.objects.create(
        kind=jobs.count_to.background_job.path, kwargs={"n": 1}, status=Job.Status.RUNNING, attempts=1,
        worker_id="live", started_at=timezone.now() - timedelta(hours=2),
    )  # fmt: skip
    just_claimed = Job.objects.create(
        kind=jobs.count_to.background_job.path, kwargs={"n": 1}, status=Job.Status.RUNNING, attempts=1,
        worker_id="new-worker-without-beat-yet", started_at=timezone.now(),
    )  # fmt: skip
    assert tasks.reap_lost_jobs() == []
    assert {j.status for j in Job.objects.filter(pk__in=[long_running.pk, just_claimed.pk])} == {Job.Status.RUNNING}


def test_a_reaped_attempt_that_finishes_late_changes_nothing():
    job = _running_on_dead_worker(jobs.count_to, max_attempts=1, n=3)
    late = tasks.Progress(job)  # the dead worker's handle, captured before the reaper ran
    tasks.reap_lost_jobs()
    late(3, 3)
    job.refresh_from_db()
    assert (job.status, job.progress_done) == (Job.Status.FAILED, 0)


@tasks.background_job()
def _audited(progress, *, label: str) -> None:
    from django.db import transaction

    with transaction.atomic():
        record(actor=None, action="create", event="test.job", object_label=label)


def test_audit_rows_written_by_a_job_name_the_origin_of_whoever_enqueued_it():
    token = set_origin(RequestOrigin(ip="192.0.2.7", user_agent="Firefox", path="/register/import/", channel="web"))
    try:
        tasks.enqueue(_audited, label="fra job")
    finally:
        reset_origin(token)
    row = AuditEvent.objects.get(event="test.job")
    assert (row.ip, row.path, row.channel) == ("192.0.2.7", "/register/import/", "web")
