"""The strategy and action plan (seed 002 §5.2–5.3, §7.4): a vision, goals with a measurable
indicator, preconditions and initiatives with an owner and dates. A strategy is kept in
versions: one draft at a time, and the versions the council adopted, which never change
(plans.services refuses it, and on PostgreSQL a trigger does too: migration 0002)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}


class Strategy(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    title = models.CharField(_("titel"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("strategi")
        verbose_name_plural = _("strategier")

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    ADOPTED = "adopted", _("Vedtaget")


class StrategyVersion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    vision = models.TextField(_("vision"), blank=True)
    adopted_on = models.DateField(_("vedtaget den"), null=True, blank=True)
    decision_ref = models.CharField(_("beslutning (sag eller punkt)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["strategy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="plans_version_number_unique"),
            # At most one draft per strategy: two people starting a new version at once get one.
            models.UniqueConstraint(
                fields=["strategy"], condition=Q(status="draft"), name="plans_one_draft_per_strategy"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(adopted_on__isnull=False) & ~Q(decision_ref="")),
                name="plans_adopted_has_date_and_decision",
            ),
        ]
        verbose_name = _("strategiversion")
        verbose_name_plural = _("strategiversioner")

    def __str__(self) -> str:
        return f"{self.strategy.title} v{self.number}"

    @property
    def is_adopted(self) -> bool:
        return self.status == VersionStatus.ADOPTED


class Precondition(models.Model):
    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="preconditions")
    text = models.CharField(_("forudsætning"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("forudsætning")
        verbose_name_plural = _("forudsætninger")

    def __str__(self) -> str:
        return self.text


class Indicator(models.TextChoices):
    """What a goal is measured by. The first three Brobyg computes live from the registry and
    pathways (plans.indicators); MANUAL is a figure the consultant records."""

    RSV_COUNT = "rsv_count", _("Antal RSV-registrerede socialøkonomiske virksomheder")
    SOCIAL_ENTERPRISES = "social_enterprises", _("Antal socialøkonomiske virksomheder i registret")
    PLACEMENTS = "placements", _("Antal virksomhedsplaceringer")
    EXITS_TO_WORK = "exits_to_work", _("Borgere i ordinær beskæftigelse efter forløb")
    MANUAL = "manual", _("Andet mål (registreres manuelt)")


class StrategicGoal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    indicator = models.CharField(_("indikator"), max_length=30, choices=Indicator.choices, blank=True)
    indicator_label = models.CharField(_("indikator (egen formulering)"), max_length=200, blank=True)
    baseline = models.DecimalField(_("udgangspunkt"), null=True, blank=True, **MONEY)
    target = models.DecimalField(_("mål (tal)"), null=True, blank=True, **MONEY)
    target_date = models.DateField(_("måldato"), null=True, blank=True)
    manual_value = models.DecimalField(_("seneste opgjorte værdi"), null=True, blank=True, **MONEY)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(baseline__gte=0), name="plans_goal_baseline_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0), name="plans_goal_target_not_negative"
            ),
        ]
        verbose_name = _("strategisk mål")
        verbose_name_plural = _("strategiske mål")

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ONGOING = "ongoing", _("I gang")
    DONE = "done", _("Gennemført")
    CANCELLED = "cancelled", _("Opgivet")


class Initiative(models.Model):
    """An action under a goal (seed 002 §8.1–8.9: information, staff training, an incubator,
    a network, a support scheme …). The owner is a user or an organisation of the same
    municipality. Its status is progress on the adopted plan, so it may change after adoption;
    its content may not."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("initiativ"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("ansvarlig person"),
    )  # fmt: skip
    owner_organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("ansvarlig organisation"),
    )  # fmt: skip
    start = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    programme = models.ForeignKey(
        "pathways.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("forløb, der udfører initiativet"),
    )  # fmt: skip
    carried_out_by = models.CharField(_("udføres gennem (arrangement, opslag, partnerskab …)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["goal", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(deadline__isnull=True) | Q(deadline__gte=F("start")),
                name="plans_initiative_deadline_after_start",
            )
        ]
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativer")

    def __str__(self) -> str:
        return self.title
