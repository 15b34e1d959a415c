"""Mailing lists per network or audience with double opt-in (a subscription is mailed only
once confirmed, never after unsubscribing), consent recorded with time and source, and
mailings sent in the background with a status per recipient (seed 003's weekly programme)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MailingList(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    owner = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="mailing_lists",
        verbose_name=_("ansvarlig organisation"),
    )  # fmt: skip
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    series = models.ForeignKey(
        "events.EventSeries", on_delete=models.SET_NULL, null=True, blank=True, related_name="mailing_lists",
        verbose_name=_("mødeserie"),
    )  # fmt: skip
    public = models.BooleanField(_("alle kan tilmelde sig"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailingliste")
        verbose_name_plural = _("mailinglister")

    def __str__(self) -> str:
        return self.name


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Afventer bekræftelse")
    CONFIRMED = "confirmed", _("Bekræftet")
    UNSUBSCRIBED = "unsubscribed", _("Afmeldt")


class Subscription(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("navn"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    consent_at = models.DateTimeField(_("samtykke givet"))
    consent_source = models.CharField(_("samtykkets kilde"), max_length=200)
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afmeldt"), null=True, blank=True)

    class Meta:
        ordering = ["mailing_list", "email"]
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "email"], name="one_subscription_per_email"),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")), name="subscription_email_lower"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False), name="confirmed_has_time"
            ),
        ]
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")

    def __str__(self) -> str:
        return self.email


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SCHEDULED = "scheduled", _("Planlagt")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Fejlet")


class Mailing(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="mailings")
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    week = models.DateField(_("uge (mandag)"), null=True, blank=True)  # a weekly programme's week
    status = models.CharField(
        _("status"), max_length=20, choices=MailingStatus.choices, default=MailingStatus.DRAFT
    )
    scheduled_for = models.DateTimeField(_("sendes"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    base_url = models.CharField(max_length=200, blank=True)  # where the unsubscribe links point
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("udsendelse")
        verbose_name_plural = _("udsendelser")

    def __str__(self) -> str:
        return self.subject


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Afventer")
    SENT = "sent", _("Sendt")
    BOUNCED = "bounced", _("Afvist")
    SKIPPED = "skipped", _("Sprunget over (afmeldt)")


class Delivery(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["mailing", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscription"], name="one_delivery_per_recipient")
        ]
        verbose_name = _("modtager")
        verbose_name_plural = _("modtagere")

    def __str__(self) -> str:
        return f"{self.mailing_id}:{self.subscription_id}"
