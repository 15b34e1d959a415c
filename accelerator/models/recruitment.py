"""Recruitment before a cohort (seed 001 §2: an information campaign through the business
council, growth houses and business networks), the two-day boot camp, the applications and
their assessment against seed 001's criteria, and the decision."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .cohorts import AcceleratorCohort

SCORE_MIN, SCORE_MAX = 1, 5


class RecruitmentCampaign(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(AcceleratorCohort, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(_("navn"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"))
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="accelerator_campaign_dates")
        ]
        verbose_name = _("rekrutteringskampagne")
        verbose_name_plural = _("rekrutteringskampagner")

    def __str__(self) -> str:
        return self.name


class ChannelKind(models.TextChoices):
    BUSINESS_COUNCIL = "business_council", _("Erhvervsråd")
    GROWTH_HOUSE = "growth_house", _("Erhvervshus / væksthus")
    NETWORK = "network", _("Erhvervsnetværk")
    DIRECT = "direct", _("Direkte henvendelse")


class CampaignChannel(models.Model):
    campaign = models.ForeignKey(RecruitmentCampaign, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("kanaltype"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("kanal"), max_length=200)

    class Meta:
        ordering = ["campaign", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="accelerator_unique_channel_name")
        ]
        verbose_name = _("kanal")
        verbose_name_plural = _("kanaler")

    def __str__(self) -> str:
        return self.name


class ContactMethod(models.TextChoices):
    MEETING = "meeting", _("Møde")
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-mail")
    EVENT = "event", _("Arrangement")


class ContactOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("Ikke svar endnu")
    NOT_INTERESTED = "not_interested", _("Ikke interesseret")
    INTERESTED = "interested", _("Interesseret")


class CampaignContact(models.Model):
    """One entry of the campaign's contact log: a company contacted through a channel. A
    company's funnel channel is the channel of its first contact in the campaign."""

    campaign = models.ForeignKey(RecruitmentCampaign, on_delete=models.CASCADE, related_name="contacts")
    channel = models.ForeignKey(
        CampaignChannel, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("kanal")
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("virksomhed")
    )
    contacted_on = models.DateField(_("dato"))
    method = models.CharField(_("form"), max_length=10, choices=ContactMethod.choices)
    outcome = models.CharField(_("udfald"), max_length=20, choices=ContactOutcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("af")
    )

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "organisation", "contacted_on"])]
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontaktlog")

    def __str__(self) -> str:
        return f"{self.organisation} {self.contacted_on}"


class BootCamp(models.Model):
    """The two-day start camp before selection; one per cohort."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.OneToOneField(AcceleratorCohort, on_delete=models.CASCADE, related_name="boot_camp")
    start = models.DateField(_("første dag"))
    end = models.DateField(_("sidste dag"))
    venue = models.CharField(_("sted"), max_length=200)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="accelerator_boot_camp_dates")
        ]
        verbose_name = _("boot camp")
        verbose_name_plural = _("boot camps")

    def __str__(self) -> str:
        return str(self.cohort)


class BootCampRegistration(models.Model):
    boot_camp = models.ForeignKey(BootCamp, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("virksomhed")
    )
    registered_on = models.DateField(_("tilmeldt"))
    attended = models.BooleanField(_("deltog"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["boot_camp", "organisation"], name="accelerator_one_boot_camp_registration"
            )
        ]
        verbose_name = _("tilmelding til boot camp")
        verbose_name_plural = _("tilmeldinger til boot camp")

    def __str__(self) -> str:
        return str(self.organisation)


class Decision(models.TextChoices):
    PENDING = "pending", _("Afventer")
    SELECTED = "selected", _("Optaget")
    WAITING = "waiting", _("Venteliste")
    DECLINED = "declined", _("Afslag")


class Application(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(AcceleratorCohort, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="accelerator_applications",
        verbose_name=_("virksomhed"),
    )  # fmt: skip
    submitted_on = models.DateField(_("modtaget"))
    motivation = models.TextField(_("motivation"))
    decision = models.CharField(
        _("afgørelse"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    justification = models.TextField(_("begrundelse"), blank=True)
    decided_on = models.DateField(_("afgjort"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "organisation"], name="accelerator_one_application_per_cohort"
            ),
            models.CheckConstraint(
                condition=Q(decision="pending") | (Q(decided_on__isnull=False) & ~Q(justification="")),
                name="accelerator_decision_justified",
            ),
        ]
        verbose_name = _("ansøgning")
        verbose_name_plural = _("ansøgninger")

    def __str__(self) -> str:
        return str(self.organisation)


class Criterion(models.TextChoices):
    """Seed 001: small and medium-sized enterprises with a social, commercial and managerial
    potential to develop, implement and scale a social model. SME size is checked from the
    registry's staffing, not scored."""

    SOCIAL = "social", _("Socialt potentiale")
    COMMERCIAL = "commercial", _("Kommercielt potentiale")
    MANAGERIAL = "managerial", _("Ledelsesmæssigt potentiale")


class Score(models.Model):
    """One assessor's score of one criterion of one application, with a short justification."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(_("kriterium"), max_length=12, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(_("point"))
    justification = models.CharField(_("begrundelse"), max_length=1000)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "criterion", "assessor"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor", "criterion"],
                name="accelerator_one_score_per_assessor_criterion",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX), name="accelerator_score_on_scale"
            ),
            models.CheckConstraint(condition=~Q(justification=""), name="accelerator_score_justified"),
        ]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")

    def __str__(self) -> str:
        return f"{self.application} {self.criterion}"
