"""agreements.aggregates' hand-written SQL returns exactly what the ORM aggregates it replaced
returned (kept here as the reference): the same values of the same types (ints, Decimals with
the same exponent, None) in the same shapes, over varied registrations of several services:
rows on the period's edges and outside it, periods without rows, activities reaching several
user groups or none, meetings on weekends, counselling without a member label, period rows
straddling the range, young users who left, without a frequency, or whose home support changed
outside the range."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractIsoWeekDay, TruncWeek

from accounts.roles import Role
from agreements import aggregates as agg
from agreements.models import (
    NETWORK_OUTCOMES,
    Activity,
    CompanyVisit,
    Counselling,
    Frequency,
    HomeSupport,
    MeetingActivity,
    NetworkMeeting,
    NetworkMembership,
    NetworkOutcome,
    ServiceKind,
    UserGroup,
    VolunteerTally,
    WeeklyRegistration,
    YouthFrequency,
    YouthIncome,
    YouthReferral,
    YouthUser,
)
from agreements.testing import agreement, service
from pathways.testing import enrol, make_programme, record_exit
from reports import periods as P

D = datetime.date
ZERO = Decimal("0")
PERIODS = [
    P.half_year(2026, 1),
    P.half_year(2025, 2),
    P.custom(D(2026, 3, 2), D(2026, 3, 8)),  # one week
    P.custom(D(2026, 2, 1), D(2026, 2, 28)),  # tally and membership rows straddle it
    P.year(2030),  # no rows
]


def typed(value):
    """The value with every leaf's type and repr, so 1 != Decimal("1") and Decimal("1.0") != Decimal("1.00")."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    return [typed(v) for v in value] if isinstance(value, list | tuple) else (type(value).__name__, repr(value))


# --- The ORM formulation the SQL replaced ----------------------------------------------------


def _aggregate(qs, **aggregates) -> dict:
    row = qs.aggregate(**{f"agg_{k}": v for k, v in aggregates.items()})
    return {k.removeprefix("agg_"): v for k, v in row.items()}


def _dated(model, s, start, end, field="date"):
    return model.objects.filter(service=s, **{f"{field}__gte": start, f"{field}__lte": end})


def _within(model, s, start, end):
    return model.objects.filter(service=s, period_start__gte=start, period_end__lte=end)


def _latest(qs, *fields) -> dict:
    return qs.order_by("-period_end", "-period_start").values(*fields).first() or dict.fromkeys(fields, 0)


def orm_weekly(s, start, end):
    row = _aggregate(
        _dated(WeeklyRegistration, s, start, end, "week"), weeks=Count("pk"),
        staffed_hours=Coalesce(Sum("staffed_hours"), ZERO), staffed_hours_min=Min("staffed_hours"),
        visits=Coalesce(Sum("visits"), 0),
    )  # fmt: skip
    row["staffed_hours_avg"] = agg._avg(row["staffed_hours"], row["weeks"])
    row["visits_avg"] = agg._avg(row["visits"], row["weeks"])
    return row


def orm_activities(s, start, end):
    aggregates = {"activities": Count("pk"), "participants": Coalesce(Sum("participants"), 0)}
    for group in UserGroup:
        reached = Q(user_groups__icontains=f'"{group.value}"')
        aggregates[f"{group.value}_n"] = Count("pk", filter=reached)
        aggregates[f"{group.value}_p"] = Coalesce(Sum("participants", filter=reached), 0)
    row = _aggregate(_dated(Activity, s, start, end), **aggregates)
    return {
        "activities": row["activities"], "participants": row["participants"],
        "by_user_group": {
            g.value: {"activities": row[f"{g.value}_n"], "participants": row[f"{g.value}_p"]} for g in UserGroup
        },
    }  # fmt: skip


def orm_volunteers(s, start, end):
    qs = _within(VolunteerTally, s, start, end)
    return {
        "volunteers": _latest(qs, "volunteers")["volunteers"],
        "hours": _aggregate(qs, h=Coalesce(Sum("hours"), ZERO))["h"],
        "source": "tally",
    }


def orm_members(s, start, end):
    qs = _within(NetworkMembership, s, start, end)
    return {
        **_latest(qs, "on_mailing_list", "active", "took_part"),
        "new_members": _aggregate(qs, n=Coalesce(Sum("new_members"), 0))["n"],
    }


def orm_meetings(s, start, end):
    qs = _dated(NetworkMeeting, s, start, end)
    totals = _aggregate(
        qs, meetings=Count("pk"), attendance=Coalesce(Sum("attendance"), 0),
        weeks=Count(TruncWeek("date"), distinct=True),
    )  # fmt: skip
    by_weekday = {
        r["weekday"]: {"meetings": r["meetings"], "attendance": r["att"]}
        for r in qs.annotate(weekday=ExtractIsoWeekDay("date")).values("weekday")
        .annotate(meetings=Count("pk"), att=Sum("attendance")).order_by("weekday")
    }  # fmt: skip
    by_activity = {a.value: {"meetings": 0, "attendance": 0} for a in MeetingActivity}
    for r in qs.values("activity").annotate(meetings=Count("pk"), att=Sum("attendance")).order_by():
        by_activity[r["activity"]] = {"meetings": r["meetings"], "attendance": r["att"]}
    return {
        **totals,
        "attendance_per_week": agg._avg(totals["attendance"], totals["weeks"]),
        "attendance_per_meeting": agg._avg(totals["attendance"], totals["meetings"]),
        "by_weekday": by_weekday,
        "by_activity": by_activity,
    }


def orm_company_visits(s, start, end):
    return _aggregate(
        _dated(CompanyVisit, s, start, end), visits=Count("pk"), local=Count("pk", filter=Q(local=True)),
        participants=Coalesce(Sum("participants"), 0),
    )  # fmt: skip


def orm_counselling(s, start, end):
    return _aggregate(
        _dated(Counselling, s, start, end), conversations=Coalesce(Sum("conversations"), 0),
        members=Count("member_label", distinct=True, filter=~Q(member_label="")),
    )  # fmt: skip


def orm_outcomes(s, start, end):
    aggregates = {"total": Count("pk"), "direct": Count("pk", filter=Q(direct=True))}
    for o in NETWORK_OUTCOMES:
        aggregates[f"{o.value}_t"] = Count("pk", filter=Q(outcome=o.value))
        aggregates[f"{o.value}_d"] = Count("pk", filter=Q(outcome=o.value, direct=True))
    row = _aggregate(_dated(NetworkOutcome, s, start, end), **aggregates)
    return {
        "total": row["total"], "direct": row["direct"], "indirect": row["total"] - row["direct"],
        "by_outcome": {
            o.value: {"total": row[f"{o.value}_t"], "direct": row[f"{o.value}_d"],
                      "indirect": row[f"{o.value}_t"] - row[f"{o.value}_d"]}
            for o in NETWORK_OUTCOMES
        },
    }  # fmt: skip


def orm_youth(s, start, end):
    latest_frequency = (
        YouthFrequency.objects.filter(user=OuterRef("pk"), period_start__lte=end, period_end__gte=start)
        .order_by("-period_start").values("frequency")[:1]
    )  # fmt: skip
    aggregates = {"active": Count("pk")}
    for r in YouthReferral:
        aggregates[f"referral_{r.value}"] = Count("pk", filter=Q(referral=r.value))
    for i in YouthIncome:
        aggregates[f"income_{i.value}"] = Count("pk", filter=Q(income=i.value))
    for f in Frequency:
        aggregates[f"frequency_{f.value}"] = Count("pk", filter=Q(freq=f.value))
    aggregates["frequency_unknown"] = Count("pk", filter=Q(freq__isnull=True))
    row = _aggregate(agg.active_youth_users(s, start, end).annotate(freq=Subquery(latest_frequency)), **aggregates)
    support = _aggregate(
        YouthUser.objects.filter(service=s, home_support_changed__gte=start, home_support_changed__lte=end),
        ended=Count("pk", filter=Q(home_support=HomeSupport.ENDED)),
        reduced=Count("pk", filter=Q(home_support=HomeSupport.REDUCED)),
        reduced_hours=Coalesce(Sum("home_support_reduced_hours", filter=Q(home_support=HomeSupport.REDUCED)), ZERO),
    )
    by_frequency = {f.value: row[f"frequency_{f.value}"] for f in Frequency} | {"unknown": row["frequency_unknown"]}
    return {
        "active": row["active"],
        "by_referral": {r.value: row[f"referral_{r.value}"] for r in YouthReferral},
        "by_income": {i.value: row[f"income_{i.value}"] for i in YouthIncome},
        "by_frequency": by_frequency,
        "at_least_weekly": by_frequency[Frequency.SEVERAL_WEEKLY] + by_frequency[Frequency.WEEKLY],
        "home_support_ended": support["ended"], "home_support_reduced": support["reduced"],
        "reduced_hours": support["reduced_hours"],
    }  # fmt: skip


def orm_courses_started(s, start, end):
    from pathways.models import Enrolment

    if s.programme_id is None:
        return 0
    return Enrolment.objects.filter(programme_id=s.programme_id, start_date__gte=start, start_date__lte=end).count()


REFERENCE = {
    agg.weekly_summary: orm_weekly,
    agg.activities_summary: orm_activities,
    agg.volunteers_summary: orm_volunteers,
    agg.members_summary: orm_members,
    agg.meetings_summary: orm_meetings,
    agg.company_visits_summary: orm_company_visits,
    agg.counselling_summary: orm_counselling,
    agg.outcomes_summary: orm_outcomes,
    agg.youth_summary: orm_youth,
    agg.courses_started: orm_courses_started,
}


# --- Registrations ---------------------------------------------------------------------------


def days(rng, n):
    """`n` days from mid-2025 to late 2026, the periods' edges among them."""
    edges = [D(2025, 6, 30), D(2025, 7, 1), D(2025, 12, 31), D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 1)]
    return edges + [D(2025, 6, 1) + datetime.timedelta(days=rng.randint(0, 520)) for _ in range(n - len(edges))]


def monday(day):
    return day - datetime.timedelta(days=day.weekday())


def registrations(s, rng):
    """A year and a half of every kind of registration for `s`, drawn from `rng`."""
    groups = [g.value for g in UserGroup]
    for week in sorted({monday(d) for d in days(rng, 40)}):
        staffed = Decimal(rng.randint(300, 5500)) / 100  # two decimals, some odd
        WeeklyRegistration.objects.create(service=s, week=week, staffed_hours=staffed, visits=rng.randint(0, 600))
    for i, day in enumerate(sorted(set(days(rng, 30)))):  # one meeting of an activity a day
        Activity.objects.create(
            service=s, date=day, name=f"A{i}", user_groups=rng.sample(groups, rng.randint(0, 3)),
            participants=rng.randint(0, 40),
        )  # fmt: skip
        NetworkMeeting.objects.create(
            service=s, date=day, activity=rng.choice(list(MeetingActivity)), attendance=rng.randint(0, 15)
        )
        CompanyVisit.objects.create(
            service=s, date=day, company_name=f"V{i}", local=rng.random() < 0.6, participants=rng.randint(0, 9)
        )
        Counselling.objects.create(
            service=s, date=day, member_label=rng.choice(["", "", "Ole", "Ane", "Bo"]),
            conversations=rng.randint(1, 3),
        )  # fmt: skip
        NetworkOutcome.objects.create(
            service=s, date=day, outcome=rng.choice(NETWORK_OUTCOMES).value, direct=rng.random() < 0.4
        )
    # Monthly period rows; one straddling two months.
    for month in range(1, 13):
        first = D(2025 + (month > 6), (month + 5) % 12 + 1, 1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        if month == 8:
            last += datetime.timedelta(days=10)
        elif month == 9:
            first += datetime.timedelta(days=11)
        VolunteerTally.objects.create(
            service=s, period_start=first, period_end=last, volunteers=rng.randint(0, 30),
            hours=Decimal(rng.randint(0, 40000)) / 100,
        )  # fmt: skip
        NetworkMembership.objects.create(
            service=s, period_start=first, period_end=last, on_mailing_list=rng.randint(50, 90),
            active=rng.randint(5, 20), took_part=rng.randint(10, 40), new_members=rng.randint(0, 6),
        )  # fmt: skip
    for i, registered in enumerate(days(rng, 40)):
        left = registered + datetime.timedelta(days=rng.randint(0, 200)) if rng.random() < 0.3 else None
        support = rng.choice(list(HomeSupport))
        changed = registered + datetime.timedelta(days=rng.randint(0, 250))
        user = YouthUser.objects.create(
            service=s, label=f"U{i}", registered=registered, left=left, referral=rng.choice(list(YouthReferral)),
            income=rng.choice(list(YouthIncome)), home_support=support,
            home_support_changed=changed if support in (HomeSupport.REDUCED, HomeSupport.ENDED) else None,
            home_support_reduced_hours=Decimal(rng.randint(5, 45)) / 10 if support == HomeSupport.REDUCED else None,
        )  # fmt: skip
        for half in rng.sample([0, 1, 2], rng.randint(0, 3)):  # none (unknown), one or several periods
            start = [D(2025, 7, 1), D(2026, 1, 1), D(2026, 3, 1)][half]
            YouthFrequency.objects.create(
                user=user, period_start=start, period_end=start + datetime.timedelta(days=rng.randint(20, 180)),
                frequency=rng.choice(list(Frequency)),
            )  # fmt: skip


@pytest.fixture
def services(world):
    """Two agreements' services of every kind with registrations, one meeting place empty, and a
    pathway service whose programme has courses starting in and around the periods."""
    caseworker = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider, team_start=D(2025, 1, 6), capacity=None)
    rng = random.Random(18)
    for day in days(rng, 14):
        enrolment = enrol(caseworker=caseworker, municipality=world.kolding, programme=programme, start=day)
        if rng.random() < 0.3:
            record_exit(enrolment, on=day + datetime.timedelta(days=30))
    found = []
    for n, municipality in enumerate([world.kolding, world.aarhus]):
        a = agreement(municipality, world.provider, name=f"Aftale {n}", start=D(2025, 1, 1))
        for kind in (ServiceKind.MEETING_PLACE, ServiceKind.NETWORK, ServiceKind.YOUTH_HOST, ServiceKind.OTHER):
            s = service(a, kind, name=f"{kind} {n}")
            registrations(s, rng)
            found.append(s)
        pathway = service(a, ServiceKind.PATHWAY, name=f"Forløb {n}")
        pathway.programme = programme if n == 0 else None  # one without a programme: 0 courses
        pathway.save()
        found += [pathway, service(a, ServiceKind.MEETING_PLACE, name=f"Tom {n}")]
    return found


@pytest.mark.django_db
def test_the_sql_equals_the_orm_formulation(services):
    compared = 0
    for s in services:
        for period in PERIODS:
            for compute, reference in REFERENCE.items():
                got = compute(s, period.start, period.end)
                assert typed(got) == typed(reference(s, period.start, period.end)), (compute.__name__, s, period)
                compared += bool(got)
    assert compared


@pytest.mark.django_db
def test_the_data_reach_every_branch(services):
    """The comparison above is not between zeros: every part of every summary has figures in
    some period, and the empty service and the future period have none."""
    busy, empty = services[0], next(s for s in services if s.name.startswith("Tom"))
    h1 = PERIODS[0]
    youth = agg.youth_summary(services[2], h1.start, h1.end)
    assert all(youth["by_frequency"].values()) and youth["home_support_reduced"] and youth["reduced_hours"]
    activities = agg.activities_summary(busy, h1.start, h1.end)
    assert sum(1 for g in activities["by_user_group"].values() if g["activities"]) > 3
    meetings = agg.meetings_summary(services[1], h1.start, h1.end)
    assert set(meetings["by_weekday"]) - {1, 2, 3, 4, 5} and meetings["weeks"] < meetings["meetings"]
    assert agg.counselling_summary(services[1], h1.start, h1.end)["members"] >= 2
    february = PERIODS[3]
    assert agg.members_summary(services[1], february.start, february.end)["active"] == 0  # its row ends in March
    assert agg.courses_started(services[4], h1.start, h1.end) > 0
    assert agg.weekly_summary(empty, h1.start, h1.end)["staffed_hours_min"] is None
    assert agg.members_summary(services[1], P.year(2030).start, P.year(2030).end) == dict.fromkeys(
        ["on_mailing_list", "active", "took_part", "new_members"], 0
    )
