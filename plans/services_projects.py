"""Writes of projects and their budgets: phases, activities (hours × hourly rate, or a fixed
amount), other costs and actuals. Keyword-only, by= the acting user, atomic, audited. Negative
hours, rates or amounts and an activity that is neither hours × rate nor a fixed amount are
refused with a Danish error naming the field."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record

from . import rules
from .models import ActualEntry, BudgetLine, OtherCost, Project, ProjectPhase

PROJECT_FIELDS = ("name", "supplier", "description", "strategy")
PHASE_FIELDS = ("name", "position", "start", "end", "stated_hours", "stated_amount")
ACTIVITY_FIELDS = ("name", "description", "hours", "hourly_rate", "fixed_amount")
_TEXT = {"name", "description"}


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _apply(obj, fields, data) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, "" if data[name] is None and name in _TEXT else data[name])


def _not_negative(obj, names) -> dict:
    return {
        name: [_("Tallet kan ikke være negativt.")]
        for name in names
        if getattr(obj, name) is not None and getattr(obj, name) < 0
    }


def _save(by, obj, fields, before, creating, event, municipality_id):
    obj.save()
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"{event}.{'create' if creating else 'update'}", obj=obj, municipality_id=municipality_id,
        changes=diff(before, _snapshot(obj, fields)),
    )  # fmt: skip
    return obj


@transaction.atomic
def project_save(*, by, municipality, data: dict, project: Project | None = None) -> Project:
    creating = project is None
    project = project or Project(municipality=municipality)
    before = {} if creating else _snapshot(project, PROJECT_FIELDS)
    _apply(project, PROJECT_FIELDS, data)
    if not (project.name or "").strip():
        raise ValidationError({"name": [_("Projektet skal have et navn.")]})
    if project.strategy is not None and project.strategy.municipality_id != project.municipality_id:
        raise ValidationError({"strategy": [_("Strategien skal høre til kommunen.")]})
    return _save(by, project, PROJECT_FIELDS, before, creating, "plans.project", project.municipality_id)


@transaction.atomic
def phase_save(*, by, project: Project, data: dict, phase: ProjectPhase | None = None) -> ProjectPhase:
    creating = phase is None
    phase = phase or ProjectPhase(project=project, position=project.phases.count() + 1)
    before = {} if creating else _snapshot(phase, PHASE_FIELDS)
    _apply(phase, PHASE_FIELDS, data)
    errors = _not_negative(phase, ("stated_hours", "stated_amount"))
    if phase.start and phase.end and phase.end < phase.start:
        errors["end"] = [_("Slutdatoen skal ligge efter startdatoen.")]
    if errors:
        raise ValidationError(errors)
    return _save(by, phase, PHASE_FIELDS, before, creating, "plans.phase", project.municipality_id)


def _check_activity(activity: BudgetLine) -> None:
    errors = _not_negative(activity, ("hours", "hourly_rate", "fixed_amount"))
    priced_by_hours = activity.hours is not None or activity.hourly_rate is not None
    if activity.fixed_amount is not None and priced_by_hours:
        errors.setdefault("fixed_amount", [_("Udfyld enten timer og timepris eller et fast beløb, ikke begge.")])
    elif activity.fixed_amount is None:
        if activity.hours is None:
            errors.setdefault("hours", [_("Angiv timer (eller et fast beløb).")])
        if activity.hourly_rate is None:
            errors.setdefault("hourly_rate", [_("Angiv en timepris (eller et fast beløb).")])
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_save(*, by, phase: ProjectPhase, data: dict, activity: BudgetLine | None = None) -> BudgetLine:
    creating = activity is None
    activity = activity or BudgetLine(phase=phase, position=phase.activities.count() + 1)
    before = {} if creating else _snapshot(activity, ACTIVITY_FIELDS)
    _apply(activity, ACTIVITY_FIELDS, data)
    _check_activity(activity)
    return _save(by, activity, ACTIVITY_FIELDS, before, creating, "plans.activity", phase.project.municipality_id)


@transaction.atomic
def activity_delete(*, by, activity: BudgetLine) -> None:
    record(
        actor=by, action=AuditAction.DELETE, event="plans.activity.delete", obj=activity,
        municipality_id=activity.phase.project.municipality_id, changes=diff(_snapshot(activity, ACTIVITY_FIELDS), {}),
    )  # fmt: skip
    activity.delete()


@transaction.atomic
def other_cost_add(*, by, phase: ProjectPhase, name: str, amount: Decimal) -> OtherCost:
    if amount is None or amount < 0:
        raise ValidationError({"amount": [_("Beløbet kan ikke være negativt.")]})
    cost = OtherCost.objects.create(phase=phase, name=name, amount=amount)
    record(
        actor=by, action=AuditAction.CREATE, event="plans.other_cost.create", obj=cost,
        municipality_id=phase.project.municipality_id, changes={"name": [None, name], "amount": [None, str(amount)]},
    )  # fmt: skip
    return cost


@transaction.atomic
def actual_add(*, by, activity: BudgetLine, date, hours: Decimal | None, amount: Decimal | None, note: str = "") -> ActualEntry:
    """Hours and cost spent on an activity; without an amount, hours × the activity's rate."""
    errors = {}
    if hours is not None and hours < 0:
        errors["hours"] = [_("Timer kan ikke være negative.")]
    if amount is not None and amount < 0:
        errors["amount"] = [_("Beløbet kan ikke være negativt.")]
    if amount is None and not hours:
        errors["hours"] = [_("Angiv timer eller et beløb.")]
    if amount is None and hours and activity.hourly_rate is None:
        errors["amount"] = [_("Aktiviteten har en fast pris: angiv beløbet.")]
    if errors:
        raise ValidationError(errors)
    if amount is None:
        amount = rules.line_amount(hours, activity.hourly_rate, None)
    entry = ActualEntry.objects.create(
        activity=activity, date=date, hours=hours or 0, amount=amount, note=note or "", recorded_by=by
    )
    record(
        actor=by, action=AuditAction.CREATE, event="plans.actual.create", obj=entry,
        municipality_id=activity.phase.project.municipality_id,
        changes={"date": [None, str(date)], "hours": [None, str(entry.hours)], "amount": [None, str(amount)]},
    )  # fmt: skip
    return entry
