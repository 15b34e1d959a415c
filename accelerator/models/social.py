"""Each company's social model (seed 001 §2-3): value-creating tasks for citizens, a planned
induction and staff trained as buddies. Its readiness (accelerator.rules.readiness) gates the
company's placement slots (accelerator.gates)."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cohorts import Participant


class SocialModel(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="social_model")
    summary = models.TextField(_("beskrivelse"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("social model")
        verbose_name_plural = _("sociale modeller")

    def __str__(self) -> str:
        return str(self.participant)


class ValueTask(models.Model):
    """A value-creating task a citizen can do in the company."""

    social_model = models.ForeignKey(SocialModel, on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField(_("opgave"), max_length=300)
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)
    skills = models.CharField(_("kompetencer"), max_length=300, blank=True)
    citizens = models.PositiveSmallIntegerField(_("antal borgere"))

    class Meta:
        ordering = ["social_model", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=37), name="accelerator_task_hours"
            ),
            models.CheckConstraint(condition=Q(citizens__gte=1), name="accelerator_task_citizens"),
        ]
        verbose_name = _("værdiskabende opgave")
        verbose_name_plural = _("værdiskabende opgaver")

    def __str__(self) -> str:
        return self.description


class InductionStep(models.Model):
    """One step of the planned induction (indslusning), with who is responsible."""

    social_model = models.ForeignKey(SocialModel, on_delete=models.CASCADE, related_name="induction")
    week = models.PositiveSmallIntegerField(_("uge i forløbet"))
    description = models.CharField(_("trin"), max_length=300)
    responsible = models.CharField(_("ansvarlig"), max_length=200)

    class Meta:
        ordering = ["social_model", "week", "pk"]
        verbose_name = _("trin i indslusningen")
        verbose_name_plural = _("indslusningsplan")

    def __str__(self) -> str:
        return self.description


class Buddy(models.Model):
    """A named member of staff who receives and supports citizens, trained in buddy technique."""

    social_model = models.ForeignKey(SocialModel, on_delete=models.CASCADE, related_name="buddies")
    name = models.CharField(_("navn"), max_length=200)
    job_title = models.CharField(_("stilling"), max_length=200, blank=True)
    trained_on = models.DateField(_("uddannet som buddy den"), null=True, blank=True)

    class Meta:
        ordering = ["social_model", "name"]
        verbose_name = _("buddy")
        verbose_name_plural = _("buddies")

    def __str__(self) -> str:
        return self.name

    @property
    def trained(self) -> bool:
        return self.trained_on is not None
