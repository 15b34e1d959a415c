"""A company's growth: turnover per year is stored here; employees and employees on special
terms are read from registry.Staffing (one source of truth, never copied). The six months of
follow-up after the cohort are checkpoints with due dates."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cohorts import Participant


class CompanyGrowth(models.Model):
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="accelerator_growth",
        verbose_name=_("virksomhed"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    turnover = models.DecimalField(_("omsætning (kr.)"), max_digits=14, decimal_places=2)
    citizens_hired = models.PositiveSmallIntegerField(_("ansatte borgere fra programmet"), default=0)

    class Meta:
        ordering = ["organisation", "year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="accelerator_one_growth_per_year"),
            models.CheckConstraint(condition=Q(turnover__gte=0), name="accelerator_turnover_not_negative"),
        ]
        verbose_name = _("virksomhedens vækst")
        verbose_name_plural = _("virksomhedernes vækst")

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class FollowUp(models.Model):
    """A follow-up checkpoint after the cohort: is the social model implemented and anchored?"""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="follow_ups")
    month = models.PositiveSmallIntegerField(_("måned efter forløbet"))
    due = models.DateField(_("frist"))
    done_on = models.DateField(_("gennemført"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["participant", "due"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "month"], name="accelerator_one_follow_up_per_month"
            )
        ]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")

    def __str__(self) -> str:
        return f"{self.participant} {self.due}"
