"""Registrations (tilmeldinger) for an event. First come, first served: a registration takes a
seat while seats remain, else joins the waiting list; a cancellation promotes the earliest
waiting registration. The seat count is serialised by a row lock on the event
(events/services_signups.py); the one-active-registration-per-address rule is a constraint."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SignupStatus(models.TextChoices):
    REGISTERED = "registered", _("Tilmeldt")
    WAITLISTED = "waitlisted", _("På venteliste")
    CANCELLED = "cancelled", _("Afmeldt")
    ATTENDED = "attended", _("Mødt")
    NO_SHOW = "no_show", _("Udeblevet")


# the statuses that occupy a seat
SEATED = (SignupStatus.REGISTERED, SignupStatus.ATTENDED, SignupStatus.NO_SHOW)


class Signup(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"))  # stored lower-cased, so the constraint catches case variants
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="event_signups",
        verbose_name=_("organisation"),
    )  # fmt: skip
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    workshop_group = models.ForeignKey(
        "events.WorkshopGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="signups",
        verbose_name=_("workshopgruppe"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=SignupStatus.choices)
    created_at = models.DateTimeField(_("tilmeldt"))  # set under the event's row lock: the queue order
    promoted_at = models.DateTimeField(_("rykket op fra venteliste"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("afmeldt"), null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_signup_per_email",
            ),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")), name="signup_email_lower"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def affiliation(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name
