"""Writes of a company's growth figures and the follow-up checkpoints. Only turnover and the
citizens hired are typed here; employees and employees on special terms are the registry's
Staffing rows (one source of truth)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction

from .models import CompanyGrowth, FollowUp, Participant
from .services import audit

FIRST_YEAR = 2000


def _growth_errors(data: dict) -> dict:
    errors = {}
    year, this_year = data.get("year"), timezone.localdate().year
    if not isinstance(year, int) or not FIRST_YEAR <= year <= this_year:
        errors["year"] = [
            _("Året skal ligge mellem %(first)s og %(last)s.") % {"first": FIRST_YEAR, "last": this_year}
        ]
    try:
        turnover = Decimal(str(data.get("turnover")))
    except (InvalidOperation, ValueError):
        turnover = None
    if data.get("turnover") in (None, "") or turnover is None or not turnover.is_finite():
        errors["turnover"] = [_("Angiv omsætningen i kroner.")]
    elif turnover < 0:
        errors["turnover"] = [_("Omsætningen kan ikke være negativ.")]
    hired = data.get("citizens_hired") or 0
    if not isinstance(hired, int) or hired < 0:
        errors["citizens_hired"] = [_("Antal ansatte borgere kan ikke være negativt.")]
    return errors


@transaction.atomic
def growth_set(*, by, participant: Participant, data: dict) -> CompanyGrowth:
    """The company's turnover (and citizens from the programme hired) for one year; a second
    entry for the same year replaces the first."""
    errors = _growth_errors(data)
    if errors:
        raise ValidationError(errors)
    organisation = participant.organisation
    existing = (
        CompanyGrowth.objects.select_for_update().filter(organisation=organisation, year=data["year"]).first()
    )
    before = {"turnover": existing.turnover, "citizens_hired": existing.citizens_hired} if existing else {}
    values = {"turnover": Decimal(str(data["turnover"])), "citizens_hired": data.get("citizens_hired") or 0}
    growth, created = CompanyGrowth.objects.update_or_create(
        organisation=organisation, year=data["year"], defaults=values
    )
    audit(by=by, obj=growth, event="growth.set", municipality_id=participant.cohort.municipality_id,
          before=before, after={"year": growth.year, **values},
          action=AuditAction.CREATE if created else AuditAction.UPDATE)  # fmt: skip
    return growth


@transaction.atomic
def follow_up_done(*, by, follow_up: FollowUp, done_on: datetime.date, note: str = "") -> FollowUp:
    if done_on is None or done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("Datoen kan ikke ligge i fremtiden.")]})
    before = {"done_on": follow_up.done_on, "note": follow_up.note}
    follow_up.done_on, follow_up.note = done_on, note or follow_up.note
    follow_up.save(update_fields=["done_on", "note"])
    audit(by=by, obj=follow_up, event="follow_up.done", municipality_id=follow_up.participant.cohort.municipality_id,
          before=before, after={"done_on": done_on, "note": follow_up.note}, action=AuditAction.UPDATE)  # fmt: skip
    return follow_up
