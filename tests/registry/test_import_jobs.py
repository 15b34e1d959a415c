"""A large registry import runs as background jobs (core.tasks; immediate in tests): its
progress shows on the core Job too, a dropped database connection is retried, and an import
whose worker died is marked failed on its page and can be started again to success."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from core import tasks
from core.models import Job, WorkerHeartbeat
from registry import importing
from registry import tasks as import_tasks
from registry.models import ImportJob, Organisation
from tests.registry.test_import import SAMPLE
from tests.registry.test_import_pages import upload


@pytest.fixture
def background(settings):
    settings.IMPORT_BACKGROUND_ROWS = 5  # the sample has 8 rows


def test_validation_and_apply_are_background_jobs_with_progress(world, client_for, background):
    client = client_for(world.users["consultant"])
    upload(client, SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    client.post(reverse("registry:import_confirm", args=[job.public_id]))
    runs = list(Job.objects.order_by("created_at"))
    assert [(r.kind, r.status, r.progress_done, r.progress_total) for r in runs] == [
        ("registry.tasks.validate_import", Job.Status.DONE, 8, 8),
        ("registry.tasks.apply_import", Job.Status.DONE, 8, 8),
    ]
    assert {r.created_by for r in runs} == {world.users["consultant"]}
    assert runs[1].kwargs == {"import_job_id": job.pk, "user_id": world.users["consultant"].pk}


def test_a_dropped_connection_during_validation_is_retried(world, client_for, background, monkeypatch):
    real, calls = importing.validate_content, []

    def drops_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "validate_content", drops_once)
    upload(client_for(world.users["consultant"]), SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALID
    assert Job.objects.get().attempts == 2


def test_an_import_whose_worker_died_fails_visibly_and_can_be_retried(world, client_for, background):
    client = client_for(world.users["consultant"])
    upload(client, SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    # The apply job was claimed by a worker that then died (its heartbeat is 4 minutes old).
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)
    WorkerHeartbeat.objects.create(worker_id="dead", seen_at=timezone.now() - timedelta(minutes=4))
    Job.objects.create(
        kind=import_tasks.apply_import.background_job.path, status=Job.Status.RUNNING, attempts=3, max_attempts=3,
        kwargs={"import_job_id": job.pk, "user_id": world.users["consultant"].pk}, worker_id="dead",
        started_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    tasks.reap_lost_jobs()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    page = client.get(reverse("registry:import_preview", args=[job.public_id])).content.decode()
    assert "Importen fejlede, og intet er gemt. Prøv igen." in page
    assert reverse("registry:import_retry", args=[job.public_id]) in page

    before = Organisation.objects.count()
    client.post(reverse("registry:import_retry", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALID  # checked again; the user confirms again
    client.post(reverse("registry:import_confirm", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Organisation.objects.count() == before + 8


def test_only_a_failed_import_with_its_file_can_be_retried(world, client_for):
    client = client_for(world.users["consultant"])
    upload(client, SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    response = client.post(reverse("registry:import_retry", args=[job.public_id]), follow=True)
    assert "Importen kan ikke startes igen" in response.content.decode()
    assert ImportJob.objects.get().status == ImportJob.Status.VALID
    outsider = client_for(world.outsiders["consultant"])
    assert outsider.post(reverse("registry:import_retry", args=[job.public_id])).status_code == 404
