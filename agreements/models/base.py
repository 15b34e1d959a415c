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


class MetricKind(models.TextChoices):
    COURSES_PER_YEAR = "courses_per_year", _("Forløb pr. år")
    STAFFED_HOURS_PER_WEEK = "staffed_hours_per_week", _("Bemandede timer pr. uge")
    VISITS_PER_WEEK = "visits_per_week", _("Besøg pr. uge")
    WEEKDAY_ACTIVITIES = "weekday_activities", _("Aktiviteter på hverdage (ugeprogram)")
    ACTIVE_MEMBERS = "active_members", _("Aktive medlemmer / brugere")
    VOLUNTEERS = "volunteers", _("Aktive frivillige")
    OTHER = "other", _("Andet")


class PeriodBasis(models.TextChoices):
    WEEK = "week", _("pr. uge")
    MONTH = "month", _("pr. måned")
    HALF_YEAR = "half_year", _("pr. halvår")
    YEAR = "year", _("pr. år")
    AGREEMENT = "agreement", _("i aftaleperioden")


class Deliverable(models.Model):
    """What a service promises, e.g. 24 courses a year of 13 weeks, or social hosts staffed at
    least 20 hours a week (seed 003). `metric` tells the reports which registrations to set
    against the target."""

    service = models.ForeignKey(AgreementService, on_delete=models.CASCADE, related_name="deliverables")
    name = models.CharField(_("leverance"), max_length=200)
    metric = models.CharField(_("måltype"), max_length=30, choices=MetricKind.choices)
    target = models.DecimalField(_("mål"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("enhed"), max_length=50, blank=True)
    period_basis = models.CharField(_("periode"), max_length=20, choices=PeriodBasis.choices)

    class Meta:
        ordering = ["service", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="deliverable_target_not_negative")
        ]
        verbose_name = _("leverance")
        verbose_name_plural = _("leverancer")

    def __str__(self) -> str:
        return self.name


class Measure(models.TextChoices):
    """The figures a contract follows up on; each is one table the evaluation report can show
    (agreements.aggregates computes them)."""

    PARTICIPATION = "participation", _("Deltagelsesstatistik (fremmøde, hygiejnekursus, bevis)")
    EXITS = "exits", _("Afslutningsstatistik")
    COMPOSITION = "composition", _("Deltagersammensætning")
    STAFFED_HOURS = "staffed_hours", _("Bemandet åbningstid")
    VISITS = "visits", _("Besøg")
    ACTIVITIES = "activities", _("Aktiviteter og brugergrupper")
    VOLUNTEERS = "volunteers", _("Frivillige")
    NETWORK_MEMBERS = "network_members", _("Medlemmer af netværket")
    NETWORK_MEETINGS = "network_meetings", _("Netværksmøder og fremmøde")
    COMPANY_VISITS = "company_visits", _("Virksomhedsbesøg")
    COUNSELLING = "counselling", _("Samtaler")
    NETWORK_OUTCOMES = "network_outcomes", _("Medlemmernes resultater (direkte/indirekte)")
    YOUTH_USERS = "youth_users", _("Aktive unge brugere og henvisning")
    YOUTH_FREQUENCY = "youth_frequency", _("Brugsfrekvens")
    YOUTH_INCOME = "youth_income", _("Forsørgelse")
    HOME_SUPPORT = "home_support", _("Afsluttet eller reduceret hjemmevejledning")


class MeasureFollowed(models.Model):
    """A measure the contract follows up on for a service (seed 003: "Efter kontrakten med
    Roskilde Kommune måles på følgende")."""

    service = models.ForeignKey(AgreementService, on_delete=models.CASCADE, related_name="measures")
    measure = models.CharField(_("måling"), max_length=30, choices=Measure.choices)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        ordering = ["service", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service", "measure"], name="unique_measure_per_service")
        ]
        verbose_name = _("opfølgningsmåling")
        verbose_name_plural = _("opfølgningsmålinger")

    def __str__(self) -> str:
        return self.get_measure_display()
