"""agreements.aggregates equals direct SQL counts on the same rows, and period edges hold."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection

from agreements import aggregates as agg
from agreements.models import (
    NETWORK_OUTCOMES,
    Frequency,
    HomeSupport,
    MeetingActivity,
    NetworkMeeting,
    NetworkOutcome,
    ServiceKind,
    UserGroup,
    WeeklyRegistration,
    YouthFrequency,
    YouthIncome,
    YouthReferral,
    YouthUser,
)
from agreements.models import Activity as Act
from agreements.testing import agreement, service

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def _sql(query, params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


@pytest.fixture
def services(world):
    a = agreement(world.kolding, world.provider, start=datetime.date(2025, 1, 1))
    return {
        k: service(a, k) for k in (ServiceKind.MEETING_PLACE, ServiceKind.NETWORK, ServiceKind.YOUTH_HOST)
    }


@pytest.mark.django_db
def test_weekly_summary_equals_sql(services):
    s = services[ServiceKind.MEETING_PLACE]
    rng = random.Random(1)
    monday = datetime.date(2025, 12, 1)
    for i in range(45):
        WeeklyRegistration.objects.create(
            service=s, week=monday + datetime.timedelta(weeks=i), staffed_hours=Decimal(rng.randint(40, 55)),
            visits=rng.randint(300, 600),
        )  # fmt: skip
    got = agg.weekly_summary(s, START, END)
    n, hours, visits = _sql(
        "SELECT count(*), sum(staffed_hours), sum(visits) FROM agreements_weeklyregistration "
        "WHERE service_id=%s AND week BETWEEN %s AND %s",
        [s.pk, START, END],
    )[0]
    assert (got["weeks"], got["staffed_hours"], got["visits"]) == (n, hours, visits)
    assert got["staffed_hours_avg"] == (hours / n).quantize(Decimal("0.01"))


@pytest.mark.django_db
def test_activities_by_user_group_equal_sql(services):
    s = services[ServiceKind.MEETING_PLACE]
    rng = random.Random(2)
    groups = [g.value for g in UserGroup]
    for i in range(60):
        Act.objects.create(
            service=s, date=datetime.date(2025, 11, 1) + datetime.timedelta(days=4 * i), name=f"A{i}",
            user_groups=rng.sample(groups, rng.randint(0, 3)), participants=rng.randint(0, 40),
        )  # fmt: skip
    got = agg.activities_summary(s, START, END)
    for g in groups:
        n, p = _sql(
            "SELECT count(*), coalesce(sum(participants),0) FROM agreements_activity "
            "WHERE service_id=%s AND date BETWEEN %s AND %s AND user_groups @> jsonb_build_array(%s::text)",
            [s.pk, START, END, g],
        )[0]
        assert got["by_user_group"][g] == {"activities": n, "participants": p}, g


@pytest.mark.django_db
def test_meetings_by_weekday_and_outcomes_equal_sql(services):
    s = services[ServiceKind.NETWORK]
    rng = random.Random(3)
    day = datetime.date(2025, 12, 15)
    for i in range(150):
        d = day + datetime.timedelta(days=i)
        if d.isoweekday() <= 5:
            NetworkMeeting.objects.create(
                service=s,
                date=d,
                activity=list(MeetingActivity)[d.isoweekday() - 1],
                attendance=rng.randint(3, 15),
            )
        if i % 5 == 0:
            NetworkOutcome.objects.create(
                service=s, date=d, outcome=rng.choice(NETWORK_OUTCOMES).value, direct=rng.random() < 0.3
            )
    got = agg.meetings_summary(s, START, END)
    rows = _sql(
        "SELECT extract(isodow from date)::int, count(*), sum(attendance) FROM agreements_networkmeeting "
        "WHERE service_id=%s AND date BETWEEN %s AND %s GROUP BY 1",
        [s.pk, START, END],
    )
    assert got["by_weekday"] == {wd: {"meetings": n, "attendance": a} for wd, n, a in rows}
    weeks = _sql(
        "SELECT count(DISTINCT date_trunc('week', date)) FROM agreements_networkmeeting "
        "WHERE service_id=%s AND date BETWEEN %s AND %s",
        [s.pk, START, END],
    )[0][0]
    assert got["weeks"] == weeks
    outcomes = agg.outcomes_summary(s, START, END)
    for o in NETWORK_OUTCOMES:
        total, direct = _sql(
            "SELECT count(*), count(*) FILTER (WHERE direct) FROM agreements_networkoutcome "
            "WHERE service_id=%s AND date BETWEEN %s AND %s AND outcome=%s",
            [s.pk, START, END, o.value],
        )[0]
        assert outcomes["by_outcome"][o.value] == {
            "total": total,
            "direct": direct,
            "indirect": total - direct,
        }


@pytest.mark.django_db
def test_youth_tables_equal_sql(services):
    s = services[ServiceKind.YOUTH_HOST]
    rng = random.Random(4)
    for i in range(70):
        registered = datetime.date(2025, 3, 1) + datetime.timedelta(days=rng.randint(0, 400))
        left = registered + datetime.timedelta(days=rng.randint(10, 300)) if rng.random() < 0.3 else None
        support = rng.choice(list(HomeSupport))
        user = YouthUser.objects.create(
            service=s, label=f"U{i}", registered=registered, left=left,
            referral=rng.choice(list(YouthReferral)), income=rng.choice(list(YouthIncome)), home_support=support,
            home_support_changed=(registered + datetime.timedelta(days=30)) if support in ("reduced", "ended") else None,
            home_support_reduced_hours=Decimal(rng.randint(2, 4)) if support == "reduced" else None,
        )  # fmt: skip
        if rng.random() < 0.8:  # an older period row and the report period's row: the latest counts
            YouthFrequency.objects.create(user=user, period_start=datetime.date(2025, 7, 1),
                                          period_end=datetime.date(2025, 12, 31), frequency=Frequency.LESS)  # fmt: skip
            YouthFrequency.objects.create(user=user, period_start=START, period_end=END,
                                          frequency=rng.choice(list(Frequency)))  # fmt: skip
    got = agg.youth_summary(s, START, END)
    active = "service_id=%s AND registered <= %s AND (u.left IS NULL OR u.left >= %s)"
    params = [s.pk, END, START]
    for column, key in (("referral", "by_referral"), ("income", "by_income")):
        rows = dict(
            _sql(f"SELECT {column}, count(*) FROM agreements_youthuser u WHERE {active} GROUP BY 1", params)  # noqa: S608 (fixed column names)
        )
        assert {k: v for k, v in got[key].items() if v} == rows, column
    freq = dict(
        _sql(
            "SELECT f.frequency, count(*) FROM agreements_youthuser u LEFT JOIN agreements_youthfrequency f "  # noqa: S608
            f"ON f.user_id=u.id AND f.period_start=%s WHERE {active} GROUP BY 1",
            [START, *params],
        )
    )
    assert got["by_frequency"]["unknown"] == freq.pop(None, 0)
    assert {k: v for k, v in got["by_frequency"].items() if v and k != "unknown"} == freq
    ended, reduced = _sql(
        "SELECT count(*) FILTER (WHERE home_support='ended'), count(*) FILTER (WHERE home_support='reduced') "
        "FROM agreements_youthuser WHERE service_id=%s AND home_support_changed BETWEEN %s AND %s",
        [s.pk, START, END],
    )[0]
    assert (got["home_support_ended"], got["home_support_reduced"]) == (ended, reduced)
    assert got["active"] == sum(got["by_income"].values())


@pytest.mark.django_db
def test_deliverable_staffed_hours_against_target(services):
    s = services[ServiceKind.YOUTH_HOST]
    s.deliverables.create(
        name="Sociale værter", metric="staffed_hours_per_week", target=20, period_basis="week"
    )
    WeeklyRegistration.objects.create(service=s, week=datetime.date(2026, 1, 5), staffed_hours=18)
    WeeklyRegistration.objects.create(service=s, week=datetime.date(2026, 1, 12), staffed_hours=21)
    (row,) = agg.deliverables_progress(s, START, END)
    assert row["actual"] == Decimal("19.50") and row["met"] is False
