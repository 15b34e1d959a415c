"""Background jobs as users and operators see them (core.tasks): what runs, for whom, how far
it has come, which attempt, and which worker holds it. WorkerHeartbeat is the lease: a job
whose worker stopped beating is lost, marked failed and retried (core.tasks.reap_lost_jobs)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kører")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlet")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=200)  # dotted path of the @background_job function
    label = models.CharField(_("betegnelse"), max_length=200, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)  # ids only, never personal data
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    worker_id = models.CharField(max_length=64, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)  # django-tasks result of this attempt
    history = models.JSONField(default=list, blank=True)  # one entry per finished attempt
    error = models.CharField(_("fejl"), max_length=200, blank=True)  # exception class, no message
    result = models.JSONField(null=True, blank=True)
    origin = models.JSONField(default=dict, blank=True)  # request origin for the job's audit rows
    # Set for work that must not run twice at once (core.tasks.enqueue(..., once=True)): kind,
    # user and arguments hashed; at most one queued or running job per key (a constraint).
    dedupe_key = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "worker_id"], name="core_job_status_worker")]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=models.Q(status__in=["queued", "running"]) & ~models.Q(dedupe_key=""),
                name="one_active_job_per_dedupe_key",
            )
        ]
        verbose_name = _("baggrundsjob")
        verbose_name_plural = _("baggrundsjob")

    def __str__(self) -> str:
        return f"{self.label or self.kind} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class WorkerHeartbeat(models.Model):
    """One row per running worker process, renewed every few seconds (manage.py run_worker)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
