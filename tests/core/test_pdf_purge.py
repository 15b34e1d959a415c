"""manage.py purge_pdf_files: the stored files of PDF jobs finished more than --days ago are
deleted (their page then offers to make the PDF again); newer ones, unfinished jobs and files
outside the PDF folder stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from core import pdf_jobs
from core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _job(days_ago: float, *, status=Job.Status.DONE, folder=pdf_jobs.STORAGE_FOLDER) -> Job:
    name = default_storage.save(f"{folder}/rapport.pdf", ContentFile(b"%PDF-1.7"))
    return Job.objects.create(
        kind="mapping.pdf.report_pdf_job",
        status=status,
        finished_at=timezone.now() - timedelta(days=days_ago),
        result={"file": name, "filename": "rapport.pdf", "bytes": 8},
    )


def test_files_of_jobs_finished_before_the_cutoff_are_deleted():
    old, recent = _job(8), _job(6)
    running = _job(30, status=Job.Status.RUNNING)
    elsewhere = _job(30, folder="imports")
    out = StringIO()
    call_command("purge_pdf_files", "--days", "7", stdout=out)
    assert "1 PDF-fil(er) slettet." in out.getvalue()
    assert pdf_jobs.file_of(old) is None
    assert pdf_jobs.file_of(recent) is not None
    for kept in (running, elsewhere):
        assert default_storage.exists(kept.result["file"])


def test_a_second_run_finds_nothing_more_to_delete():
    _job(10)
    assert pdf_jobs.purge_files(timedelta(days=7)) == 1
    assert pdf_jobs.purge_files(timedelta(days=7)) == 0
