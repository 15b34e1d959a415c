"""The audit log: append-only. Rows are written in the same transaction as the change they
describe (see audit.services.record); a database trigger refuses UPDATE and DELETE on
PostgreSQL, and the model refuses them in Python on every backend."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Oprettet")
    UPDATE = "update", _("Ændret")
    DELETE = "delete", _("Slettet")
    EXPORT = "export", _("Eksporteret")
    IMPORT = "import", _("Importeret")
    READ = "read", _("Læst")
    SEARCH = "search", _("Søgt")
    DENIED = "denied", _("Adgang nægtet")
    LOGIN = "login", _("Logget ind")
    LOGIN_FAILED = "login_failed", _("Fejlet login")
    LOGOUT = "logout", _("Logget ud")


class AppendOnlyError(Exception):
    pass


class AuditEvent(models.Model):
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # PROTECT: a user with history is deactivated, never deleted
    actor_label = models.CharField(_("bruger"), max_length=200, blank=True)
    action = models.CharField(_("handling"), max_length=20, choices=AuditAction.choices)
    event = models.CharField(_("hændelse"), max_length=100, help_text="Stable name, e.g. registry.organisation.update")
    object_type = models.CharField(_("objekttype"), max_length=100, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    object_label = models.CharField(_("objekt"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        "tenants.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=300, blank=True)
    channel = models.CharField(_("kanal"), max_length=10, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "-at"], name="audit_municipality_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]
        verbose_name = _("revisionshændelse")
        verbose_name_plural = _("revisionsspor")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.event} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
