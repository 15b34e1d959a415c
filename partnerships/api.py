"""The partnerships part of the JSON API (mounted in brobyg/api.py): partnerships and members,
placement slots, company requests and matching runs, through the same services and
partnerships.access as the pages. Missing or another municipality's record: 404; visible but not
allowed: 403; bad input: 422 naming the field. Participants appear only as their enrolment's id."""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import Strict, field_validator

from accounts.access import access_for, permitted
from accounts.roles import Perm
from core.api_bodies import StrictBody, limit_field, offset_field
from core.api_bodies import iso_date as _iso_date
from core.api_errors import READ_ERRORS, WRITE_ERRORS
from registry.models import Organisation
from tenants.models import Municipality

from . import access as pa
from . import services, services_matching, services_requests, services_slots
from .capacity import capacities
from .models import MatchPair, MemberRole, PlacementSlot, RequestKind, SlotStatus
from .selectors import members_of, partnership_list, targets_of

router = Router(tags=["Partnerskaber"])

RoleCode = Literal[tuple(MemberRole.values)]  # type: ignore[valid-type]
KindCode = Literal[tuple(RequestKind.values)]  # type: ignore[valid-type]
SlotStatusCode = Literal[tuple(SlotStatus.values)]  # type: ignore[valid-type]
PairStateCode = Literal["locked", "rejected", "proposed"]
# Ids arrive as JSON strings; strict bodies would refuse the string for a UUID.
Id = Annotated[uuid.UUID, Strict(False)]


# --- Schemas -------------------------------------------------------------------------------


class PartnershipMemberOut(Schema):
    organisation: uuid.UUID
    name: str
    role: str
    start: datetime.date | None
    end: datetime.date | None


class PartnershipTargetOut(Schema):
    cluster: str
    municipality: str = Field(description="Kommunekode")
    places: int


class PartnershipOut(Schema):
    public_id: uuid.UUID
    name: str
    municipality: str = Field(description="Kommunekode")
    start: datetime.date
    end: datetime.date | None
    answer_days: int
    single_point: str | None = Field(description="Det faste kontaktpunkts navn")


class PartnershipDetailOut(PartnershipOut):
    members: list[PartnershipMemberOut]
    targets: list[PartnershipTargetOut]


class PartnershipPage(Schema):
    count: int
    items: list[PartnershipOut]


class PartnershipPaging(Schema):
    limit: int = limit_field(50, 200)
    offset: int = offset_field()


class PartnershipIn(StrictBody):
    name: str = Field(min_length=1, max_length=200)
    start: datetime.date
    end: datetime.date | None = None
    description: str = Field("", max_length=5000)
    answer_days: int = Field(2, ge=1, le=30)
    municipality: str | None = Field(None, pattern=r"^\d{4}$", description="Kommunekode; kun ved flere kommuner")

    _start = field_validator("start", "end", mode="before")(_iso_date)


class PartnershipMemberIn(StrictBody):
    organisation: Id
    role: RoleCode
    start: datetime.date | None = None
    end: datetime.date | None = None

    _dates = field_validator("start", "end", mode="before")(_iso_date)


class PartnershipTargetIn(StrictBody):
    cluster: str = Field(min_length=1, max_length=100)
    municipality: str = Field(pattern=r"^\d{4}$", description="Kommunekode")
    places: int = Field(ge=0, le=1000)


class SlotCapacityOut(Schema):
    allowed: int
    used: int
    offered: int
    free: int
    over_by: int = Field(description="Personer for mange efter rimelighedskravet (over 0: overtrådt)")


class SlotOut(Schema):
    public_id: uuid.UUID
    partnership: uuid.UUID
    company: uuid.UUID
    company_name: str
    title: str
    trade: str
    places: int
    start: datetime.date
    end: datetime.date | None
    hours_per_week: Decimal
    buddy: str
    postcode: str
    needs_ready: bool
    status: str
    dispensation: str
    capacity: SlotCapacityOut


class SlotIn(StrictBody):
    company: Id
    title: str = Field(min_length=1, max_length=200)
    trade: str = Field("", max_length=100)
    places: int = Field(description="Mindst 1")
    start: datetime.date
    end: datetime.date | None = None
    hours_per_week: Decimal = Field(description="Over 0, højst 37")
    tasks: str = Field("", max_length=5000)
    buddy: str = Field(max_length=200)
    street: str = Field("", max_length=200)
    postcode: str = Field(max_length=4)
    needs_ready: bool = False
    dispensation_note: str = Field("", max_length=300)
    open_now: bool = True

    _dates = field_validator("start", "end", mode="before")(_iso_date)

    @field_validator("hours_per_week", mode="before")
    @classmethod
    def _hours(cls, value):
        return Decimal(str(value)) if isinstance(value, int | float) and not isinstance(value, bool) else value


class SlotStatusIn(StrictBody):
    status: SlotStatusCode


class CompanyRequestOut(Schema):
    public_id: uuid.UUID
    partnership: uuid.UUID
    company: uuid.UUID
    company_name: str
    kind: str
    text: str
    answer_due: datetime.date
    overdue: bool
    status: str
    answer: str


class CompanyRequestIn(StrictBody):
    partnership: Id
    company: Id | None = None
    kind: KindCode
    text: str = Field(min_length=1, max_length=5000)


class CompanyAnswerIn(StrictBody):
    answer: str = Field(min_length=1, max_length=5000)
    close: bool = False


class MatchingRunIn(StrictBody):
    start: datetime.date
    max_km: int = Field(40, ge=1, le=150)

    _start = field_validator("start", mode="before")(_iso_date)


class MatchPairOut(Schema):
    public_id: uuid.UUID
    enrolment: uuid.UUID = Field(description="Indskrivningens id (pseudonym for borgeren)")
    slot: uuid.UUID | None
    state: str
    score: int
    distance_km: Decimal | None
    wish_rank: int | None
    reason: str


class MatchingRunOut(Schema):
    public_id: uuid.UUID
    partnership: uuid.UUID
    start: datetime.date
    max_km: int
    status: str
    total_score: int
    pairs: list[MatchPairOut]


class MatchPairStateIn(StrictBody):
    state: PairStateCode


# --- Output helpers ------------------------------------------------------------------------


def _partnership_out(p, spoc: str | None) -> dict:
    return {
        "public_id": p.public_id, "name": p.name, "municipality": p.municipality.code, "start": p.start,
        "end": p.end, "answer_days": p.answer_days, "single_point": spoc,
    }  # fmt: skip


def _detail_out(p) -> dict:
    members = list(members_of(p))
    spoc = next((m.organisation.name for m in members if m.role == MemberRole.SINGLE_POINT), None)
    targets, _clusters = targets_of(p)
    return _partnership_out(p, spoc) | {
        "members": [
            {"organisation": m.organisation.public_id, "name": m.organisation.name, "role": m.role,
             "start": m.start, "end": m.end} for m in members
        ],
        "targets": [{"cluster": t.cluster, "municipality": t.municipality.code, "places": t.places} for t in targets],
    }  # fmt: skip


def _slot_out(slot: PlacementSlot, cap) -> dict:
    return {
        "public_id": slot.public_id, "partnership": slot.partnership.public_id, "company": slot.company.public_id,
        "company_name": slot.company.name, "title": slot.title, "trade": slot.trade, "places": slot.places,
        "start": slot.start, "end": slot.end, "hours_per_week": slot.hours_per_week, "buddy": slot.buddy,
        "postcode": slot.postcode, "needs_ready": slot.needs_ready, "status": slot.status,
        "dispensation": slot.dispensation_note,
        "capacity": {"allowed": cap.allowed, "used": cap.used, "offered": cap.offered, "free": cap.free,
                     "over_by": cap.over_by},
    }  # fmt: skip


def _request_out(r) -> dict:
    return {
        "public_id": r.public_id, "partnership": r.partnership.public_id, "company": r.company.public_id,
        "company_name": r.company.name, "kind": r.kind, "text": r.text, "answer_due": r.answer_due,
        "overdue": r.status == "open" and r.answer_due < timezone.localdate(), "status": r.status, "answer": r.answer,
    }  # fmt: skip


def _run_out(run) -> dict:
    pairs = run.pairs.select_related("enrolment", "slot").order_by("state", "pk")
    return {
        "public_id": run.public_id, "partnership": run.partnership.public_id, "start": run.start,
        "max_km": run.max_km, "status": run.status, "total_score": run.total_score,
        "pairs": [
            {"public_id": p.public_id, "enrolment": p.enrolment.public_id,
             "slot": p.slot.public_id if p.slot else None, "state": p.state, "score": p.score,
             "distance_km": p.distance_km, "wish_rank": p.wish_rank, "reason": p.reason} for p in pairs
        ],
    }  # fmt: skip


def _organisation(public_id, municipality_id) -> Organisation | None:
    return Organisation.objects.filter(public_id=public_id, municipality_id=municipality_id).first()


# --- Partnerships ----------------------------------------------------------------------------


@router.get("/partnerships", response={200: PartnershipPage, **READ_ERRORS}, summary="Partnerskaber")
def partnership_list_api(request, paging: Query[PartnershipPaging]):
    access = access_for(request)
    if not pa.can_list(access):
        return {"count": 0, "items": []}
    rows = partnership_list(access)
    page = rows[paging.offset: paging.offset + paging.limit]
    return {"count": rows.count(), "items": [_partnership_out(p, p.spoc_name) for p in page]}


@router.get("/partnerships/{public_id}", response={200: PartnershipDetailOut, **READ_ERRORS}, summary="Et partnerskab")
def partnership_detail_api(request, public_id: uuid.UUID):
    return _detail_out(pa.partnership_get(access_for(request), public_id))


@router.post("/partnerships", response={201: PartnershipDetailOut, **WRITE_ERRORS}, summary="Opret partnerskab")
def partnership_create_api(request, payload: PartnershipIn):
    access = access_for(request)
    ids = access.municipalities_with(Perm.PARTNERSHIP_EDIT)
    if not ids:
        raise PermissionDenied
    if payload.municipality:
        municipality = Municipality.objects.filter(code=payload.municipality, pk__in=ids).first()
        if municipality is None:
            raise PermissionDenied
    elif len(ids) == 1:
        municipality = Municipality.objects.get(pk=ids[0])
    else:
        raise ValidationError({"municipality": [_("Angiv kommunekoden.")]})
    data = payload.model_dump(exclude={"municipality"})
    partnership = services.partnership_create(by=request.user, municipality=municipality, **data)
    return Status(201, _detail_out(partnership))


@router.post("/partnerships/{public_id}/members", response={200: PartnershipDetailOut, **WRITE_ERRORS},
             summary="Tilføj partner eller skift rolle")
def partnership_member_api(request, public_id: uuid.UUID, payload: PartnershipMemberIn):
    access = access_for(request)
    partnership = pa.partnership_for_edit(access, public_id, refuse=PermissionDenied)
    organisation = _organisation(payload.organisation, partnership.municipality_id)
    services.member_save(by=request.user, partnership=partnership, organisation=organisation, role=payload.role,
                         start=payload.start, end=payload.end)
    return _detail_out(partnership)


@router.post("/partnerships/{public_id}/targets", response={200: PartnershipDetailOut, **WRITE_ERRORS},
             summary="Sæt pladsmål for en kommune i en klynge")
def partnership_target_api(request, public_id: uuid.UUID, payload: PartnershipTargetIn):
    access = access_for(request)
    partnership = pa.partnership_for_edit(access, public_id, refuse=PermissionDenied)
    municipality = Municipality.objects.filter(code=payload.municipality).first()
    services.target_save(by=request.user, partnership=partnership, cluster=payload.cluster,
                         municipality=municipality, places=payload.places)
    return _detail_out(partnership)


# --- Slots -----------------------------------------------------------------------------------


@router.get("/partnerships/{public_id}/slots", response={200: list[SlotOut], **READ_ERRORS}, summary="Praktikpladser")
def slot_list_api(request, public_id: uuid.UUID):
    access = access_for(request)
    partnership = pa.partnership_get(access, public_id)
    slots = list(pa.slots_visible_to(access).filter(partnership=partnership).select_related("company", "partnership"))
    caps = capacities({s.company_id for s in slots}, on=timezone.localdate())
    return [_slot_out(s, caps[s.company_id]) for s in slots]


@router.post("/partnerships/{public_id}/slots", response={201: SlotOut, **WRITE_ERRORS}, summary="Udbyd praktikplads")
def slot_create_api(request, public_id: uuid.UUID, payload: SlotIn):
    access = access_for(request)
    partnership = pa.partnership_get(access, public_id)
    hosts = pa.host_companies_for(access, partnership)
    if not hosts:
        raise PermissionDenied
    data = payload.model_dump(exclude={"open_now"})
    data["company"] = Organisation.objects.filter(public_id=payload.company, pk__in=hosts).first()
    data["phase"] = None
    slot = services_slots.slot_save(by=request.user, partnership=partnership, data=data, open_now=payload.open_now)
    return Status(201, _slot_out(slot, capacities([slot.company_id], on=timezone.localdate())[slot.company_id]))


@router.post("/slots/{public_id}/status", response={200: SlotOut, **WRITE_ERRORS}, summary="Udbyd eller luk en plads")
def slot_status_api(request, public_id: uuid.UUID, payload: SlotStatusIn):
    access = access_for(request)
    slot = pa.slot_for_edit(access, public_id, refuse=PermissionDenied)
    services_slots.slot_set_status(by=request.user, slot=slot, status=payload.status)
    return _slot_out(slot, capacities([slot.company_id], on=timezone.localdate())[slot.company_id])


# --- Company requests ------------------------------------------------------------------------


@router.get("/partnership-requests", response={200: list[CompanyRequestOut], **READ_ERRORS},
            summary="Henvendelser (virksomhedens egne eller kontaktpunktets)")
def request_list_api(request):
    rows = pa.requests_visible_to(access_for(request)).select_related("partnership", "company").order_by("answer_due", "pk")
    return [_request_out(r) for r in rows[:500]]


@router.post("/partnership-requests", response={201: CompanyRequestOut, **WRITE_ERRORS}, summary="Send en henvendelse")
def request_create_api(request, payload: CompanyRequestIn):
    access = access_for(request)
    company_ids = pa.companies_requesting(access)
    if not company_ids:
        raise PermissionDenied
    partnership = get_object_or_404(pa.partnerships_visible_to(access), public_id=payload.partnership)
    company = (Organisation.objects.filter(public_id=payload.company, pk__in=company_ids).first()
               if payload.company else None)
    item = services_requests.request_post(by=request.user, partnership=partnership, company=company,
                                          kind=payload.kind, text=payload.text)
    return Status(201, _request_out(item))


@router.post("/partnership-requests/{public_id}/answer", response={200: CompanyRequestOut, **WRITE_ERRORS},
             summary="Svar på en henvendelse")
def request_answer_api(request, public_id: uuid.UUID, payload: CompanyAnswerIn):
    access = access_for(request)
    item = pa.request_get(access, public_id)
    permitted(access, item.partnership, pa.can_answer, PermissionDenied)
    services_requests.request_answer(by=request.user, request=item, answer=payload.answer, close=payload.close)
    return _request_out(item)


# --- Matching ----------------------------------------------------------------------------------


@router.post("/partnerships/{public_id}/matching-runs", response={201: MatchingRunOut, **WRITE_ERRORS},
             summary="Beregn en matchning")
def run_create_api(request, public_id: uuid.UUID, payload: MatchingRunIn):
    access = access_for(request)
    partnership = permitted(access, pa.partnership_get(access, public_id), pa.can_match, PermissionDenied)
    run = services_matching.run_create(by=request.user, partnership=partnership, start=payload.start,
                                       max_km=payload.max_km)
    return Status(201, _run_out(run))


@router.get("/matching-runs/{public_id}", response={200: MatchingRunOut, **READ_ERRORS}, summary="En matchning")
def run_detail_api(request, public_id: uuid.UUID):
    return _run_out(pa.run_get(access_for(request), public_id))


@router.post("/matching-runs/{public_id}/pairs/{pair_id}", response={200: MatchingRunOut, **WRITE_ERRORS},
             summary="Lås eller afvis et par")
def pair_state_api(request, public_id: uuid.UUID, pair_id: uuid.UUID, payload: MatchPairStateIn):
    run = pa.run_get(access_for(request), public_id)
    pair = get_object_or_404(MatchPair.objects.filter(run=run), public_id=pair_id)
    services_matching.pair_set(by=request.user, pair=pair, state=payload.state)
    return _run_out(run)


@router.post("/matching-runs/{public_id}/rerun", response={200: MatchingRunOut, **WRITE_ERRORS},
             summary="Beregn igen med låste og afviste par")
def run_rerun_api(request, public_id: uuid.UUID):
    run = services_matching.run_rerun(by=request.user, run=pa.run_get(access_for(request), public_id))
    return _run_out(run)


@router.post("/matching-runs/{public_id}/confirm", response={200: MatchingRunOut, **WRITE_ERRORS},
             summary="Bekræft og opret placeringerne")
def run_confirm_api(request, public_id: uuid.UUID):
    run = pa.run_get(access_for(request), public_id)
    services_matching.run_confirm(by=request.user, run=run)
    run.refresh_from_db()
    return _run_out(run)

