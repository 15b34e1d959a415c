# ruff: noqa: F811 - the imported `definition` fixture is a parameter of the tests
"""An evaluation report over the size threshold is made as a background PDF job (core.pdf_jobs;
the test backend runs it at once): the PDF link redirects to a progress page, and the stored,
protected file downloads (audited) for users who may see the report, never for another
municipality. A small report stays a direct download."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditAction, AuditEvent
from core import pdf_jobs
from core.models import Job
from tests.reports.test_reports_exports import PERIOD, definition  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603,S607
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def _pdf_url(definition):
    return reverse("reports:pdf", args=[definition.public_id]) + f"?periode={PERIOD}"


def test_a_large_report_is_made_by_a_job_and_downloads_protected(
    world, client_for, definition, media, settings
):
    settings.PDF_BACKGROUND_ROWS = 1
    user = world.users[Role.ANALYST]
    client = client_for(user)
    response = client.get(_pdf_url(definition))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:pdf_job", args=[definition.public_id, job.public_id])
    assert (job.kind, job.status, job.kwargs) == (
        "reports.pdf.report_pdf_job",
        Job.Status.DONE,
        {"definition_id": definition.pk, "period_key": PERIOD},
    )
    assert job.progress_total == pdf_jobs.TOTAL and job.progress_done >= pdf_jobs.WRITING

    page = client.get(response["Location"]).content.decode()
    download_url = reverse("reports:pdf_file", args=[definition.public_id, job.public_id])
    assert download_url in page

    response = client.get(download_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(f'attachment; filename="rapport-kolding-{PERIOD}.pdf"')
    text = _text(b"".join(response.streaming_content))
    assert "Evalueringsrapport" in text and "INSP-evaluering" in text
    assert "Definitioner og beskyttelse af små tal" in text
    event = AuditEvent.objects.get(event="reports.report.pdf")
    assert (event.action, event.actor, event.changes["period"]) == (AuditAction.EXPORT, user, PERIOD)


def test_another_municipality_and_a_user_without_report_view_get_404(
    world, client_for, definition, media, settings
):
    settings.PDF_BACKGROUND_ROWS = 1
    client_for(world.users[Role.ANALYST]).get(_pdf_url(definition))
    job = Job.objects.get()
    for user in (world.outsiders[Role.ANALYST], world.users[Role.PROVIDER]):
        for name in ("reports:pdf_job", "reports:pdf_file"):
            url = reverse(name, args=[definition.public_id, job.public_id])
            assert client_for(user).get(url).status_code == 404
    assert not AuditEvent.objects.filter(event="reports.report.pdf").exists()


def test_a_small_report_stays_a_direct_download(world, client_for, definition, media, settings):
    settings.PDF_BACKGROUND_ROWS = 10_000
    response = client_for(world.users[Role.ANALYST]).get(_pdf_url(definition))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not Job.objects.exists()
