"""The mapping (kortlægning) of a municipality's social economy, seed 002 §7.3: a stakeholder
analysis (influence × interest) and local cases with effects."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class StakeholderPosition(models.Model):
    """Where an actor sits in the stakeholder grid: influence and interest on a 1–5 scale."""

    organisation = models.OneToOneField(
        "registry.Organisation", on_delete=models.CASCADE, related_name="stakeholder"
    )
    influence = models.PositiveSmallIntegerField(_("indflydelse"), validators=SCALE)
    interest = models.PositiveSmallIntegerField(_("interesse"), validators=SCALE)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5), name="influence_1_5"
            ),
            models.CheckConstraint(condition=models.Q(interest__gte=1, interest__lte=5), name="interest_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.influence}×{self.interest}"

    @property
    def quadrant(self) -> str:
        high_influence, high_interest = self.influence >= 3, self.interest >= 3
        if high_influence and high_interest:
            return "manage"
        if high_influence:
            return "satisfy"
        if high_interest:
            return "inform"
        return "monitor"


class LocalCase(models.Model):
    """A local case: a short story of what happened, with its effects and methods."""

    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.CASCADE, related_name="local_cases"
    )
    title = models.CharField(_("titel"), max_length=200)
    story = models.TextField(_("fortælling"))
    effects = models.TextField(_("effekter"), blank=True)
    methods = models.TextField(_("metoder"), blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    organisations = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="local_cases", verbose_name=_("organisationer")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("lokal case")
        verbose_name_plural = _("lokale cases")

    def __str__(self) -> str:
        return self.title
