"""Writes of framework agreements and their registrations: keyword-only, taking the acting
user, atomic, audited in the same transaction. Bad input raises ValidationError naming the
field (and, for the weekly grid, the week); nothing is half-written."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record
from core import calendar

from . import rules
from .models import (
    AgreementService,
    Deliverable,
    FrameworkAgreement,
    HomeSupport,
    MeasureFollowed,
    ServiceNarrative,
    WeeklyRegistration,
    YouthFrequency,
    YouthUser,
)

AGREEMENT_FIELDS = ("name", "provider", "start", "end", "note")
SERVICE_FIELDS = ("kind", "name", "description", "annual_grant", "programme")
DELIVERABLE_FIELDS = ("name", "metric", "target", "unit", "period_basis")


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _check_agreement(agreement: FrameworkAgreement) -> None:
    errors = {}
    if agreement.provider.municipality_id != agreement.municipality_id:
        errors["provider"] = [_("Leverandøren skal høre til kommunen.")]
    if agreement.end and agreement.end < agreement.start:
        errors["end"] = [_("Slutdatoen skal ligge efter startdatoen.")]
    if errors:
        raise ValidationError(errors)


# --- Agreements, services, deliverables ----------------------------------------------------


@transaction.atomic
def agreement_create(*, by, municipality, data: dict) -> FrameworkAgreement:
    agreement = FrameworkAgreement(municipality=municipality, **{k: data.get(k) for k in AGREEMENT_FIELDS})
    agreement.note = agreement.note or ""
    _check_agreement(agreement)
    agreement.save()
    record(
        actor=by, action=AuditAction.CREATE, event="agreements.agreement.create", obj=agreement,
        municipality_id=municipality.pk, changes=diff({}, _snapshot(agreement, AGREEMENT_FIELDS)),
    )  # fmt: skip
    return agreement


@transaction.atomic
def agreement_update(*, by, agreement: FrameworkAgreement, data: dict) -> FrameworkAgreement:
    before = _snapshot(agreement, AGREEMENT_FIELDS)
    for field in AGREEMENT_FIELDS:
        if field in data:
            setattr(agreement, field, data[field] if data[field] is not None or field == "end" else "")
    _check_agreement(agreement)
    agreement.save(update_fields=list(AGREEMENT_FIELDS))
    record(
        actor=by, action=AuditAction.UPDATE, event="agreements.agreement.update", obj=agreement,
        municipality_id=agreement.municipality_id, changes=diff(before, _snapshot(agreement, AGREEMENT_FIELDS)),
    )  # fmt: skip
    return agreement


def _check_service(service: AgreementService) -> None:
    errors = {}
    if service.programme is not None and service.programme.provider_id != service.agreement.provider_id:
        errors["programme"] = [_("Forløbet skal høre til aftalens leverandør.")]
    if service.annual_grant is not None and service.annual_grant < 0:
        errors["annual_grant"] = [_("Bevillingen kan ikke være negativ.")]
    if errors:
        raise ValidationError(errors)


def _set_measures(service: AgreementService, measures) -> None:
    wanted = set(measures)
    MeasureFollowed.objects.filter(service=service).exclude(measure__in=wanted).delete()
    existing = set(MeasureFollowed.objects.filter(service=service).values_list("measure", flat=True))
    MeasureFollowed.objects.bulk_create(
        [MeasureFollowed(service=service, measure=m) for m in wanted - existing]
    )


@transaction.atomic
def service_save(
    *, by, agreement: FrameworkAgreement, data: dict, measures=None, service: AgreementService | None = None
) -> AgreementService:
    """Create (service=None) or update a service of the agreement; `measures` (optional) sets
    the measures the contract follows up on."""
    creating = service is None
    service = service or AgreementService(agreement=agreement)
    before = {} if creating else _snapshot(service, SERVICE_FIELDS)
    for field in SERVICE_FIELDS:
        if field in data:
            setattr(service, field, data[field] if data[field] is not None or field == "programme" else "")
    _check_service(service)
    service.save()
    changes = diff(before, _snapshot(service, SERVICE_FIELDS))
    if measures is not None:
        old = sorted(MeasureFollowed.objects.filter(service=service).values_list("measure", flat=True))
        _set_measures(service, measures)
        if old != sorted(measures):
            changes["measures"] = [old, sorted(measures)]
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"agreements.service.{'create' if creating else 'update'}", obj=service,
        municipality_id=agreement.municipality_id, changes=changes,
    )  # fmt: skip
    return service


@transaction.atomic
def deliverable_create(*, by, service: AgreementService, data: dict) -> Deliverable:
    if data.get("target") is not None and data["target"] < 0:
        raise ValidationError({"target": [_("Målet kan ikke være negativt.")]})
    values = {k: data.get(k) for k in DELIVERABLE_FIELDS}
    values["unit"] = values["unit"] or ""
    deliverable = Deliverable.objects.create(service=service, **values)
    record(
        actor=by, action=AuditAction.CREATE, event="agreements.deliverable.create", obj=deliverable,
        municipality_id=service.agreement.municipality_id,
        changes=diff({}, _snapshot(deliverable, DELIVERABLE_FIELDS)),
    )  # fmt: skip
    return deliverable


@transaction.atomic
def deliverable_delete(*, by, deliverable: Deliverable) -> None:
    record(
        actor=by, action=AuditAction.DELETE, event="agreements.deliverable.delete", obj=deliverable,
        municipality_id=deliverable.service.agreement.municipality_id,
        changes=diff(_snapshot(deliverable, DELIVERABLE_FIELDS), {}),
    )  # fmt: skip
    deliverable.delete()


# --- Registrations -------------------------------------------------------------------------


def _registration_errors(obj, service: AgreementService) -> dict:
    agreement = service.agreement
    # a young user's start may precede the agreement: only the registrations' own dates are checked
    dates = {f: getattr(obj, f, None) for f in ("date", "week", "period_start", "period_end")}
    errors = rules.date_errors(
        {k: v for k, v in dates.items() if hasattr(obj, k)}, agreement.start, agreement.end
    )
    if getattr(obj, "period_start", None) and obj.period_end and obj.period_end < obj.period_start:
        errors["period_end"] = [_("Slutdatoen skal ligge efter startdatoen.")]
    if isinstance(obj, YouthUser):
        errors.update(_youth_errors(obj))
    return errors


def _youth_errors(user: YouthUser) -> dict:
    if user.home_support != HomeSupport.REDUCED:
        user.home_support_reduced_hours = None
    return rules.youth_errors(
        registered=user.registered, left=user.left, home_support=user.home_support,
        changed=user.home_support_changed, reduced_hours=user.home_support_reduced_hours,
    )  # fmt: skip


def _fields(obj) -> list[str]:
    skip = {"id", "service", "recorded_by", "recorded_at", "public_id", "user"}
    return [f.name for f in obj._meta.concrete_fields if f.name not in skip]


@transaction.atomic
def registration_save(*, by, service: AgreementService, obj, data: dict):
    """Create or update one registration row (`obj` is a new or stored instance of a
    registration model) for the service."""
    name = obj._meta.model_name
    if not rules.fits(name, service.kind):
        raise ValidationError(_("Registreringen passer ikke til ydelsens type."))
    creating = obj.pk is None
    fields = _fields(obj)
    before = {} if creating else _snapshot(obj, fields)
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])
    obj.service, obj.recorded_by = service, by
    errors = _registration_errors(obj, service)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError(
            _("Der findes allerede en registrering for denne dato eller periode.")
        ) from None
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"agreements.{name}.{'create' if creating else 'update'}", obj=obj,
        municipality_id=service.agreement.municipality_id, changes=diff(before, _snapshot(obj, fields)),
    )  # fmt: skip
    return obj


@transaction.atomic
def registration_delete(*, by, service: AgreementService, obj) -> None:
    name = obj._meta.model_name
    record(
        actor=by, action=AuditAction.DELETE, event=f"agreements.{name}.delete", obj=obj,
        municipality_id=service.agreement.municipality_id, changes=diff(_snapshot(obj, _fields(obj)), {}),
    )  # fmt: skip
    obj.delete()


@transaction.atomic
def weeks_save(*, by, service: AgreementService, rows: dict[datetime.date, dict]) -> int:
    """Save a grid of weeks {monday: {"staffed_hours": Decimal, "visits": int}}; a week with
    both empty is removed. Errors name the week. Returns the number of weeks stored."""
    if not rules.fits("weeklyregistration", service.kind):
        raise ValidationError(_("Registreringen passer ikke til ydelsens type."))
    agreement, errors = service.agreement, []
    for week, row in sorted(rows.items()):
        label = calendar.week_with_monday(week)
        if week.isoweekday() != 1:
            errors.append(_("%(week)s: ugen skal angives ved sin mandag.") % {"week": label})
        if not rules.within_agreement(week, agreement.start, agreement.end) and _filled(row):
            errors.append(_("%(week)s: ugen ligger uden for rammeaftalens periode.") % {"week": label})
        hours = row.get("staffed_hours")
        if hours is not None and not (0 <= hours <= rules.MAX_WEEK_HOURS):
            errors.append(_("%(week)s: bemandede timer skal være mellem 0 og 168.") % {"week": label})
        if row.get("visits") is not None and row["visits"] < 0:
            errors.append(_("%(week)s: besøg kan ikke være negativt.") % {"week": label})
    if errors:
        raise ValidationError(errors)
    existing = {w.week: w for w in WeeklyRegistration.objects.filter(service=service, week__in=list(rows))}
    changes, create, update, remove = {}, [], [], []
    for week, row in sorted(rows.items()):
        hours, visits = row.get("staffed_hours") or Decimal("0"), row.get("visits") or 0
        stored = existing.get(week)
        if not _filled(row):
            if stored:
                remove.append(stored.pk)
                changes[week.isoformat()] = [[str(stored.staffed_hours), stored.visits], None]
            continue
        if stored is None:
            create.append(
                WeeklyRegistration(
                    service=service, week=week, staffed_hours=hours, visits=visits, recorded_by=by
                )
            )
        elif stored.staffed_hours != hours or stored.visits != visits:
            old = [str(stored.staffed_hours), stored.visits]
            stored.staffed_hours, stored.visits, stored.recorded_by = hours, visits, by
            update.append(stored)
        else:
            continue
        changes[week.isoformat()] = [None if stored is None else old, [str(hours), visits]]
    WeeklyRegistration.objects.filter(pk__in=remove).delete()
    WeeklyRegistration.objects.bulk_create(create)
    WeeklyRegistration.objects.bulk_update(update, ["staffed_hours", "visits", "recorded_by", "recorded_at"])
    if changes:
        record(
            actor=by, action=AuditAction.UPDATE, event="agreements.weeks.save", obj=service,
            municipality_id=agreement.municipality_id, changes=changes,
        )  # fmt: skip
    return WeeklyRegistration.objects.filter(service=service).count()


def _filled(row: dict) -> bool:
    return row.get("staffed_hours") is not None or row.get("visits") is not None


@transaction.atomic
def frequencies_save(
    *, by, service: AgreementService, period_start, period_end, frequencies: dict[int, str]
) -> None:
    """Set each young user's frequency for a period ({user pk: frequency or ""}); "" removes it."""
    if period_end < period_start:
        raise ValidationError({"period_end": [_("Slutdatoen skal ligge efter startdatoen.")]})
    users = set(
        YouthUser.objects.filter(service=service, pk__in=list(frequencies)).values_list("pk", flat=True)
    )
    unknown = set(frequencies) - users
    if unknown:
        raise ValidationError(_("Ukendt ung bruger."))
    YouthFrequency.objects.filter(user_id__in=users, period_start=period_start).delete()
    YouthFrequency.objects.bulk_create(
        [
            YouthFrequency(
                user_id=pk, period_start=period_start, period_end=period_end, frequency=f, recorded_by=by
            )
            for pk, f in frequencies.items()
            if f
        ]
    )
    record(
        actor=by, action=AuditAction.UPDATE, event="agreements.youthfrequency.save", obj=service,
        municipality_id=service.agreement.municipality_id,
        changes={"period": [period_start.isoformat(), period_end.isoformat()], "users": len(frequencies)},
    )  # fmt: skip


# --- Narratives ----------------------------------------------------------------------------

NARRATIVE_TEXTS = ("experiences", "needs", "opportunities")


def _narrative_errors(service: AgreementService, start, end, texts: dict) -> dict:
    agreement, errors = service.agreement, {}
    if end < start:
        errors["period_end"] = [_("Slutdatoen skal ligge efter startdatoen.")]
    elif end < agreement.start or (agreement.end and start > agreement.end):
        errors["period_start"] = [_("Perioden ligger uden for rammeaftalens periode.")]
    if not any(texts.values()):
        errors["experiences"] = [_("Skriv mindst et af felterne: erfaringer, behov eller muligheder.")]
    return errors


@transaction.atomic
def narrative_save(
    *, by, service: AgreementService, period_start, period_end, data: dict
) -> ServiceNarrative:
    """Write the service's narrative for a period: creates it, or updates the one there is (at
    most one per service and period, a database constraint; concurrent first writes meet on
    it and the later ones update the row the first created)."""
    texts = {f: (data.get(f) or "").strip() for f in NARRATIVE_TEXTS}
    errors = _narrative_errors(service, period_start, period_end, texts)
    if errors:
        raise ValidationError(errors)
    narrative, created = ServiceNarrative.objects.select_for_update().get_or_create(
        service=service, period_start=period_start, period_end=period_end,
        defaults={**texts, "written_by": by},
    )  # fmt: skip
    before = dict.fromkeys(NARRATIVE_TEXTS, "") if created else _snapshot(narrative, NARRATIVE_TEXTS)
    if not created:
        for field, text in texts.items():
            setattr(narrative, field, text)
        narrative.written_by = by
        narrative.save(update_fields=[*NARRATIVE_TEXTS, "written_by", "updated_at"])
    record(
        actor=by, action=AuditAction.CREATE if created else AuditAction.UPDATE,
        event="agreements.narrative.save", obj=narrative, municipality_id=service.agreement.municipality_id,
        changes={"period": [period_start.isoformat(), period_end.isoformat()],
                 **diff(before, _snapshot(narrative, NARRATIVE_TEXTS))},
    )  # fmt: skip
    return narrative
