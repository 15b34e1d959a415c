"""Support and incubation cases (seed 002 §8.4, §8.6) and the outreach log (seed 004: the
municipality's single entry point contacted 61 enterprises). A case belongs to an
organisation of the registry, or to a would-be entrepreneur who has none yet."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CaseTopic(models.TextChoices):
    BUSINESS_MODEL = "business_model", _("Forretningsmodel")
    RSV = "rsv", _("RSV-registrering")
    FINANCING = "financing", _("Finansiering")
    PROCUREMENT = "procurement", _("Offentlige indkøb og udbud")
    LEGAL_FORM = "legal_form", _("Virksomhedsform")
    STAFF = "staff", _("Medarbejdere på særlige vilkår")
    START_UP = "start_up", _("Opstart af virksomhed")
    OTHER = "other", _("Andet")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    REFERRED = "referred", _("Henvist")
    CLOSED = "closed", _("Afsluttet")


class IncubatorStage(models.TextChoices):
    """Seed 002 §6: from the growth layer to entrepreneur, to social enterprise, to growth."""

    IDEA = "idea", _("Idé")
    START_UP = "start_up", _("Iværksætter")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Socialøkonomisk virksomhed")
    GROWTH = "growth", _("Vækstvirksomhed")


class SupportCase(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="support_cases",
        verbose_name=_("virksomhed"),
    )  # fmt: skip
    entrepreneur_name = models.CharField(_("iværksætter (uden virksomhed endnu)"), max_length=200, blank=True)
    entrepreneur_contact = models.CharField(_("iværksætterens kontakt"), max_length=200, blank=True)
    topic = models.CharField(_("emne"), max_length=20, choices=CaseTopic.choices)
    question = models.TextField(_("henvendelse"), blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("rådgiver"),
    )  # fmt: skip
    opened_on = models.DateField(_("oprettet den"))
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.TextField(_("resultat"), blank=True)
    initiative = models.ForeignKey(
        "plans.Initiative", on_delete=models.SET_NULL, null=True, blank=True, related_name="support_cases",
        verbose_name=_("hører under initiativ"),
    )  # fmt: skip
    cohort = models.CharField(_("kuvøseårgang"), max_length=100, blank=True)
    stage = models.CharField(_("fase i kuvøsen"), max_length=20, choices=IncubatorStage.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(entrepreneur_name=""),
                name="plans_case_has_organisation_or_entrepreneur",
            )
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="plans_case_municipality_status")]
        verbose_name = _("rådgivningssag")
        verbose_name_plural = _("rådgivningssager")

    def __str__(self) -> str:
        return f"{self.client_name}: {self.get_topic_display()}"

    @property
    def client_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.entrepreneur_name


class CaseContact(models.Model):
    """A note of one contact on a case; a referral names the actor referred to."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("dato"))
    note = models.TextField(_("notat"))
    referred_to = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("henvist til"),
    )  # fmt: skip
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}"


class StageMove(models.Model):
    """The incubator stage over time: one row per move, the case's `stage` is the latest."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="stage_moves")
    stage = models.CharField(_("fase"), max_length=20, choices=IncubatorStage.choices)
    moved_on = models.DateField(_("dato"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["case", "moved_on", "pk"]
        verbose_name = _("faseskift")
        verbose_name_plural = _("faseskift")

    def __str__(self) -> str:
        return f"{self.moved_on:%d-%m-%Y}: {self.get_stage_display()}"


class OutreachChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Møde")
    VISIT = "visit", _("Besøg")
    EVENT = "event", _("Arrangement")


class OutreachContact(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="outreach_contacts",
        verbose_name=_("organisation"),
    )  # fmt: skip
    date = models.DateField(_("dato"))
    channel = models.CharField(_("kanal"), max_length=10, choices=OutreachChannel.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("kontaktet af"),
    )  # fmt: skip
    topic = models.CharField(_("emne"), max_length=300)
    outcome = models.TextField(_("resultat"), blank=True)
    follow_up_on = models.DateField(_("opfølgning senest"), null=True, blank=True)
    followed_up = models.BooleanField(_("fulgt op"), default=False)
    campaign = models.CharField(_("kampagne"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "follow_up_on"], name="plans_outreach_follow_up"),
            models.Index(fields=["municipality", "campaign"], name="plans_outreach_campaign"),
        ]
        verbose_name = _("opsøgende kontakt")
        verbose_name_plural = _("opsøgende kontakter")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}: {self.topic}"
