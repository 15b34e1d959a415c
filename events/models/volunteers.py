"""The volunteers of an organisation (seed 003 §1: the meeting place's volunteers): contact,
consent, activities, and shifts with hours, from which the yearly tally can be computed."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Volunteer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="volunteers",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    activities = models.CharField(_("aktiviteter og roller"), max_length=300, blank=True)
    consent_at = models.DateTimeField(_("samtykke givet"))
    active = models.BooleanField(_("aktiv"), default=True)
    started = models.DateField(_("startede"))

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("frivillig")
        verbose_name_plural = _("frivillige")

    def __str__(self) -> str:
        return self.name


class VolunteerShift(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField(_("dato"))
    hours = models.DecimalField(_("timer"), max_digits=5, decimal_places=2)
    activity = models.CharField(_("aktivitet"), max_length=200, blank=True)

    class Meta:
        ordering = ["volunteer", "-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="shift_hours_in_a_day",
                violation_error_message=_("Timer skal være mellem 0 og 24."),
            ),  # fmt: skip
        ]
        verbose_name = _("vagt")
        verbose_name_plural = _("vagter")

    def __str__(self) -> str:
        return f"{self.date} {self.hours}"
