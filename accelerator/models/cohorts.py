"""The accelerator programme, its cohorts (acceleratorforløb), the companies in a cohort, the
joint camps with their programme items and attendance, and the individual sparring sessions
(seed 001 §2: a 12-month programme of sparring and camps with external experts, then six
months of follow-up)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class AcceleratorProgramme(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    owner = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("ejer")
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    months = models.PositiveSmallIntegerField(_("varighed (måneder)"), default=12)
    follow_up_months = models.PositiveSmallIntegerField(_("opfølgning (måneder)"), default=6)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(months__gte=1), name="accelerator_programme_months")
        ]
        verbose_name = _("acceleratorprogram")
        verbose_name_plural = _("acceleratorprogrammer")

    def __str__(self) -> str:
        return self.name


class AcceleratorCohort(models.Model):
    """The companies that go through one programme together (acceleratorforløb)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(AcceleratorProgramme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("navn"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"))

    class Meta:
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="accelerator_cohort_ends_after_start"
            )
        ]
        verbose_name = _("acceleratorforløb")
        verbose_name_plural = _("acceleratorforløb")

    def __str__(self) -> str:
        return self.name

    @property
    def municipality_id(self) -> int:
        return self.programme.municipality_id


class Participant(models.Model):
    """A company taking part in a cohort (selected through an application, or added directly)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(AcceleratorCohort, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="accelerator_participations",
        verbose_name=_("virksomhed"),
    )  # fmt: skip
    joined_on = models.DateField(_("startet"))

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "organisation"], name="accelerator_one_participation_per_cohort"
            )
        ]
        verbose_name = _("deltagende virksomhed")
        verbose_name_plural = _("deltagende virksomheder")

    def __str__(self) -> str:
        return str(self.organisation)


class Camp(models.Model):
    """A joint workshop of the cohort, taught by external experts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(AcceleratorCohort, on_delete=models.CASCADE, related_name="camps")
    title = models.CharField(_("titel"), max_length=200)
    date = models.DateField(_("dato"))
    end_date = models.DateField(_("slutdato"), null=True, blank=True)
    venue = models.CharField(_("sted"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="accelerator_camp_end_after_start",
            )
        ]
        verbose_name = _("camp")
        verbose_name_plural = _("camps")

    def __str__(self) -> str:
        return self.title


class CampItem(models.Model):
    """One item of a camp's programme, with the expert who leads it."""

    camp = models.ForeignKey(Camp, on_delete=models.CASCADE, related_name="items")
    starts_at = models.TimeField(_("tidspunkt"))
    title = models.CharField(_("programpunkt"), max_length=200)
    expert = models.CharField(_("ekspert"), max_length=200, blank=True)
    expert_organisation = models.CharField(_("ekspertens organisation"), max_length=200, blank=True)

    class Meta:
        ordering = ["camp", "starts_at", "pk"]
        verbose_name = _("programpunkt")
        verbose_name_plural = _("programpunkter")

    def __str__(self) -> str:
        return self.title


class CampAttendance(models.Model):
    camp = models.ForeignKey(Camp, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="camp_attendance")
    attended = models.BooleanField(_("deltog"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["camp", "participant"], name="accelerator_one_attendance_per_camp"
            )
        ]

    def __str__(self) -> str:
        return f"{self.camp} {self.participant}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Gennemført")
    MISSED = "missed", _("Udeblevet")
    CANCELLED = "cancelled", _("Aflyst")


class SparringSession(models.Model):
    """An individual session between a company and the programme's business developer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("dato"))
    topic = models.CharField(_("emne"), max_length=200)
    advisor = models.CharField(_("forretningsudvikler"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("sparringsmøde")
        verbose_name_plural = _("sparringsmøder")

    def __str__(self) -> str:
        return self.topic
