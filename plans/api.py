"""The plans part of the JSON API (mounted in brobyg/api.py): strategies with their goals, live
indicators and initiatives; projects with their budgets (totals beside the stated ones) and the
adding of an activity; support cases. The same access rules (plans.access) and services as the
pages: a record the user may not see answers 404, one they see but may not change 403, bad input
422 naming the field."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from accounts.access import access_for, permitted
from accounts.roles import Perm
from core.api_bodies import StrictBody, limit_field, offset_field
from core.api_errors import READ_ERRORS, WRITE_ERRORS
from tenants.models import Municipality

from . import access as pa
from . import services_projects
from .models import ContextFigure, ProjectPhase
from .selectors import current_version, strategy_list, version_page
from .selectors_pipeline import mapping_inputs
from .selectors_projects import project_budget, project_list
from .selectors_support import case_list

router = Router(tags=["Strategi"])

HOURS_PATTERN = r"^\d{1,6}([.,]\d{1,2})?$"
MONEY_PATTERN = r"^\d{1,10}([.,]\d{1,2})?$"


class Paging(Schema):
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


class StrategyOut(Schema):
    public_id: uuid.UUID
    title: str
    municipality: str
    versions: int
    adopted_versions: int


class StrategyPage(Schema):
    count: int
    items: list[StrategyOut]


class IndicatorOut(Schema):
    label: str
    live: bool = Field(description="Beregnet af Brobyg fra registret og forløbene")
    baseline: Decimal | None
    current: Decimal | None
    target: Decimal | None
    target_date: datetime.date | None


class InitiativeOut(Schema):
    public_id: uuid.UUID
    title: str
    owner: str
    start: datetime.date | None
    deadline: datetime.date | None
    status: str = Field(examples=["ongoing"])


class GoalOut(Schema):
    public_id: uuid.UUID
    title: str
    indicator: str
    initiatives: list[InitiativeOut]


class VersionOut(Schema):
    public_id: uuid.UUID
    number: int
    status: str = Field(examples=["adopted"])
    adopted_on: datetime.date | None
    decision_ref: str
    vision: str
    preconditions: list[str]
    goals: list[GoalOut]
    indicators: list[IndicatorOut]


class StrategyDetailOut(StrategyOut):
    version: VersionOut


class ActivityOut(Schema):
    public_id: uuid.UUID
    name: str
    hours: Decimal | None
    hourly_rate: Decimal | None
    fixed_amount: Decimal | None
    amount: Decimal
    spent: Decimal


class TotalsOut(Schema):
    hours: Decimal
    amount: Decimal
    stated_hours: Decimal | None
    stated_amount: Decimal | None
    hours_difference: Decimal | None = Field(description="Oplyst minus specificeret; null når intet er oplyst")
    amount_difference: Decimal | None
    differs: bool


class PhaseOut(Schema):
    public_id: uuid.UUID
    name: str
    activities: list[ActivityOut]
    other_costs: Decimal
    totals: TotalsOut


class ProjectOut(Schema):
    public_id: uuid.UUID
    name: str
    municipality: str
    budget: Decimal
    spent: Decimal


class ProjectPage(Schema):
    count: int
    items: list[ProjectOut]


class ProjectDetailOut(ProjectOut):
    phases: list[PhaseOut]
    totals: TotalsOut


class ActivityIn(StrictBody):
    name: str = Field(min_length=1, max_length=300)
    hours: str | None = Field(None, pattern=HOURS_PATTERN, examples=["30"])
    hourly_rate: str | None = Field(None, pattern=MONEY_PATTERN, examples=["825,00"])
    fixed_amount: str | None = Field(None, pattern=MONEY_PATTERN)


class CaseOut(Schema):
    public_id: uuid.UUID
    client: str
    topic: str = Field(examples=["rsv"])
    status: str = Field(examples=["open"])
    stage: str
    opened_on: datetime.date
    contacts: int


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class FigureOut(Schema):
    kind: str = Field(examples=["population"])
    label: str
    year: int
    value: Decimal
    source: str


class FullTimeOut(Schema):
    benefit: str
    people: int
    full_time: Decimal = Field(description="Uger på ydelsen ÷ uger i perioden")


class NeedOut(Schema):
    organisation: str
    needs: str
    expectations: str
    volunteer_activities: str


class MappingInputsOut(Schema):
    municipality: str
    year: int
    figures: list[FigureOut]
    full_time: list[FullTimeOut]
    needs: list[NeedOut]


class MappingQuery(Schema):
    year: int = Field(2025, ge=1970, le=2100, description="Året fuldtidspersoner beregnes for")


def _totals(t) -> dict:
    return {
        "hours": t.hours, "amount": t.amount, "stated_hours": t.stated_hours, "stated_amount": t.stated_amount,
        "hours_difference": t.hours_difference, "amount_difference": t.amount_difference, "differs": t.differs,
    }  # fmt: skip


def _require_plans(request):
    access = access_for(request)
    if not access.has(Perm.PLAN_VIEW):
        raise Http404
    return access


@router.get("/strategies", response={200: StrategyPage, **READ_ERRORS}, summary="Strategier")
def strategies(request, paging: Query[Paging]):
    rows = strategy_list(_require_plans(request)).order_by("title", "pk")
    items = [
        {"public_id": s.public_id, "title": s.title, "municipality": s.municipality.name,
         "versions": s.version_count, "adopted_versions": s.adopted_count}
        for s in rows[paging.offset : paging.offset + paging.limit]
    ]  # fmt: skip
    return {"count": rows.count(), "items": items}


@router.get("/strategies/{public_id}", response={200: StrategyDetailOut, **READ_ERRORS}, summary="Strategi")
def strategy(request, public_id: uuid.UUID):
    """The newest version (the draft when there is one) with goals, initiatives and indicators."""
    strategy = pa.strategy_get(access_for(request), public_id)
    version = current_version(strategy)
    page = version_page(version)
    return {
        "public_id": strategy.public_id, "title": strategy.title, "municipality": strategy.municipality.name,
        "versions": strategy.versions.count(), "adopted_versions": strategy.versions.filter(status="adopted").count(),
        "version": {
            "public_id": version.public_id, "number": version.number, "status": version.status,
            "adopted_on": version.adopted_on, "decision_ref": version.decision_ref, "vision": version.vision,
            "preconditions": [p.text for p in page["preconditions"]],
            "goals": [{
                "public_id": g.public_id, "title": g.title, "indicator": g.indicator,
                "initiatives": [{
                    "public_id": i.public_id, "title": i.title, "start": i.start, "deadline": i.deadline,
                    "status": i.status, "owner": str(i.owner_organisation or i.owner_user or ""),
                } for i in g.initiatives.all()],
            } for g in page["goals"]],
            "indicators": [{
                "label": r["label"], "live": r["live"], "baseline": r["baseline"], "current": r["current"],
                "target": r["target"], "target_date": r["goal"].target_date,
            } for r in page["progress"]],
        },
    }  # fmt: skip


@router.get("/projects", response={200: ProjectPage, **READ_ERRORS}, summary="Projekter")
def projects(request, paging: Query[Paging]):
    rows = project_list(_require_plans(request)).order_by("name", "pk")
    items = [
        {"public_id": p.public_id, "name": p.name, "municipality": p.municipality.name, "budget": p.budget, "spent": p.spent}
        for p in rows[paging.offset : paging.offset + paging.limit]
    ]
    return {"count": rows.count(), "items": items}


def _project_out(project) -> dict:
    budget = project_budget(project)
    return {
        "public_id": project.public_id, "name": project.name, "municipality": project.municipality.name,
        "budget": budget["totals"].amount, "spent": budget["spent"], "totals": _totals(budget["totals"]),
        "phases": [{
            "public_id": row["phase"].public_id, "name": row["phase"].name, "totals": _totals(row["totals"]),
            "other_costs": row["totals"].other_costs,
            "activities": [{
                "public_id": a.public_id, "name": a.name, "hours": a.hours, "hourly_rate": a.hourly_rate,
                "fixed_amount": a.fixed_amount, "amount": a.amount, "spent": a.spent,
            } for a in row["activities"]],
        } for row in budget["phases"]],
    }  # fmt: skip


@router.get("/projects/{public_id}", response={200: ProjectDetailOut, **READ_ERRORS}, summary="Projekt og budget")
def project(request, public_id: uuid.UUID):
    return _project_out(pa.project_get(access_for(request), public_id))


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value.replace(",", "."))


@router.post(
    "/projects/{public_id}/phases/{phase_id}/activities",
    response={201: ProjectDetailOut, **WRITE_ERRORS}, summary="Tilføj aktivitet til en fase",
)  # fmt: skip
def activity_create(request, public_id: uuid.UUID, phase_id: uuid.UUID, payload: ActivityIn):
    """Hours × hourly rate, or a fixed amount; the project's budget after it."""
    access = access_for(request)
    project = permitted(access, pa.project_get(access, public_id), pa.can_edit, PermissionDenied)
    phase = get_object_or_404(ProjectPhase, public_id=phase_id, project=project)
    data = {
        "name": payload.name, "hours": _decimal(payload.hours), "hourly_rate": _decimal(payload.hourly_rate),
        "fixed_amount": _decimal(payload.fixed_amount),
    }  # fmt: skip
    services_projects.activity_save(by=request.user, phase=phase, data=data)
    return Status(201, _project_out(project))


@router.get("/support-cases", response={200: CasePage, **READ_ERRORS}, summary="Rådgivningssager")
def support_cases(request, paging: Query[Paging]):
    """The municipality's cases for its advisors; an enterprise's own cases for its staff."""
    access = access_for(request)
    if not pa.can_list_cases(access):
        raise Http404
    rows = case_list(access)
    items = [
        {"public_id": c.public_id, "client": c.client_name, "topic": c.topic, "status": c.status, "stage": c.stage,
         "opened_on": c.opened_on, "contacts": c.contact_count}
        for c in rows[paging.offset : paging.offset + paging.limit]
    ]  # fmt: skip
    return {"count": rows.count(), "items": items}


@router.get("/mapping-inputs", response={200: MappingInputsOut, **READ_ERRORS}, summary="Kortlægningens supplerende input")
def mapping_inputs_read(request, query: Query[MappingQuery]):
    """Context figures per year with source, stakeholders' needs and fuldtidspersoner for the
    year, for the (first) municipality where the user holds plans.view."""
    access = _require_plans(request)
    municipality = Municipality.objects.get(pk=access.municipalities_with(Perm.PLAN_VIEW)[0])
    inputs = mapping_inputs(
        municipality.pk, start=datetime.date(query.year, 1, 1), end=datetime.date(query.year, 12, 31)
    )
    figures = ContextFigure.objects.filter(municipality=municipality).order_by("kind", "year")
    return {
        "municipality": municipality.name, "year": query.year,
        "figures": [
            {"kind": f.kind, "label": f.get_kind_display(), "year": f.year, "value": f.value, "source": f.source}
            for f in figures
        ],
        "full_time": inputs["full_time"],
        "needs": [
            {"organisation": n.organisation.name, "needs": n.needs, "expectations": n.expectations,
             "volunteer_activities": n.volunteer_activities}
            for n in inputs["needs"]
        ],
    }  # fmt: skip
