"""Referral and enrolment endpoints of the JSON API: the same services (pathways.services,
atomic and audited) and the same access rules (pathways.access) as the pages.

- A record the user may not see answers 404; one the user sees but may not act on answers 403
  (e.g. a caseworker accepting a referral, a provider withdrawing one).
- An illegal lifecycle move answers 409 with the current status in the message; bad input 422
  with the field named.
- The CPR number is never in a response, not even masked: the API identifies citizens by
  public_id and name only.
"""

import datetime
import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.access import Access, access_for, permitted
from accounts.roles import Perm
from audit.models import AuditAction
from audit.services import record
from core.api_bodies import limit_field, offset_field
from core.api_errors import CHANGE_ERRORS, READ_ERRORS, WRITE_ERRORS

from . import access as pa
from . import services
from .models import CheckpointDue, Enrolment, EnrolmentStatus, Programme, Referral, ReferralStatus

router = Router()
REFERRALS, ENROLMENTS = ["Visitationer"], ["Indskrivninger"]


# --- Shapes --------------------------------------------------------------------------------


class Ref(Schema):
    public_id: uuid.UUID
    name: str


class ProgrammeRef(Ref):
    provider: str = Field(examples=["Job & Vækst Kolding ApS"])


class ReferralOut(Schema):
    public_id: uuid.UUID
    citizen: Ref
    programme: ProgrammeRef
    status: str = Field(examples=["sent"])
    wished_start: datetime.date | None
    note: str
    decline_reason: str
    team: Ref | None
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    allowed: list[str] = Field(
        description="Statusser visitationen må skifte til", examples=[["accepted", "declined"]]
    )


class PauseOut(Schema):
    start: datetime.date
    end: datetime.date | None


class EnrolmentCheckpointOut(Schema):
    name: str
    due_week: int
    due: datetime.date | None
    done_at: datetime.date | None


class EnrolmentOut(Schema):
    public_id: uuid.UUID
    citizen: Ref
    programme: ProgrammeRef
    team: Ref
    start_date: datetime.date
    status: str = Field(examples=["active"])
    pauses: list[PauseOut]
    checkpoints: list[EnrolmentCheckpointOut]
    allowed: list[str]


class Page(Schema):
    count: int
    limit: int
    offset: int


class ReferralPage(Page):
    items: list[ReferralOut]


class EnrolmentPage(Page):
    items: list[EnrolmentOut]


class Paging(Schema):
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


class ReferralFilters(Paging):
    status: Literal[tuple(ReferralStatus.values)] | None = None  # type: ignore[valid-type]


class EnrolmentFilters(Paging):
    status: Literal[tuple(EnrolmentStatus.values)] | None = None  # type: ignore[valid-type]


class ReferralIn(Schema):
    citizen: uuid.UUID
    programme: uuid.UUID
    wished_start: datetime.date | None = None
    note: str = Field("", max_length=5000)
    justification: str = Field(
        "", max_length=5000, description="Kræves, når borgeren ligger uden for forløbets målgrupper."
    )


class AcceptIn(Schema):
    team: uuid.UUID
    start_date: datetime.date | None = None


class DeclineIn(Schema):
    decline_reason: str = Field(max_length=5000)


class PauseIn(Schema):
    start: datetime.date


class ResumeIn(Schema):
    end: datetime.date


# --- Serialising ---------------------------------------------------------------------------


def _programme(p: Programme) -> dict:
    return {"public_id": p.public_id, "name": p.name, "provider": p.provider.name}


def referral_out(r: Referral) -> dict:
    return {
        "public_id": r.public_id,
        "citizen": {"public_id": r.citizen.public_id, "name": r.citizen.name},
        "programme": _programme(r.programme),
        "status": r.status,
        "wished_start": r.wished_start,
        "note": r.note,
        "decline_reason": r.decline_reason,
        "team": {"public_id": r.team.public_id, "name": r.team.name} if r.team else None,
        "created_at": r.created_at,
        "decided_at": r.decided_at,
        "allowed": sorted(r.allowed()),
    }


def enrolment_out(e: Enrolment) -> dict:
    return {
        "public_id": e.public_id,
        "citizen": {"public_id": e.citizen.public_id, "name": e.citizen.name},
        "programme": _programme(e.programme),
        "team": {"public_id": e.team.public_id, "name": e.team.name},
        "start_date": e.start_date,
        "status": e.status,
        "pauses": [{"start": p.start, "end": p.end} for p in e.pauses.all()],
        "checkpoints": [
            {"name": d.checkpoint.name, "due_week": d.checkpoint.due_week, "due": d.due, "done_at": d.done_at}
            for d in e.checkpoints_due.all()
        ],
        "allowed": sorted(e.allowed()),
    }


def _enrolments():
    return Enrolment.objects.select_related("citizen", "programme__provider", "team").prefetch_related(
        "pauses", Prefetch("checkpoints_due", queryset=CheckpointDue.objects.select_related("checkpoint"))
    )


def _pathway_user(request) -> Access:
    """Like the caseload page: nobody without CITIZEN_VIEW or PATHWAY_RUN gets a list (404)."""
    access = access_for(request)
    if not (access.has(Perm.CITIZEN_VIEW) or access.has(Perm.PATHWAY_RUN)):
        raise Http404
    return access


def _read(request, action, event: str, obj=None, **fields) -> None:
    record(actor=request.user, action=action, event=event, obj=obj, **fields)




# --- Referrals -----------------------------------------------------------------------------


@router.get("/referrals", response={200: ReferralPage, **READ_ERRORS}, tags=REFERRALS, summary="Visitationer")
def referral_list(request, filters: Query[ReferralFilters]):
    """Referrals of the user's municipality (caseworkers) or to programmes the user runs
    (providers: only sent and accepted ones)."""
    access = _pathway_user(request)
    qs = pa.referrals_visible_to(access)
    if filters.status:
        qs = qs.filter(status=filters.status)
    count = qs.count()
    rows = qs.select_related("citizen", "programme__provider", "team").order_by("-created_at", "-pk")
    items = [referral_out(r) for r in rows[filters.offset : filters.offset + filters.limit]] if count else []
    _read(request, AuditAction.READ, "pathways.referral.list", object_type="pathways.referral",
          changes={"status": filters.status, "rows": len(items)})  # fmt: skip
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/referrals/{public_id}", response={200: ReferralOut, **READ_ERRORS}, tags=REFERRALS, summary="Visitation"
)
def referral_read(request, public_id: uuid.UUID):
    referral = pa.referral_get(access_for(request), public_id)
    _read(
        request,
        AuditAction.READ,
        "pathways.referral.read",
        referral,
        municipality_id=referral.citizen.municipality_id,
    )
    return referral_out(referral)


@router.post(
    "/referrals", response={201: ReferralOut, **WRITE_ERRORS}, tags=REFERRALS, summary="Opret visitation"
)
def referral_create(request, payload: ReferralIn):
    """A caseworker refers a citizen of their municipality to a programme of the municipality."""
    access = access_for(request)
    citizen = permitted(access, pa.citizen_get(access, payload.citizen), pa.can_refer, PermissionDenied)
    programme = pa.referable_programmes(access, citizen).filter(public_id=payload.programme).first()
    if programme is None:
        raise ValidationError({"programme": _("Forløbet findes ikke i borgerens kommune.")})
    referral = services.referral_create(
        by=request.user,
        citizen=citizen,
        programme=programme,
        wished_start=payload.wished_start,
        note=payload.note,
        justification=payload.justification,
    )
    return Status(201, referral_out(pa.referral_get(access, referral.public_id)))


def _runnable(request, public_id) -> Referral:
    return pa.referral_for(access_for(request), public_id, pa.can_decide_referral, refuse=PermissionDenied)


@router.post(
    "/referrals/{public_id}/accept",
    response={200: EnrolmentOut, **CHANGE_ERRORS},
    tags=REFERRALS,
    summary="Accepter",
)
def referral_accept(request, public_id: uuid.UUID, payload: AcceptIn):
    """The provider places the citizen on a team of the programme; returns the enrolment."""
    referral = _runnable(request, public_id)
    team = referral.programme.teams.filter(public_id=payload.team).first()
    if team is None:
        raise ValidationError({"team": _("Holdet hører ikke til forløbet.")})
    enrolment = services.referral_accept(
        by=request.user, referral=referral, team=team, start_date=payload.start_date
    )
    return enrolment_out(_enrolments().get(pk=enrolment.pk))


@router.post(
    "/referrals/{public_id}/decline",
    response={200: ReferralOut, **CHANGE_ERRORS},
    tags=REFERRALS,
    summary="Afvis",
)
def referral_decline(request, public_id: uuid.UUID, payload: DeclineIn):
    referral = _runnable(request, public_id)
    services.referral_decline(by=request.user, referral=referral, reason=payload.decline_reason)
    return referral_out(referral)


@router.post(
    "/referrals/{public_id}/withdraw",
    response={200: ReferralOut, **CHANGE_ERRORS},
    tags=REFERRALS,
    summary="Tilbagekald",
)
def referral_withdraw(request, public_id: uuid.UUID):
    referral = pa.referral_for(access_for(request), public_id, pa.can_withdraw_referral, refuse=PermissionDenied)
    services.referral_withdraw(by=request.user, referral=referral)
    return referral_out(referral)


# --- Enrolments ----------------------------------------------------------------------------


@router.get(
    "/enrolments", response={200: EnrolmentPage, **READ_ERRORS}, tags=ENROLMENTS, summary="Indskrivninger"
)
def enrolment_list(request, filters: Query[EnrolmentFilters]):
    access = _pathway_user(request)
    qs = pa.enrolments_visible_to(access)
    if filters.status:
        qs = qs.filter(status=filters.status)
    count = qs.count()
    page = _enrolments().filter(pk__in=qs.values("pk")).order_by("-start_date", "-pk")
    items = [enrolment_out(e) for e in page[filters.offset : filters.offset + filters.limit]] if count else []
    _read(request, AuditAction.READ, "pathways.enrolment.list", object_type="pathways.enrolment",
          changes={"status": filters.status, "rows": len(items)})  # fmt: skip
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/enrolments/{public_id}",
    response={200: EnrolmentOut, **READ_ERRORS},
    tags=ENROLMENTS,
    summary="Indskrivning",
)
def enrolment_read(request, public_id: uuid.UUID):
    enrolment = pa.enrolment_get(access_for(request), public_id)
    _read(
        request,
        AuditAction.READ,
        "pathways.enrolment.read",
        enrolment,
        municipality_id=enrolment.citizen.municipality_id,
    )
    return enrolment_out(_enrolments().get(pk=enrolment.pk))


def _changeable(request, public_id) -> Enrolment:
    return pa.enrolment_for(access_for(request), public_id, pa.can_change_enrolment, refuse=PermissionDenied)


@router.post(
    "/enrolments/{public_id}/pause",
    response={200: EnrolmentOut, **CHANGE_ERRORS},
    tags=ENROLMENTS,
    summary="Sæt på pause",
)
def enrolment_pause(request, public_id: uuid.UUID, payload: PauseIn):
    enrolment = _changeable(request, public_id)
    services.enrolment_pause(by=request.user, enrolment=enrolment, start=payload.start)
    return enrolment_out(_enrolments().get(pk=enrolment.pk))


@router.post(
    "/enrolments/{public_id}/resume",
    response={200: EnrolmentOut, **CHANGE_ERRORS},
    tags=ENROLMENTS,
    summary="Genoptag",
)
def enrolment_resume(request, public_id: uuid.UUID, payload: ResumeIn):
    enrolment = _changeable(request, public_id)
    services.enrolment_resume(by=request.user, enrolment=enrolment, end=payload.end)
    return enrolment_out(_enrolments().get(pk=enrolment.pk))


# The benefit history lives in its own module; it is mounted on this router so the API's root
# (brobyg/api.py) needs no line of its own.
router.add_router("", "pathways.api_citizens.router")
