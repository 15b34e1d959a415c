"""Evaluation report definitions as data: which tables, which services or programmes, which
period kind, compared with the previous period or not. A municipality adds a report by adding a
row, never code (the tables come from the registry in reports.tables)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Halvår")
    YEAR = "year", _("År")
    CUSTOM = "custom", _("Egne datoer")


class ReportDefinition(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    tables = models.JSONField(
        _("tabeller"), default=list, help_text=_("Nøgler fra tabelregistret i rækkefølge.")
    )
    services = models.ManyToManyField(
        "agreements.AgreementService",
        blank=True,
        related_name="report_definitions",
        verbose_name=_("ydelser"),
    )
    programmes = models.ManyToManyField(
        "pathways.Programme", blank=True, related_name="report_definitions", verbose_name=_("forløb")
    )
    period_kind = models.CharField(
        _("periode"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.HALF_YEAR
    )
    custom_start = models.DateField(_("fra"), null=True, blank=True)
    custom_end = models.DateField(_("til"), null=True, blank=True)
    compare_previous = models.BooleanField(_("sammenlign med forrige periode"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(period_kind="custom")
                | (
                    Q(custom_start__isnull=False)
                    & Q(custom_end__isnull=False)
                    & Q(custom_end__gte=F("custom_start"))
                ),
                name="report_custom_period_has_dates",
            )
        ]
        verbose_name = _("rapportdefinition")
        verbose_name_plural = _("rapportdefinitioner")

    def __str__(self) -> str:
        return self.name
