"""Writes of programmes, cohorts, companies in a cohort, camps and sparring sessions:
keyword-only, taking the acting user, atomic, audited in the same transaction. Bad input raises
ValidationError naming the field; nothing is half-written."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record
from registry.models import Organisation

from . import rules
from .models import (
    AcceleratorCohort,
    AcceleratorProgramme,
    Camp,
    CampAttendance,
    CampItem,
    FollowUp,
    Participant,
    SessionStatus,
    SocialModel,
    SparringSession,
)


def snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def audit(*, by, obj, event: str, municipality_id: int, before: dict | None = None, after: dict | None = None,
          action=AuditAction.CREATE) -> None:  # fmt: skip
    record(
        actor=by, action=action, event=f"accelerator.{event}", obj=obj, municipality_id=municipality_id,
        changes=diff(before or {}, after or {}),
    )  # fmt: skip


def registry_company(organisation_id, municipality_id: int, field: str = "organisation") -> Organisation:
    """The registry's organisation in the municipality, or a Danish error naming the field."""
    found = Organisation.objects.filter(
        pk=getattr(organisation_id, "pk", organisation_id), municipality_id=municipality_id
    ).first()
    if found is None:
        raise ValidationError({field: [_("Virksomheden findes ikke i kommunens aktørregister.")]})
    return found


def _require(data: dict, *fields: str) -> None:
    missing = {f: [_("Feltet skal udfyldes.")] for f in fields if data.get(f) in (None, "")}
    if missing:
        raise ValidationError(missing)


# --- Programmes and cohorts ----------------------------------------------------------------

PROGRAMME_FIELDS = ("name", "owner", "description", "months", "follow_up_months")
COHORT_FIELDS = ("name", "start", "end")


@transaction.atomic
def programme_create(*, by, municipality, data: dict) -> AcceleratorProgramme:
    _require(data, "name", "owner")
    owner = registry_company(data["owner"], municipality.pk, "owner")
    programme = AcceleratorProgramme.objects.create(
        municipality=municipality, owner=owner, name=data["name"], description=data.get("description") or "",
        months=data.get("months") or 12, follow_up_months=data.get("follow_up_months") or 6,
    )  # fmt: skip
    audit(by=by, obj=programme, event="programme.create", municipality_id=municipality.pk,
          after=snapshot(programme, PROGRAMME_FIELDS))  # fmt: skip
    return programme


@transaction.atomic
def cohort_create(*, by, programme: AcceleratorProgramme, data: dict) -> AcceleratorCohort:
    _require(data, "name", "start")
    end = data.get("end") or rules.add_months(data["start"], programme.months) - datetime.timedelta(days=1)
    if end <= data["start"]:
        raise ValidationError({"end": [_("Slutdatoen skal ligge efter startdatoen.")]})
    cohort = AcceleratorCohort.objects.create(
        programme=programme, name=data["name"], start=data["start"], end=end
    )
    audit(by=by, obj=cohort, event="cohort.create", municipality_id=programme.municipality_id,
          after=snapshot(cohort, COHORT_FIELDS))  # fmt: skip
    return cohort


def _add_participant(
    cohort: AcceleratorCohort, organisation: Organisation, joined_on: datetime.date
) -> tuple[Participant, bool]:
    """The company in the cohort (created with its social model and follow-up checkpoints);
    get_or_create, so two requests at once end with one row (the unique constraint)."""
    participant, created = Participant.objects.get_or_create(
        cohort=cohort, organisation=organisation, defaults={"joined_on": joined_on}
    )
    if created:
        SocialModel.objects.create(participant=participant)
        FollowUp.objects.bulk_create(
            FollowUp(participant=participant, month=month, due=due)
            for month, due in rules.follow_up_schedule(cohort.end, cohort.programme.follow_up_months)
        )
    return participant, created


@transaction.atomic
def participant_add(
    *, by, cohort: AcceleratorCohort, organisation, joined_on: datetime.date | None = None
) -> Participant:
    """Add a company to the cohort directly (selection adds it through the decision); its
    social model and follow-up checkpoints are created with it."""
    company = registry_company(organisation, cohort.municipality_id)
    if Participant.objects.filter(cohort=cohort, organisation=company).exists():
        raise ValidationError({"organisation": [_("Virksomheden deltager allerede i forløbet.")]})
    participant, created = _add_participant(cohort, company, joined_on or cohort.start)
    if not created:  # added by a request running at the same time
        raise ValidationError({"organisation": [_("Virksomheden deltager allerede i forløbet.")]})
    audit(by=by, obj=participant, event="participant.create", municipality_id=cohort.municipality_id,
          after={"cohort": cohort.name, "organisation": company.name})  # fmt: skip
    return participant


# --- Camps and sessions --------------------------------------------------------------------

CAMP_FIELDS = ("title", "date", "end_date", "venue", "description")
ITEM_FIELDS = ("starts_at", "title", "expert", "expert_organisation")
SESSION_FIELDS = ("date", "topic", "advisor", "status", "note")


@transaction.atomic
def camp_create(*, by, cohort: AcceleratorCohort, data: dict) -> Camp:
    _require(data, "title", "date", "venue")
    if data.get("end_date") and data["end_date"] < data["date"]:
        raise ValidationError({"end_date": [_("Slutdatoen skal ligge efter startdatoen.")]})
    camp = Camp.objects.create(
        cohort=cohort, **{f: data.get(f) or ("" if f != "end_date" else None) for f in CAMP_FIELDS}
    )
    audit(
        by=by,
        obj=camp,
        event="camp.create",
        municipality_id=cohort.municipality_id,
        after=snapshot(camp, CAMP_FIELDS),
    )
    return camp


@transaction.atomic
def camp_item_add(*, by, camp: Camp, data: dict) -> CampItem:
    _require(data, "starts_at", "title")
    item = CampItem.objects.create(camp=camp, **{f: data.get(f) or "" for f in ITEM_FIELDS})
    audit(by=by, obj=item, event="camp_item.create", municipality_id=camp.cohort.municipality_id,
          after=snapshot(item, ITEM_FIELDS))  # fmt: skip
    return item


@transaction.atomic
def camp_attendance_save(*, by, camp: Camp, attended_ids: set[int]) -> int:
    """Save the whole camp's attendance in one go: every company of the cohort is marked present
    (its participant id in `attended_ids`) or absent. Returns the number present."""
    participants = list(camp.cohort.participants.values_list("pk", flat=True))
    unknown = set(attended_ids) - set(participants)
    if unknown:
        raise ValidationError({"attended": [_("En valgt virksomhed deltager ikke i forløbet.")]})
    before = dict(CampAttendance.objects.filter(camp=camp).values_list("participant_id", "attended"))
    CampAttendance.objects.filter(camp=camp).delete()
    CampAttendance.objects.bulk_create(
        CampAttendance(camp=camp, participant_id=pk, attended=pk in attended_ids) for pk in participants
    )
    after = {pk: pk in attended_ids for pk in participants}
    audit(by=by, obj=camp, event="camp.attendance", municipality_id=camp.cohort.municipality_id,
          before={str(k): v for k, v in before.items()}, after={str(k): v for k, v in after.items()},
          action=AuditAction.UPDATE)  # fmt: skip
    return len(attended_ids)


@transaction.atomic
def session_create(*, by, participant: Participant, data: dict) -> SparringSession:
    _require(data, "date", "topic", "advisor")
    values = {f: data.get(f) or "" for f in SESSION_FIELDS}
    values["status"] = values["status"] or SessionStatus.PLANNED
    session = SparringSession.objects.create(participant=participant, created_by=by, **values)
    audit(by=by, obj=session, event="session.create", municipality_id=participant.cohort.municipality_id,
          after=snapshot(session, SESSION_FIELDS))  # fmt: skip
    return session


@transaction.atomic
def session_set_status(*, by, session: SparringSession, status: str, note: str = "") -> SparringSession:
    if status not in SessionStatus.values:
        raise ValidationError({"status": [_("Ukendt status.")]})
    before = snapshot(session, ("status", "note"))
    session.status, session.note = status, note or session.note
    session.save(update_fields=["status", "note"])
    audit(by=by, obj=session, event="session.update", municipality_id=session.participant.cohort.municipality_id,
          before=before, after=snapshot(session, ("status", "note")), action=AuditAction.UPDATE)  # fmt: skip
    return session
