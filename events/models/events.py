"""Events (seminars, network meetings, information and dialogue meetings, workshops, camps),
the series a meeting belongs to (seed 004's three network meetings), the programme with
speakers and minutes, the marketplace stands and the workshop groups (seed 000)."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar / konference")
    NETWORK_MEETING = "network_meeting", _("Netværksmøde")
    INFORMATION_MEETING = "information_meeting", _("Informationsmøde")
    DIALOGUE_MEETING = "dialogue_meeting", _("Dialogmøde")
    WORKSHOP = "workshop", _("Workshop")
    CAMP = "camp", _("Camp")


class EventSeries(models.Model):
    """Meetings that belong together (a network's meetings); a subscribable calendar feed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    organiser = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="event_series",
        verbose_name=_("arrangør"),
    )  # fmt: skip
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mødeserie")
        verbose_name_plural = _("mødeserier")

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    kind = models.CharField(_("type"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    audience = models.CharField(_("målgruppe"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="organised_events",
        verbose_name=_("arrangør"),
    )  # fmt: skip
    hosts = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="hosted_events", verbose_name=_("værter")
    )
    co_funders = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="cofunded_events", verbose_name=_("medfinansiering")
    )
    series = models.ForeignKey(
        EventSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="events",
        verbose_name=_("mødeserie"),
    )  # fmt: skip
    service = models.ForeignKey(
        "agreements.AgreementService", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="events", verbose_name=_("ydelse under rammeaftale"),
    )  # fmt: skip
    venue = models.CharField(_("sted"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    published = models.BooleanField(_("offentliggjort"), default=False)
    registration_open = models.BooleanField(_("åben for tilmelding"), default=True)
    capacity = models.PositiveIntegerField(_("antal pladser"), null=True, blank=True)
    deadline = models.DateTimeField(_("tilmeldingsfrist"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["municipality", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("Arrangementet skal slutte efter det starter."),
            ),  # fmt: skip
        ]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """A programme item: time, title, speakers, and the minutes written after the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    starts = models.TimeField(_("fra"))
    ends = models.TimeField(_("til"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)

    class Meta:
        ordering = ["event", "starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gt=F("starts")),
                name="agenda_item_ends_after_start",
                violation_error_message=_("Programpunktet skal slutte efter det starter."),
            ),  # fmt: skip
        ]
        verbose_name = _("programpunkt")
        verbose_name_plural = _("programpunkter")

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    organisation_name = models.CharField(_("organisation (uden for registret)"), max_length=200, blank=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("oplægsholder")
        verbose_name_plural = _("oplægsholdere")

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class Stand(models.Model):
    """A registry organisation at a stand in the event's marketplace (seed 000)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="stands")
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="stands",
        verbose_name=_("organisation"),
    )
    label = models.CharField(_("stand"), max_length=40, blank=True)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="one_stand_per_organisation")
        ]
        verbose_name = _("stand")
        verbose_name_plural = _("stande")

    def __str__(self) -> str:
        return self.label or str(self.organisation_id)


class WorkshopGroup(models.Model):
    """A group participants sign up to (seed 000: workshops across municipalities)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="workshop_groups")
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["event", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="workshop_group_name_unique")]
        verbose_name = _("workshopgruppe")
        verbose_name_plural = _("workshopgrupper")

    def __str__(self) -> str:
        return self.name
