"""enqueue(..., once=True): at most one queued or running job per kind, user and arguments,
decided by the constraint one_active_job_per_dedupe_key (a second click on a large PDF, or two
at the same moment, make one job)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from core import tasks
from core.models import Job
from core.testing import run_concurrently
from tests.core import jobs_for_tests as jobs

QUEUED_ONLY = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # nothing runs the job


def _user(name: str):
    return get_user_model().objects.create_user(username=name, email=f"{name}@example.dk", password="x" * 16)  # noqa: S106


def _active(job_function, user, status=Job.Status.RUNNING, **kwargs) -> Job:
    path = job_function.background_job.path
    return Job.objects.create(
        kind=path, kwargs=kwargs, status=status, created_by=user, dedupe_key=tasks.dedupe_key(path, user, kwargs)
    )


@pytest.mark.django_db
def test_the_active_job_is_returned_for_the_same_kind_user_and_arguments():
    anna, bo = _user("anna"), _user("bo")
    running = _active(jobs.count_to, anna, n=3)
    assert tasks.enqueue(jobs.count_to, by=anna, once=True, n=3) == running
    assert Job.objects.count() == 1
    # Other arguments, another user, or without once: a job of their own (run at once here).
    others = [
        tasks.enqueue(jobs.count_to, by=anna, once=True, n=4),
        tasks.enqueue(jobs.count_to, by=bo, once=True, n=3),
        tasks.enqueue(jobs.count_to, by=anna, n=3),
    ]
    assert len({running.pk, *(j.pk for j in others)}) == 4
    assert all(j.status == Job.Status.DONE for j in others)


@pytest.mark.django_db
def test_a_finished_or_failed_job_does_not_block_a_new_one():
    anna = _user("anna")
    _active(jobs.count_to, anna, status=Job.Status.DONE, n=3)
    _active(jobs.count_to, anna, status=Job.Status.FAILED, n=3)
    job = tasks.enqueue(jobs.count_to, by=anna, once=True, n=3)
    assert job.status == Job.Status.DONE and Job.objects.count() == 3


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_job_with_the_same_key():
    anna = _user("anna")
    first = _active(jobs.count_to, anna, status=Job.Status.QUEUED, n=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        _active(jobs.count_to, anna, status=Job.Status.RUNNING, n=3)
    assert Job.objects.filter(dedupe_key=first.dedupe_key).count() == 1


@pytest.mark.django_db
def test_a_failed_job_is_not_retried_while_its_twin_runs():
    anna = _user("anna")
    failed = _active(jobs.count_to, anna, status=Job.Status.FAILED, n=3)
    _active(jobs.count_to, anna, status=Job.Status.RUNNING, n=3)
    assert tasks.retry(failed) is False
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_requests_at_the_same_moment_make_one_job(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections")
    settings.TASKS = QUEUED_ONLY
    anna = _user("anna")
    results = run_concurrently(lambda i: tasks.enqueue(jobs.count_to, by=anna, once=True, n=5).pk, n=20)
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert len(set(results)) == 1
    assert Job.objects.filter(kind=jobs.count_to.background_job.path).count() == 1
