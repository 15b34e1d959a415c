"""Writes of support and incubation cases and of the outreach log. Keyword-only, by= the
acting user, atomic, audited. A case is for an organisation of the municipality or a named
would-be entrepreneur; the incubator stage is a row per move, so its history stays."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record
from core.lifecycle import IllegalTransition

from . import rules
from .models import CaseContact, CaseStatus, OutreachContact, StageMove, SupportCase

CASE_FIELDS = (
    "organisation", "entrepreneur_name", "entrepreneur_contact", "topic", "question", "advisor", "opened_on",
    "cohort", "initiative",
)  # fmt: skip
OUTREACH_FIELDS = ("organisation", "date", "channel", "topic", "outcome", "follow_up_on", "campaign")
_TEXT = {"entrepreneur_name", "entrepreneur_contact", "question", "cohort", "topic", "outcome", "campaign"}


def _apply(obj, fields, data) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, "" if data[name] is None and name in _TEXT else data[name])


def _check_case(case: SupportCase) -> None:
    errors = {}
    if case.organisation is None and not case.entrepreneur_name.strip():
        errors["entrepreneur_name"] = [_("Vælg en virksomhed eller skriv iværksætterens navn.")]
    if case.organisation is not None and case.organisation.municipality_id != case.municipality_id:
        errors["organisation"] = [_("Virksomheden skal høre til kommunen.")]
    if case.advisor is not None and not case.advisor.memberships.filter(
        organisation__municipality_id=case.municipality_id
    ).exists():
        errors["advisor"] = [_("Rådgiveren skal arbejde i kommunen.")]
    if case.initiative is not None and case.initiative.goal.version.strategy.municipality_id != case.municipality_id:
        errors["initiative"] = [_("Initiativet skal høre til kommunens strategi.")]
    if errors:
        raise ValidationError(errors)


def _move(by, case: SupportCase, stage: str, moved_on) -> None:
    StageMove.objects.create(case=case, stage=stage, moved_on=moved_on, by=by)


@transaction.atomic
def case_save(*, by, municipality, data: dict, case: SupportCase | None = None, stage: str = "") -> SupportCase:
    creating = case is None
    case = case or SupportCase(municipality=municipality, opened_on=timezone.localdate())
    before = {} if creating else {f: getattr(case, f) for f in CASE_FIELDS}
    _apply(case, CASE_FIELDS, data)
    case.opened_on = case.opened_on or timezone.localdate()
    _check_case(case)
    stage = stage or data.get("stage") or ""
    moved = stage and stage != case.stage
    case.stage = stage or case.stage
    case.save()
    if moved:
        _move(by, case, stage, case.opened_on if creating else timezone.localdate())
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"plans.case.{'create' if creating else 'update'}", obj=case, municipality_id=municipality.pk,
        changes=diff(before, {f: getattr(case, f) for f in CASE_FIELDS}),
    )  # fmt: skip
    return case


@transaction.atomic
def case_request(*, by, organisation, topic: str, question: str) -> SupportCase:
    """An enterprise asks for advice for its own organisation (the view checks it is theirs)."""
    return case_save(
        by=by, municipality=organisation.municipality,
        data={"organisation": organisation, "topic": topic, "question": question},
    )  # fmt: skip


@transaction.atomic
def case_contact_add(*, by, case: SupportCase, date, note: str, referred_to=None) -> CaseContact:
    errors = {}
    if not (note or "").strip():
        errors["note"] = [_("Skriv et notat om kontakten.")]
    if date is None:
        errors["date"] = [_("Angiv datoen.")]
    if errors:
        raise ValidationError(errors)
    contact = CaseContact.objects.create(case=case, date=date, note=note, referred_to=referred_to, by=by)
    if referred_to is not None and case.status == CaseStatus.OPEN:
        case.status = CaseStatus.REFERRED
        case.save(update_fields=["status"])
    record(
        actor=by, action=AuditAction.CREATE, event="plans.case_contact.create", obj=contact,
        municipality_id=case.municipality_id,
        changes={"date": [None, str(date)], "referred_to": [None, str(referred_to) if referred_to else None]},
    )  # fmt: skip
    return contact


@transaction.atomic
def case_set_status(*, by, case: SupportCase, status: str, outcome: str = "") -> SupportCase:
    if status != case.status:
        try:
            rules.CASE.check(case.status, status)
        except IllegalTransition as error:
            raise ValidationError({"status": [_("Sagen kan ikke skifte til den status.")]}) from error
    if status == CaseStatus.CLOSED and not (outcome or case.outcome).strip():
        raise ValidationError({"outcome": [_("Skriv resultatet, når sagen afsluttes.")]})
    before = {"status": case.status, "outcome": case.outcome}
    case.status, case.outcome = status, outcome or case.outcome
    case.save(update_fields=["status", "outcome"])
    record(
        actor=by, action=AuditAction.UPDATE, event="plans.case.status", obj=case, municipality_id=case.municipality_id,
        changes=diff(before, {"status": case.status, "outcome": case.outcome}),
    )  # fmt: skip
    return case


@transaction.atomic
def case_move_stage(*, by, case: SupportCase, stage: str, moved_on) -> SupportCase:
    """The incubator stage moves (idea → start-up → social enterprise → growth); kept as history."""
    if moved_on is None:
        raise ValidationError({"moved_on": [_("Angiv datoen.")]})
    last = case.stage_moves.order_by("-moved_on", "-pk").first()
    if last is not None and moved_on < last.moved_on:
        raise ValidationError({"moved_on": [_("Datoen ligger før det seneste faseskift.")]})
    before = case.stage
    _move(by, case, stage, moved_on)
    case.stage = stage
    case.save(update_fields=["stage"])
    record(
        actor=by, action=AuditAction.UPDATE, event="plans.case.stage", obj=case, municipality_id=case.municipality_id,
        changes={"stage": [before, stage], "moved_on": [None, str(moved_on)]},
    )  # fmt: skip
    return case


@transaction.atomic
def outreach_add(*, by, municipality, data: dict) -> OutreachContact:
    contact = OutreachContact(municipality=municipality, by=by)
    _apply(contact, OUTREACH_FIELDS, data)
    errors = {}
    if contact.organisation is None or contact.organisation.municipality_id != municipality.pk:
        errors["organisation"] = [_("Vælg en organisation i kommunen.")]
    if contact.date and contact.follow_up_on and contact.follow_up_on < contact.date:
        errors["follow_up_on"] = [_("Opfølgningen skal ligge efter kontakten.")]
    if errors:
        raise ValidationError(errors)
    contact.save()
    record(
        actor=by, action=AuditAction.CREATE, event="plans.outreach.create", obj=contact, municipality_id=municipality.pk,
        changes=diff({}, {f: getattr(contact, f) for f in OUTREACH_FIELDS}),
    )  # fmt: skip
    return contact


@transaction.atomic
def outreach_followed_up(*, by, contact: OutreachContact) -> OutreachContact:
    contact.followed_up = True
    contact.save(update_fields=["followed_up"])
    record(
        actor=by, action=AuditAction.UPDATE, event="plans.outreach.followed_up", obj=contact,
        municipality_id=contact.municipality_id, changes={"followed_up": [False, True]},
    )  # fmt: skip
    return contact
