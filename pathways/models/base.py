"""Citizen pathways (forløb): code lists, programme templates, citizens, referrals, enrolments.

This module: dated code lists; programmes with phases, checkpoints and teams; citizens with
encrypted CPR and a dated status history; referrals (visitation) and enrolments with pauses
and checkpoint due dates. Running a pathway (attendance, goals, status reports, milestones,
placements, exits, follow-up) is in pathways.models.running.

Writes go through pathways.services; reads through pathways.access / pathways.selectors.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.dk import cpr as stdnum_cpr

from core.cpr import mask_cpr
from core.crypto import decrypt
from core.fields import EncryptedTextField

from .. import rules


class CodeListKind(models.TextChoices):
    BENEFIT = "benefit", _("Ydelse")
    TARGET_GROUP = "target_group", _("Målgruppe")
    READINESS = "readiness", _("Parathed")


class CodeListQuerySet(models.QuerySet):
    def of(self, kind: str) -> "CodeListQuerySet":
        return self.filter(list=kind)

    def valid_on(self, on: datetime.date) -> "CodeListQuerySet":
        """Codes in force on a date: categories change by law, so every choice is dated."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class CodeList(models.Model):
    """One dated code of a list (benefit, target group, readiness). Shipped in
    pathways/data/codelists.csv and loaded by a data migration; never an enum."""

    list = models.CharField(_("liste"), max_length=20, choices=CodeListKind.choices)
    code = models.SlugField(_("kode"), max_length=60)
    name = models.CharField(_("navn"), max_length=200)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CodeListQuerySet.as_manager()

    class Meta:
        ordering = ["list", "name"]
        constraints = [models.UniqueConstraint(fields=["list", "code"], name="unique_code_per_list")]
        verbose_name = _("kode")
        verbose_name_plural = _("kodelister")

    def __str__(self) -> str:
        return self.name

    def valid_on(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


# --- Programme templates -------------------------------------------------------------------


class Intake(models.TextChoices):
    FIXED = "fixed", _("Faste hold")
    ROLLING = "rolling", _("Løbende optag")


class Place(models.TextChoices):
    PROVIDER = "provider", _("Hos leverandøren")
    COMPANY = "company", _("I virksomhed (praktik/jobtræning)")


class CheckpointKind(models.TextChoices):
    GOALS = "goals", _("Individuelle mål")
    STATUS = "status", _("Skriftlig status")
    GOAL_LAST_WEEKS = "goal_last_weeks", _("Mål for de sidste uger")
    CERTIFICATE = "certificate", _("Bevis")
    OTHER = "other", _("Andet")


class Programme(models.Model):
    """A pathway template run by a provider (e.g. a training kitchen's 13-week course)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("leverandør"),
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    intake = models.CharField(_("optag"), max_length=10, choices=Intake.choices, default=Intake.ROLLING)
    capacity_per_team = models.PositiveIntegerField(_("pladser pr. hold"), null=True, blank=True)
    # Whom the programme takes (empty: everybody). A referral outside them needs a justification.
    target_groups = models.ManyToManyField(
        CodeList, blank=True, related_name="+", verbose_name=_("målgrupper"),
        limit_choices_to={"list": CodeListKind.TARGET_GROUP},
    )  # fmt: skip
    readiness = models.ManyToManyField(
        CodeList, blank=True, related_name="+", verbose_name=_("parathedskategorier"),
        limit_choices_to={"list": CodeListKind.READINESS},
    )  # fmt: skip
    courses_per_year = models.PositiveIntegerField(_("forløb pr. år"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("forløbsskabelon")
        verbose_name_plural = _("forløbsskabeloner")

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    name = models.CharField(_("navn"), max_length=200)
    weeks = models.PositiveSmallIntegerField(_("uger"))
    hours_per_week = models.DecimalField(
        _("planlagte timer pr. uge"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tom når kilden ikke oplyser timetallet."),
    )
    place = models.CharField(_("sted"), max_length=10, choices=Place.choices, default=Place.PROVIDER)
    topics = models.TextField(_("indhold"), blank=True)

    class Meta:
        ordering = ["programme", "order"]
        constraints = [models.UniqueConstraint(fields=["programme", "order"], name="unique_phase_order")]

    def __str__(self) -> str:
        return self.name


class Checkpoint(models.Model):
    """Something due by the end of pathway week N (see pathways.rules.due_by_end_of_week)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="checkpoints")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="checkpoints"
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=20, choices=CheckpointKind.choices, default=CheckpointKind.OTHER
    )
    due_week = models.PositiveSmallIntegerField(_("senest ved udgangen af uge"))

    class Meta:
        ordering = ["programme", "due_week", "pk"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("navn"), max_length=200)
    start_date = models.DateField(_("startdato"))
    capacity = models.PositiveIntegerField(_("pladser"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "start_date", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date:%d-%m-%Y})"


# --- Citizens ------------------------------------------------------------------------------


class Gender(models.TextChoices):
    FEMALE = "female", _("Kvinde")
    MALE = "male", _("Mand")
    OTHER = "other", _("Andet")
    UNKNOWN = "", _("Ikke oplyst")


class LegalBasis(models.TextChoices):
    LAB = "lab_91", _("LAB § 91 / Databeskyttelsesforordningen art. 6(1)(e) og 9(2)(b)")
    CONSENT = "consent", _("Samtykke / Databeskyttelsesforordningen art. 6(1)(a) og 9(2)(a)")
    SERVICE = "serviceloven", _("Serviceloven / Databeskyttelsesforordningen art. 6(1)(e) og 9(2)(h)")


class Citizen(models.Model):
    """A citizen on a pathway. The CPR number is stored only encrypted (core.crypto) with a
    keyed blind index for exact-match search; the plain number is never stored or logged."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    cpr_encrypted = models.BinaryField(editable=False)
    ENCRYPTED_BYTES = {"cpr_encrypted": b"cpr"}  # re-encrypted by manage.py rotate_encryption_keys
    cpr_index = models.CharField(max_length=64, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    gender = models.CharField(_("køn"), max_length=10, choices=Gender.choices, blank=True)
    ethnic_danish_background = models.BooleanField(_("etnisk dansk baggrund"), null=True, blank=True)
    insured = models.BooleanField(_("forsikret ledig"), null=True, blank=True)
    legal_basis = models.CharField(
        _("hjemmel"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.LAB
    )
    consent_given_at = models.DateTimeField(_("samtykke givet"), null=True, blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizens",
        verbose_name=_("sagsbehandler"),
    )
    erased_at = models.DateTimeField(
        _("slettet"),
        null=True,
        blank=True,
        help_text=_("Personoplysningerne er slettet efter opbevaringsperioden; tallene bag statistikken er bevaret."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr_index"], name="unique_citizen_cpr_per_municipality"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "name"], name="citizen_municipality_name"),
            # A municipality's citizen ids without the table: the caseload filter (migration 0010)
            models.Index(fields=["municipality", "id"], name="citizen_municipality_id"),
        ]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")

    def __str__(self) -> str:
        return self.name  # never the CPR: this string goes into audit rows

    def cpr_plain(self) -> str:
        """Decrypt. Only for the citizen's own caseworker's eyes (see pathways.access)."""
        return decrypt(self.cpr_encrypted)

    def cpr_masked(self) -> str:
        return mask_cpr(self.cpr_plain())

    def birth_date(self) -> datetime.date | None:
        """From the CPR number (century from the 7th digit); None once the CPR is erased."""
        try:
            return stdnum_cpr.get_birth_date(self.cpr_plain())
        except (stdnum_errors.ValidationError, ValueError):
            return None


class CitizenStatus(models.Model):
    """The citizen's benefit, target group and readiness over time (dated, from code lists)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="statuses")
    benefit = models.ForeignKey(
        CodeList, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ydelse")
    )
    target_group = models.ForeignKey(
        CodeList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("målgruppe"),
    )
    readiness = models.ForeignKey(
        CodeList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parathed"),
    )
    valid_from = models.DateField(_("fra"))
    valid_to = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["citizen", "-valid_from", "-pk"]
        verbose_name = _("borgerstatus")

    def __str__(self) -> str:
        return f"{self.valid_from:%d-%m-%Y}: {self.benefit or '–'} / {self.target_group or '–'} / {self.readiness or '–'}"


# --- Referrals and enrolments --------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sendt")
    WAITING = "waiting", _("På venteliste")
    ACCEPTED = "accepted", _("Accepteret")
    DECLINED = "declined", _("Afvist")
    WITHDRAWN = "withdrawn", _("Tilbagekaldt")


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    PAUSED = "paused", _("På pause")
    EXITED = "exited", _("Afsluttet")


# Referrals still awaiting a place: sent, or on a full team's waiting list.
OPEN_REFERRAL = (ReferralStatus.SENT, ReferralStatus.WAITING)

# Enrolments still under way: not exited.
OPEN_ENROLMENT = (EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED)


def active_between(start: datetime.date, end: datetime.date) -> Q:
    """The one definition of "an enrolment active in a period" [start, end]: started on or
    before `end` and not exited before `start` (a pause does not end it). A condition, so that
    SQL aggregates can count with it (Count(..., filter=active_between(s, e)))."""
    return Q(start_date__lte=end) & (Q(exit__isnull=True) | Q(exit__exit_date__gte=start))


class EnrolmentQuerySet(models.QuerySet):
    def open(self) -> "EnrolmentQuerySet":
        """Active or paused (not exited)."""
        return self.filter(status__in=OPEN_ENROLMENT)

    def active_between(self, start: datetime.date, end: datetime.date) -> "EnrolmentQuerySet":
        """Enrolments under way at some time in [start, end] (see `active_between`)."""
        return self.filter(active_between(start, end))


class Referral(models.Model):
    """A referral (visitation) of a citizen to a programme; lifecycle pathways.rules.REFERRAL."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="referrals")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("forløb")
    )
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    wished_start = models.DateField(_("ønsket start"), null=True, blank=True)
    note = EncryptedTextField(_("bemærkning"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    decline_reason = EncryptedTextField(_("begrundelse for afvisning"), blank=True)
    justification = EncryptedTextField(_("begrundelse for visitation uden for forløbets målgrupper"), blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    # On a full team's waiting list: the place in the queue (1 = next) and the start wanted.
    waiting_position = models.PositiveIntegerField(_("plads på ventelisten"), null=True, blank=True)
    waiting_start = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "status"], name="referral_programme_status")]
        constraints = [
            # at most one open (sent or waiting) referral per citizen and programme, even under
            # concurrent requests
            models.UniqueConstraint(
                fields=["citizen", "programme"],
                condition=Q(status__in=["sent", "waiting"]),
                name="one_open_referral_per_programme",
            ),
            # One place in a team's queue per waiting referral, and only waiting referrals queue.
            models.UniqueConstraint(
                fields=["team", "waiting_position"],
                condition=Q(status="waiting"),
                name="unique_waiting_position_per_team",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", waiting_position__isnull=False, team__isnull=False)
                | (~Q(status="waiting") & Q(waiting_position__isnull=True)),
                name="waiting_position_only_when_waiting",
            ),
        ]
        verbose_name = _("visitation")
        verbose_name_plural = _("visitationer")

    def __str__(self) -> str:
        return f"{self.citizen} → {self.programme}"

    @property
    def municipality_id(self) -> int:
        return self.citizen.municipality_id

    def allowed(self) -> frozenset[str]:
        return rules.REFERRAL.allowed(self.status)


class Enrolment(models.Model):
    """A citizen on a programme's team; lifecycle pathways.rules.ENROLMENT."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="enrolment")
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="enrolments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="enrolments")
    start_date = models.DateField(_("startdato"))
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["team", "status"], name="enrolment_team_status"),
            # the caseload filter's "open enrolment" half: an index-only scan of the open ones
            # (with programme, which the visibility scope joins); docs/performance.md
            models.Index(
                fields=["citizen", "programme"], name="enrolment_open_by_citizen", condition=Q(status__in=OPEN_ENROLMENT)
            ),
        ]
        verbose_name = _("indskrivning")
        verbose_name_plural = _("indskrivninger")

    def __str__(self) -> str:
        return f"{self.citizen} · {self.programme}"

    @property
    def municipality_id(self) -> int:
        return self.citizen.municipality_id

    def allowed(self) -> frozenset[str]:
        return rules.ENROLMENT.allowed(self.status)


class Pause(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(end__isnull=True), name="one_open_pause"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="pause_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}" if self.end else f"{self.start:%d-%m-%Y} –"

    def to_rule(self) -> rules.Pause:
        return rules.Pause(self.start, self.end)


class CheckpointDue(models.Model):
    """A checkpoint's due date for one enrolment, recomputed on pause and resume.
    `due` is empty while an open pause precedes it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="checkpoints_due")
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="+")
    due = models.DateField(_("frist"), null=True, blank=True)
    done_at = models.DateField(_("udført"), null=True, blank=True)
    # Closed without being done when the enrolment exits; cleared again if the exit is undone.
    closed_on = models.DateField(_("bortfaldet"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "checkpoint__due_week", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "checkpoint"], name="unique_checkpoint_due")
        ]

    def __str__(self) -> str:
        return f"{self.checkpoint_id}: {self.due}"
