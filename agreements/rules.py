"""Pure rules for agreements and registrations: dates within the agreement and which
registrations fit which kind of service (weeks and half-years: core.calendar). No database."""

import datetime

from django.utils.translation import gettext_lazy as _

MAX_WEEK_HOURS = 168

# Registration type → the service kinds it belongs to (values of models.ServiceKind).
REGISTRATION_KINDS: dict[str, frozenset[str]] = {
    "weeklyregistration": frozenset({"meeting_place", "youth_host", "other"}),
    "activity": frozenset({"meeting_place", "other"}),
    "volunteertally": frozenset({"meeting_place", "other"}),
    "networkmembership": frozenset({"network"}),
    "networkmeeting": frozenset({"network"}),
    "companyvisit": frozenset({"network"}),
    "counselling": frozenset({"network"}),
    "networkoutcome": frozenset({"network"}),
    "youthuser": frozenset({"youth_host"}),
    "youthfrequency": frozenset({"youth_host"}),
}


def fits(model_name: str, service_kind: str) -> bool:
    return service_kind in REGISTRATION_KINDS.get(model_name, frozenset())


def within_agreement(day: datetime.date, start: datetime.date, end: datetime.date | None) -> bool:
    return day >= start and (end is None or day <= end)


def date_errors(fields: dict[str, datetime.date | None], start, end) -> dict[str, list]:
    """Errors for dated fields outside the agreement's period, named by field."""
    errors = {}
    for name, value in fields.items():
        if value is not None and not within_agreement(value, start, end):
            errors[name] = [_("Datoen ligger uden for rammeaftalens periode.")]
    return errors


def youth_errors(*, registered, left, home_support: str, changed, reduced_hours) -> dict[str, list]:
    """A young user's dates and home support, named by field."""
    errors = {}
    if left and registered and left < registered:
        errors["left"] = [_("Stopdatoen skal ligge efter startdatoen.")]
    if home_support in ("reduced", "ended") and not changed:
        errors["home_support_changed"] = [
            _("Angiv datoen, hvor hjemmevejledningen blev reduceret eller afsluttet.")
        ]
    if home_support == "reduced" and not reduced_hours:
        errors["home_support_reduced_hours"] = [
            _("Angiv hvor mange timer om ugen hjemmevejledningen er reduceret med.")
        ]
    return errors
