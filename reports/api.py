"""Evaluation reports in the JSON API: report definitions and a report's computed tables for one
of its periods (with the previous period when the definition compares). The same access rules
(reports.access), selectors and small-number protection as the report page:

- a definition of a municipality where the user lacks REPORT_VIEW answers 404;
- the tables are protected (cells of 1–4 persons "<5", secondary suppression "x") unless the
  user may see the rows behind the figures (CITIZEN_VIEW in the municipality), exactly like the
  page; a hidden cell carries its mark and no value, so the figure never leaves the server;
- the rows behind a figure stay on the page (they are personal data and their reading is logged).

Mounted by brobyg/api.py: api.add_router("/", "reports.api.router", tags=["Evalueringsrapporter"])."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from accounts.access import access_for
from core.api_bodies import limit_field, offset_field
from core.api_errors import READ_ERRORS
from core.db_router import reading_from_replica

from .access import definition_get, definitions_visible_to, sees_rows
from .selectors import build_report, period_choices, period_for
from .tables import TABLES

router = Router()


class ReportPeriodOut(Schema):
    key: str = Field(examples=["2026-H1"])
    label: str
    start: datetime.date
    end: datetime.date


class ReportTableRefOut(Schema):
    key: str = Field(examples=["deliverables"])
    label: str


class ReportScopeItemOut(Schema):
    public_id: uuid.UUID
    name: str


class ReportDefinitionOut(Schema):
    public_id: uuid.UUID
    name: str
    description: str
    municipality: str
    tables: list[ReportTableRefOut]
    period_kind: str = Field(examples=["half_year"])
    period_kind_name: str
    compare_previous: bool


class ReportDefinitionPage(Schema):
    count: int
    items: list[ReportDefinitionOut]


class ReportDefinitionDetail(ReportDefinitionOut):
    services: list[ReportScopeItemOut]
    programmes: list[ReportScopeItemOut]
    periods: list[ReportPeriodOut] = Field(description="Perioderne rapporten kan vises for, nyeste først")


class ReportColumnOut(Schema):
    period: int = Field(description="Indeks i tabellens `periods`")
    measure: str
    label: str
    kind: str = Field(description="count (personer), number, percent eller kroner")


class ReportCellOut(Schema):
    value: int | Decimal | None = Field(
        description="Antal som heltal, andre tal (procent, kroner) som decimaltekst; null når cellen er skjult"
    )
    hidden: str = Field(description='"" eller mærket for et skjult tal: "<5" (1–4 personer) eller "x"')


class ReportRowOut(Schema):
    key: str
    label: str
    total: bool
    cells: list[ReportCellOut]


class ReportTableOut(Schema):
    key: str
    title: str
    section: str = Field(description="Fx ydelsens navn, når tabellen er pr. ydelse")
    periods: list[str] = Field(description="Periodernes nøgler, nuværende først")
    columns: list[ReportColumnOut]
    rows: list[ReportRowOut]
    notes: list[str]


class ReportOut(Schema):
    definition: uuid.UUID
    period: ReportPeriodOut
    periods: list[ReportPeriodOut]
    protected: bool = Field(
        description="Små tal er skjult (som på siden for brugere uden adgang til rækkerne)"
    )
    tables: list[ReportTableOut]


class ReportPaging(Schema):
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


class ReportQuery(Schema):
    period: str | None = Field(
        None, description="Periodens nøgle (fx 2026-H1, 2026 eller 2026-01-01_2026-03-31); standard: "
        "den seneste afsluttede", max_length=30,
    )  # fmt: skip


def _today() -> datetime.date:
    return timezone.localdate()


def _period(p) -> dict:
    return {"key": p.key, "label": p.label, "start": p.start, "end": p.end}


def _definition(d) -> dict:
    return {
        "public_id": d.public_id, "name": d.name, "description": d.description, "municipality": d.municipality.code,
        "tables": [{"key": k, "label": str(TABLES[k].label)} for k in d.tables if k in TABLES],
        "period_kind": d.period_kind, "period_kind_name": d.get_period_kind_display(),
        "compare_previous": d.compare_previous,
    }  # fmt: skip


def _table(t) -> dict:
    return {
        "key": t.key, "title": t.title, "section": t.section, "periods": [p.key for p in t.periods],
        "columns": [{"period": c.period, "measure": c.measure, "label": c.label, "kind": c.kind} for c in t.columns],
        "rows": [
            {"key": r.key, "label": r.label, "total": r.total,
             # a hidden cell's value never leaves the server
             "cells": [{"value": None if c.hidden else c.value, "hidden": c.hidden} for c in r.cells]}
            for r in t.rows
        ],
        "notes": [str(n) for n in t.notes],
    }  # fmt: skip


@router.get("/reports", response={200: ReportDefinitionPage, **READ_ERRORS}, summary="Rapportdefinitioner")
def definition_index(request, paging: Query[ReportPaging]):
    definitions = (
        definitions_visible_to(access_for(request)).select_related("municipality").order_by("name", "pk")
    )
    rows = definitions[paging.offset : paging.offset + paging.limit]
    return {"count": definitions.count(), "items": [_definition(d) for d in rows]}


@router.get(
    "/reports/{public_id}", response={200: ReportDefinitionDetail, **READ_ERRORS},
    summary="Rapportdefinition med ydelser, forløb og perioder",
)  # fmt: skip
def definition_detail(request, public_id: uuid.UUID):
    definition = definition_get(access_for(request), public_id)
    return {
        **_definition(definition),
        "services": [{"public_id": s.public_id, "name": s.name} for s in definition.services.all()],
        "programmes": [{"public_id": p.public_id, "name": p.name} for p in definition.programmes.all()],
        "periods": [_period(p) for p in period_choices(definition, _today())],
    }  # fmt: skip


@router.get(
    "/reports/{public_id}/tables", response={200: ReportOut, **READ_ERRORS},
    summary="Rapportens tabeller for en periode (små tal skjult som på siden)",
)  # fmt: skip
def report_tables(request, public_id: uuid.UUID, query: Query[ReportQuery]):
    access = access_for(request)
    definition = definition_get(access, public_id)
    try:
        period = period_for(definition, query.period, _today())
    except Http404:
        raise ValidationError(
            {"period": [_("Rapporten har ikke den periode. Se rapportens perioder i `periods`.")]}
        ) from None
    with reading_from_replica():  # the figures, like the page; the definition was read from the primary
        report = build_report(definition, period, protected=not sees_rows(access, definition))
    return {
        "definition": definition.public_id, "period": _period(report.period),
        "periods": [_period(p) for p in report.periods], "protected": report.protected,
        "tables": [_table(t) for t in report.tables],
    }  # fmt: skip
