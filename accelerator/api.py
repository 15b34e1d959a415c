"""The accelerator part of the JSON API (mounted in brobyg/api.py), read-only, with the
permissions of the pages (accelerator.access): a cohort or company the user does not see
answers 404; a visible cohort whose funnel the user may not see answers 403."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from accounts.access import access_for
from accounts.roles import Perm
from core.api_bodies import limit_field, offset_field
from core.api_errors import READ_ERRORS, ErrorOut

from . import access as acc
from . import selectors
from . import selectors_growth as growth
from . import selectors_recruitment as recruitment
from .models import SocialModel

router = Router(tags=["Accelerator"])


class CohortOut(Schema):
    public_id: uuid.UUID
    name: str
    programme: str
    start: datetime.date
    end: datetime.date
    companies: int


class CohortPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CohortOut]


class Paging(Schema):
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


class FunnelRowOut(Schema):
    channel: str
    contacted: int
    interested: int
    boot_camp: int
    applied: int
    selected: int


class CampaignFunnelOut(Schema):
    campaign: str
    channels: list[FunnelRowOut]
    total: FunnelRowOut


class YearOut(Schema):
    year: int
    turnover: float | None = Field(description="Omsætning i kroner")
    employees: int | None = Field(description="Fra aktørregistrets medarbejdertal")
    special_terms: int | None = Field(description="Ansatte på særlige vilkår, fra aktørregistret")
    citizens_hired: int


class CompanyOut(Schema):
    public_id: uuid.UUID
    organisation: uuid.UUID
    name: str
    cohort: uuid.UUID
    social_model_ready: bool
    social_model_missing: list[str]
    baseline_year: int
    growth: list[YearOut] | None = Field(
        description="Kun for virksomheden selv og dem, der følger alle virksomheder"
    )


def _funnel_row(row) -> dict:
    return {"channel": row.label, **{stage: getattr(row, stage) for stage in recruitment.STAGES}}


@router.get("/accelerator/cohorts", response={200: CohortPage, **READ_ERRORS})
def cohort_list(request, paging: Query[Paging]):
    access = access_for(request)
    access.require(Perm.ACCELERATOR_VIEW)
    rows = acc.cohorts_visible_to(access).select_related("programme").order_by("-start", "pk")
    page = list(selectors.cohorts_with_counts(rows)[paging.offset : paging.offset + paging.limit])
    items = [
        {"public_id": c.public_id, "name": c.name, "programme": c.programme.name, "start": c.start, "end": c.end,
         "companies": c.n_participants}
        for c in page
    ]  # fmt: skip
    return {"count": rows.count(), "limit": paging.limit, "offset": paging.offset, "items": items}


@router.get(
    "/accelerator/cohorts/{public_id}/funnel",
    response={200: list[CampaignFunnelOut], 403: ErrorOut, **READ_ERRORS},
)
def cohort_funnel(request, public_id: uuid.UUID):
    access = access_for(request)
    cohort = acc.cohort_get(access, public_id)
    if not acc.sees_all_companies(access, cohort.municipality_id):
        raise PermissionDenied
    out = []
    for campaign in cohort.campaigns.all():
        rows, total = recruitment.funnel(campaign)
        out.append(
            {
                "campaign": campaign.name,
                "channels": [_funnel_row(r) for r in rows],
                "total": _funnel_row(total),
            }
        )
    return out


@router.get("/accelerator/companies/{public_id}", response={200: CompanyOut, **READ_ERRORS})
def company_detail(request, public_id: uuid.UUID):
    access = access_for(request)
    participant = acc.participant_get(access, public_id)
    model = selectors.with_readiness(SocialModel.objects.filter(participant=participant)).first()
    readiness = selectors.readiness_of(model)
    summary = growth.growth_of(participant) if acc.sees_company(access, participant) else None
    return {
        "public_id": participant.public_id,
        "organisation": participant.organisation.public_id,
        "name": participant.organisation.name,
        "cohort": participant.cohort.public_id,
        "social_model_ready": readiness.complete,
        "social_model_missing": list(readiness.missing),
        "baseline_year": growth.baseline_year(participant.cohort),
        "growth": None if summary is None else [
            {"year": y.year, "turnover": None if y.turnover is None else float(y.turnover), "employees": y.employees,
             "special_terms": y.special, "citizens_hired": y.citizens_hired}
            for y in summary.years
        ],
    }  # fmt: skip
