"""Projects with budgets (seed 002 §9): phases of activities priced as hours × an hourly rate
(or a fixed amount) plus other costs. A phase may carry the total stated in the source document
(hours and kroner), so the page can flag where it differs from the itemised sum instead of
hiding it (seed 002's phase 1 states 290 hours and itemises 275). Actuals are recorded per
activity. Money and hours are Decimal throughout."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}
HOURS = {"max_digits": 8, "decimal_places": 2}


class Project(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=200)
    supplier = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("leverandør"),
    )  # fmt: skip
    description = models.TextField(_("beskrivelse"), blank=True)
    strategy = models.ForeignKey(
        "plans.Strategy", on_delete=models.SET_NULL, null=True, blank=True, related_name="projects",
        verbose_name=_("strategi"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("projekt")
        verbose_name_plural = _("projekter")

    def __str__(self) -> str:
        return self.name


class ProjectPhase(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("fase"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=1)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slut"), null=True, blank=True)
    stated_hours = models.DecimalField(_("oplyst timetal i alt"), null=True, blank=True, **HOURS)
    stated_amount = models.DecimalField(_("oplyst pris i alt (kr.)"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["project", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stated_hours__isnull=True) | Q(stated_hours__gte=0), name="plans_phase_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(stated_amount__isnull=True) | Q(stated_amount__gte=0),
                name="plans_phase_amount_not_negative",
            ),
        ]
        verbose_name = _("projektfase")
        verbose_name_plural = _("projektfaser")

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """A budget line for an activity of the phase: hours × hourly rate, or a fixed amount (exactly
    one of the two)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    phase = models.ForeignKey(ProjectPhase, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    hours = models.DecimalField(_("timer"), null=True, blank=True, **HOURS)
    hourly_rate = models.DecimalField(_("timepris (kr.)"), null=True, blank=True, **MONEY)
    fixed_amount = models.DecimalField(_("fast beløb (kr.)"), null=True, blank=True, **MONEY)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["phase", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(hours__isnull=False, hourly_rate__isnull=False, fixed_amount__isnull=True)
                    | Q(hours__isnull=True, hourly_rate__isnull=True, fixed_amount__isnull=False)
                ),
                name="plans_activity_hours_rate_or_fixed",
            ),
            models.CheckConstraint(
                condition=(Q(hours__isnull=True) | Q(hours__gte=0))
                & (Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0))
                & (Q(fixed_amount__isnull=True) | Q(fixed_amount__gte=0)),
                name="plans_activity_not_negative",
            ),
        ]
        verbose_name = _("budgetlinje")
        verbose_name_plural = _("budgetlinjer")

    def __str__(self) -> str:
        return self.name


class OtherCost(models.Model):
    phase = models.ForeignKey(ProjectPhase, on_delete=models.CASCADE, related_name="other_costs")
    name = models.CharField(_("udgift"), max_length=300)
    amount = models.DecimalField(_("beløb (kr.)"), **MONEY)

    class Meta:
        ordering = ["phase", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="plans_other_cost_not_negative")]
        verbose_name = _("anden udgift")
        verbose_name_plural = _("andre udgifter")

    def __str__(self) -> str:
        return self.name


class ActualEntry(models.Model):
    """Hours and cost spent on an activity. `amount` is stored (hours × the activity's rate
    unless typed), so actuals sum in SQL."""

    activity = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="actuals")
    date = models.DateField(_("dato"))
    hours = models.DecimalField(_("timer"), default=0, **HOURS)
    amount = models.DecimalField(_("beløb (kr.)"), **MONEY)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(amount__gte=0), name="plans_actual_not_negative")
        ]
        verbose_name = _("forbrug")
        verbose_name_plural = _("forbrug")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}: {self.amount}"
