"""Period figures of a service's registrations, computed in SQL (one statement per section,
whatever the number of rows). The reports app builds its tables on these; every
function takes the service and an inclusive date range and returns plain dicts of ints and
Decimals (counts, not percentages: the report divides and suppresses small cells).

Which rows fall in a period:
- dated rows (activities, meetings, company visits, counselling, outcomes): `start <= date <= end`;
- weeks: the week's Monday in the range;
- period rows (volunteers, network members): rows lying within the range; snapshot counts
  (volunteers, mailing list, active members) are the latest such row's, flows (hours, new
  members) are summed;
- young users: active when registered on or before `end` and not left before `start`; their
  frequency is the latest `YouthFrequency` overlapping the range; home support counts users
  whose support ended or was reduced within the range.

API (all `(service, start, end)`):
- `weekly_summary` → {weeks, staffed_hours, staffed_hours_avg, staffed_hours_min, visits, visits_avg}
- `activities_summary` → {activities, participants, by_user_group: {group: {activities, participants}}}
- `volunteers_summary` → {volunteers, hours}
- `members_summary` → {on_mailing_list, active, took_part, new_members}
- `meetings_summary` → {meetings, attendance, weeks, attendance_per_week, attendance_per_meeting,
  by_weekday: {1..7: {meetings, attendance}}, by_activity: {activity: {meetings, attendance}}}
- `company_visits_summary` → {visits, local, participants}
- `counselling_summary` → {conversations, members}  (members: distinct labels)
- `outcomes_summary` → {total, direct, indirect, by_outcome: {outcome: {total, direct, indirect}}}
- `youth_summary` → {active, by_referral: {..}, by_income: {..}, by_frequency: {.., "unknown"},
  at_least_weekly, home_support_ended, home_support_reduced, reduced_hours}
- `courses_started` → int (enrolments of a pathway service's programme starting in the range)
- `registrations_summary` → {section: summary} for the sections that fit the service's kind
- `deliverables_progress` → [{deliverable, target, actual, met}] (actual scaled to the
  deliverable's period basis; None when the metric is not computed from registrations)

The statements are hand-written SQL (`sql_row`): a report computes these per service and
period, and as ORM aggregates building and compiling their filtered Counts cost more Python
time than the database spent answering them. tests/agreements/test_agreements_aggregates_sql.py
checks them against the ORM formulation they replace.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from core.sql_models import fetch_dicts, read_alias

from .models import (
    NETWORK_OUTCOMES,
    Activity,
    AgreementService,
    CompanyVisit,
    Counselling,
    Frequency,
    HomeSupport,
    MeetingActivity,
    MetricKind,
    NetworkMeeting,
    NetworkMembership,
    NetworkOutcome,
    PeriodBasis,
    ServiceKind,
    UserGroup,
    VolunteerTally,
    WeeklyRegistration,
    YouthIncome,
    YouthReferral,
    YouthUser,
)
from .volunteers import register_figures

ZERO = Decimal("0")
TWO_PLACES = Decimal("0.01")


def _avg(total, n) -> Decimal:
    if not n:
        return ZERO
    return (Decimal(total) / Decimal(n)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def sql_rows(model, sql: str, params: dict) -> list[dict]:
    """The rows of a read-only statement as dicts by column name, on the database the router
    reads `model` from (the replica inside reading_from_replica(), as a queryset would)."""
    return fetch_dicts(sql, params, read_alias(model))


def sql_row(model, sql: str, params: dict) -> dict:
    """The one row of an aggregate statement (see sql_rows)."""
    (row,) = sql_rows(model, sql, params)
    return row


def _params(service, start, end, **more) -> dict:
    return {"service": service.pk, "start": start, "end": end, **more}


# The rows of a section's table in the range: dated rows by their date, weeks by their Monday.
_DATED = "service_id = %(service)s AND {field} >= %(start)s AND {field} <= %(end)s"
# Period rows lying within the range.
_WITHIN = "service_id = %(service)s AND period_start >= %(start)s AND period_end <= %(end)s"


def weekly_summary(service, start: datetime.date, end: datetime.date) -> dict:
    row = sql_row(
        WeeklyRegistration,
        f"""SELECT COUNT(*) AS weeks, COALESCE(SUM(staffed_hours), 0) AS staffed_hours,
            MIN(staffed_hours) AS staffed_hours_min, COALESCE(SUM(visits), 0) AS visits
        FROM agreements_weeklyregistration WHERE {_DATED.format(field="week")}""",  # noqa: S608 (fixed identifiers; values are parameters)
        _params(service, start, end),
    )
    row["staffed_hours_avg"] = _avg(row["staffed_hours"], row["weeks"])
    row["visits_avg"] = _avg(row["visits"], row["weeks"])
    return row


def _like_pattern(value: str) -> str:
    """A case-insensitive LIKE pattern for the quoted value anywhere in the JSON list's text
    (LIKE's wildcards in the value escaped), as the ORM's `icontains` builds it."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f'%"{escaped}"%'


_COUNT = "COUNT(*) FILTER (WHERE {c})"


def _per_value(prefix: str, values: list[str], condition: str, **measures: str) -> tuple[str, dict]:
    """The columns {prefix}{i}_{name} of each measure for the i-th value, and the values as
    parameters: in `condition` {v} stands for the value, in a measure {c} for the condition."""
    columns, params = [], {}
    for index, value in enumerate(values):
        params[f"{prefix}{index}"] = value
        c = condition.format(v=f"%({prefix}{index})s")
        columns += [f"{measure.format(c=c)} AS {prefix}{index}_{name}" for name, measure in measures.items()]
    return ", ".join(columns), params


def activities_summary(service, start, end) -> dict:
    columns, groups = _per_value(
        "g", [_like_pattern(g.value) for g in UserGroup], "UPPER(CAST(user_groups AS TEXT)) LIKE UPPER({v}) ESCAPE '\\'",
        n=_COUNT, p="COALESCE(SUM(participants) FILTER (WHERE {c}), 0)",
    )  # fmt: skip
    row = sql_row(
        Activity,
        f"""SELECT COUNT(*) AS activities, COALESCE(SUM(participants), 0) AS participants, {columns}
        FROM agreements_activity WHERE {_DATED.format(field="date")}""",  # noqa: S608 (fixed identifiers; values are parameters)
        _params(service, start, end, **groups),
    )
    return {
        "activities": row["activities"],
        "participants": row["participants"],
        "by_user_group": {
            g.value: {"activities": row[f"g{i}_n"], "participants": row[f"g{i}_p"]}
            for i, g in enumerate(UserGroup)
        },
    }


def _latest_and_sum(model, service, start, end, latest: list[str], summed: str) -> dict:
    """The `latest` columns of the period row within the range that ends last (0 when there is
    none: the columns are NOT NULL, so NULL means no row) and the sum of `summed` over them all."""
    table = model._meta.db_table
    row = sql_row(
        model,
        f"""SELECT {", ".join(f"COALESCE(l.{c}, 0) AS {c}" for c in latest)}, s.summed
        FROM (SELECT COALESCE(SUM({summed}), 0) AS summed FROM {table} WHERE {_WITHIN}) s
        LEFT JOIN (
            SELECT {", ".join(latest)} FROM {table} WHERE {_WITHIN}
            ORDER BY period_end DESC, period_start DESC LIMIT 1
        ) l ON TRUE""",  # noqa: S608 (fixed identifiers; values are parameters)
        _params(service, start, end),
    )
    return row


def volunteers_summary(service, start, end) -> dict:
    """From the provider's volunteer register when it keeps one (volunteers with a shift in the
    range, the hours of those shifts; agreements.volunteers), else from the tally rows.
    `source` says which: "register" or "tally"."""
    figures = register_figures(service.agreement.provider_id, start, end)
    if figures is not None:
        return {**figures, "source": "register"}
    row = _latest_and_sum(VolunteerTally, service, start, end, ["volunteers"], "hours")
    return {"volunteers": row["volunteers"], "hours": row["summed"], "source": "tally"}


def members_summary(service, start, end) -> dict:
    latest = ["on_mailing_list", "active", "took_part"]
    row = _latest_and_sum(NetworkMembership, service, start, end, latest, "new_members")
    return {**{c: row[c] for c in latest}, "new_members": row["summed"]}


def meetings_summary(service, start, end) -> dict:
    """The totals, by weekday and by activity, added up in Python from the meetings per day and
    activity (one statement; a period holds a few hundred such rows at most, and the weekday
    and week of a date are then the same on PostgreSQL and the SQLite demo)."""
    rows = sql_rows(
        NetworkMeeting,
        f"""SELECT date, activity, COUNT(*) AS meetings, SUM(attendance) AS attendance
        FROM agreements_networkmeeting WHERE {_DATED.format(field="date")}
        GROUP BY date, activity""",  # noqa: S608 (fixed identifiers; values are parameters)
        _params(service, start, end),
    )
    totals = {"meetings": 0, "attendance": 0}
    by_weekday: dict[int, dict] = {}
    by_activity = {a.value: {"meetings": 0, "attendance": 0} for a in MeetingActivity}
    mondays = set()
    for r in rows:
        day = r["date"] if isinstance(r["date"], datetime.date) else datetime.date.fromisoformat(r["date"])
        mondays.add(day - datetime.timedelta(days=day.weekday()))
        for figures in (totals, by_weekday.setdefault(day.isoweekday(), {"meetings": 0, "attendance": 0}),
                        by_activity.setdefault(r["activity"], {"meetings": 0, "attendance": 0})):  # fmt: skip
            figures["meetings"] += r["meetings"]
            figures["attendance"] += r["attendance"]
    totals["weeks"] = len(mondays)
    return {
        **totals,
        "attendance_per_week": _avg(totals["attendance"], totals["weeks"]),
        "attendance_per_meeting": _avg(totals["attendance"], totals["meetings"]),
        "by_weekday": dict(sorted(by_weekday.items())),
        "by_activity": by_activity,
    }


def company_visits_summary(service, start, end) -> dict:
    return sql_row(
        CompanyVisit,
        f"""SELECT COUNT(*) AS visits, COUNT(*) FILTER (WHERE local) AS local,
            COALESCE(SUM(participants), 0) AS participants
        FROM agreements_companyvisit WHERE {_DATED.format(field="date")}""",  # noqa: S608 (fixed identifiers; values are parameters)
        _params(service, start, end),
    )


def counselling_summary(service, start, end) -> dict:
    return sql_row(
        Counselling,
        f"""SELECT COALESCE(SUM(conversations), 0) AS conversations,
            COUNT(DISTINCT member_label) FILTER (WHERE member_label <> '') AS members
        FROM agreements_counselling WHERE {_DATED.format(field="date")}""",  # noqa: S608 (fixed identifiers; values are parameters)
        _params(service, start, end),
    )


def outcomes_summary(service, start, end) -> dict:
    columns, outcomes = _per_value(
        "o", [o.value for o in NETWORK_OUTCOMES], "outcome = {v}", t=_COUNT, d="COUNT(*) FILTER (WHERE {c} AND direct)"
    )
    row = sql_row(
        NetworkOutcome,
        f"""SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE direct) AS direct, {columns}
        FROM agreements_networkoutcome WHERE {_DATED.format(field="date")}""",  # noqa: S608 (fixed identifiers; values are parameters)
        _params(service, start, end, **outcomes),
    )
    by_outcome = {
        o.value: {
            "total": row[f"o{i}_t"],
            "direct": row[f"o{i}_d"],
            "indirect": row[f"o{i}_t"] - row[f"o{i}_d"],
        }
        for i, o in enumerate(NETWORK_OUTCOMES)
    }
    return {
        "total": row["total"],
        "direct": row["direct"],
        "indirect": row["total"] - row["direct"],
        "by_outcome": by_outcome,
    }


def active_youth_users(service, start, end):
    """The service's young users active in the range (a queryset, for reports' row links)."""
    return YouthUser.objects.filter(service=service, registered__lte=end).filter(
        Q(left__isnull=True) | Q(left__gte=start)
    )


def youth_summary(service, start, end) -> dict:
    """The active young users by referral, income and their latest frequency overlapping the
    range (NULL: none registered), and the home support changed in the range, in one statement."""
    referral, referral_params = _per_value("r", [r.value for r in YouthReferral], "u.referral = {v}", n=_COUNT)
    income, income_params = _per_value("i", [i.value for i in YouthIncome], "u.income = {v}", n=_COUNT)
    frequency, frequency_params = _per_value("f", [f.value for f in Frequency], "u.freq = {v}", n=_COUNT)
    row = sql_row(
        YouthUser,
        f"""SELECT * FROM (
            SELECT COUNT(*) AS active, {referral}, {income}, {frequency},
                COUNT(*) FILTER (WHERE u.freq IS NULL) AS frequency_unknown
            FROM (
                SELECT y.referral, y.income, (
                    SELECT f.frequency FROM agreements_youthfrequency f
                    WHERE f.user_id = y.id AND f.period_start <= %(end)s AND f.period_end >= %(start)s
                    ORDER BY f.period_start DESC LIMIT 1
                ) AS freq
                FROM agreements_youthuser y
                WHERE y.service_id = %(service)s AND y.registered <= %(end)s
                    AND (y."left" IS NULL OR y."left" >= %(start)s)
            ) u
        ) active CROSS JOIN (
            SELECT COUNT(*) FILTER (WHERE home_support = %(ended)s) AS ended,
                COUNT(*) FILTER (WHERE home_support = %(reduced)s) AS reduced,
                COALESCE(SUM(home_support_reduced_hours) FILTER (WHERE home_support = %(reduced)s), 0)
                    AS reduced_hours
            FROM agreements_youthuser
            WHERE {_DATED.format(field="home_support_changed")}
        ) support""",  # noqa: S608 (fixed identifiers; values are parameters)
        _params(
            service, start, end, ended=HomeSupport.ENDED.value, reduced=HomeSupport.REDUCED.value,
            **referral_params, **income_params, **frequency_params,
        ),
    )  # fmt: skip
    by_frequency = {f.value: row[f"f{i}_n"] for i, f in enumerate(Frequency)} | {"unknown": row["frequency_unknown"]}
    return {
        "active": row["active"],
        "by_referral": {r.value: row[f"r{i}_n"] for i, r in enumerate(YouthReferral)},
        "by_income": {i.value: row[f"i{n}_n"] for n, i in enumerate(YouthIncome)},
        "by_frequency": by_frequency,
        "at_least_weekly": by_frequency[Frequency.SEVERAL_WEEKLY] + by_frequency[Frequency.WEEKLY],
        "home_support_ended": row["ended"],
        "home_support_reduced": row["reduced"],
        "reduced_hours": row["reduced_hours"],
    }


def courses_started(service, start, end) -> int:
    """Courses (individual pathways) of a pathway service's programme that started in the range."""
    if service.programme_id is None:
        return 0
    from pathways.models import Enrolment

    return sql_row(
        Enrolment,
        """SELECT COUNT(*) AS n FROM pathways_enrolment
        WHERE programme_id = %(programme)s AND start_date >= %(start)s AND start_date <= %(end)s""",
        {"programme": service.programme_id, "start": start, "end": end},
    )["n"]


SECTIONS = {
    ServiceKind.MEETING_PLACE: {
        "weekly": weekly_summary,
        "activities": activities_summary,
        "volunteers": volunteers_summary,
    },
    ServiceKind.YOUTH_HOST: {"weekly": weekly_summary, "youth": youth_summary},
    ServiceKind.NETWORK: {
        "members": members_summary,
        "meetings": meetings_summary,
        "company_visits": company_visits_summary,
        "counselling": counselling_summary,
        "outcomes": outcomes_summary,
    },
    ServiceKind.PATHWAY: {},
    ServiceKind.OTHER: {"weekly": weekly_summary},
}


def registrations_summary(service: AgreementService, start, end, *, compute=None) -> dict:
    """The sections that fit the service's kind. `compute(fn)` (optional) returns
    fn(service, start, end), e.g. from a report's per-build memo so no section is computed twice."""
    compute = compute or (lambda fn: fn(service, start, end))
    return {name: compute(fn) for name, fn in SECTIONS.get(service.kind, {}).items()}


def _scale(value, days: int, basis: str) -> Decimal:
    """A count over `days` expressed per the deliverable's period basis."""
    per = {PeriodBasis.MONTH: Decimal("30.4375"), PeriodBasis.HALF_YEAR: Decimal("182.625")}
    per[PeriodBasis.YEAR] = Decimal("365.25")
    if basis not in per:
        return Decimal(value)
    return (Decimal(value) * per[basis] / Decimal(days)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def deliverables_progress(service: AgreementService, start, end, *, compute=None) -> list[dict]:
    """Each deliverable against what the registrations show for the range. Uses the service's
    prefetched `deliverables` when present; `compute` as in registrations_summary."""
    days = (end - start).days + 1
    compute = compute or (lambda fn: fn(service, start, end))
    summary = registrations_summary(service, start, end, compute=compute)
    rows = []
    for d in service.deliverables.all():
        actual = None
        if d.metric == MetricKind.STAFFED_HOURS_PER_WEEK and "weekly" in summary:
            actual = summary["weekly"]["staffed_hours_avg"]
        elif d.metric == MetricKind.VISITS_PER_WEEK and "weekly" in summary:
            actual = summary["weekly"]["visits_avg"]
        elif d.metric == MetricKind.WEEKDAY_ACTIVITIES and "meetings" in summary:
            m = summary["meetings"]
            actual = _avg(m["meetings"], m["weeks"]) if d.period_basis == PeriodBasis.WEEK else None
            if actual is None:
                actual = _scale(m["meetings"], days, d.period_basis)
        elif d.metric == MetricKind.ACTIVE_MEMBERS:
            if "members" in summary:
                actual = Decimal(summary["members"]["active"])
            elif "youth" in summary:
                actual = Decimal(summary["youth"]["active"])
        elif d.metric == MetricKind.VOLUNTEERS and "volunteers" in summary:
            actual = Decimal(summary["volunteers"]["volunteers"])
        elif d.metric == MetricKind.COURSES_PER_YEAR:
            actual = _scale(compute(courses_started), days, d.period_basis)
        rows.append(
            {
                "deliverable": d,
                "target": d.target,
                "actual": actual,
                "met": None if actual is None else actual >= d.target,
            }
        )
    return rows
