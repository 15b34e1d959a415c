"""Tenants: the 98 municipalities and the regions they belong to, with dates.

Region membership is dated because regions change by law: on 1 January 2027 Region
Hovedstaden and Region Sjælland merge into Region Østdanmark.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("regionskode"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def in_region(self, region: Region, on: datetime.date) -> "MunicipalityQuerySet":
        return self.filter(
            Q(region_memberships__region=region),
            Q(region_memberships__valid_from__lte=on),
            Q(region_memberships__valid_to__isnull=True) | Q(region_memberships__valid_to__gte=on),
        )


class Municipality(models.Model):
    """A municipality (kommune): the tenant boundary of Brobyg."""

    code = models.CharField(_("kommunekode"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(unique=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} Kommune"

    def region_on(self, on: datetime.date) -> Region | None:
        membership = (
            self.region_memberships.filter(valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .select_related("region")
            .first()
        )
        return membership.region if membership else None


class RegionMembership(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="region_memberships")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "valid_from"], name="one_region_membership_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="region_membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ∈ {self.region} ({self.valid_from}–{self.valid_to or ''})"
