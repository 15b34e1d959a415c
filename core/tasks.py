"""Durable background jobs: django-tasks with its database backend, a worker process
(`manage.py run_worker`) and a Job row per piece of work with progress, attempts and a lease.

Use from any app:

    from core.tasks import background_job, enqueue

    @background_job(label=gettext_lazy("Udsendelse"), max_attempts=3, on_failure=mark_failed)
    def send_mailing(progress, *, mailing_id: int) -> dict:
        for done, recipient in enumerate(recipients, 1):
            ...
            progress(done, total)  # one UPDATE: call it every few hundred items
        return {"sent": total}      # JSON, stored on the Job

    job = enqueue(send_mailing, by=request.user, mailing_id=mailing.pk)  # -> core.models.Job
    job = enqueue(make_pdf, by=request.user, once=True, report_id=7)  # or the one already active

Keyword arguments must be JSON (ids, not objects, never personal data). The function runs in
the worker with the request origin of whoever enqueued it (audit rows name their IP and
channel). Tests use django-tasks' ImmediateBackend: enqueue runs the job before it returns.

Failures: a transient database error (the connection dropped, a deadlock) or a lost worker
retries the job (new attempt, backoff) while attempts remain; any other exception fails it
at once. A job that finally fails calls its `on_failure(**kwargs)`, so the domain object (an
ImportJob) shows the failure. `retry(job)` starts a failed job again with a fresh budget.

Lease: each worker renews a WorkerHeartbeat row every WORKER_HEARTBEAT_SECONDS. A running job
whose worker has not beaten for WORKER_LEASE_SECONDS is lost (the worker was killed, the
machine died): `reap_lost_jobs` (run by every worker on each beat) marks the attempt failed
and retries or fails the job. A job run by a worker that was only slow finishes without effect
on the job's state (every state change checks worker and attempt).
"""

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .models import Job, WorkerHeartbeat
from .request_context import RequestOrigin, current_origin, reset_origin, set_origin

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


class WorkerLost(Exception):
    """The worker holding a job stopped renewing its heartbeat."""


@dataclass(frozen=True)
class JobSpec:
    path: str
    func: Callable[..., Any]
    label: Any  # lazy translation, resolved when a job is enqueued
    max_attempts: int
    on_failure: Callable[..., None] | None


def background_job(*, label="", max_attempts: int = 3, on_failure: Callable[..., None] | None = None):
    """Declare a function `fn(progress, **kwargs)` as a background job kind."""

    def decorate(func):
        func.background_job = JobSpec(
            path=f"{func.__module__}.{func.__qualname__}",
            func=func,
            label=label,
            max_attempts=max_attempts,
            on_failure=on_failure,
        )
        return func

    return decorate


def _spec(kind: str) -> JobSpec:
    return import_string(kind).background_job


ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)


def enqueue(func, *, by=None, job_label: str = "", once: bool = False, **kwargs) -> Job:
    """Store a Job and hand it to the task backend (in the caller's transaction, if any: the
    worker sees it only once that commits). `by` (the user) and `job_label` (overrides the
    kind's label, e.g. with a file name) are the helper's; every other keyword goes to the job.

    once=True: if the same user already has this job with these arguments queued or running,
    that job is returned instead of a second one. A database constraint decides, so two
    requests at the same moment still make one job."""
    spec: JobSpec = func.background_job
    origin = current_origin()
    user = by if getattr(by, "is_authenticated", False) else None
    fields = {
        "kind": spec.path,
        "label": str(job_label or spec.label)[:200],
        "kwargs": kwargs,
        "max_attempts": spec.max_attempts,
        "created_by": user,
        "origin": {"ip": origin.ip, "user_agent": origin.user_agent, "path": origin.path, "channel": origin.channel},
    }
    if once:
        job, created = _create_once(dedupe_key(spec.path, user, kwargs), fields)
        if not created:
            return job
    else:
        job = Job.objects.create(**fields)
    _dispatch(job)
    job.refresh_from_db()
    return job


def _create_once(key: str, fields: dict) -> tuple[Job, bool]:
    """A new job holding `key`, or the queued or running one that holds it already
    (the constraint one_active_job_per_dedupe_key decides between simultaneous requests)."""
    for _attempt in range(3):  # the active job may finish between the refusal and the lookup
        try:
            with transaction.atomic():
                return Job.objects.create(dedupe_key=key, **fields), True
        except IntegrityError:
            active = Job.objects.filter(dedupe_key=key, status__in=ACTIVE).first()
            if active is not None:
                return active, False
    raise RuntimeError(f"could not enqueue {fields['kind']}: its active job kept changing")


def dedupe_key(kind: str, user, kwargs: dict) -> str:
    """The same for the same kind, user and arguments (in any order), whatever their values."""
    payload = json.dumps([kind, getattr(user, "pk", None), kwargs], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _dispatch(job: Job, *, attempt_number: int = 1) -> None:
    runner = run_job
    backoff = settings.JOB_RETRY_BACKOFF_SECONDS * (attempt_number - 1)
    if backoff and runner.get_backend().supports_defer:
        runner = runner.using(run_after=timezone.now() + timedelta(seconds=backoff))
    runner.enqueue(str(job.public_id))


class Progress:
    """Passed to a job function: `progress(done, total)` stores how far it has come."""

    def __init__(self, job: Job):
        self.job_pk, self.worker_id, self.attempt = job.pk, job.worker_id, job.attempts

    def __call__(self, done: int, total: int | None = None) -> None:
        fields: dict[str, Any] = {"progress_done": done, "updated_at": timezone.now()}
        if total is not None:
            fields["progress_total"] = total
        _owned(self.job_pk, self.worker_id, self.attempt).update(**fields)


def _owned(job_pk: int, worker_id: str, attempt: int):
    """The job, if this attempt still holds it (a reaped attempt must change nothing)."""
    return Job.objects.filter(pk=job_pk, status=Job.Status.RUNNING, worker_id=worker_id, attempts=attempt)


@task(takes_context=True)
def run_job(context, job_public_id: str) -> str:
    """The one django-tasks task: claim the Job, run its function, record the outcome."""
    task_result = context.task_result
    worker_id = (task_result.worker_ids[-1] if task_result.worker_ids else "")[:64]
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(public_id=job_public_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return "skipped"  # already run, or reaped and re-queued under another task
        job.status, job.worker_id, job.attempts = Job.Status.RUNNING, worker_id, job.attempts + 1
        job.task_result_id, job.started_at, job.error = str(task_result.id)[:64], timezone.now(), ""
        job.save(update_fields=["status", "worker_id", "attempts", "task_result_id", "started_at", "error", "updated_at"])
    spec = _spec(job.kind)
    token = set_origin(RequestOrigin(**{"channel": "command", **job.origin}))
    try:
        result = spec.func(Progress(job), **job.kwargs)
    except BaseException as error:
        logger.warning("Job %s (%s) attempt %s failed: %s", job.public_id, job.kind, job.attempts, type(error).__name__)
        _attempt_failed(job, error, transient=isinstance(error, TRANSIENT_ERRORS))
        raise  # django-tasks keeps the traceback on its result row for operators
    finally:
        reset_origin(token)
    _owned(job.pk, worker_id, job.attempts).update(
        status=Job.Status.DONE,
        result=result if isinstance(result, dict | list | str | int | float | None) else str(result),
        history=[*job.history, _entry(job, "done")],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return "done"


def _entry(job: Job, outcome: str) -> dict:
    return {"attempt": job.attempts, "worker": job.worker_id, "outcome": outcome, "at": timezone.now().isoformat()}


def _attempt_failed(job: Job, error: BaseException, *, transient: bool) -> None:
    """Retry (transient errors and lost workers, while attempts remain) or fail the job."""
    retry_it = transient and job.attempts < job.max_attempts
    outcome = "worker_lost" if isinstance(error, WorkerLost) else "error"
    fields: dict[str, Any] = {
        "status": Job.Status.QUEUED if retry_it else Job.Status.FAILED,
        "error": type(error).__name__[:200],
        "history": [*job.history, {**_entry(job, outcome), "error": type(error).__name__}],
        "updated_at": timezone.now(),
    }
    if not retry_it:
        fields["finished_at"] = timezone.now()
    if not _owned(job.pk, job.worker_id, job.attempts).update(**fields):
        return  # someone else (a reaper) already settled this attempt
    if retry_it:
        _dispatch(job, attempt_number=job.attempts + 1)
    else:
        _call_on_failure(job)


def _call_on_failure(job: Job) -> None:
    hook = _spec(job.kind).on_failure
    if hook is None:
        return
    try:
        hook(**job.kwargs)
    except DatabaseError:
        logger.exception("on_failure of job %s failed", job.public_id)


def retry(job: Job) -> bool:
    """Start a failed job again with a fresh budget of attempts. False if it is not failed, or
    if it is a once=True job whose twin was started meanwhile (that one does the work)."""
    spec = _spec(job.kind)
    try:
        with transaction.atomic():
            started = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
                status=Job.Status.QUEUED,
                max_attempts=job.attempts + spec.max_attempts,
                finished_at=None,
                progress_done=0,
                updated_at=timezone.now(),
            )
    except IntegrityError:
        return False
    if started:
        _dispatch(job)
    return bool(started)


def fresh_workers():
    lease = timedelta(seconds=settings.WORKER_LEASE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - lease)


def reap_lost_jobs() -> list[Job]:
    """Running jobs whose worker's heartbeat is older than the lease (or gone): the attempt is
    marked failed (also on django-tasks' result row), then the job is retried or failed."""
    lease = timedelta(seconds=settings.WORKER_LEASE_SECONDS)
    lost = list(
        Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=timezone.now() - lease).exclude(
            worker_id__in=fresh_workers().values("worker_id")
        )
    )
    for job in lost:
        _fail_task_result(job.task_result_id)
        _attempt_failed(job, WorkerLost(job.worker_id), transient=True)
    if lost:
        logger.warning("Reaped %d job(s) whose worker stopped: %s", len(lost), [str(j.public_id) for j in lost])
    return lost


def _fail_task_result(task_result_id: str) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if not task_result_id:
        return
    try:
        DBTaskResult.objects.filter(id=task_result_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback="The worker holding this task stopped renewing its heartbeat.",
        )
    except (DatabaseError, ValidationError):  # an id from another backend (immediate) is no UUID
        logger.info("No database task result %s to mark failed", task_result_id)
