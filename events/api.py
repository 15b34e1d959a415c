"""The events part of the JSON API (mounted in brobyg/api.py): events, registrations, mailing
lists and the evaluation figures, through the same access rules, selectors and services as the
pages. Another municipality's event answers 404; an event the user sees but does not organise
answers 403 for its participant list and for registering or cancelling."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from accounts.access import access_for, permitted
from core.api_bodies import StrictBody, iso_date, limit_field, offset_field
from core.api_errors import READ_ERRORS, WRITE_ERRORS

from . import access as ea
from . import selectors, services_signups
from .evaluation import evaluation
from .models import EventKind, SignupStatus

router = Router(tags=["Arrangementer"])


class Paging(Schema):
    limit: int = limit_field(50, 500)
    offset: int = offset_field()
    upcoming: bool | None = Field(None, description="Kun kommende (true) eller afholdte (false)")


class EventOut(Schema):
    public_id: uuid.UUID
    kind: EventKind
    title: str
    organiser: str
    municipality: str
    series: uuid.UUID | None
    venue: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    published: bool
    capacity: int | None
    deadline: datetime.datetime | None
    seated: int
    waiting: int


class EventPage(Schema):
    count: int
    items: list[EventOut]


class SpeakerOut(Schema):
    name: str
    title: str
    organisation: str


class AgendaItemOut(Schema):
    starts: datetime.time
    ends: datetime.time | None
    title: str
    speakers: list[SpeakerOut]
    minutes: str


class EventDetail(EventOut):
    description: str
    audience: str
    agenda: list[AgendaItemOut]
    stands: list[str]
    workshop_groups: list[str]
    attended: int
    no_show: int


class RegistrationOut(Schema):
    public_id: uuid.UUID
    name: str
    email: str
    organisation: str
    status: SignupStatus
    created_at: datetime.datetime
    promoted_at: datetime.datetime | None


class RegistrationIn(StrictBody):
    name: str = Field(..., max_length=200)
    email: str = Field(..., max_length=254)
    organisation_name: str = Field("", max_length=200)


class CancelOut(Schema):
    cancelled: uuid.UUID
    promoted: list[uuid.UUID]


class MailingListOut(Schema):
    public_id: uuid.UUID
    name: str
    owner: str
    confirmed: int
    pending: int


class EvaluationQuery(Schema):
    start: datetime.date
    end: datetime.date

    _dates = field_validator("start", "end", mode="before")(iso_date)


class EvaluationOut(Schema):
    events: int
    registrations: int
    attended: int
    no_show: int
    attendance_rate: float | None
    promoted_from_waiting_list: int
    still_waiting: int
    cancelled: int
    organisations_by_kind: dict[str, int]


def _event(e, n_seated=None, n_waiting=None) -> dict:
    return {
        "public_id": e.public_id, "kind": e.kind, "title": e.title, "organiser": e.organiser.name,
        "municipality": e.municipality.code, "series": e.series.public_id if e.series_id else None,
        "venue": e.venue, "starts_at": e.starts_at, "ends_at": e.ends_at, "published": e.published,
        "capacity": e.capacity, "deadline": e.deadline,
        "seated": e.n_seated if n_seated is None else n_seated, "waiting": e.n_waiting if n_waiting is None else n_waiting,
    }  # fmt: skip


def _registration(s) -> dict:
    return {
        "public_id": s.public_id, "name": s.name, "email": s.email, "organisation": s.affiliation,
        "status": s.status, "created_at": s.created_at, "promoted_at": s.promoted_at,
    }  # fmt: skip


@router.get("/events", response={200: EventPage, **READ_ERRORS}, summary="Arrangementer")
def event_list(request, paging: Query[Paging]):
    access = access_for(request)
    events = selectors.event_list(access, upcoming=paging.upcoming)
    rows = events[paging.offset : paging.offset + paging.limit]
    return {"count": events.count(), "items": [_event(e) for e in rows]}


@router.get("/events/{public_id}", response={200: EventDetail, **READ_ERRORS}, summary="Et arrangement")
def event_detail(request, public_id: uuid.UUID):
    event = ea.event_get(access_for(request), public_id)
    counts = selectors.event_counts(event)
    return {
        **_event(event, counts["seated"], counts["waiting"]),
        "description": event.description, "audience": event.audience,
        "agenda": [
            {"starts": i.starts, "ends": i.ends, "title": i.title, "minutes": i.minutes,
             "speakers": [{"name": s.name, "title": s.title, "organisation": s.affiliation} for s in i.speakers.all()]}
            for i in selectors.agenda_of(event)
        ],
        "stands": [s.organisation.name for s in event.stands.select_related("organisation")],
        "workshop_groups": [g.name for g in event.workshop_groups.all()],
        "attended": counts["attended"], "no_show": counts["no_show"],
    }  # fmt: skip


@router.get(
    "/events/{public_id}/registrations",
    response={200: list[RegistrationOut], **WRITE_ERRORS},
    summary="Tilmeldinger (arrangøren)",
)
def registration_list(request, public_id: uuid.UUID):
    access = access_for(request)
    event = permitted(access, ea.event_get(access, public_id), ea.can_edit, PermissionDenied)
    return [_registration(s) for s in selectors.participants(event)]


@router.post(
    "/events/{public_id}/registrations",
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Tilmeld en deltager",
)
def registration_create(request, public_id: uuid.UUID, body: RegistrationIn):
    access = access_for(request)
    event = permitted(access, ea.event_get(access, public_id), ea.can_edit, PermissionDenied)
    signup = services_signups.signup_register(
        event=event, by=request.user, base_url=request.build_absolute_uri("/"), **body.model_dump()
    )
    return Status(201, _registration(signup))


@router.post(
    "/registrations/{public_id}/cancel",
    response={200: CancelOut, **WRITE_ERRORS},
    summary="Afmeld en tilmelding",
)
def registration_cancel(request, public_id: uuid.UUID):
    access = access_for(request)
    from .models import Signup

    signup = get_object_or_404(
        Signup.objects.filter(event__in=ea.events_visible_to(access)), public_id=public_id
    )
    permitted(access, signup.event, ea.can_edit, PermissionDenied)
    promoted = services_signups.signup_cancel(
        signup=signup, by=request.user, base_url=request.build_absolute_uri("/")
    )
    return {"cancelled": signup.public_id, "promoted": [p.public_id for p in promoted]}


@router.get("/mailing-lists", response={200: list[MailingListOut], **READ_ERRORS}, summary="Mailinglister")
def mailing_lists(request):
    return [
        {
            "public_id": m.public_id,
            "name": m.name,
            "owner": m.owner.name,
            "confirmed": m.n_confirmed,
            "pending": m.n_pending,
        }
        for m in selectors.list_overview(access_for(request))
    ]


@router.get(
    "/event-evaluation", response={200: EvaluationOut, **READ_ERRORS}, summary="Evaluering af arrangementer"
)
def event_evaluation(request, period: Query[EvaluationQuery]):
    figures = evaluation(access_for(request), period.start, period.end)
    t = figures["total"]
    return {
        "events": t["events"], "registrations": t["registrations"], "attended": t["attended"],
        "no_show": t["no_show"], "attendance_rate": t["rate"], "promoted_from_waiting_list": t["promoted"],
        "still_waiting": t["waiting"], "cancelled": t["cancelled"],
        "organisations_by_kind": {r["code"]: r["organisations"] for r in figures["by_kind"]},
    }  # fmt: skip
