"""Period figures of a service's registrations, computed in SQL (one or two queries per
section, whatever the number of rows). The reports app builds its tables on these; every
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
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractIsoWeekDay, TruncWeek

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
    YouthFrequency,
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


def _aggregate(qs, **aggregates) -> dict:
    """qs.aggregate() under names that cannot clash with the model's fields."""
    row = qs.aggregate(**{f"agg_{k}": v for k, v in aggregates.items()})
    return {k.removeprefix("agg_"): v for k, v in row.items()}


def _dated(model, service, start, end, field="date"):
    return model.objects.filter(service=service, **{f"{field}__gte": start, f"{field}__lte": end})


def _within(model, service, start, end):
    return model.objects.filter(service=service, period_start__gte=start, period_end__lte=end)


def weekly_summary(service, start: datetime.date, end: datetime.date) -> dict:
    row = _aggregate(
        _dated(WeeklyRegistration, service, start, end, "week"),
        weeks=Count("pk"),
        staffed_hours=Coalesce(Sum("staffed_hours"), ZERO),
        staffed_hours_min=Min("staffed_hours"),
        visits=Coalesce(Sum("visits"), 0),
    )
    row["staffed_hours_avg"] = _avg(row["staffed_hours"], row["weeks"])
    row["visits_avg"] = _avg(row["visits"], row["weeks"])
    return row


def activities_summary(service, start, end) -> dict:
    aggregates = {"activities": Count("pk"), "participants": Coalesce(Sum("participants"), 0)}
    for group in UserGroup:
        reached = Q(user_groups__icontains=f'"{group.value}"')  # the quoted value in the JSON list
        aggregates[f"{group.value}_n"] = Count("pk", filter=reached)
        aggregates[f"{group.value}_p"] = Coalesce(Sum("participants", filter=reached), 0)
    row = _aggregate(_dated(Activity, service, start, end), **aggregates)
    return {
        "activities": row["activities"],
        "participants": row["participants"],
        "by_user_group": {
            g.value: {"activities": row[f"{g.value}_n"], "participants": row[f"{g.value}_p"]}
            for g in UserGroup
        },
    }


def _latest(qs, *fields) -> dict:
    latest = qs.order_by("-period_end", "-period_start").values(*fields).first()
    return latest or dict.fromkeys(fields, 0)


def volunteers_summary(service, start, end) -> dict:
    """From the provider's volunteer register when it keeps one (volunteers with a shift in the
    range, the hours of those shifts; agreements.volunteers), else from the tally rows.
    `source` says which: "register" or "tally"."""
    figures = register_figures(service.agreement.provider_id, start, end)
    if figures is not None:
        return {**figures, "source": "register"}
    qs = _within(VolunteerTally, service, start, end)
    return {
        "volunteers": _latest(qs, "volunteers")["volunteers"],
        "hours": _aggregate(qs, h=Coalesce(Sum("hours"), ZERO))["h"],
        "source": "tally",
    }


def members_summary(service, start, end) -> dict:
    qs = _within(NetworkMembership, service, start, end)
    return {
        **_latest(qs, "on_mailing_list", "active", "took_part"),
        "new_members": _aggregate(qs, n=Coalesce(Sum("new_members"), 0))["n"],
    }


def meetings_summary(service, start, end) -> dict:
    qs = _dated(NetworkMeeting, service, start, end)
    totals = _aggregate(
        qs,
        meetings=Count("pk"),
        attendance=Coalesce(Sum("attendance"), 0),
        weeks=Count(TruncWeek("date"), distinct=True),
    )
    by_weekday = {
        r["weekday"]: {"meetings": r["meetings"], "attendance": r["att"]}
        for r in qs.annotate(weekday=ExtractIsoWeekDay("date"))
        .values("weekday")
        .annotate(meetings=Count("pk"), att=Sum("attendance"))
        .order_by("weekday")
    }
    by_activity = {a.value: {"meetings": 0, "attendance": 0} for a in MeetingActivity}
    for r in qs.values("activity").annotate(meetings=Count("pk"), att=Sum("attendance")).order_by():
        by_activity[r["activity"]] = {"meetings": r["meetings"], "attendance": r["att"]}
    return {
        **totals,
        "attendance_per_week": _avg(totals["attendance"], totals["weeks"]),
        "attendance_per_meeting": _avg(totals["attendance"], totals["meetings"]),
        "by_weekday": by_weekday,
        "by_activity": by_activity,
    }


def company_visits_summary(service, start, end) -> dict:
    return _aggregate(
        _dated(CompanyVisit, service, start, end),
        visits=Count("pk"),
        local=Count("pk", filter=Q(local=True)),
        participants=Coalesce(Sum("participants"), 0),
    )


def counselling_summary(service, start, end) -> dict:
    return _aggregate(
        _dated(Counselling, service, start, end),
        conversations=Coalesce(Sum("conversations"), 0),
        members=Count("member_label", distinct=True, filter=~Q(member_label="")),
    )


def outcomes_summary(service, start, end) -> dict:
    aggregates = {"total": Count("pk"), "direct": Count("pk", filter=Q(direct=True))}
    for o in NETWORK_OUTCOMES:
        aggregates[f"{o.value}_t"] = Count("pk", filter=Q(outcome=o.value))
        aggregates[f"{o.value}_d"] = Count("pk", filter=Q(outcome=o.value, direct=True))
    row = _aggregate(_dated(NetworkOutcome, service, start, end), **aggregates)
    by_outcome = {
        o.value: {
            "total": row[f"{o.value}_t"],
            "direct": row[f"{o.value}_d"],
            "indirect": row[f"{o.value}_t"] - row[f"{o.value}_d"],
        }
        for o in NETWORK_OUTCOMES
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
    latest_frequency = (
        YouthFrequency.objects.filter(user=OuterRef("pk"), period_start__lte=end, period_end__gte=start)
        .order_by("-period_start")
        .values("frequency")[:1]
    )
    aggregates = {"active": Count("pk")}
    for r in YouthReferral:
        aggregates[f"referral_{r.value}"] = Count("pk", filter=Q(referral=r.value))
    for i in YouthIncome:
        aggregates[f"income_{i.value}"] = Count("pk", filter=Q(income=i.value))
    for f in Frequency:
        aggregates[f"frequency_{f.value}"] = Count("pk", filter=Q(freq=f.value))
    aggregates["frequency_unknown"] = Count("pk", filter=Q(freq__isnull=True))
    row = active_youth_users(service, start, end).annotate(freq=Subquery(latest_frequency))
    row = _aggregate(row, **aggregates)
    support = _aggregate(
        YouthUser.objects.filter(
            service=service, home_support_changed__gte=start, home_support_changed__lte=end
        ),
        ended=Count("pk", filter=Q(home_support=HomeSupport.ENDED)),
        reduced=Count("pk", filter=Q(home_support=HomeSupport.REDUCED)),
        reduced_hours=Coalesce(
            Sum("home_support_reduced_hours", filter=Q(home_support=HomeSupport.REDUCED)), ZERO
        ),
    )
    by_frequency = {f.value: row[f"frequency_{f.value}"] for f in Frequency} | {
        "unknown": row["frequency_unknown"]
    }
    return {
        "active": row["active"],
        "by_referral": {r.value: row[f"referral_{r.value}"] for r in YouthReferral},
        "by_income": {i.value: row[f"income_{i.value}"] for i in YouthIncome},
        "by_frequency": by_frequency,
        "at_least_weekly": by_frequency[Frequency.SEVERAL_WEEKLY] + by_frequency[Frequency.WEEKLY],
        "home_support_ended": support["ended"],
        "home_support_reduced": support["reduced"],
        "reduced_hours": support["reduced_hours"],
    }


def courses_started(service, start, end) -> int:
    """Courses (individual pathways) of a pathway service's programme that started in the range."""
    if service.programme_id is None:
        return 0
    from pathways.models import Enrolment

    return Enrolment.objects.filter(
        programme_id=service.programme_id, start_date__gte=start, start_date__lte=end
    ).count()


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
