"""Writes of citizen pathways: atomic, audited in the same transaction, taking the acting user.

Lifecycles follow the transition tables in pathways.rules; an illegal move raises
core.lifecycle.IllegalTransition and leaves the state unchanged. The plain CPR number is
never stored, logged or put into an audit row.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record
from core.cpr import clean_cpr, mask_cpr
from core.crypto import blind_index, encrypt
from core.lifecycle import IllegalTransition

from . import rules
from .models import (
    OPEN_REFERRAL,
    CheckpointDue,
    Citizen,
    CitizenStatus,
    CodeList,
    CodeListKind,
    Enrolment,
    EnrolmentStatus,
    Pause,
    Programme,
    Referral,
    ReferralStatus,
    Team,
)

CITIZEN_FIELDS = (
    "name", "phone", "email", "address", "gender", "ethnic_danish_background", "insured",
    "legal_basis", "consent_given_at",
)  # fmt: skip


def _cpr_or_error(cpr: str) -> str:
    try:
        return clean_cpr(cpr)
    except ValidationError as error:
        raise ValidationError({"cpr": error.messages}) from None


# --- Citizens ------------------------------------------------------------------------------


@transaction.atomic
def citizen_create(
    *, by, municipality, cpr: str, data: dict, caseworker=None, status: dict | None = None
) -> Citizen:
    """Create a citizen. `status` (optional): benefit/target_group/readiness CodeList rows and
    valid_from, checked against the code lists' validity on that date."""
    digits = _cpr_or_error(cpr)
    index = blind_index(digits)
    if Citizen.objects.filter(municipality=municipality, cpr_index=index).exists():
        raise ValidationError({"cpr": [_("Der findes allerede en borger med dette CPR-nummer i kommunen.")]})
    citizen = Citizen(
        municipality=municipality,
        cpr_encrypted=encrypt(digits),
        cpr_index=index,
        caseworker=caseworker,
        **{k: v for k, v in data.items() if k in CITIZEN_FIELDS},
    )
    if not citizen.name.strip():
        raise ValidationError({"name": [_("Skriv borgerens navn.")]})
    try:
        with transaction.atomic():
            citizen.save()
    except IntegrityError:  # a concurrent create with the same CPR
        raise ValidationError(
            {"cpr": [_("Der findes allerede en borger med dette CPR-nummer i kommunen.")]}
        ) from None
    record(
        actor=by, action=AuditAction.CREATE, event="pathways.citizen.create", obj=citizen,
        changes={"cpr": mask_cpr(digits), "caseworker": str(caseworker) if caseworker else None},
    )  # fmt: skip
    if status:
        citizen_status_add(by=by, citizen=citizen, **status)
    return citizen


def _check_code(code: CodeList | None, kind: str, field: str, on: datetime.date) -> None:
    if code is None:
        return
    if code.list != kind:
        raise ValidationError({field: [_("Koden hører ikke til den rigtige kodeliste.")]})
    if not code.valid_on(on):
        raise ValidationError(
            {
                field: [
                    _("%(name)s gælder ikke den %(date)s.")
                    % {"name": code.name, "date": on.strftime("%d-%m-%Y")}
                ]
            }
        )


def _check_status_date(citizen: Citizen, valid_from: datetime.date, today: datetime.date) -> None:
    if valid_from > today:
        raise ValidationError({"valid_from": [_("Datoen for statusændringen ligger i fremtiden.")]})
    born = citizen.birth_date()
    if born is not None and valid_from < born:
        raise ValidationError(
            {"valid_from": [_("Datoen for statusændringen ligger før borgerens fødselsdato (%(date)s).")
                            % {"date": born.strftime("%d-%m-%Y")}]}
        )


@transaction.atomic
def citizen_status_add(
    *, by, citizen: Citizen, valid_from: datetime.date, benefit=None, target_group=None, readiness=None,
    today: datetime.date | None = None,
) -> CitizenStatus:
    """Add a status from `valid_from`; the open status before it ends the day before. The date
    may not lie in the future nor before the citizen's birth (from the CPR number)."""
    _check_status_date(citizen, valid_from, today or timezone.localdate())
    _check_code(benefit, CodeListKind.BENEFIT, "benefit", valid_from)
    _check_code(target_group, CodeListKind.TARGET_GROUP, "target_group", valid_from)
    _check_code(readiness, CodeListKind.READINESS, "readiness", valid_from)
    previous = citizen.statuses.filter(valid_to__isnull=True).select_for_update().first()
    if previous is not None:
        if previous.valid_from >= valid_from:
            raise ValidationError(
                {"valid_from": [_("Datoen skal ligge efter den gældende status' startdato.")]}
            )
        previous.valid_to = valid_from - datetime.timedelta(days=1)
        previous.save(update_fields=["valid_to"])
    status = CitizenStatus.objects.create(
        citizen=citizen,
        valid_from=valid_from,
        benefit=benefit,
        target_group=target_group,
        readiness=readiness,
    )
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.citizen.status", obj=citizen,
        changes={
            "valid_from": valid_from.isoformat(),
            "benefit": benefit.code if benefit else None,
            "target_group": target_group.code if target_group else None,
            "readiness": readiness.code if readiness else None,
        },
    )  # fmt: skip
    return status


def citizen_find_by_cpr(*, by, cpr: str, municipality_ids: list[int]) -> Citizen | None:
    """Exact-match search through the blind index, within the given municipalities. The
    search is audited with the criterion masked; the CPR itself never reaches the log."""
    digits = _cpr_or_error(cpr)
    found = (
        Citizen.objects.filter(municipality_id__in=municipality_ids, cpr_index=blind_index(digits))
        .order_by("pk")
        .first()
    )
    with transaction.atomic():
        record(
            actor=by, action=AuditAction.SEARCH, event="pathways.citizen.search",
            object_type="pathways.citizen", object_id=str(found.pk) if found else "",
            object_label=found.name if found else "",
            municipality_id=found.municipality_id if found else (municipality_ids[0] if len(municipality_ids) == 1 else None),
            changes={"criterion": "cpr", "value": mask_cpr(digits), "found": found is not None},
        )  # fmt: skip
    return found


def citizen_read(*, by, citizen: Citizen, cpr_shown: str) -> None:
    """One audit row per read of a citizen page."""
    record(
        actor=by, action=AuditAction.READ, event="pathways.citizen.read", obj=citizen,
        changes={"cpr_shown": cpr_shown},
    )  # fmt: skip


# --- Referrals -----------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *, by, citizen: Citizen, programme: Programme, wished_start=None, note: str = "", justification: str = ""
) -> Referral:
    duplicate = ValidationError({"programme": [_("Borgeren har allerede en åben visitation til dette forløb.")]})
    if citizen.referrals.filter(programme=programme, status__in=OPEN_REFERRAL).exists():
        raise duplicate
    outside = outside_target_groups(citizen, programme)
    justification = (justification or "").strip()
    if outside and not justification:
        raise ValidationError(
            {"justification": [_("Borgeren ligger uden for forløbets %(what)s: skriv en begrundelse.") % {"what": outside}]}
        )
    try:
        with transaction.atomic():  # the partial unique index decides between concurrent requests
            referral = Referral.objects.create(
                citizen=citizen, programme=programme, referred_by=by, wished_start=wished_start, note=note,
                justification=justification if outside else "",
            )  # fmt: skip
    except IntegrityError:
        raise duplicate from None
    record(
        actor=by, action=AuditAction.CREATE, event="pathways.referral.create", obj=referral,
        municipality_id=citizen.municipality_id,
        changes={"programme": programme.name, "wished_start": wished_start.isoformat() if wished_start else None},
    )  # fmt: skip
    return referral


def outside_target_groups(citizen: Citizen, programme: Programme) -> str:
    """What of the programme's stated target groups and readiness categories the citizen's
    current status falls outside ("" when inside, or when the programme states none). A
    citizen without a recorded target group or readiness is outside a programme that states
    them: the caseworker says why the referral fits anyway."""
    status = citizen.statuses.filter(valid_to__isnull=True).order_by("-valid_from", "-pk").first()
    outside = []
    groups = set(programme.target_groups.values_list("pk", flat=True))
    if groups and (status is None or status.target_group_id not in groups):
        outside.append(_("målgrupper"))
    readiness = set(programme.readiness.values_list("pk", flat=True))
    if readiness and (status is None or status.readiness_id not in readiness):
        outside.append(_("parathedskategorier"))
    return _(" og ").join(str(o) for o in outside)


def _lock_referral(referral: Referral, target: str) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    rules.REFERRAL.check(locked.status, target)
    return locked


def _decide(referral: Referral, by, status: str) -> None:
    referral.status = status
    referral.decided_at = timezone.now()
    referral.decided_by = by


def team_is_full(team: Team) -> bool:
    """Every place taken by an enrolment not exited (call with the team row locked)."""
    return team.capacity is not None and team.enrolments.exclude(status=EnrolmentStatus.EXITED).count() >= team.capacity


@transaction.atomic
def referral_accept(
    *, by, referral: Referral, team: Team, start_date: datetime.date | None = None, wait_if_full: bool = False
) -> Enrolment | None:
    """Accept: place on a team, create the enrolment and its checkpoint due dates. A full team
    refuses (naming the team field), or with `wait_if_full` puts the referral on the team's
    waiting list and returns None (pathways.services_waiting)."""
    locked = _lock_referral(referral, ReferralStatus.ACCEPTED)
    if team.programme_id != locked.programme_id:
        raise ValidationError({"team": [_("Holdet hører ikke til forløbet.")]})
    team = Team.objects.select_for_update().get(pk=team.pk)
    if team_is_full(team):
        if wait_if_full:
            from .services_waiting import queue_locked

            queue_locked(by=by, referral=locked, team=team, start_date=start_date)
            _sync_caller(referral, locked)
            return None
        raise ValidationError({"team": [_("Holdet er fuldt (%(n)s pladser).") % {"n": team.capacity}]})
    start = start_date or max(team.start_date, locked.wished_start or team.start_date)
    if start < team.start_date:
        raise ValidationError({"start_date": [_("Startdatoen kan ikke ligge før holdets start.")]})
    enrolment = enrol_locked(by=by, referral=locked, team=team, start=start)
    _sync_caller(referral, locked)
    return enrolment


def enrol_locked(*, by, referral: Referral, team: Team, start: datetime.date, event: str = "pathways.referral.accept") -> Enrolment:
    """Accept a locked referral onto a locked team: the enrolment, its due dates, the audit row."""
    before = referral.status
    _decide(referral, by, ReferralStatus.ACCEPTED)
    referral.team = team
    referral.waiting_position = None
    referral.save(update_fields=["status", "decided_at", "decided_by", "team", "waiting_position"])
    enrolment = Enrolment.objects.create(
        referral=referral,
        citizen_id=referral.citizen_id,
        programme_id=referral.programme_id,
        team=team,
        start_date=start,
    )
    CheckpointDue.objects.bulk_create(
        CheckpointDue(enrolment=enrolment, checkpoint=c, due=rules.checkpoint_due(start, c.due_week))
        for c in referral.programme.checkpoints.all()
    )
    record(
        actor=by, action=AuditAction.UPDATE, event=event, obj=referral,
        municipality_id=referral.citizen.municipality_id,
        changes={"status": [before, "accepted"], "team": str(team), "start_date": start.isoformat()},
    )  # fmt: skip
    return enrolment


@transaction.atomic
def referral_decline(*, by, referral: Referral, reason: str) -> Referral:
    if not (reason or "").strip():
        raise ValidationError({"decline_reason": [_("Skriv en begrundelse for afvisningen.")]})
    locked = _lock_referral(referral, ReferralStatus.DECLINED)
    _decide(locked, by, ReferralStatus.DECLINED)
    locked.decline_reason = reason.strip()
    locked.save(update_fields=["status", "decided_at", "decided_by", "decline_reason"])
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.referral.decline", obj=locked,
        municipality_id=locked.citizen.municipality_id, changes={"status": ["sent", "declined"]},
    )  # fmt: skip
    _sync_caller(referral, locked)
    return locked


@transaction.atomic
def referral_withdraw(*, by, referral: Referral) -> Referral:
    locked = _lock_referral(referral, ReferralStatus.WITHDRAWN)
    before = locked.status
    _decide(locked, by, ReferralStatus.WITHDRAWN)
    locked.waiting_position = None  # leaves the waiting list, if on it
    locked.save(update_fields=["status", "decided_at", "decided_by", "waiting_position"])
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.referral.withdraw", obj=locked,
        municipality_id=locked.citizen.municipality_id, changes={"status": [before, "withdrawn"]},
    )  # fmt: skip
    _sync_caller(referral, locked)
    return locked


def _sync_caller(original, locked) -> None:
    """Let the caller's instance see what was saved."""
    for field in ("status", "decided_at", "decided_by_id", "decline_reason", "team_id", "waiting_position"):
        if hasattr(locked, field):
            setattr(original, field, getattr(locked, field))


# --- Enrolments: pause and resume ----------------------------------------------------------


def recompute_due_dates(enrolment: Enrolment) -> None:
    """Due dates from the start date, the checkpoint's week and every pause (rules.checkpoint_due)."""
    pauses = [p.to_rule() for p in enrolment.pauses.all()]
    rows = list(enrolment.checkpoints_due.select_related("checkpoint"))
    for row in rows:
        row.due = rules.checkpoint_due(enrolment.start_date, row.checkpoint.due_week, pauses)
    CheckpointDue.objects.bulk_update(rows, ["due"])


def _lock_enrolment(enrolment: Enrolment, target: str) -> Enrolment:
    locked = Enrolment.objects.select_for_update().select_related("citizen").get(pk=enrolment.pk)
    rules.ENROLMENT.check(locked.status, target)
    return locked


@transaction.atomic
def enrolment_pause(*, by, enrolment: Enrolment, start: datetime.date) -> Pause:
    locked = _lock_enrolment(enrolment, EnrolmentStatus.PAUSED)
    if start < locked.start_date:
        raise ValidationError({"start": [_("Pausen kan ikke begynde før forløbets start.")]})
    last = locked.pauses.order_by("-start").first()
    if last is not None and last.end is not None and start <= last.end:
        raise ValidationError({"start": [_("Pausen skal begynde efter den forrige pauses slutdato.")]})
    pause = Pause.objects.create(enrolment=locked, start=start)
    locked.status = EnrolmentStatus.PAUSED
    locked.save(update_fields=["status"])
    recompute_due_dates(locked)
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.enrolment.pause", obj=locked,
        municipality_id=locked.citizen.municipality_id,
        changes={"status": ["active", "paused"], "pause_start": start.isoformat()},
    )  # fmt: skip
    enrolment.status = locked.status
    return pause


@transaction.atomic
def enrolment_resume(*, by, enrolment: Enrolment, end: datetime.date) -> Pause:
    """End the open pause on `end` (the first day back); due dates move by its length."""
    locked = _lock_enrolment(enrolment, EnrolmentStatus.ACTIVE)
    pause = locked.pauses.filter(end__isnull=True).first()
    if pause is None:  # paused without an open pause cannot happen through the services
        raise IllegalTransition("enrolment", locked.status, EnrolmentStatus.ACTIVE)
    if end < pause.start:
        raise ValidationError({"end": [_("Pausen kan ikke slutte før den begyndte.")]})
    pause.end = end
    pause.save(update_fields=["end"])
    locked.status = EnrolmentStatus.ACTIVE
    locked.save(update_fields=["status"])
    recompute_due_dates(locked)
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.enrolment.resume", obj=locked,
        municipality_id=locked.citizen.municipality_id,
        changes={"status": ["paused", "active"], "pause": [pause.start.isoformat(), end.isoformat()]},
    )  # fmt: skip
    enrolment.status = locked.status
    return pause
