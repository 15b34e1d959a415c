"""The steering group (seed 002 §7.2): members (users and external people), meetings with
agenda, decisions and minutes, and the work plan as dated milestones."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SteeringGroup(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=200)
    strategy = models.ForeignKey(
        "plans.Strategy", on_delete=models.SET_NULL, null=True, blank=True, related_name="steering_groups",
        verbose_name=_("strategi"),
    )  # fmt: skip
    project_manager = models.CharField(_("fast projektleder"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("styregruppe")
        verbose_name_plural = _("styregrupper")

    def __str__(self) -> str:
        return self.name


class SteeringMember(models.Model):
    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("bruger"),
    )  # fmt: skip
    name = models.CharField(_("navn"), max_length=200)
    affiliation = models.CharField(_("repræsenterer"), max_length=200, blank=True)

    class Meta:
        ordering = ["group", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(user__isnull=False), name="plans_member_once_per_group"
            )
        ]
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmer")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("dato"))
    agenda = models.TextField(_("dagsorden"), blank=True)
    decisions = models.TextField(_("beslutninger"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)

    class Meta:
        ordering = ["group", "-date", "-pk"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}"


class WorkPlanMilestone(models.Model):
    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milepæl"), max_length=300)
    due = models.DateField(_("dato"))
    done_on = models.DateField(_("nået den"), null=True, blank=True)

    class Meta:
        ordering = ["group", "due", "pk"]
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")

    def __str__(self) -> str:
        return self.title
