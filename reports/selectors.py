"""Reads for evaluation reports: the scope and periods of a definition the user may see
(reports.access decides which), and the built report with its tables."""

import datetime
from dataclasses import dataclass

from django.http import Http404

from . import periods as P
from .models import PeriodKind, ReportDefinition
from .protection import protect
from .tables import TABLES, Scope, Table


def scope_for(definition: ReportDefinition) -> Scope:
    """The definition's programmes plus its pathway services' programmes; none named means
    every programme (the municipality's citizens on any pathway)."""
    services = tuple(definition.services.all())
    programme_ids = {p.pk for p in definition.programmes.all()} | {
        s.programme_id for s in services if s.programme_id
    }
    return Scope(
        municipality_id=definition.municipality_id,
        programme_ids=tuple(sorted(programme_ids)) if programme_ids else None,
        services=services,
    )


def period_choices(definition: ReportDefinition, today: datetime.date) -> list[P.Period]:
    if definition.period_kind == PeriodKind.CUSTOM:
        return [P.custom(definition.custom_start, definition.custom_end)]
    return P.recent(definition.period_kind, today)


def period_for(definition: ReportDefinition, key: str | None, today: datetime.date) -> P.Period:
    """The period a URL names, or the latest one; a period of another kind answers 404."""
    choices = period_choices(definition, today)
    if not key:
        # Evaluations look back: the latest period that has ended (the current one is partial).
        return next((p for p in choices if p.end < today), choices[0])
    try:
        period = P.parse(key)
    except ValueError:
        raise Http404 from None
    if definition.period_kind != PeriodKind.CUSTOM and period.kind != definition.period_kind:
        raise Http404
    if definition.period_kind == PeriodKind.CUSTOM and period != choices[0]:
        raise Http404
    return period


@dataclass
class Report:
    definition: ReportDefinition
    periods: list[P.Period]
    tables: list[Table]
    protected: bool

    @property
    def period(self) -> P.Period:
        return self.periods[0]


def build_tables(scope: Scope, keys: list[str], periods: list[P.Period], *, protected: bool) -> list[Table]:
    tables = []
    for key in keys:
        spec = TABLES.get(key)
        if spec is None:
            continue
        for table in spec.build(scope, periods):
            table.anchor = f"tabel-{len(tables) + 1}"
            tables.append(protect(table) if protected else table)
    return tables


def build_report(definition: ReportDefinition, period: P.Period, *, protected: bool) -> Report:
    periods = [period, period.previous()] if definition.compare_previous else [period]
    tables = build_tables(scope_for(definition), list(definition.tables), periods, protected=protected)
    return Report(definition=definition, periods=periods, tables=tables, protected=protected)
