"""Framework agreements in the JSON API: agreements with their services and deliverables, a
service's registrations (list and create) and its period figures. The same access rules
(agreements.access), selectors, aggregates and services as the pages:

- an agreement or service the user cannot see (another municipality, another provider) answers
  404; the agreements and their figures are read by AGREEMENT_VIEW in the municipality and by
  the provider's own staff;
- the registration rows are the provider's (SERVICE_REGISTER in the provider organisation, like
  the registration pages): anyone else who sees the service gets 403, so does a read-only token
  on a create;
- a create goes through agreements.services.registration_save (audited); an invalid field
  answers 422 naming it, a registration that does not fit the service's kind 422 on `kind`.

Mounted by brobyg/api.py: api.add_router("/", "agreements.api.router", tags=["Rammeaftaler"])."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from accounts.access import access_for, permitted
from core import calendar
from core.api_bodies import StrictBody, iso_date, limit_field, offset_field
from core.api_errors import READ_ERRORS, WRITE_ERRORS

from . import access as aa
from . import rules, services, volunteers
from .aggregates import deliverables_progress, registrations_summary
from .models import (
    NETWORK_OUTCOMES,
    Activity,
    CompanyVisit,
    Counselling,
    HomeSupport,
    MeetingActivity,
    NetworkMeeting,
    NetworkMembership,
    NetworkOutcome,
    UserGroup,
    VolunteerTally,
    WeeklyRegistration,
    YouthIncome,
    YouthReferral,
    YouthUser,
)
from .selectors import agreement_list, services_for

router = Router()

COUNT_MAX = 2_147_483_647  # a PositiveIntegerField


# --- Output ---------------------------------------------------------------------------------


class AgreementDeliverableOut(Schema):
    name: str
    metric: str = Field(examples=["staffed_hours_per_week"])
    metric_name: str
    target: Decimal
    unit: str
    period_basis: str = Field(examples=["week"])
    period_basis_name: str


class AgreementServiceOut(Schema):
    public_id: uuid.UUID
    kind: str = Field(examples=["meeting_place"])
    kind_name: str
    name: str
    description: str
    annual_grant: Decimal
    programme: str | None = Field(description="Forløbet en forløbsydelse leverer")
    deliverables: list[AgreementDeliverableOut]
    measures: list[str] = Field(description="Målinger kontrakten følger op på")
    registration_kinds: list[str] = Field(description="Registreringstyper der passer til ydelsen")


class AgreementOut(Schema):
    public_id: uuid.UUID
    name: str
    municipality: str
    provider: str
    provider_id: uuid.UUID
    start: datetime.date
    end: datetime.date | None
    services: int = Field(description="Antal ydelser")
    total_grant: Decimal = Field(description="Samlet årlig bevilling (kr.)")


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]


class AgreementDetail(AgreementOut):
    note: str
    service_list: list[AgreementServiceOut]


class ServiceRegistrationOut(Schema):
    id: str = Field(description="Rækkens nøgle (unge brugere: et UUID)")
    kind: str
    recorded_at: datetime.datetime
    values: dict[str, Any] = Field(description="Registreringens felter som i oprettelsen")


class ServiceRegistrationPage(Schema):
    count: int
    items: list[ServiceRegistrationOut]


class ServiceDeliverableProgressOut(Schema):
    name: str
    metric: str
    target: Decimal
    actual: Decimal | None = Field(
        description="Hvad registreringerne viser, omregnet til leverancens periode"
    )
    met: bool | None


class ServiceFiguresOut(Schema):
    service: uuid.UUID
    start: datetime.date
    end: datetime.date
    sections: dict[str, Any] = Field(
        description="Periodens tal pr. afsnit (uger, aktiviteter, frivillige, medlemmer, møder …); "
        "frivillige har `source`: register (frivilligregistret) eller tally (opgørelser)"
    )
    deliverables: list[ServiceDeliverableProgressOut]


# --- Query parameters -----------------------------------------------------------------------


def _check_range(start, end):
    if start and end and end < start:
        raise ValueError(_("Slutdatoen skal ligge efter startdatoen."))
    return end


class ServicePeriodQuery(Schema):
    start: datetime.date | None = Field(None, description="Fra, inklusive")
    end: datetime.date | None = Field(None, description="Til, inklusive")

    # end before start answers 422 on `end`, but only once the service is found (a query
    # JSON Schema accepts must not be refused before an unknown id answers 404)
    _dates = field_validator("start", "end", mode="before")(iso_date)


class AgreementPaging(Schema):
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


# --- Registration bodies (one per kind; the same fields as the registration pages) ---------


def _decimal(maximum: str, places: int):
    """A JSON number (or numeric string) as a Decimal within 0..maximum and `places` decimals."""

    def convert(value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise ValueError(_("Skal være et tal."))
        try:
            number = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Skal være et tal.")) from None
        if not number.is_finite() or number < 0 or number > Decimal(maximum):
            raise ValueError(_("Skal være mellem 0 og %(max)s.") % {"max": maximum})
        if -number.as_tuple().exponent > places:
            raise ValueError(_("Højst %(places)s decimaler.") % {"places": places})
        return number

    return convert


def _count(default=0):
    return Field(default, ge=0, le=COUNT_MAX)


def _choice(choices):
    return Literal[tuple(choices)]  # type: ignore[valid-type]


class _DatedRegistration(StrictBody):
    date: datetime.date

    _date = field_validator("date", mode="before")(iso_date)


class _PeriodRegistration(StrictBody):
    period_start: datetime.date
    period_end: datetime.date

    _dates = field_validator("period_start", "period_end", mode="before")(iso_date)

    @field_validator("period_end")
    @classmethod
    def _end_after_start(cls, end, info):
        return _check_range(info.data.get("period_start"), end)


class WeekRegistrationIn(StrictBody):
    week: datetime.date = Field(description="Ugens mandag")
    staffed_hours: Decimal = Field(Decimal("0"), description="0–168")
    visits: int = _count()

    _week = field_validator("week", mode="before")(iso_date)
    _hours = field_validator("staffed_hours", mode="before")(_decimal("168", 2))

    @field_validator("week")
    @classmethod
    def _monday(cls, week):
        if week.isoweekday() != 1:
            raise ValueError(_("Ugen skal angives ved sin mandag."))
        return week


class ActivityRegistrationIn(_DatedRegistration):
    name: str = Field(..., min_length=1, max_length=200)
    user_groups: list[_choice(UserGroup.values)] = Field(default_factory=list)  # type: ignore[valid-type]
    participants: int = _count()


class VolunteerTallyRegistrationIn(_PeriodRegistration):
    volunteers: int = _count()
    hours: Decimal = Decimal("0")

    _hours = field_validator("hours", mode="before")(_decimal("9999999.99", 2))


class MembershipRegistrationIn(_PeriodRegistration):
    on_mailing_list: int = _count()
    active: int = _count()
    took_part: int = _count()
    new_members: int = _count()


class MeetingRegistrationIn(_DatedRegistration):
    activity: _choice(MeetingActivity.values)  # type: ignore[valid-type]
    attendance: int = _count()
    note: str = Field("", max_length=300)


class CompanyVisitRegistrationIn(_DatedRegistration):
    company_name: str = Field(..., min_length=1, max_length=200)
    local: bool = True
    participants: int = _count()


class CounsellingRegistrationIn(_DatedRegistration):
    member_label: str = Field("", max_length=60)
    conversations: int = _count(1)


class NetworkOutcomeRegistrationIn(_DatedRegistration):
    outcome: _choice([o.value for o in NETWORK_OUTCOMES])  # type: ignore[valid-type]
    direct: bool = False
    member_label: str = Field("", max_length=60)
    note: str = Field("", max_length=300)


class YouthUserRegistrationIn(StrictBody):
    label: str = Field(..., min_length=1, max_length=60)
    registered: datetime.date
    left: datetime.date | None = None
    referral: _choice(YouthReferral.values)  # type: ignore[valid-type]
    income: _choice(YouthIncome.values)  # type: ignore[valid-type]
    home_support: _choice(HomeSupport.values) = HomeSupport.NONE.value  # type: ignore[valid-type]
    home_support_reduced_hours: Decimal | None = None
    home_support_changed: datetime.date | None = None

    _dates = field_validator("registered", "left", "home_support_changed", mode="before")(iso_date)
    _hours = field_validator("home_support_reduced_hours", mode="before")(_decimal("999.9", 1))
    # The rules across fields (left after registered, a dated change of home support) are
    # agreements.rules.youth_errors, checked by registration_save and named by field there.


@dataclass(frozen=True)
class Kind:
    model: type
    body: type
    date_field: str  # what the list's date range filters on
    ordering: tuple[str, ...]
    summary: str  # the create endpoint's title in the OpenAPI schema
    by_public_id: bool = False


KINDS: dict[str, Kind] = {
    "weeks": Kind(
        WeeklyRegistration,
        WeekRegistrationIn,
        "week",
        ("-week",),
        "Ny registrering: Uge (bemandede timer og besøg)",
    ),
    "activities": Kind(
        Activity, ActivityRegistrationIn, "date", ("-date", "-pk"), "Ny registrering: Aktivitet"
    ),
    "volunteers": Kind(
        VolunteerTally,
        VolunteerTallyRegistrationIn,
        "period_start",
        ("-period_start",),
        "Ny registrering: Frivilligopgørelse",
    ),
    "members": Kind(
        NetworkMembership,
        MembershipRegistrationIn,
        "period_start",
        ("-period_start",),
        "Ny registrering: Medlemsopgørelse",
    ),
    "meetings": Kind(
        NetworkMeeting, MeetingRegistrationIn, "date", ("-date", "-pk"), "Ny registrering: Netværksmøde"
    ),
    "company_visits": Kind(
        CompanyVisit,
        CompanyVisitRegistrationIn,
        "date",
        ("-date", "-pk"),
        "Ny registrering: Virksomhedsbesøg",
    ),
    "counselling": Kind(
        Counselling, CounsellingRegistrationIn, "date", ("-date", "-pk"), "Ny registrering: Samtaler"
    ),
    "outcomes": Kind(
        NetworkOutcome,
        NetworkOutcomeRegistrationIn,
        "date",
        ("-date", "-pk"),
        "Ny registrering: Medlemsresultat",
    ),
    "youth_users": Kind(
        YouthUser,
        YouthUserRegistrationIn,
        "registered",
        ("label", "pk"),
        "Ny registrering: Ung bruger",
        by_public_id=True,
    ),
}
KindName = Literal[tuple(KINDS)]  # type: ignore[valid-type]


def _fits(kind: str, service) -> bool:
    return rules.fits(KINDS[kind].model._meta.model_name, service.kind)


class ServiceRegistrationQuery(ServicePeriodQuery):
    """The range filters on the row's date: its week, date, period start or a young user's start."""

    kind: KindName = Field(..., description="Registreringstypen")
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


# --- Shaping --------------------------------------------------------------------------------


def _agreement(a, n_services: int, total_grant) -> dict:
    return {
        "public_id": a.public_id, "name": a.name, "municipality": a.municipality.code,
        "provider": a.provider.name, "provider_id": a.provider.public_id, "start": a.start, "end": a.end,
        "services": n_services, "total_grant": total_grant or Decimal("0"),
    }  # fmt: skip


def _service(s) -> dict:
    return {
        "public_id": s.public_id, "kind": s.kind, "kind_name": s.get_kind_display(), "name": s.name,
        "description": s.description, "annual_grant": s.annual_grant,
        "programme": s.programme.name if s.programme_id else None,
        "deliverables": [
            {"name": d.name, "metric": d.metric, "metric_name": d.get_metric_display(), "target": d.target,
             "unit": d.unit, "period_basis": d.period_basis, "period_basis_name": d.get_period_basis_display()}
            for d in s.deliverables.all()
        ],
        "measures": [m.measure for m in s.measures.all()],
        "registration_kinds": [k for k in KINDS if _fits(k, s)],
    }  # fmt: skip


_HIDDEN = {"id", "service", "recorded_by", "recorded_at", "public_id"}


def _registration(kind: str, obj) -> dict:
    spec = KINDS[kind]
    values = {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields if f.name not in _HIDDEN}
    return {
        "id": str(obj.public_id if spec.by_public_id else obj.pk),
        "kind": kind,
        "recorded_at": obj.recorded_at,
        "values": values,
    }


def _range_check(start, end) -> None:
    if start and end and end < start:
        raise ValidationError({"end": [_("Slutdatoen skal ligge efter startdatoen.")]})


def _period(query: ServicePeriodQuery) -> tuple[datetime.date, datetime.date]:
    start, end = calendar.half_year(timezone.localdate())
    start, end = query.start or start, query.end or end
    _range_check(start, end)
    return start, end


# --- Endpoints ------------------------------------------------------------------------------


@router.get("/agreements", response={200: AgreementPage, **READ_ERRORS}, summary="Rammeaftaler")
def agreement_index(request, paging: Query[AgreementPaging]):
    agreements = agreement_list(access_for(request))
    rows = agreements[paging.offset : paging.offset + paging.limit]
    return {"count": agreements.count(), "items": [_agreement(a, a.n_services, a.total_grant) for a in rows]}


@router.get(
    "/agreements/{public_id}", response={200: AgreementDetail, **READ_ERRORS},
    summary="Rammeaftale med ydelser og leverancer",
)  # fmt: skip
def agreement_detail(request, public_id: uuid.UUID):
    agreement = aa.agreement_get(access_for(request), public_id)
    service_list = services_for(agreement)
    total = sum((s.annual_grant for s in service_list), Decimal("0"))
    return {
        **_agreement(agreement, len(service_list), total),
        "note": agreement.note,
        "service_list": [_service(s) for s in service_list],
    }


@router.get(
    "/agreement-services/{public_id}/figures", response={200: ServiceFiguresOut, **READ_ERRORS},
    summary="Ydelsens tal for en periode (som ydelsens side; standard: indeværende halvår)",
)  # fmt: skip
def service_figures(request, public_id: uuid.UUID, period: Query[ServicePeriodQuery]):
    service = aa.service_get(access_for(request), public_id)
    start, end = _period(period)
    return {
        "service": service.public_id, "start": start, "end": end,
        "sections": registrations_summary(service, start, end),
        "deliverables": [
            {"name": p["deliverable"].name, "metric": p["deliverable"].metric, "target": p["target"],
             "actual": p["actual"], "met": p["met"]}
            for p in deliverables_progress(service, start, end)
        ],
    }  # fmt: skip


def _service_for_register(request, public_id):
    """The service when the user registers for its provider; 404 when unseen, 403 when seen."""
    access = access_for(request)
    service = aa.service_get(access, public_id)
    permitted(access, service.agreement, aa.can_register, PermissionDenied)
    return service


@router.get(
    "/agreement-services/{public_id}/registrations", response={200: ServiceRegistrationPage, **WRITE_ERRORS},
    summary="Ydelsens registreringer (leverandøren)",
)  # fmt: skip
def registration_index(request, public_id: uuid.UUID, filters: Query[ServiceRegistrationQuery]):
    service = _service_for_register(request, public_id)
    _range_check(filters.start, filters.end)
    spec = KINDS[filters.kind]
    if not _fits(filters.kind, service):
        raise ValidationError({"kind": [_("Registreringstypen passer ikke til ydelsens type.")]})
    rows = spec.model.objects.filter(service=service)
    if filters.start:
        rows = rows.filter(**{f"{spec.date_field}__gte": filters.start})
    if filters.end:
        rows = rows.filter(**{f"{spec.date_field}__lte": filters.end})
    rows = rows.order_by(*spec.ordering)
    page = rows[filters.offset : filters.offset + filters.limit]
    return {"count": rows.count(), "items": [_registration(filters.kind, r) for r in page]}


def _add_create(kind: str, spec: Kind) -> None:
    """POST …/registrations/<kind> with that kind's body (one endpoint per kind, so the schema
    documents each body and a 422 names the field itself)."""

    def create(request, public_id: uuid.UUID, payload: spec.body):  # type: ignore[name-defined]
        service = _service_for_register(request, public_id)
        if not _fits(kind, service):
            raise ValidationError({"kind": [_("Registreringstypen passer ikke til ydelsens type.")]})
        if spec.model is VolunteerTally:
            volunteers.check_tally_allowed(service)
        obj = services.registration_save(
            by=request.user, service=service, obj=spec.model(), data=payload.model_dump()
        )
        return Status(201, _registration(kind, obj))

    router.post(
        f"/agreement-services/{{public_id}}/registrations/{kind}",
        response={201: ServiceRegistrationOut, **WRITE_ERRORS},
        summary=spec.summary,
        operation_id=f"agreements_registration_create_{kind}",
        url_name=f"agreements_registration_create_{kind}",
    )(create)


for _kind, _spec in KINDS.items():
    _add_create(_kind, _spec)
