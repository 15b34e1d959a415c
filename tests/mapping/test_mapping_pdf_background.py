"""A mapping report over the size threshold is made as a background PDF job (core.pdf_jobs; the
test backend runs it at once): the download redirects to a progress page, the job moves through
WeasyPrint's stages, and the stored file downloads (audited) for users who may see the report,
never for another municipality. A small report stays a direct download."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from core import pdf_jobs, tasks
from core.models import Job
from mapping.pdf import pdf_rows
from mapping.selectors import mapping_report
from mapping.testing import build_mapping_world

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.fixture
def mapped(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    build_mapping_world(world.kolding, by=world.users["consultant"], count=20)
    settings.PDF_BACKGROUND_ROWS = pdf_rows(mapping_report(world.kolding)) - 1  # just over it
    return world


def _text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603,S607
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def _start(client, slug="kolding"):
    response = client.get(reverse("mapping:pdf", args=[slug]))
    assert response.status_code == 302
    return Job.objects.get(), response["Location"]


def test_a_large_report_is_made_by_a_job_and_downloads_from_its_progress_page(mapped, client_for):
    user = mapped.users["analyst"]
    client = client_for(user)
    job, location = _start(client)
    assert location == reverse("mapping:pdf_job", args=["kolding", job.public_id])
    assert (job.kind, job.status, job.created_by, job.kwargs) == (
        "mapping.pdf.report_pdf_job",
        Job.Status.DONE,
        user,
        {"municipality_id": mapped.kolding.pk},
    )
    assert job.progress_total == pdf_jobs.TOTAL and job.progress_done >= pdf_jobs.WRITING
    assert not AuditEvent.objects.filter(event="mapping.report.pdf").exists()  # nothing downloaded yet

    page = client.get(location)
    download_url = reverse("mapping:pdf_file", args=["kolding", job.public_id])
    assert "PDF'en er klar" in page.content.decode() and download_url in page.content.decode()

    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="kortlaegning-kolding-')
    text = _text(b"".join(response.streaming_content))
    assert "Delrapport: kortlægning af socialøkonomien" in text and "6. Interessentanalyse" in text
    assert "Org 000" in text or "Org 001" in text  # the report's own organisations
    event = AuditEvent.objects.get(event="mapping.report.pdf")
    assert (event.action, event.actor, event.municipality) == (AuditAction.EXPORT, user, mapped.kolding)


def test_the_file_is_stored_under_a_random_name_per_job(mapped, client_for):
    first, _ = _start(client_for(mapped.users["analyst"]))
    client_for(mapped.users["consultant"]).get(reverse("mapping:pdf", args=["kolding"]))
    second = Job.objects.exclude(pk=first.pk).get()
    assert first.result["file"] != second.result["file"]
    assert (
        first.result["file"].startswith(f"{pdf_jobs.STORAGE_FOLDER}/")
        and "kolding" not in first.result["file"]
    )


def test_another_municipality_gets_404_for_the_page_and_the_file(mapped, client_for):
    job, _ = _start(client_for(mapped.users["analyst"]))
    outsider = client_for(mapped.outsiders["analyst"])
    for name in ("mapping:pdf_job", "mapping:pdf_file"):
        assert outsider.get(reverse(name, args=["kolding", job.public_id])).status_code == 404
        # their own municipality's URL does not reach Kolding's job either
        assert outsider.get(reverse(name, args=["aarhus", job.public_id])).status_code == 404
    assert not AuditEvent.objects.filter(event="mapping.report.pdf").exists()


def test_a_colleague_with_access_to_the_report_may_download_it(mapped, client_for):
    job, _ = _start(client_for(mapped.users["analyst"]))
    response = client_for(mapped.users["consultant"]).get(
        reverse("mapping:pdf_file", args=["kolding", job.public_id])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_progress_page_shows_the_stage_and_polls_while_the_job_runs(mapped, client_for):
    job = Job.objects.create(
        kind="mapping.pdf.report_pdf_job",
        kwargs={"municipality_id": mapped.kolding.pk},
        status=Job.Status.RUNNING,
        progress_done=40,
        progress_total=100,
    )
    url = reverse("mapping:pdf_job", args=["kolding", job.public_id])
    partial = client_for(mapped.users["analyst"]).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Sætter siderne op" in partial and 'value="40"' in partial and f'hx-get="{url}"' in partial
    # no file yet: the download answers 404
    assert (
        client_for(mapped.users["analyst"])
        .get(reverse("mapping:pdf_file", args=["kolding", job.public_id]))
        .status_code
        == 404
    )


def test_a_second_request_while_the_job_runs_returns_the_same_job(mapped, client_for):
    user = mapped.users["analyst"]
    kwargs = {"municipality_id": mapped.kolding.pk}
    job = Job.objects.create(
        kind="mapping.pdf.report_pdf_job",
        kwargs=kwargs,
        status=Job.Status.QUEUED,
        created_by=user,
        dedupe_key=tasks.dedupe_key("mapping.pdf.report_pdf_job", user, kwargs),  # as enqueue(once=True) sets it
    )
    response = client_for(user).get(reverse("mapping:pdf", args=["kolding"]))
    assert response["Location"] == reverse("mapping:pdf_job", args=["kolding", job.public_id])
    assert Job.objects.count() == 1


def test_a_small_report_stays_a_direct_download(mapped, client_for, settings):
    settings.PDF_BACKGROUND_ROWS = pdf_rows(mapping_report(mapped.kolding))  # at the threshold, not over
    response = client_for(mapped.users["analyst"]).get(reverse("mapping:pdf", args=["kolding"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not Job.objects.exists()
