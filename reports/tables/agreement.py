"""Tables from the agreement services' registrations (seed 003): deliverables against the
agreement with the grant per unit delivered, the network's outcomes (direct and indirect), the
youth host function's frequency of use, income and how the young people came.

The figures come from agreements.aggregates (one SQL statement per summary, service and
period), each computed once per report build through `Scope.figures`; the services are the
report's, so the number of queries grows with the services a definition names, never with the
registrations or with the tables that share a summary.
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.utils.translation import gettext as _

from agreements import aggregates
from agreements.models import NETWORK_OUTCOMES, Frequency, ServiceKind, YouthIncome, YouthReferral

from ..periods import Period
from .base import (
    COUNT,
    KRONER,
    NUMBER,
    PERCENT,
    Cell,
    Column,
    Row,
    Scope,
    Table,
    count_and_percent_columns,
    percent,
)

DAYS_PER_YEAR = Decimal("365.25")
WHOLE_KRONER = Decimal("1")


def _services(scope: Scope, kind: str) -> list:
    return [s for s in scope.services if s.kind == kind]


def grant_for(service, period: Period) -> Decimal:
    """The annual grant pro rata for the period's days."""
    value = service.annual_grant * Decimal(period.days) / DAYS_PER_YEAR
    return value.quantize(WHOLE_KRONER, rounding=ROUND_HALF_UP)


def _units(scope: Scope, service, period: Period) -> tuple[str, Decimal]:
    """What the grant buys, per service kind, delivered in the period."""
    figures = partial(scope.figures, service=service, period=period)
    if service.kind == ServiceKind.PATHWAY:
        return _("forløb startet"), Decimal(figures(aggregates.courses_started))
    if service.kind == ServiceKind.NETWORK:
        return _("aktive faste deltagere"), Decimal(figures(aggregates.members_summary)["active"])
    if service.kind == ServiceKind.YOUTH_HOST:
        return _("aktive unge brugere"), Decimal(figures(aggregates.youth_summary)["active"])
    return _("bemandede timer"), Decimal(figures(aggregates.weekly_summary)["staffed_hours"])


def deliverables(scope: Scope, periods: list[Period]) -> list[Table]:
    columns = []
    target, actual, share = _("mål"), _("leveret"), _("pct. af mål")  # outside f-strings: xgettext
    for index, period in enumerate(periods):
        columns += [
            Column(index, "target", f"{period.label}: {target}", NUMBER),
            Column(index, "actual", f"{period.label}: {actual}", NUMBER),
            Column(index, "percent", f"{period.label}: {share}", PERCENT),
        ]
    rows: list[Row] = []
    for service in scope.services:
        progress = [
            aggregates.deliverables_progress(
                service, p.start, p.end, compute=partial(scope.figures, service=service, period=p)
            )
            for p in periods
        ]
        for position, item in enumerate(progress[0] if progress else []):
            d = item["deliverable"]
            key = f"{service.pk}:{d.pk}"
            cells = []
            for index in range(len(periods)):
                entry = progress[index][position]
                cells += [
                    Cell(entry["target"]),
                    Cell(entry["actual"]),
                    Cell(percent(entry["actual"], entry["target"]) if entry["actual"] is not None else None),
                ]
            rows.append(Row(key, f"{service.name}: {d.name} ({d.get_period_basis_display()})", cells))
        grant_cells, unit_cells = [], []
        unit_label = ""
        for period in periods:
            grant = grant_for(service, period)
            unit_label, units = _units(scope, service, period)
            per_unit = (grant / units).quantize(WHOLE_KRONER, rounding=ROUND_HALF_UP) if units else None
            grant_cells += [Cell(None), Cell(grant), Cell(None)]
            unit_cells += [Cell(None), Cell(per_unit), Cell(None)]
        rows.append(
            Row(
                f"{service.pk}:grant",
                ": ".join([service.name, _("bevilling i perioden (kr.)")]),
                grant_cells,
                kind=KRONER,
            )
        )
        rows.append(
            Row(
                f"{service.pk}:per_unit",
                ": ".join([service.name, _("bevilling pr. %(unit)s (kr.)") % {"unit": unit_label}]),
                unit_cells,
                kind=KRONER,
            )
        )
    table = Table(
        key="deliverables",
        title=_("Leverancer i forhold til aftalen"),
        periods=periods,
        columns=columns,
        rows=rows,
        notes=[
            _(
                "Leveret er omregnet til målets periode (fx forløb pr. år ud fra periodens antal dage; "
                "bemandede timer pr. uge som gennemsnit af de registrerede uger)."
            ),
            _(
                "Bevilling i perioden: den årlige bevilling × periodens dage ÷ 365,25. Bevilling pr. enhed: "
                "bevillingen i perioden ÷ det leverede i perioden."
            ),
        ],
        chart_measure="percent",
    )
    return [table]


def network_outcomes(scope: Scope, periods: list[Period]) -> list[Table]:
    tables = []
    for service in _services(scope, ServiceKind.NETWORK):
        columns = []
        count, direct = _("antal"), _("heraf direkte via netværket")  # outside f-strings: xgettext
        for index, period in enumerate(periods):
            columns += [
                Column(index, "count", f"{period.label}: {count}", COUNT),
                Column(index, "direct", f"{period.label}: {direct}", COUNT),
            ]
        keys = [o.value for o in NETWORK_OUTCOMES]
        rows = {k: Row(k, str(o.label), []) for k, o in zip(keys, NETWORK_OUTCOMES, strict=True)}
        rows["total"] = Row("total", _("I alt"), [], total=True)
        for period in periods:
            summary = scope.figures(aggregates.outcomes_summary, service, period)
            for key in keys:
                by = summary["by_outcome"][key]
                rows[key].cells += [Cell(by["total"]), Cell(by["direct"])]
            rows["total"].cells += [Cell(summary["total"]), Cell(summary["direct"])]
        tables.append(
            Table(
                key="network_outcomes",
                title=_("Netværkets resultater"),
                section=service.name,
                periods=periods,
                columns=columns,
                rows=list(rows.values()),
                groups=[(keys, "total")],
                chart_measure="count",
                notes=[
                    _(
                        "Medlemmer, der i perioden er kommet i job, uddannelse eller praktik, direkte via "
                        "netværkets aktiviteter eller indirekte (netværket som en del af vejen)."
                    )
                ],
            )
        )
    return tables


def _youth_table(scope, periods, *, key, title, part, choices, extra=(), note) -> list[Table]:
    tables = []
    for service in _services(scope, ServiceKind.YOUTH_HOST):
        columns = count_and_percent_columns(periods, _("antal"), _("pct."))
        keys = [c.value for c in choices] + [k for k, _label in extra]
        labels = {c.value: str(c.label) for c in choices} | dict(extra)
        rows = {k: Row(k, labels[k], []) for k in keys}
        rows["total"] = Row("total", _("Aktive unge brugere i alt"), [], total=True)
        for index, period in enumerate(periods):
            summary = scope.figures(aggregates.youth_summary, service, period)
            total = summary["active"]
            count_col = 2 * index
            for k in keys:
                n = summary[part].get(k, 0)
                rows[k].cells += [
                    Cell(n),
                    Cell(percent(n, total), depends=((k, count_col), ("total", count_col))),
                ]
            rows["total"].cells += [Cell(total), Cell(percent(total, total), depends=(("total", count_col),))]
        tables.append(
            Table(
                key=key,
                title=title,
                section=service.name,
                periods=periods,
                columns=columns,
                rows=list(rows.values()),
                groups=[(keys, "total")],
                notes=[note],
            )
        )
    return tables


def youth_frequency(scope: Scope, periods: list[Period]) -> list[Table]:
    return _youth_table(
        scope,
        periods,
        key="youth_frequency",
        title=_("Unge brugeres brug af tilbuddet"),
        part="by_frequency",
        choices=Frequency,
        extra=[("unknown", _("Ikke registreret"))],
        note=_(
            "Aktive unge brugere i perioden efter den senest registrerede hyppighed, der overlapper perioden."
        ),
    )


def youth_income(scope: Scope, periods: list[Period]) -> list[Table]:
    return _youth_table(
        scope,
        periods,
        key="youth_income",
        title=_("Unge brugeres forsørgelse"),
        part="by_income",
        choices=YouthIncome,
        note=_("Aktive unge brugere i perioden efter forsørgelsesgrundlag."),
    )


def youth_referral(scope: Scope, periods: list[Period]) -> list[Table]:
    return _youth_table(
        scope,
        periods,
        key="youth_referral",
        title=_("Hvordan de unge kom til tilbuddet"),
        part="by_referral",
        choices=YouthReferral,
        note=_("Aktive unge brugere i perioden efter, hvordan de kom til tilbuddet."),
    )
