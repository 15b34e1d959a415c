"""Partnerskaber (seed 001 §3): a municipality's partnership of the municipality, one employment
actor as the companies' single point of contact, and accelerator/host companies; its placement
targets per municipality of a cluster, the host companies' placement slots, company requests to
the single point of contact, and matching runs of referred citizens to slots.

`Partnership` moved here from contracts/ (its table was renamed by migration; contracts keep
their foreign key). See docs/partnerships.md for the rules."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Partnership(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    answer_days = models.PositiveSmallIntegerField(
        _("svarfrist i arbejdsdage"), default=2,
        help_text=_("Hvor mange arbejdsdage kontaktpunktet har til at svare på en virksomheds henvendelse."),
    )
    declaration = models.FileField(
        _("underskrevet partnerskabserklæring"), upload_to="partnerships/declarations/", blank=True,
        help_text=_("PDF, højst 10 MB."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="partnership_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(answer_days__gte=1), name="partnership_answer_days_positive"),
        ]
        verbose_name = _("partnerskab")
        verbose_name_plural = _("partnerskaber")

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    SINGLE_POINT = "single_point", _("Fast kontaktpunkt for virksomhederne")
    HOST_COMPANY = "host_company", _("Accelerator- eller værtsvirksomhed")
    OTHER = "other", _("Anden partner")


class PartnershipMember(models.Model):
    """An organisation's part in a partnership. Exactly one single point of contact per
    partnership is a partial unique index, so two people naming one at once cannot both win."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="partnership_memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=MemberRole.choices, default=MemberRole.OTHER)
    start = models.DateField(_("fra"), null=True, blank=True)
    end = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["partnership", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="partnership_member_once"),
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(role="single_point"), name="one_single_point_per_partnership"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="partnership_member_ends_after_start",
            ),
        ]
        verbose_name = _("partner")
        verbose_name_plural = _("partnere")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class PlacementTarget(models.Model):
    """Seed 001's table: the partnership spans municipalities in clusters, each with a number of
    placements to fill."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="targets")
    cluster = models.CharField(_("klynge"), max_length=100)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    places = models.PositiveSmallIntegerField(_("antal pladser"))

    class Meta:
        ordering = ["partnership", "cluster", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "cluster", "municipality"], name="placement_target_once"
            )
        ]
        verbose_name = _("pladsmål")
        verbose_name_plural = _("pladsmål")

    def __str__(self) -> str:
        return f"{self.cluster}: {self.municipality} {self.places}"


class SlotStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    OPEN = "open", _("Udbudt")
    CLOSED = "closed", _("Lukket")


class PlacementSlot(models.Model):
    """Places a host company offers for the company phase of a programme. Open slots count
    against the company's rimelighedskrav capacity (partnerships.capacity)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="slots", verbose_name=_("partnerskab")
    )
    company = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="placement_slots",
        verbose_name=_("værtsvirksomhed"),
    )
    phase = models.ForeignKey(
        "pathways.Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("forløbsfase"),
    )
    title = models.CharField(_("titel"), max_length=200)
    trade = models.CharField(_("fag eller branche"), max_length=100, blank=True)
    places = models.PositiveSmallIntegerField(_("antal pladser"))
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)
    tasks = models.TextField(_("arbejdsopgaver"), blank=True)
    buddy = models.CharField(_("støtteperson (buddy)"), max_length=200)
    street = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4)
    needs_ready = models.BooleanField(
        _("kræver at borgeren er klar uden ekstra støtte"), default=False
    )
    status = models.CharField(_("status"), max_length=10, choices=SlotStatus.choices, default=SlotStatus.DRAFT)
    dispensation_note = models.CharField(
        _("dispensation fra rimelighedskravet"), max_length=300, blank=True,
        help_text=_("Udfyldes kun når virksomheden har dispensation (fx som socialøkonomisk virksomhed)."),
    )
    dispensation_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="slot_has_places"),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="slot_hours_positive"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="slot_ends_after_start"),
        ]
        verbose_name = _("praktikplads")
        verbose_name_plural = _("praktikpladser")

    def __str__(self) -> str:
        return self.title


class RequestKind(models.TextChoices):
    PLACEMENT = "placement", _("Praktik- eller løntilskudsplads")
    TASK = "task", _("Opgave")
    VACANCY = "vacancy", _("Ledig stilling")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Afventer svar")
    ANSWERED = "answered", _("Besvaret")
    CLOSED = "closed", _("Afsluttet")


class CompanyRequest(models.Model):
    """A company's need, posted once, answered by the partnership's single point of contact
    within the partnership's answer time (working days, Danish public holidays excluded)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="requests", verbose_name=_("partnerskab")
    )
    company = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="partnership_requests",
        verbose_name=_("virksomhed"),
    )
    kind = models.CharField(_("behov"), max_length=20, choices=RequestKind.choices)
    text = models.TextField(_("beskrivelse"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(auto_now_add=True)
    answer_due = models.DateField(_("svarfrist"))
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    answer = models.TextField(_("svar"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["answer_due", "pk"]
        indexes = [models.Index(fields=["partnership", "status", "answer_due"], name="request_inbox")]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")

    def __str__(self) -> str:
        return f"{self.company}: {self.get_kind_display()}"


class Readiness(models.TextChoices):
    READY = "ready", _("Klar til virksomhedsforløb")
    WITH_SUPPORT = "with_support", _("Klar med ekstra støtte")
    NOT_YET = "not_yet", _("Ikke klar endnu")


class MatchProfile(models.Model):
    """What matching needs to know about a participant waiting for the company phase: where they
    live (postcode only), how far they can travel, readiness and ranked wishes."""

    enrolment = models.OneToOneField("pathways.Enrolment", on_delete=models.CASCADE, related_name="match_profile")
    postcode = models.CharField(_("postnummer"), max_length=4)
    max_km = models.PositiveSmallIntegerField(_("højst km transport"), default=25)
    readiness = models.CharField(_("parathed"), max_length=20, choices=Readiness.choices, default=Readiness.READY)
    wishes = models.CharField(
        _("ønsker (fag eller virksomheder i prioriteret rækkefølge)"), max_length=300, blank=True,
        help_text=_("Adskil med komma, vigtigste først."),
    )

    class Meta:
        verbose_name = _("matchprofil")
        verbose_name_plural = _("matchprofiler")

    def __str__(self) -> str:
        return f"{self.enrolment_id}"


class RunStatus(models.TextChoices):
    PROPOSED = "proposed", _("Forslag")
    CONFIRMED = "confirmed", _("Bekræftet")


class MatchingRun(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="matching_runs", verbose_name=_("partnerskab")
    )
    start = models.DateField(_("placeringerne begynder"))
    max_km = models.PositiveSmallIntegerField(_("højst km for alle"), default=40)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PROPOSED)
    total_score = models.IntegerField(_("samlet match"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("matchning")
        verbose_name_plural = _("matchninger")

    def __str__(self) -> str:
        return f"{self.partnership}: {self.created_at:%d-%m-%Y}"


class PairState(models.TextChoices):
    PROPOSED = "proposed", _("Foreslået")
    LOCKED = "locked", _("Låst")
    REJECTED = "rejected", _("Afvist")
    UNMATCHED = "unmatched", _("Ikke matchet")


class MatchPair(models.Model):
    """One line of a run: a participant with the slot proposed (or none, with the reason)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    enrolment = models.ForeignKey("pathways.Enrolment", on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(PlacementSlot, on_delete=models.CASCADE, null=True, blank=True, related_name="pairs")
    state = models.CharField(_("status"), max_length=10, choices=PairState.choices, default=PairState.PROPOSED)
    score = models.IntegerField(_("match"), default=0)
    distance_km = models.DecimalField(_("afstand (km)"), max_digits=6, decimal_places=1, null=True, blank=True)
    wish_rank = models.PositiveSmallIntegerField(_("ønske nr."), null=True, blank=True)
    reason = models.CharField(_("begrundelse"), max_length=300, blank=True)

    class Meta:
        ordering = ["run", "state", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="unmatched") | Q(slot__isnull=False), name="pair_has_slot_unless_unmatched"
            ),
        ]
        verbose_name = _("matchpar")
        verbose_name_plural = _("matchpar")

    def __str__(self) -> str:
        return f"{self.enrolment_id} → {self.slot_id or '-'}"


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ACTIVE = "active", _("I gang")
    DONE = "done", _("Gennemført")


class PlanItem(models.Model):
    """One line of the partner plan (seed 001 §3: the partners' needs and wishes are mapped and
    turned into a partner plan): a partner's need or wish and the action that answers it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plan_items")
    member = models.ForeignKey(
        PartnershipMember, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("partner")
    )
    need = models.TextField(_("behov eller ønske"), help_text=_(
        "Virksomhed: opgaver, timer, kompetencer. Kommune: praktikpladser, job."
    ))
    action = models.TextField(_("handling"))
    owner = models.CharField(_("ansvarlig"), max_length=200)
    due = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "status", "due", "pk"]
        verbose_name = _("partnerplanens punkt")
        verbose_name_plural = _("partnerplan")

    def __str__(self) -> str:
        return self.action[:60]
