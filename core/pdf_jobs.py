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

Progress follows WeasyPrint's own stages (its "weasyprint.progress" logger): collecting data
(0–10 %), parsing and styling the HTML (10–30 %), laying out pages (30–85 %, one step per page
against an estimate), writing the file (85–100 %). The stage is read back from the percentage
(`stage_label`), so the Job needs no extra column.
"""

import gc
import logging
import secrets
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import Job
from .pdf import PDF_VARIANT, render_document
from .tasks import enqueue

DEFAULT_BACKGROUND_ROWS = 1500
STORAGE_FOLDER = "pdf-jobs"
PROGRESS_LOGGER = "weasyprint.progress"

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

    @contextmanager
    def following_weasyprint(self):
        """Move the progress as WeasyPrint logs its steps (only this thread's rendering)."""
        handler = _StageHandler(self, threading.get_ident())
        logger = logging.getLogger(PROGRESS_LOGGER)
        level, propagate = logger.level, logger.propagate
        logger.addHandler(handler)
        # INFO reaches our handler only; the page-by-page lines stay out of the worker's log.
        logger.setLevel(logging.INFO)
        logger.propagate = False
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


class _StageHandler(logging.Handler):
    def __init__(self, stages: PdfProgress, thread_id: int):
        super().__init__(logging.INFO)
        self.stages, self.thread_id = stages, thread_id

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread_id:
            return
        message = str(record.msg)
        if message.startswith("Step 5") and record.args and isinstance(record.args[0], int):
            self.stages.page(record.args[0])
        elif message.startswith(("Step 1", "Step 2", "Step 3", "Step 4")):
            self.stages.at(STYLING + 5 * (int(message[5]) - 1), force=True)
        elif message.startswith(("Step 6", "Step 7")):
            self.stages.at(WRITING, force=True)


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
    one the app's direct download uses, so both paths give the same file."""
    stages.at(STYLING, force=True)
    with stages.following_weasyprint():
        document = render_document(template_name, context)
        # Memory: the laid-out pages are what writing needs; the parsed HTML tree kept beside
        # them and the cycles the layout left behind are freed before the file is written.
        document._html = None
        context.clear()
        gc.collect()
        stages.at(WRITING, force=True)
        content = document.write_pdf(pdf_variant=pdf_variant)
    del document
    name = default_storage.save(f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}.pdf", ContentFile(content))
    return {"file": name, "filename": filename, "bytes": len(content)}


def start(job_function, *, by, **kwargs) -> Job:
    """The user's queued or running job for the same PDF, or a new one (a second click does
    not make the worker lay the report out twice)."""
    running = (
        job_for(job_function, **kwargs)
        .filter(created_by=by, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .first()
    )
    return running or enqueue(job_function, by=by, **kwargs)


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
    request, job: Job, *, title: str, back_url: str, page_url: str, download_url: str, again_url: str
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
        "back_url": back_url,
        "status_url": page_url,
        "page_url": page_url,
        "download_url": download_url,
        "again_url": again_url,
    }
    template = "core/_pdf_job_status.html" if getattr(request, "htmx", False) else "core/pdf_job.html"
    return render(request, template, context)
