"""Writes of running a pathway: a team's attendance week saved in one go, and company placements.

`attendance_save_week` validates every row before it writes any (all or nothing), upserts the
rows in one statement and writes one summary audit row naming the enrolments changed.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record
from core.calendar import iso_week_label
from registry.models import Organisation

from .models import AttendanceWeek, Enrolment, Phase, Placement, Team
from .selectors_attendance import paused_all_week, week_enrolments

HOUR_FIELDS = ("planned_hours", "attended_hours", "excused_hours", "unexcused_hours")
MAX_WEEK_HOURS = Decimal(80)  # a sanity cap: no programme plans more than 80 hours a week
REASON_MAX = 200


def _hours(value, errors: dict, key: str, name: str) -> Decimal | None:
    """A row's hour value: blank → None; otherwise a number ≥ 0 with at most two decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        errors[key] = _("%(name)s: skriv et tal.") % {"name": name}
        return None
    if not hours.is_finite():
        errors[key] = _("%(name)s: skriv et tal.") % {"name": name}
    elif hours < 0:
        errors[key] = _("%(name)s: timer kan ikke være negative.") % {"name": name}
    elif hours > MAX_WEEK_HOURS:
        errors[key] = _("%(name)s: højst %(max)s timer på en uge.") % {"name": name, "max": MAX_WEEK_HOURS}
    elif hours != hours.quantize(Decimal("0.01")):
        errors[key] = _("%(name)s: højst to decimaler.") % {"name": name}
    else:
        return hours
    return None


def check_week(week: datetime.date, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if week.weekday() != 0:
        raise ValidationError({"week": [_("Ugen skal angives ved sin mandag.")]})
    if week > today:
        raise ValidationError({"week": [_("Man kan ikke registrere fremmøde for en uge, der ikke er begyndt.")]})


def _clean_row(index: int, row: dict, enrolment: Enrolment | None, errors: dict) -> dict | None:
    """One row as model values, or None when nothing was entered (attended and both absences
    blank). Errors go into `errors` under rows.<index>.<field>, naming the participant."""
    prefix = f"rows.{index}"
    if enrolment is None:
        errors[f"{prefix}.enrolment"] = _("Række %(n)s: deltageren er ikke på holdet i denne uge.") % {"n": index + 1}
        return None
    name = enrolment.citizen.name
    values = {f: _hours(row.get(f), errors, f"{prefix}.{f}", name) for f in HOUR_FIELDS}
    if all(values[f] is None for f in HOUR_FIELDS[1:]) and not any(f"{prefix}.{f}" in errors for f in HOUR_FIELDS):
        return None
    if enrolment.paused_week:
        # On pause all week: no attendance. Zeros (what "all attended as planned" fills in for
        # a row without planned hours) are nothing entered.
        if values["attended_hours"]:
            errors[f"{prefix}.attended_hours"] = _("%(name)s er på pause hele ugen: registrér ikke fremmøde.") % {"name": name}
        elif not any(values[f] for f in HOUR_FIELDS):
            return None
    values = {f: v if v is not None else Decimal(0) for f, v in values.items()}
    reason = (row.get("absence_reason") or "").strip()
    if len(reason) > REASON_MAX:
        errors[f"{prefix}.absence_reason"] = _("%(name)s: fraværsårsagen må højst være %(max)s tegn.") % {
            "name": name, "max": REASON_MAX,
        }  # fmt: skip
    if values["unexcused_hours"] > 0 and not reason:
        errors[f"{prefix}.absence_reason"] = _("%(name)s: skriv en årsag til det ulovlige fravær.") % {"name": name}
    if values["attended_hours"] + values["excused_hours"] + values["unexcused_hours"] > MAX_WEEK_HOURS:
        errors[f"{prefix}.attended_hours"] = _(
            "%(name)s: fremmøde og fravær må tilsammen højst være %(max)s timer."
        ) % {"name": name, "max": MAX_WEEK_HOURS}
    return {**values, "absence_reason": reason}


def _same(existing: AttendanceWeek | None, values: dict) -> bool:
    return existing is not None and all(getattr(existing, k) == v for k, v in values.items())


@transaction.atomic
def attendance_save_week(*, by, team: Team, week: datetime.date, rows: list[dict]) -> list[AttendanceWeek]:
    """Save a team's week. `rows`: dicts with `enrolment` (public id), the four hour fields
    and `absence_reason`. Rows with no attended or absence hours are skipped. Raises one
    ValidationError with every problem (keys rows.<i>.<field>) and writes nothing then.
    Returns the rows written (new or changed)."""
    check_week(week)
    enrolments = {str(e.public_id): e for e in week_enrolments(team, week)}
    for e in enrolments.values():
        e.paused_week = paused_all_week(e.pause_list, week)
    existing = {
        a.enrolment_id: a for a in AttendanceWeek.objects.filter(enrolment__in=list(enrolments.values()), week=week)
    }
    errors: dict[str, str] = {}
    seen: set[str] = set()
    cleaned: list[tuple[Enrolment, dict]] = []
    for index, row in enumerate(rows):
        key = str(row.get("enrolment") or "")
        enrolment = enrolments.get(key)
        if key in seen:
            errors[f"rows.{index}.enrolment"] = _("Række %(n)s: deltageren står mere end én gang.") % {"n": index + 1}
            continue
        seen.add(key)
        values = _clean_row(index, row, enrolment, errors)
        if values is not None:
            cleaned.append((enrolment, values))
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    changed = [
        AttendanceWeek(enrolment=e, week=week, updated_by=by, **values)
        for e, values in cleaned
        if not _same(existing.get(e.pk), values)
    ]
    if not changed:
        return []
    AttendanceWeek.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["enrolment", "week"],
        update_fields=[*HOUR_FIELDS, "absence_reason", "updated_by", "updated_at"],
    )
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.attendance.save_week", obj=team,
        municipality_id=team.programme.provider.municipality_id,
        changes={
            "week": iso_week_label(week),
            "enrolments": [str(a.enrolment.public_id) for a in changed],
            "created": sum(1 for a in changed if a.enrolment_id not in existing),
            "updated": sum(1 for a in changed if a.enrolment_id in existing),
        },
    )  # fmt: skip
    return changed


# --- Placements ----------------------------------------------------------------------------


@transaction.atomic
def placement_create(
    *,
    by,
    enrolment: Enrolment,
    company: Organisation,
    support_person: str,
    start: datetime.date,
    end: datetime.date | None = None,
    phase: Phase | None = None,
    support_person_phone: str = "",
) -> Placement:
    """Place a participant in a company of the citizen's municipality. Who may do it (the
    provider running the programme or a caseworker of the municipality) is checked by the
    caller through pathways.access."""
    errors = {}
    municipality_id = enrolment.citizen.municipality_id
    if company.municipality_id != municipality_id:
        errors["company"] = [_("Virksomheden skal ligge i borgerens kommune.")]
    if not (support_person or "").strip():
        errors["support_person"] = [_("Skriv navnet på støttepersonen.")]
    if start < enrolment.start_date:
        errors["start"] = [_("Placeringen kan ikke begynde før forløbets start.")]
    if end is not None and end < start:
        errors["end"] = [_("Slutdatoen kan ikke ligge før startdatoen.")]
    if phase is not None and phase.programme_id != enrolment.programme_id:
        errors["phase"] = [_("Fasen hører ikke til forløbet.")]
    if errors:
        raise ValidationError(errors)
    placement = Placement.objects.create(
        enrolment=enrolment,
        company=company,
        support_person=support_person.strip(),
        support_person_phone=(support_person_phone or "").strip(),
        start=start,
        end=end,
        phase=phase,
    )
    record(
        actor=by, action=AuditAction.CREATE, event="pathways.placement.create", obj=placement,
        municipality_id=municipality_id,
        changes={
            "enrolment": str(enrolment.public_id), "company": company.name,
            "start": start.isoformat(), "end": end.isoformat() if end else None,
        },
    )  # fmt: skip
    return placement


def placements_read(*, by, placements: list[Placement]) -> None:
    """One audit row per view of a company's placement list, naming the citizens shown."""
    municipalities = {p.company.municipality_id for p in placements}
    record(
        actor=by, action=AuditAction.READ, event="pathways.placement.list", object_type="pathways.placement",
        municipality_id=municipalities.pop() if len(municipalities) == 1 else None,
        changes={"citizens": sorted({str(p.enrolment.citizen.public_id) for p in placements})},
    )  # fmt: skip
