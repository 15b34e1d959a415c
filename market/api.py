"""The market part of the JSON API (mounted in brobyg/api.py): postings, interest and bids,
through the same services and the same market.access as the pages.

- A posting or bid the user may not see answers 404; one the user sees but may not manage 403.
- Sealed bids: the buyer's list of bids is empty until the bid deadline.
- An illegal lifecycle move answers 409; bad input 422 naming the field (e.g. `estimated_value`
  with letters, a CPV code that does not exist, a bid after the deadline).
- Amounts are sent as strings in kroner ("1.250.000,50" or "1250000.50") and returned as
  strings with two decimals, so no float ever touches money.
"""

import datetime
import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.access import access_for, permitted
from core.api_bodies import limit_field, offset_field
from core.api_errors import CHANGE_ERRORS, READ_ERRORS, WRITE_ERRORS
from registry.models import Organisation

from . import access as ma
from . import selectors, services, services_bids
from .eligibility import eligibility_for
from .models import Bid, Posting, PostingKind, Procedure
from .models import Status as PostingStatus
from .rules import manual_moves

router = Router(tags=["Udbud"])


class PostingOut(Schema):
    public_id: uuid.UUID
    kind: str = Field(examples=["tender"])
    title: str
    description: str
    buyer: str
    municipality: str
    status: str = Field(examples=["published"])
    reserved: bool
    cpv_codes: list[str]
    estimated_value: str | None = Field(examples=["1250000.00"])
    procedure: str
    question_deadline: datetime.datetime | None
    bid_deadline: datetime.datetime
    contract_start: datetime.date | None
    contract_end: datetime.date | None
    allowed: list[str] = Field(description="Statusskift, brugeren må foretage nu")


class PostingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PostingOut]


class PostingFilters(Schema):
    limit: int = limit_field(50, 500)
    offset: int = offset_field()
    kind: Literal[tuple(PostingKind.values)] | None = None  # type: ignore[valid-type]
    status: Literal[tuple(PostingStatus.values)] | None = None  # type: ignore[valid-type]


class PostingIn(Schema):
    buyer: uuid.UUID
    kind: Literal[tuple(PostingKind.values)]  # type: ignore[valid-type]
    title: str = Field(max_length=200)
    description: str = Field(max_length=20000)
    cpv_codes: list[str] = Field(default_factory=list, max_length=20)
    keywords: list[str] = Field(default_factory=list, max_length=20)
    estimated_value: str | None = Field(None, max_length=30, examples=["1.250.000"])
    procedure: Literal[("", *Procedure.values)] = ""  # type: ignore[valid-type]
    reserved: bool = False
    question_deadline: datetime.datetime | None = None
    bid_deadline: datetime.datetime
    contract_start: datetime.date | None = None
    contract_end: datetime.date | None = None


class OrganisationIn(Schema):
    organisation: uuid.UUID


class BidIn(Schema):
    bidder: uuid.UUID
    price: str = Field(max_length=30, examples=["1.150.000,00"])
    description: str = Field(max_length=20000)
    lot: int | None = Field(None, description="Delkontraktens nummer, når opslaget er delt")
    members: list[uuid.UUID] = Field(default_factory=list, max_length=20, description="Andre deltagere i konsortiet")
    consortium_name: str = Field("", max_length=200)


class BidOut(Schema):
    public_id: uuid.UUID
    posting: uuid.UUID
    bidder: str
    lot: int | None
    members: list[str]
    price: str
    special_share: str | None = Field(description="Andel på særlige vilkår ved afgivelse (konsortiets samlede)")
    staffing_year: int | None
    submitted_at: datetime.datetime
    score: str | None
    awarded: bool


def posting_out(posting: Posting, access) -> dict:
    allowed = sorted(manual_moves(posting.status)) if ma.can_manage(access, posting) else []
    return {
        "public_id": posting.public_id, "kind": posting.kind, "title": posting.title, "description": posting.description,
        "buyer": posting.buyer.name, "municipality": posting.municipality.name, "status": posting.status,
        "reserved": posting.reserved, "cpv_codes": posting.cpv_codes,
        "estimated_value": str(posting.estimated_value) if posting.estimated_value is not None else None,
        "procedure": posting.procedure, "question_deadline": posting.question_deadline, "bid_deadline": posting.bid_deadline,
        "contract_start": posting.contract_start, "contract_end": posting.contract_end, "allowed": allowed,
    }  # fmt: skip


def bid_out(bid: Bid) -> dict:
    members = [m.name for m in bid.consortium.members.all()] if bid.consortium_id else []
    return {
        "public_id": bid.public_id, "posting": bid.posting.public_id, "bidder": bid.bidder.name,
        "lot": bid.lot.number if bid.lot_id else None, "members": members, "price": str(bid.price),
        "special_share": str(bid.special_share) if bid.special_share is not None else None,
        "staffing_year": bid.staffing_year, "submitted_at": bid.submitted_at,
        "score": str(bid.score) if bid.score is not None else None, "awarded": hasattr(bid, "award"),
    }  # fmt: skip


def _market_user(request):
    access = access_for(request)
    if not ma.can_list(access):
        raise PermissionDenied
    return access


@router.get("/market/postings", response={200: PostingPage, **READ_ERRORS}, summary="Opslag")
def posting_list(request, filters: Query[PostingFilters]):
    access = _market_user(request)
    qs = selectors.posting_list(access, kind=filters.kind or "", status=filters.status or "")
    count = qs.count()
    rows = qs[filters.offset : filters.offset + filters.limit] if count else []
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": [posting_out(p, access) for p in rows]}


@router.get("/market/postings/{public_id}", response={200: PostingOut, **READ_ERRORS}, summary="Opslag")
def posting_read(request, public_id: uuid.UUID):
    access = access_for(request)
    return posting_out(ma.posting_get(access, public_id), access)


@router.post("/market/postings", response={201: PostingOut, **WRITE_ERRORS}, summary="Opret opslag (kladde)")
def posting_create(request, payload: PostingIn):
    access = access_for(request)
    if not ma.can_post(access):
        raise PermissionDenied
    buyer = selectors.buyer_choices(access).filter(public_id=payload.buyer).first()
    if buyer is None:
        raise ValidationError({"buyer": _("Du kan ikke opslå på vegne af den organisation.")})
    data = payload.dict(exclude={"buyer"})
    posting = services.posting_create(by=request.user, buyer=buyer, data=data)
    return Status(201, posting_out(ma.posting_get(access, posting.public_id), access))


@router.post(
    "/market/postings/{public_id}/status/{target}", response={200: PostingOut, **CHANGE_ERRORS}, summary="Skift status"
)
def posting_move(request, public_id: uuid.UUID, target: Literal["published", "closed", "cancelled"]):
    access = access_for(request)
    posting = permitted(access, ma.posting_get(access, public_id), ma.can_manage, PermissionDenied)
    services.posting_move(by=request.user, posting=posting, target=target)
    return posting_out(ma.posting_get(access, public_id), access)


def _organisation(ids: list[int], public_id, field: str) -> Organisation:
    organisation = Organisation.objects.filter(pk__in=ids, public_id=public_id).first()
    if organisation is None:
        raise ValidationError({field: _("Du kan ikke handle på vegne af den organisation.")})
    return organisation


@router.post("/market/postings/{public_id}/interest", response={204: None, **WRITE_ERRORS}, summary="Vis interesse")
def interest_add(request, public_id: uuid.UUID, payload: OrganisationIn):
    access = access_for(request)
    posting = ma.posting_get(access, public_id)
    if not ma.bidder_ids(access, posting):
        raise PermissionDenied
    organisation = _organisation(ma.bidder_ids(access, posting), payload.organisation, "organisation")
    services_bids.interest_add(by=request.user, posting=posting, organisation=organisation)
    return Status(204, None)


@router.post("/market/postings/{public_id}/bids", response={201: BidOut, **WRITE_ERRORS}, summary="Afgiv tilbud")
def bid_create(request, public_id: uuid.UUID, payload: BidIn):
    access = access_for(request)
    posting = ma.posting_get(access, public_id)
    if not ma.bidder_ids(access, posting):
        raise PermissionDenied
    bidder = _organisation(ma.bidder_ids(access, posting), payload.bidder, "bidder")
    partners = list(selectors.partner_choices(access, posting).filter(public_id__in=payload.members))
    if len(partners) != len(set(payload.members)):
        raise ValidationError({"members": _("En deltager i konsortiet findes ikke i registret.")})
    lot = posting.lots.filter(number=payload.lot).first() if payload.lot is not None else None
    if payload.lot is not None and lot is None:
        raise ValidationError({"lot": _("Delkontrakten findes ikke.")})
    bid = services_bids.bid_submit(
        by=request.user, posting=posting, bidder=bidder, price=payload.price, description=payload.description,
        lot=lot, members=partners, consortium_name=payload.consortium_name,
    )  # fmt: skip
    return Status(201, bid_out(ma.bid_get(access, bid.public_id)))


@router.get("/market/postings/{public_id}/bids", response={200: list[BidOut], **READ_ERRORS}, summary="Tilbud")
def bid_list(request, public_id: uuid.UUID):
    """Own bids; the buyer sees every bid, but only after the bid deadline (sealed)."""
    access = access_for(request)
    posting = ma.posting_get(access, public_id)
    return [bid_out(b) for b in selectors.bids_on(access, posting)]


@router.get("/market/bids/{public_id}", response={200: BidOut, **READ_ERRORS}, summary="Tilbud")
def bid_read(request, public_id: uuid.UUID):
    return bid_out(ma.bid_get(access_for(request), public_id))


@router.get("/market/eligibility/{public_id}", response={200: dict, **READ_ERRORS}, summary="§ 20-andel")
def eligibility(request, public_id: uuid.UUID):
    """The § 20 figures of one of the user's own organisations (share, year, reasons)."""
    access = access_for(request)
    organisation = get_object_or_404(Organisation, pk__in=access.organisation_ids, public_id=public_id)
    verdict = eligibility_for([organisation.pk])
    return {"eligible": verdict.eligible, "share": str(verdict.share) if verdict.share is not None else None,
            "year": verdict.year, "reasons": list(verdict.reasons)}  # fmt: skip
