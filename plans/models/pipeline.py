"""Pilot ideas and funding applications (seed 003 §1: new ideas as pilots in the pipeline, and
the applications made to funds), and the mapping's missing inputs (seed 002 §5.1, §7.3): the
stakeholders' expressed needs, the municipal context figures per year with their source, and
the mapping report submitted to the steering group as a dated version."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}


class IdeaStage(models.TextChoices):
    IDEA = "idea", _("Idé")
    PILOT = "pilot", _("Pilotprojekt")
    FUNDED = "funded", _("Finansieret")
    RUNNING = "running", _("I drift")
    DROPPED = "dropped", _("Opgivet")


class PilotIdea(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    title = models.CharField(_("idé"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    stage = models.CharField(_("fase"), max_length=10, choices=IdeaStage.choices, default=IdeaStage.IDEA)
    partners = models.ManyToManyField("registry.Organisation", blank=True, related_name="+", verbose_name=_("partnere"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("pilotidé")
        verbose_name_plural = _("pilotidéer")

    def __str__(self) -> str:
        return self.title


class FundingApplication(models.Model):
    idea = models.ForeignKey(PilotIdea, on_delete=models.CASCADE, related_name="applications")
    fund = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("fond"))
    amount_applied = models.DecimalField(_("ansøgt beløb (kr.)"), **MONEY)
    amount_granted = models.DecimalField(_("bevilget beløb (kr.)"), null=True, blank=True, **MONEY)
    applied_on = models.DateField(_("ansøgt den"))
    decided_on = models.DateField(_("afgjort den"), null=True, blank=True)

    class Meta:
        ordering = ["idea", "applied_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_applied__gte=0) & (Q(amount_granted__isnull=True) | Q(amount_granted__gte=0)),
                name="plans_funding_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("applied_on")),
                name="plans_funding_decided_after_applied",
            ),
        ]
        verbose_name = _("fondsansøgning")
        verbose_name_plural = _("fondsansøgninger")

    def __str__(self) -> str:
        return f"{self.fund_id}: {self.amount_applied}"


class StakeholderNeed(models.Model):
    """What a stakeholder said it needs and expects (seed 002 §9: the partial report "gengiver
    deres behov og forventninger"), and what an association carries out with volunteers."""

    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("interessent"),
    )
    needs = models.TextField(_("behov"), blank=True)
    expectations = models.TextField(_("forventninger"), blank=True)
    volunteer_activities = models.TextField(_("aktiviteter med frivillige"), blank=True)
    recorded_on = models.DateField(_("dato"))

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("interessentens behov")
        verbose_name_plural = _("interessenters behov")

    def __str__(self) -> str:
        return str(self.organisation)


class ContextKind(models.TextChoices):
    """Seed 002 §5.1: the municipal preconditions the mapping describes."""

    POPULATION = "population", _("Indbyggere")
    UNEMPLOYMENT_RATE = "unemployment_rate", _("Ledighed (% af arbejdsstyrken)")
    FLEXJOB = "flexjob", _("Personer i fleksjob")
    YOUNG_NOT_READY = "young_not_ready", _("Unge på kontanthjælp, ikke arbejdsmarkedsparate")
    NOT_JOB_READY = "not_job_ready", _("Personer, der ikke er arbejdsmarkedsparate")


class ContextFigure(models.Model):
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("tal"), max_length=20, choices=ContextKind.choices)
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=2)
    source = models.CharField(_("kilde"), max_length=300)

    class Meta:
        ordering = ["kind", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "kind"], name="plans_one_context_figure_per_year"),
            models.CheckConstraint(condition=Q(value__gte=0), name="plans_context_not_negative"),
        ]
        verbose_name = _("kommunalt nøgletal")
        verbose_name_plural = _("kommunale nøgletal")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class MappingSubmission(models.Model):
    """The mapping report as submitted to the steering group on a date: its figures are kept as
    they were, so later changes do not rewrite what the group was shown."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey("plans.SteeringGroup", on_delete=models.CASCADE, related_name="submissions")
    submitted_on = models.DateField(_("forelagt den"))
    snapshot = models.JSONField(default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["group", "-submitted_on", "-pk"]
        verbose_name = _("forelagt kortlægning")
        verbose_name_plural = _("forelagte kortlægninger")

    def __str__(self) -> str:
        return f"{self.submitted_on:%d-%m-%Y}"
