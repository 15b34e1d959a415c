"""Running a pathway: attendance per week, goals, status reports, milestones, company
placements, the exit with its outcome and the follow-up at 13, 26 and 52 weeks.

Writes go through pathways services (plain functions, audited); never save these directly
from a view.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.calendar import week_label
from core.fields import EncryptedTextField

HOURS = {"max_digits": 5, "decimal_places": 2}


class AttendanceWeek(models.Model):
    """One participant's week: planned hours, attended hours and absence split into excused and
    unexcused. `week` is the Monday of the ISO week. Attendance rate (pathways.rules) =
    attended ÷ (attended + excused + unexcused)."""

    enrolment = models.ForeignKey("pathways.Enrolment", on_delete=models.CASCADE, related_name="attendance")
    week = models.DateField(_("uge (mandag)"))
    planned_hours = models.DecimalField(_("planlagte timer"), default=0, **HOURS)
    attended_hours = models.DecimalField(_("fremmødte timer"), default=0, **HOURS)
    excused_hours = models.DecimalField(_("lovligt fravær (timer)"), default=0, **HOURS)
    unexcused_hours = models.DecimalField(_("ulovligt fravær (timer)"), default=0, **HOURS)
    absence_reason = EncryptedTextField(_("fraværsårsag"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["enrolment", "week"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "week"], name="unique_attendance_week"),
            models.CheckConstraint(
                condition=Q(planned_hours__gte=0)
                & Q(attended_hours__gte=0)
                & Q(excused_hours__gte=0)
                & Q(unexcused_hours__gte=0),
                name="attendance_hours_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["week"], name="attendance_week")]
        verbose_name = _("fremmødeuge")
        verbose_name_plural = _("fremmøde")

    def __str__(self) -> str:
        return week_label(self.week)  # "uge 49, 2026", as users read it (audit labels too)

    @property
    def absent_hours(self):
        return self.excused_hours + self.unexcused_hours


class GoalStatus(models.TextChoices):
    OPEN = "open", _("I gang")
    ACHIEVED = "achieved", _("Nået")
    NOT_ACHIEVED = "not_achieved", _("Ikke nået")
    CLOSED = "closed", _("Lukket ved afslutningen")  # reopened if the exit is undone


class Goal(models.Model):
    """An individual goal agreed between jobcentre, participant and provider."""

    enrolment = models.ForeignKey("pathways.Enrolment", on_delete=models.CASCADE, related_name="goals")
    description = EncryptedTextField(_("mål"))
    agreed_on = models.DateField(_("aftalt"))
    target_date = models.DateField(_("nås senest"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    closed_on = models.DateField(_("afsluttet"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "agreed_on", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.description[:60]


class StatusReport(models.Model):
    """A written status by the provider (e.g. before week 8), read and acknowledged by the
    caseworker. Fulfils a status checkpoint when it names one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.CASCADE, related_name="status_reports"
    )
    checkpoint_due = models.ForeignKey(
        "pathways.CheckpointDue", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    body = EncryptedTextField(_("status"))
    next_goal = EncryptedTextField(_("mål for resten af forløbet"), blank=True)
    recommendation = EncryptedTextField(_("anbefalet næste skridt"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("afleveret"))
    acknowledged_at = models.DateTimeField(_("kvitteret"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["enrolment", "submitted_at", "pk"]
        indexes = [models.Index(fields=["acknowledged_at"], name="status_report_ack")]
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")

    def __str__(self) -> str:
        return f"{self.submitted_at:%d-%m-%Y}"


class MilestoneKind(models.TextChoices):
    HYGIENE_CERTIFICATE = "hygiene", _("Hygiejnebevis")
    COURSE_CERTIFICATE = "course_certificate", _("Afsluttet forløb med bevis")
    OTHER_CERTIFICATE = "certificate", _("Andet bevis")
    OTHER = "other", _("Andet")


class Milestone(models.Model):
    """Something achieved on a date, such as a hygiene certificate. Fulfils a checkpoint when it
    names one."""

    enrolment = models.ForeignKey("pathways.Enrolment", on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("type"), max_length=20, choices=MilestoneKind.choices)
    name = models.CharField(_("navn"), max_length=200, blank=True)
    achieved_on = models.DateField(_("opnået"))
    checkpoint_due = models.ForeignKey(
        "pathways.CheckpointDue", on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["enrolment", "achieved_on", "pk"]
        indexes = [models.Index(fields=["kind", "achieved_on"], name="milestone_kind_date")]
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class Placement(models.Model):
    """A participant placed in a company (job training, internship) with a named support
    person. The company's contact sees the names and attendance of participants placed there."""

    enrolment = models.ForeignKey("pathways.Enrolment", on_delete=models.CASCADE, related_name="placements")
    phase = models.ForeignKey(
        "pathways.Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    company = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="placements", verbose_name=_("virksomhed")
    )
    support_person = models.CharField(_("støtteperson"), max_length=200)
    support_person_phone = models.CharField(_("støttepersonens telefon"), max_length=30, blank=True)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "start", "pk"]
        indexes = [models.Index(fields=["company", "start"], name="placement_company_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="placement_ends_after_start"
            )
        ]
        verbose_name = _("virksomhedsplacering")
        verbose_name_plural = _("virksomhedsplaceringer")

    def __str__(self) -> str:
        return f"{self.company_id}: {self.start:%d-%m-%Y}"


class ExitOutcome(models.TextChoices):
    """Seed 003's exit taxonomy (Afslutningsstatistik), in the order the seed's table uses."""

    CONTINUES = "continues", _("Fortsætter næste periode")
    ORDINARY_EMPLOYMENT = "ordinary_employment", _("Ordinær beskæftigelse")
    PRIVATE_WAGE_SUBSIDY = "private_wage_subsidy", _("Privat løntilskud")
    PUBLIC_WAGE_SUBSIDY = "public_wage_subsidy", _("Offentligt løntilskud")
    ORDINARY_EDUCATION = "ordinary_education", _("Ordinær uddannelse")
    COMPANY_INTERNSHIP = "company_internship", _("Virksomhedspraktik")
    JOB_ROTATION = "job_rotation", _("Jobrotation")
    SELF_EMPLOYED = "self_employed", _("Selvstændig")
    OTHER_ACTIVATION = "other_activation", _("Anden aktivitet (anden aktivering og revalidering)")
    BACK_TO_MUNICIPALITY = "back_to_municipality", _("Tilbage til kommunen")
    SICKNESS_PENSION = "sickness_pension", _("Sygdom, pension, efterløn")
    DROPOUT = "dropout", _("Frafald (barsel, fraflyttet o.lign.)")


# Outcomes that are work: the exit records the hours per week.
EMPLOYMENT_OUTCOMES = frozenset(
    {
        ExitOutcome.ORDINARY_EMPLOYMENT,
        ExitOutcome.PRIVATE_WAGE_SUBSIDY,
        ExitOutcome.PUBLIC_WAGE_SUBSIDY,
        ExitOutcome.JOB_ROTATION,
        ExitOutcome.SELF_EMPLOYED,
    }
)


class Exit(models.Model):
    """How an enrolment ended: one outcome of the taxonomy, with hours per week for work."""

    enrolment = models.OneToOneField("pathways.Enrolment", on_delete=models.CASCADE, related_name="exit")
    exit_date = models.DateField(_("afsluttet"))
    outcome = models.CharField(_("afslutningsårsag"), max_length=30, choices=ExitOutcome.choices)
    hours_per_week = models.DecimalField(_("timer pr. uge"), null=True, blank=True, **HOURS)
    note = EncryptedTextField(_("bemærkning"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # What undoing the exit restores: the status before it and the pause it closed, if any.
    status_before = models.CharField(max_length=10, blank=True)
    closed_pause = models.ForeignKey(
        "pathways.Pause", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-exit_date", "-pk"]
        indexes = [models.Index(fields=["exit_date", "outcome"], name="exit_date_outcome")]
        verbose_name = _("afslutning")
        verbose_name_plural = _("afslutninger")

    def __str__(self) -> str:
        return f"{self.exit_date:%d-%m-%Y}: {self.get_outcome_display()}"


FOLLOW_UP_WEEKS = (13, 26, 52)


class FollowUpStatus(models.TextChoices):
    WORK = "work", _("I arbejde")
    EDUCATION = "education", _("I uddannelse")
    NEITHER = "neither", _("Hverken arbejde eller uddannelse")
    UNKNOWN = "unknown", _("Ukendt")


class FollowUp(models.Model):
    """Whether the person is still in work or education 13, 26 and 52 weeks after the exit:
    the evidence payment by results settles on. Created (unanswered) with the exit."""

    exit = models.ForeignKey(Exit, on_delete=models.CASCADE, related_name="followups")
    weeks = models.PositiveSmallIntegerField(_("uger efter afslutning"))
    due = models.DateField(_("frist"))
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, blank=True)
    hours_per_week = models.DecimalField(_("timer pr. uge"), null=True, blank=True, **HOURS)
    recorded_on = models.DateField(_("registreret"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["exit", "weeks"]
        constraints = [models.UniqueConstraint(fields=["exit", "weeks"], name="unique_followup_weeks")]
        indexes = [models.Index(fields=["due"], name="followup_due")]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")

    def __str__(self) -> str:
        return f"{self.weeks}: {self.status or '–'}"
