"""Large PDFs as background jobs (core.tasks) with progress; small ones stay a direct download.

A PDF whose report lays out more than settings.PDF_BACKGROUND_ROWS table rows (default
DEFAULT_BACKGROUND_ROWS) is made by the worker: the request starts a Job and redirects to a
progress page that polls with htmx; the finished file is stored under MEDIA_ROOT with a random
name per job and downloaded through the app's own view, which checks access to the report
first (another municipality's user gets 404) and records the export like the direct download.

An app declares its job and calls `render_to_file` from it:

    @background_job(label=gettext_lazy("PDF af kortlægningen"))
    def mapping_pdf(progress, *, municipality_id: int) -> dict:
        stages = PdfProgress(progress)           # 0 %: collecting data
        report = mapping_report(Municipality.objects.get(pk=municipality_id))
        return render_to_file(stages, "mapping/report_pdf.html", {...}, filename="...")

    job = start(mapping_pdf, by=request.user, municipality_id=m.pk)   # or the running one
    job = job_get(mapping_pdf, job_id, municipality_id=m.pk)          # 404 unless it matches
    return download(job)

Progress follows WeasyPrint's own stages (its "weasyprint.progress" logger, printed by the
layout process core.pdf_child): collecting data
(0–10 %), parsing and styling the HTML (10–30 %), laying out pages (30–85 %, one step per page
against an estimate), writing the file (85–100 %). The stage is read back from the percentage
(`stage_label`), so the Job needs no extra column.
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job
from .pdf import PDF_VARIANT, render_html
from .tasks import enqueue

DEFAULT_BACKGROUND_ROWS = 400  # København (727 at the national bench scale) goes to the worker
STORAGE_FOLDER = "pdf-jobs"

# Where each stage starts, in percent of the job (progress_total is 100).
COLLECTING, STYLING, LAYOUT, WRITING, TOTAL = 0, 10, 30, 85, 100
UPDATE_EVERY_SECONDS = 0.5  # at most two progress UPDATEs a second, however many pages


def background_threshold() -> int:
    return getattr(settings, "PDF_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)


def in_background(rows: int) -> bool:
    """Whether a PDF of this many table rows is made by the worker."""
    return rows > background_threshold()


def stage_label(job: Job) -> str:
    if job.status == Job.Status.DONE:
        return _("PDF'en er klar")
    if job.status == Job.Status.FAILED:
        return _("PDF'en kunne ikke laves")
    if job.status == Job.Status.QUEUED:
        return _("Venter på at komme til")
    if job.progress_done < STYLING:
        return _("Henter data")
    if job.progress_done < LAYOUT:
        return _("Forbereder dokumentet")
    if job.progress_done < WRITING:
        return _("Sætter siderne op")
    return _("Skriver filen")


class PdfProgress:
    """The job's progress through the stages of one PDF."""

    def __init__(self, progress, *, expected_pages: int = 20):
        self.progress = progress
        self.expected_pages = max(1, expected_pages)
        self.done = -1
        self.sent_at = 0.0
        self.at(COLLECTING, force=True)

    def at(self, percent: int, *, force: bool = False) -> None:
        percent = max(self.done, min(percent, TOTAL - 1))
        now = time.monotonic()
        if percent != self.done and (force or now - self.sent_at >= UPDATE_EVERY_SECONDS):
            self.progress(percent, TOTAL)
            self.done, self.sent_at = percent, now

    def page(self, number: int) -> None:
        span = WRITING - LAYOUT - 1
        self.at(LAYOUT + min(span, span * number // self.expected_pages))


class PdfRenderFailed(RuntimeError):
    """The layout process stopped without a PDF (its exit code is the message)."""


def render_to_file(
    stages: PdfProgress,
    template_name: str,
    context: dict,
    *,
    filename: str,
    pdf_variant: str | None = PDF_VARIANT,
) -> dict:
    """Render the PDF following WeasyPrint's stages, store it under a random name, and return
    the Job's result: the stored name, the download name and the size. `pdf_variant` is the
    one the app's direct download uses, so both paths give the same file.

    The HTML is made here (templates, the database); the layout runs in a process of its own
    (core.pdf_child), so the worker's memory does not grow by the layout's."""
    html = render_html(template_name, context)
    context.clear()  # the report's rows are not needed any more
    stages.at(STYLING, force=True)
    with tempfile.TemporaryDirectory(prefix="brobyg-pdf-") as folder:
        target = os.path.join(folder, "document.pdf")
        child = subprocess.Popen(  # noqa: S603 - this interpreter and a module of ours
            [sys.executable, "-m", "core.pdf_child", target, pdf_variant or ""],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=settings.BASE_DIR,
        )
        child.stdin.write(html)
        child.stdin.close()
        del html
        for line in child.stdout:
            _child_step(stages, line.split())
        if child.wait() != 0:
            raise PdfRenderFailed(f"exit code {child.returncode}")
        with open(target, "rb") as pdf:
            size = os.fstat(pdf.fileno()).st_size
            name = default_storage.save(f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}.pdf", File(pdf))
    return {"file": name, "filename": filename, "bytes": size}


def _child_step(stages: PdfProgress, words: list[str]) -> None:
    """One line of core.pdf_child: "step 5 12" is page 12 of the layout."""
    if len(words) != 3 or words[0] != "step" or not words[1].isdigit():
        return
    step, page = int(words[1]), int(words[2]) if words[2].isdigit() else 0
    if step == 5 and page:
        stages.page(page)
    elif step < 5:
        stages.at(STYLING + 5 * (step - 1), force=True)
    elif step > 5:
        stages.at(WRITING, force=True)


def start(job_function, *, by, **kwargs) -> Job:
    """The user's queued or running job for the same PDF, or a new one: a second click, or two
    at the same moment, do not make the worker lay the report out twice (enqueue's once=True,
    a database constraint)."""
    return enqueue(job_function, by=by, once=True, **kwargs)


def job_for(job_function, **kwargs):
    """Jobs of this kind for this PDF (kwargs are the job's: ids, period keys)."""
    return Job.objects.filter(kind=job_function.background_job.path, kwargs__contains=kwargs)


def job_get(job_function, public_id, **kwargs) -> Job:
    """The job, if it made this very PDF; 404 otherwise. The caller has checked access to the
    report the kwargs name (so another municipality's user never gets this far)."""
    job = job_for(job_function, **kwargs).filter(public_id=public_id).first()
    if job is None:
        raise Http404
    return job


def file_of(job: Job) -> str | None:
    """The stored file's name, if the job finished and the file is still there."""
    name = (job.result or {}).get("file") if isinstance(job.result, dict) else None
    if job.status != Job.Status.DONE or not name or not default_storage.exists(name):
        return None
    return name


def purge_files(older_than: timedelta) -> int:
    """Delete the stored files of PDF jobs that finished more than `older_than` ago (manage.py
    purge_pdf_files, daily): a report PDF is a copy of data that lives on, and a finished job's
    page then offers to make it again. Returns how many files were deleted."""
    cutoff = timezone.now() - older_than
    finished = Job.objects.filter(status=Job.Status.DONE, finished_at__lt=cutoff, result__has_key="file")
    deleted = 0
    for result in finished.values_list("result", flat=True).iterator():
        name = result.get("file") if isinstance(result, dict) else None
        if name and name.startswith(f"{STORAGE_FOLDER}/") and default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
    return deleted


def download(job: Job, content_type: str) -> FileResponse:
    name = file_of(job)
    if name is None:
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=job.result.get("filename") or "rapport.pdf",
        content_type=content_type,
    )


def progress_page(
    request,
    job: Job,
    *,
    title: str,
    back_label: str,
    back_url: str,
    page_url: str,
    download_url: str,
    again_url: str,
):
    """The progress page, or (to htmx's polling) just its status box; polling stops when the
    job has finished."""
    name = file_of(job)
    context = {
        "job": job,
        "title": title,
        "stage": stage_label(job),
        "running": job.status in (Job.Status.QUEUED, Job.Status.RUNNING),
        "has_file": name is not None,
        "size_kb": max(1, round((job.result or {}).get("bytes", 0) / 1024)) if name else 0,
        "back_label": back_label,
        "back_url": back_url,
        "status_url": page_url,
        "page_url": page_url,
        "download_url": download_url,
        "again_url": again_url,
    }
    template = "core/_pdf_job_status.html" if getattr(request, "htmx", False) else "core/pdf_job.html"
    return render(request, template, context)
