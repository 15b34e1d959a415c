"""What a provider registers for a service of a framework agreement (seed 003), beyond pathways:

- every weekly service (meeting place, youth host function): `WeeklyRegistration` — the week's
  staffed hours (opening hours / social host hours) and visits;
- meeting place: `Activity` (with the user groups it reached) and `VolunteerTally` per period;
- network for the unemployed: `NetworkMembership` per period, `NetworkMeeting` (the weekly
  programme), `CompanyVisit`, `Counselling`, `NetworkOutcome` (one row per member outcome);
- youth host function: `YouthUser` (a pseudonym, never a CPR number) and `YouthFrequency`
  (how often the user came in a period).

Rows are counts about people who are not citizens of the pathways app: no CPR anywhere.
Writes go through agreements.services; period figures come from agreements.aggregates.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.calendar import week_label
from pathways.models import ExitOutcome

HOURS = {"max_digits": 6, "decimal_places": 2}


class Registration(models.Model):
    """Who registered the row and when (the audit log holds the full history)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def _period_constraints(prefix: str) -> list:
    return [
        models.UniqueConstraint(fields=["service", "period_start"], name=f"{prefix}_unique_period"),
        models.CheckConstraint(
            condition=Q(period_end__gte=F("period_start")), name=f"{prefix}_end_after_start"
        ),
    ]


# --- Weekly: meeting place and youth host function -----------------------------------------


class WeeklyRegistration(Registration):
    """One week of a service: staffed hours (the meeting place's staffed opening hours, or the
    youth host function's social host hours) and visits. `week` is the Monday of the ISO week."""

    service = models.ForeignKey("agreements.AgreementService", on_delete=models.CASCADE, related_name="weeks")
    week = models.DateField(_("uge (mandag)"))
    staffed_hours = models.DecimalField(_("bemandede timer"), default=0, **HOURS)
    visits = models.PositiveIntegerField(_("besøg"), default=0)

    class Meta:
        ordering = ["service", "week"]
        constraints = [
            models.UniqueConstraint(fields=["service", "week"], name="agreements_unique_service_week"),
            models.CheckConstraint(condition=Q(week__iso_week_day=1), name="agreements_week_is_monday"),
            models.CheckConstraint(
                condition=Q(staffed_hours__gte=0) & Q(staffed_hours__lte=168),
                name="agreements_staffed_hours_range",
            ),
        ]
        verbose_name = _("ugeregistrering")
        verbose_name_plural = _("ugeregistreringer")

    def __str__(self) -> str:
        return week_label(self.week)  # "uge 49, 2026", as users read it (audit labels too)


# --- Meeting place -------------------------------------------------------------------------


class UserGroup(models.TextChoices):
    """The user groups seed 003 names for the meeting place's daytime use."""

    REFERRED = "referred", _("Enkeltpersoner henvist af kommunens tilbud")
    MUNICIPAL_STAFF = "municipal_staff", _("Sociale mentorer og kommunale medarbejdere med egne borgere")
    MENTAL_VULNERABILITY = "mental_vulnerability", _("Mennesker med psykisk sårbarhed")
    YOUNG_PEOPLE = "young_people", _("Unge")
    LONELY_SENIORS = "lonely_seniors", _("Ensomme seniorer")
    INTERNATIONAL = "international", _("Internationale borgere")
    PARENTS = "parents", _("Forældre med småbørn")
    ENTREPRENEURS = "entrepreneurs", _("Nye iværksættere")
    SCHOOLS = "schools", _("Skoler, elever og studerende")
    ASSOCIATIONS = "associations", _("Foreninger og etablerede aktører")
    OTHER = "other", _("Andre")


class Activity(Registration):
    """An activity at the meeting place, with the user groups it reached."""

    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField(_("dato"))
    name = models.CharField(_("aktivitet"), max_length=200)
    # A JSON list of UserGroup values (JSON rather than a PostgreSQL array so the SQLite demo
    # works too); agreements.aggregates matches a group as the quoted value in the list.
    user_groups = models.JSONField(_("brugergrupper"), default=list, blank=True)
    participants = models.PositiveIntegerField(_("deltagere"), default=0)

    class Meta:
        ordering = ["service", "-date", "pk"]
        indexes = [models.Index(fields=["service", "date"], name="agreements_activity_date")]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.name


class VolunteerTally(Registration):
    """Active volunteers at the end of a period and the hours they gave in it."""

    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="volunteers"
    )
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    volunteers = models.PositiveIntegerField(_("aktive frivillige"), default=0)
    hours = models.DecimalField(_("frivillige timer"), max_digits=9, decimal_places=2, default=0)

    class Meta:
        ordering = ["service", "period_start"]
        constraints = [
            *_period_constraints("agreements_volunteers"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="agreements_volunteer_hours_not_negative"),
        ]
        verbose_name = _("frivilligopgørelse")
        verbose_name_plural = _("frivilligopgørelser")

    def __str__(self) -> str:
        return f"{self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}: {self.volunteers}"


# --- Network for the unemployed ------------------------------------------------------------


class NetworkMembership(Registration):
    """The network's member counts for a period: on the mailing list and regular active members
    at the period's end, members who took part at least once, and new members in the period."""

    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="memberships"
    )
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    on_mailing_list = models.PositiveIntegerField(_("på mailinglisten"), default=0)
    active = models.PositiveIntegerField(_("aktive faste deltagere"), default=0)
    took_part = models.PositiveIntegerField(_("har deltaget i aktiviteter"), default=0)
    new_members = models.PositiveIntegerField(_("nye medlemmer"), default=0)

    class Meta:
        ordering = ["service", "period_start"]
        constraints = _period_constraints("agreements_membership")
        verbose_name = _("medlemsopgørelse")
        verbose_name_plural = _("medlemsopgørelser")

    def __str__(self) -> str:
        return f"{self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}"


class MeetingActivity(models.TextChoices):
    """Seed 003's weekly programme of the network (Ledige med Drive)."""

    JOB_WORKSHOP = "job_workshop", _("Jobværksted")
    CV = "cv", _("CV-bad, succeshistorier og elevatortale")
    COMPANY_VISIT = "company_visit", _("Virksomhedsbesøg")
    INSPIRATION = "inspiration", _("Inspirationsoplæg")
    AFTER_WORK = "after_work", _("Fyraftensmøde for medlemmer i job")
    BREAKFAST = "breakfast", _("Fredagsmorgenmad, sociale aktiviteter og interne oplæg")
    OTHER = "other", _("Andet")


# The weekday (ISO, Monday = 1) each activity of the weekly programme usually falls on.
PROGRAMME_WEEKDAY = {
    MeetingActivity.JOB_WORKSHOP: 1,
    MeetingActivity.CV: 2,
    MeetingActivity.COMPANY_VISIT: 3,
    MeetingActivity.INSPIRATION: 4,
    MeetingActivity.AFTER_WORK: 4,
    MeetingActivity.BREAKFAST: 5,
}


class NetworkMeeting(Registration):
    """A network morning (or evening): the weekday is derived from the date."""

    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("dato"))
    activity = models.CharField(_("aktivitet"), max_length=20, choices=MeetingActivity.choices)
    attendance = models.PositiveIntegerField(_("fremmødte"), default=0)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        ordering = ["service", "-date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service", "date", "activity"], name="agreements_unique_meeting")
        ]
        indexes = [models.Index(fields=["service", "date"], name="agreements_meeting_date")]
        verbose_name = _("netværksmøde")
        verbose_name_plural = _("netværksmøder")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.get_activity_display()}"

    @property
    def weekday(self) -> int:
        return self.date.isoweekday()


class CompanyVisit(Registration):
    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="company_visits"
    )
    date = models.DateField(_("dato"))
    company_name = models.CharField(_("virksomhed"), max_length=200)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("virksomhed i aktørregistret"),
    )  # fmt: skip
    local = models.BooleanField(_("lokal virksomhed"), default=True)
    participants = models.PositiveIntegerField(_("deltagere"), default=0)

    class Meta:
        ordering = ["service", "-date", "pk"]
        indexes = [models.Index(fields=["service", "date"], name="agreements_visit_date")]
        verbose_name = _("virksomhedsbesøg")
        verbose_name_plural = _("virksomhedsbesøg")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.company_name}"


class Counselling(Registration):
    """Individual counselling conversations with a member on a date (the label lets the report
    count distinct members: "at least 25 members have had at least 44 conversations")."""

    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="counselling"
    )
    date = models.DateField(_("dato"))
    member_label = models.CharField(_("medlem (kaldenavn)"), max_length=60, blank=True)
    conversations = models.PositiveIntegerField(_("samtaler"), default=1)

    class Meta:
        ordering = ["service", "-date", "pk"]
        indexes = [models.Index(fields=["service", "date"], name="agreements_counselling_date")]
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}: {self.conversations}"


# The work/education subset of the pathway exit taxonomy that a network member can reach.
NETWORK_OUTCOMES = (
    ExitOutcome.ORDINARY_EMPLOYMENT,
    ExitOutcome.PRIVATE_WAGE_SUBSIDY,
    ExitOutcome.PUBLIC_WAGE_SUBSIDY,
    ExitOutcome.ORDINARY_EDUCATION,
    ExitOutcome.COMPANY_INTERNSHIP,
    ExitOutcome.JOB_ROTATION,
    ExitOutcome.SELF_EMPLOYED,
)


class NetworkOutcome(Registration):
    """One network member's outcome; `direct` when it came through the network's activities.
    Members are pseudonymous: an optional label, never a CPR number."""

    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="outcomes"
    )
    date = models.DateField(_("dato"))
    outcome = models.CharField(
        _("resultat"), max_length=30, choices=[(o.value, o.label) for o in NETWORK_OUTCOMES]
    )
    direct = models.BooleanField(_("direkte via netværket"), default=False)
    member_label = models.CharField(_("medlem (kaldenavn)"), max_length=60, blank=True)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        ordering = ["service", "-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=[o.value for o in NETWORK_OUTCOMES]),
                name="agreements_network_outcome_kind",
            )
        ]
        indexes = [models.Index(fields=["service", "date"], name="agreements_outcome_date")]
        verbose_name = _("medlemsresultat")
        verbose_name_plural = _("medlemsresultater")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.get_outcome_display()}"


# --- Youth host function -------------------------------------------------------------------


class YouthReferral(models.TextChoices):
    SOCIAL_PSYCHIATRY = "social_psychiatry", _("Visiteret af socialpsykiatrien")
    OTHER_REFERRAL = "other_referral", _("Henvist af andre (fx Headspace, sagsbehandler)")
    OWN_INITIATIVE = "own_initiative", _("Kommet af sig selv")


class YouthIncome(models.TextChoices):
    KONTANTHJAELP = "kontanthjaelp", _("Kontanthjælp")
    WAGES = "wages", _("Lønindkomst")
    SU = "su", _("SU")
    OTHER = "other", _("Andet (fx førtidspension)")


class HomeSupport(models.TextChoices):
    NONE = "none", _("Ingen hjemmevejledning")
    ONGOING = "ongoing", _("Modtager hjemmevejledning")
    REDUCED = "reduced", _("Hjemmevejledning reduceret")
    ENDED = "ended", _("Hjemmevejledning afsluttet")


class YouthUser(Registration):
    """A young user of the host function, by pseudonym or first name. Active in a period when
    registered on or before its end and not left before its start."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.CASCADE, related_name="youth_users"
    )
    label = models.CharField(_("kaldenavn eller fornavn"), max_length=60)
    registered = models.DateField(_("startet"))
    left = models.DateField(_("stoppet"), null=True, blank=True)
    referral = models.CharField(_("hvordan kom den unge"), max_length=20, choices=YouthReferral.choices)
    income = models.CharField(_("forsørgelse"), max_length=20, choices=YouthIncome.choices)
    home_support = models.CharField(
        _("hjemmevejledning"), max_length=10, choices=HomeSupport.choices, default=HomeSupport.NONE
    )
    home_support_reduced_hours = models.DecimalField(
        _("reduceret med timer pr. uge"), null=True, blank=True, max_digits=4, decimal_places=1
    )
    home_support_changed = models.DateField(_("hjemmevejledning ændret den"), null=True, blank=True)

    class Meta:
        ordering = ["service", "label", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=F("registered")), name="youth_left_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(home_support__in=["reduced", "ended"]) | Q(home_support_changed__isnull=False),
                name="youth_home_support_change_dated",
            ),
            models.CheckConstraint(
                condition=Q(home_support_reduced_hours__isnull=True) | Q(home_support_reduced_hours__gt=0),
                name="youth_reduced_hours_positive",
            ),
        ]
        indexes = [models.Index(fields=["service", "registered"], name="agreements_youth_registered")]
        verbose_name = _("ung bruger")
        verbose_name_plural = _("unge brugere")

    def __str__(self) -> str:
        return self.label


class Frequency(models.TextChoices):
    SEVERAL_WEEKLY = "several_weekly", _("Flere gange om ugen")
    WEEKLY = "weekly", _("En gang om ugen")
    LESS = "less", _("Sjældnere")


class YouthFrequency(Registration):
    """How often a young user came in a period. A report period uses each user's latest row that
    overlaps it."""

    user = models.ForeignKey(YouthUser, on_delete=models.CASCADE, related_name="frequencies")
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    frequency = models.CharField(_("hyppighed"), max_length=20, choices=Frequency.choices)

    class Meta:
        ordering = ["user", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period_start"], name="agreements_youth_frequency_unique"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="agreements_youth_frequency_end_after_start",
            ),
        ]
        verbose_name = _("brugsfrekvens")
        verbose_name_plural = _("brugsfrekvenser")

    def __str__(self) -> str:
        return f"{self.period_start:%d-%m-%Y}: {self.get_frequency_display()}"
