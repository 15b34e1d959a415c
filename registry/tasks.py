"""The registry import's background jobs (core.tasks): validation and apply of a large file.
Retried after a lost worker or a dropped database connection; when attempts run out the
ImportJob is marked failed with a message and can be started again from its page."""

from django.utils.translation import gettext_lazy

from core.tasks import background_job, enqueue

from . import importing

__all__ = ["enqueue", "validate_import", "apply_import"]


def _validation_failed(*, import_job_id: int) -> None:
    importing.job_failed(import_job_id, importing.VALIDATION_FAILED)


def _apply_failed(*, import_job_id: int, user_id: int) -> None:
    importing.job_failed(import_job_id, importing.APPLY_FAILED)


@background_job(label=gettext_lazy("Kontrol af registerimport"), on_failure=_validation_failed)
def validate_import(progress, *, import_job_id: int) -> None:
    importing.job_validate(import_job_id, progress)


@background_job(label=gettext_lazy("Registerimport"), on_failure=_apply_failed)
def apply_import(progress, *, import_job_id: int, user_id: int) -> None:
    importing.job_apply(import_job_id, user_id, progress)
