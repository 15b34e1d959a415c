"""Tables of the registrations per service, the rest of seed 003's evaluation: the meeting
place (staffed weeks and visits, activities by user group, volunteers), the network's weekly
programme (by weekday and by activity), its members, company visits and counselling, and the
youth host function's home-support results; each period beside the previous one. And the
narratives the provider wrote for the report's services and periods.

Figures come from agreements.aggregates through `Scope.figures` (once per service and period in
a build). Person counts (members, volunteers, young people) are COUNT rows and protected;
visits, hours, meetings and attendances (one person counted at every meeting) are NUMBER rows,
which are not.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from agreements import aggregates
from agreements.models import MeetingActivity, UserGroup
from agreements.selectors import narratives_within

from ..periods import Period
from .base import COUNT, NUMBER, Cell, Column, Row, Scope, Table, Text, ratio

VALUE = "value"


def _services(scope: Scope, compute) -> list:
    """The report's services whose kind has the summary `compute` (agreements.aggregates.SECTIONS)."""
    return [s for s in scope.services if compute in aggregates.SECTIONS.get(s.kind, {}).values()]


@dataclass(frozen=True)
class Figure:
    key: str  # the summary's key (agreements.aggregates)
    label: str
    kind: str = NUMBER  # COUNT rows are persons (protected), NUMBER rows are not


def _figures_table(scope, periods, *, key, title, compute, figures, notes, chart=False) -> list[Table]:
    """One column per period, one row per figure of the summary; a table per service."""
    tables = []
    for service in _services(scope, compute):
        summaries = [scope.figures(compute, service, p) for p in periods]
        columns = [Column(i, VALUE, p.label, COUNT) for i, p in enumerate(periods)]
        rows = [
            Row(f.key, f.label, [Cell(s[f.key]) for s in summaries], kind="" if f.kind == COUNT else f.kind)
            for f in figures
        ]
        tables.append(
            Table(
                key=key, title=title, section=service.name, periods=periods, columns=columns, rows=rows,
                notes=notes, chart_measure=VALUE if chart else "",
            )
        )  # fmt: skip
    return tables


def _measure_columns(periods: list[Period], measures: list[tuple[str, str, str]]) -> list[Column]:
    return [
        Column(i, measure, f"{p.label}: {label}", kind)
        for i, p in enumerate(periods)
        for measure, label, kind in measures
    ]


# --- Meeting place -------------------------------------------------------------------------


def meeting_place_weeks(scope: Scope, periods: list[Period]) -> list[Table]:
    return _figures_table(
        scope, periods, key="meeting_place_weeks", title=_("Bemandede timer og besøg"),
        compute=aggregates.weekly_summary,
        figures=[
            Figure("weeks", _("Registrerede uger")),
            Figure("staffed_hours", _("Bemandede timer i alt")),
            Figure("staffed_hours_avg", _("Bemandede timer pr. uge (gns.)")),
            Figure("staffed_hours_min", _("Færrest bemandede timer i en uge")),
            Figure("visits", _("Besøg i alt")),
            Figure("visits_avg", _("Besøg pr. uge (gns.)")),
        ],
        notes=[_("Uger tælles i perioden, når ugens mandag ligger i den. Besøg er besøg, ikke forskellige personer.")],
    )  # fmt: skip


def meeting_place_activities(scope: Scope, periods: list[Period]) -> list[Table]:
    tables = []
    for service in _services(scope, aggregates.activities_summary):
        columns = _measure_columns(
            periods, [("activities", _("aktiviteter"), NUMBER), ("participants", _("deltagere"), NUMBER)]
        )
        rows = {g.value: Row(g.value, str(g.label), []) for g in UserGroup}
        rows["total"] = Row("total", _("Alle aktiviteter"), [], total=True)
        for period in periods:
            summary = scope.figures(aggregates.activities_summary, service, period)
            for group, row in rows.items():
                figures = summary if group == "total" else summary["by_user_group"][group]
                row.cells += [Cell(figures["activities"]), Cell(figures["participants"])]
        tables.append(
            Table(
                key="meeting_place_activities", title=_("Aktiviteter og deltagere efter brugergruppe"),
                section=service.name, periods=periods, columns=columns, rows=list(rows.values()),
                chart_measure="participants",
                notes=[_("En aktivitet kan nå flere brugergrupper, så grupperne summer ikke til alle aktiviteter. "
                         "Deltagere er fremmøder ved aktiviteterne, ikke forskellige personer.")],
            )
        )  # fmt: skip
    return tables


def meeting_place_volunteers(scope: Scope, periods: list[Period]) -> list[Table]:
    return _figures_table(
        scope, periods, key="meeting_place_volunteers", title=_("Frivillige og deres timer"),
        compute=aggregates.volunteers_summary,
        figures=[
            Figure("volunteers", _("Aktive frivillige ved periodens slutning"), COUNT),
            Figure("hours", _("Frivillige timer i perioden")),
        ],
        notes=[_("Frivillige er den seneste opgørelse i perioden; timerne er summen af periodens opgørelser.")],
    )  # fmt: skip


# --- Network for the unemployed ------------------------------------------------------------

WEEKDAYS = range(1, 8)  # ISO, Monday = 1


def _weekday(day: int) -> str:
    return {
        1: _("Mandag"), 2: _("Tirsdag"), 3: _("Onsdag"), 4: _("Torsdag"), 5: _("Fredag"), 6: _("Lørdag"),
        7: _("Søndag"),
    }[day]  # fmt: skip


def _programme_table(service, periods, summaries, *, key, title, part, labels: dict, note) -> Table:
    columns = _measure_columns(
        periods, [("meetings", _("møder"), NUMBER), ("attendance", _("fremmøde"), NUMBER)]
    )
    rows = [Row(str(k), label, []) for k, label in labels.items()]
    total = Row("total", _("I alt"), [], total=True)
    per_week = Row("per_week", _("Gennemsnit pr. uge med møder"), [], total=True)
    for summary in summaries:
        for row, k in zip(rows, labels, strict=True):
            by = summary[part].get(k, {"meetings": 0, "attendance": 0})
            row.cells += _meeting_cells(by["meetings"], by["attendance"])
        total.cells += _meeting_cells(summary["meetings"], summary["attendance"])
        weeks = summary["weeks"]
        per_week.cells += [
            Cell(ratio(summary["meetings"], weeks)),
            Cell(summary["attendance_per_week"] if weeks else None),
        ]
    return Table(
        key=key, title=title, section=service.name, periods=periods, columns=columns,
        rows=[*rows, total, per_week], chart_measure="attendance", notes=[note],
    )  # fmt: skip


def _meeting_cells(meetings: int, attendance: int) -> list[Cell]:
    return [Cell(meetings), Cell(attendance)]


def network_programme(scope: Scope, periods: list[Period]) -> list[Table]:
    """Two tables per network: its meetings by weekday and by activity of the weekly programme."""
    tables = []
    for service in _services(scope, aggregates.meetings_summary):
        summaries = [scope.figures(aggregates.meetings_summary, service, p) for p in periods]
        used = {d for s in summaries for d in s["by_weekday"]}
        days = [d for d in WEEKDAYS if d <= 5 or d in used]  # the weekend only when it was used
        tables.append(
            _programme_table(
                service, periods, summaries, key="network_programme", title=_("Netværkets ugeprogram efter ugedag"),
                part="by_weekday", labels={d: _weekday(d) for d in days},
                note=_("Møder og fremmøde efter ugedag. Fremmøde er deltagere pr. møde lagt sammen, ikke forskellige "
                       "personer; gennemsnit pr. uge er over de uger, der var møder."),
            )
        )  # fmt: skip
        tables.append(
            _programme_table(
                service, periods, summaries, key="network_programme",
                title=_("Netværkets ugeprogram efter aktivitet"),
                part="by_activity", labels={a.value: str(a.label) for a in MeetingActivity},
                note=_("Møder og fremmøde efter ugeprogrammets aktiviteter."),
            )
        )  # fmt: skip
    return tables


def network_members(scope: Scope, periods: list[Period]) -> list[Table]:
    return _figures_table(
        scope, periods, key="network_members", title=_("Netværkets medlemmer"),
        compute=aggregates.members_summary,
        figures=[
            Figure("on_mailing_list", _("På mailinglisten"), COUNT),
            Figure("took_part", _("Har deltaget i netværkets aktiviteter"), COUNT),
            Figure("active", _("Aktive faste deltagere"), COUNT),
            Figure("new_members", _("Nye medlemmer i perioden"), COUNT),
        ],
        notes=[_("Mailinglisten, deltagere og faste deltagere er den seneste opgørelse i perioden; nye medlemmer "
                 "er summen af periodens opgørelser.")],
        chart=True,
    )  # fmt: skip


def company_visits(scope: Scope, periods: list[Period]) -> list[Table]:
    return _figures_table(
        scope, periods, key="company_visits", title=_("Virksomhedsbesøg"),
        compute=aggregates.company_visits_summary,
        figures=[
            Figure("visits", _("Virksomhedsbesøg")),
            Figure("local", _("heraf hos lokale virksomheder")),
            Figure("participants", _("Deltagere ved besøgene")),
        ],
        notes=[_("Deltagere er fremmøder ved besøgene lagt sammen, ikke forskellige personer.")],
    )  # fmt: skip


def counselling(scope: Scope, periods: list[Period]) -> list[Table]:
    return _figures_table(
        scope, periods, key="counselling", title=_("Individuel rådgivning og sparring"),
        compute=aggregates.counselling_summary,
        figures=[
            Figure("conversations", _("Samtaler")),
            Figure("members", _("Medlemmer, der har haft samtaler"), COUNT),
        ],
        notes=[_("Medlemmer tælles efter deres kaldenavn; samtaler uden kaldenavn tæller kun som samtaler.")],
    )  # fmt: skip


# --- Youth host function -------------------------------------------------------------------


def youth_home_support(scope: Scope, periods: list[Period]) -> list[Table]:
    tables = []
    for service in _services(scope, aggregates.youth_summary):
        summaries = [scope.figures(aggregates.youth_summary, service, p) for p in periods]
        columns = [Column(i, VALUE, p.label, COUNT) for i, p in enumerate(periods)]
        rows = [
            Row("ended", _("Har afsluttet hjemmevejledningen"), [Cell(s["home_support_ended"]) for s in summaries]),
            Row("reduced", _("Har fået hjemmevejledningen reduceret"), [Cell(s["home_support_reduced"]) for s in summaries]),
            Row("total", _("Afsluttet eller reduceret i alt"), [
                Cell(s["home_support_ended"] + s["home_support_reduced"]) for s in summaries
            ], total=True),
            Row("reduced_hours", _("Timer pr. uge, hjemmevejledningen er reduceret med i alt"),
                [Cell(s["reduced_hours"]) for s in summaries], kind=NUMBER),
        ]  # fmt: skip
        tables.append(
            Table(
                key="youth_home_support", title=_("Hjemmevejledning afsluttet eller reduceret"),
                section=service.name, periods=periods, columns=columns, rows=rows,
                groups=[(["ended", "reduced"], "total")], chart_measure="",
                notes=[_("Unge brugere, hvis hjemmevejledning er afsluttet eller reduceret med en dato i perioden.")],
            )
        )  # fmt: skip
    return tables


# --- Narratives ----------------------------------------------------------------------------


def narratives(scope: Scope, periods: list[Period]) -> list[Table]:
    """Per service, the narratives written for periods lying within each report period (one
    query for all services and periods)."""
    written = narratives_within(scope.services, [(p.start, p.end) for p in periods])
    labels = {"experiences": _("Erfaringer fra perioden"), "needs": _("Fremadrettede behov"),
              "opportunities": _("Muligheder")}  # fmt: skip
    tables = []
    for service in scope.services:
        texts = []
        for period in periods:
            mine = [
                n for n in written
                if n.service_id == service.pk and n.period_start >= period.start and n.period_end <= period.end
            ]  # fmt: skip
            if not mine:
                texts.append(Text(period.label, [("", _("Der er ikke skrevet en beretning for perioden."))]))
            for n in mine:
                heading = period.label
                if (n.period_start, n.period_end) != (period.start, period.end):
                    heading = f"{period.label} ({n.period_start:%d-%m-%Y} – {n.period_end:%d-%m-%Y})"
                parts = [(labels[f], getattr(n, f)) for f in labels if getattr(n, f)]
                texts.append(Text(heading, parts))
        tables.append(
            Table(
                key="narratives", title=_("Erfaringer, behov og muligheder"), section=service.name,
                periods=periods, columns=[], texts=texts, chart_measure="",
            )
        )  # fmt: skip
    return tables
