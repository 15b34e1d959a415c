"""What the provider writes about a service and a period, beside the figures (seed 003's
evaluation has, per service and half-year, the experiences of the period and the needs and
opportunities ahead). The evaluation report prints it for the report's periods."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ServiceNarrative(models.Model):
    """At most one per service and period (a database constraint); written by the provider's
    staff through agreements.services.narrative_save."""

    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="narratives"
    )
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    experiences = models.TextField(_("erfaringer fra perioden"), blank=True)
    needs = models.TextField(_("fremadrettede behov"), blank=True)
    opportunities = models.TextField(_("muligheder"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service", "period_start", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "period_start", "period_end"], name="agreements_unique_narrative_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="agreements_narrative_end_after_start"
            ),
        ]
        verbose_name = _("beretning")
        verbose_name_plural = _("beretninger")

    def __str__(self) -> str:
        return f"{self.period_start:%d-%m-%Y} – {self.period_end:%d-%m-%Y}"
