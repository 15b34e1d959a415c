"""Framework agreements (rammeaftaler) between a municipality and a provider, and the services
they buy, each with an annual grant. Seed 003 is the model: a meeting place, open access for
vulnerable young people (a host function), a training kitchen (a pathway programme) and a
network for the unemployed.

Outcome contracts (contracts app) attach to an agreement; evaluation reports are built from
the services' registrations and the pathways of a service's programme.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class FrameworkAgreement(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    provider = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="framework_agreements",
        verbose_name=_("leverandør"),
    )
    name = models.CharField(_("navn"), max_length=200)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    note = models.TextField(_("bemærkning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="agreement_ends_after_start"
            )
        ]
        verbose_name = _("rammeaftale")
        verbose_name_plural = _("rammeaftaler")

    def __str__(self) -> str:
        return self.name


class ServiceKind(models.TextChoices):
    PATHWAY = "pathway", _("Forløb (fx opkvalificering i køkken)")
    MEETING_PLACE = "meeting_place", _("Mødested")
    NETWORK = "network", _("Netværk for ledige")
    YOUTH_HOST = "youth_host", _("Værtsfunktion for unge")
    OTHER = "other", _("Andet")


class AgreementService(models.Model):
    """A service the agreement buys, with its annual grant. A pathway service names the
    programme whose enrolments it delivers."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(FrameworkAgreement, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("type"), max_length=20, choices=ServiceKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    annual_grant = models.DecimalField(_("årlig bevilling (kr.)"), max_digits=12, decimal_places=2, default=0)
    programme = models.ForeignKey(
        "pathways.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_services",
        verbose_name=_("forløb"),
    )

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("ydelse")
        verbose_name_plural = _("ydelser")

    def __str__(self) -> str:
        return self.name
