"""Attendance rates per participant, team and programme, and runs of absent weeks, against sums
computed here from the rows the test writes; the provider's participant list in constant
queries."""

import datetime
import random
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from pathways import rules
from pathways.models import Team
from pathways.selectors_attendance import enrolment_attendance, pathway_week, phase_for_week
from pathways.testing import enrol, enrol_many, programme_with_team, record_exit, week, weeks_ago

pytestmark = pytest.mark.django_db


def expected_rate(rows) -> Decimal | None:
    attended = sum(Decimal(str(r[1])) for r in rows)
    absent = sum(Decimal(str(r[2])) + Decimal(str(r[3])) for r in rows)
    if attended + absent == 0:
        return None
    return (attended / (attended + absent)).quantize(Decimal("0.0001"))


def random_weeks(rng, enrolment, n) -> list[tuple]:
    """(planned, attended, excused, unexcused) for n weeks, written and returned."""
    rows = []
    for i in range(n):
        attended = rng.choice([25, 25, 20, 12.5, 0, 0])
        excused = rng.choice([0, 5, 12.5]) if attended < 25 else 0
        unexcused = rng.choice([0, 0, 7.5, 25]) if attended < 25 else 0
        week(enrolment, weeks_ago(n - i), planned=25, attended=attended, excused=excused, unexcused=unexcused)
        rows.append((25, attended, excused, unexcused))
    return rows


@pytest.fixture
def filled(world):
    rng = random.Random(48)
    caseworker = world.users[Role.CASEWORKER]
    programme, team_a = programme_with_team(provider=world.provider)
    _p2, team_b = programme_with_team(provider=world.provider, key="vaekstpartnerskab")
    team_c = Team.objects.create(programme=programme, name="Hold 2", start_date=weeks_ago(6))
    data = {}
    for team in (team_a, team_b, team_c):
        for e in enrol_many(3, team=team, caseworker=caseworker, municipality=world.kolding, start=team.start_date):
            data[e] = random_weeks(rng, e, rng.randint(0, 6))
    return world, data


def test_participant_team_and_programme_rates_match_the_rows(filled, client_for):
    world, data = filled
    response = client_for(world.users[Role.PROVIDER]).get(reverse("pathways:participants"))
    assert response.status_code == 200
    shown = {e.pk: e for e in response.context["participants"]}
    assert set(shown) == {e.pk for e in data}
    for e, rows in data.items():
        assert shown[e.pk].rate == expected_rate(rows), e
    for team in response.context["teams"]:
        rows = [r for e, rs in data.items() if e.team_id == team.pk for r in rs]
        assert team.rate == expected_rate(rows)
        assert team.attended_sum == sum(Decimal(str(r[1])) for r in rows)
    for programme in response.context["programmes"]:
        rows = [r for e, rs in data.items() if e.programme_id == programme.pk for r in rs]
        assert programme.rate == expected_rate(rows)


def test_the_api_rate_of_one_enrolment_matches_the_rows(filled):
    _w, data = filled
    for e, rows in data.items():
        assert enrolment_attendance(e)["rate"] == expected_rate(rows)


def test_absence_runs_match_the_pure_rule(filled):
    world, data = filled
    e = next(iter(data))
    e.attendance.all().delete()
    # present, absent, absent, present, absent, absent, absent (latest): a run of 3
    pattern = [(25, 0, 0), (0, 25, 0), (0, 0, 25), (20, 5, 0), (0, 25, 0), (0, 10, 15), (0, 0, 25)]
    for i, (att, exc, unexc) in enumerate(pattern):
        week(e, weeks_ago(len(pattern) - i), attended=att, excused=exc, unexcused=unexc)
    expected = rules.consecutive_absent_weeks(
        [rules.Week(weeks_ago(len(pattern) - i), Decimal(25), Decimal(a), Decimal(x), Decimal(u))
         for i, (a, x, u) in enumerate(pattern)]
    )  # fmt: skip
    assert expected == 3
    assert enrolment_attendance(e)["absent_run"] == 3 and enrolment_attendance(e)["absent_flag"]


@pytest.mark.parametrize(
    "pattern, flagged",
    [
        ([(25, 0, 0), (0, 25, 0)], False),  # one absent week is not a run
        ([(0, 25, 0), (0, 0, 25)], True),
        ([(0, 25, 0), (0, 0, 25), (5, 0, 20)], False),  # the latest week has some attendance
        ([(0, 0, 0), (0, 0, 0)], False),  # nothing attended, nothing absent: not absent
    ],
)
def test_the_participant_list_flags_two_or_more_absent_weeks_in_a_row(world, client_for, pattern, flagged):
    _p, team = programme_with_team(provider=world.provider)
    e = enrol(team=team, caseworker=world.users[Role.CASEWORKER], municipality=world.kolding)
    for i, (att, exc, unexc) in enumerate(pattern):
        week(e, weeks_ago(len(pattern) - i), attended=att, excused=exc, unexcused=unexc)
    (row,) = client_for(world.users[Role.PROVIDER]).get(reverse("pathways:participants")).context["participants"]
    assert row.absent_flag is flagged
    assert ("i træk" in client_for(world.users[Role.PROVIDER]).get(reverse("pathways:participants")).content.decode()) is flagged


def test_the_list_shows_only_open_enrolments_of_own_programmes(world, client_for):
    caseworker = world.users[Role.CASEWORKER]
    _p, team = programme_with_team(provider=world.provider)
    mine = enrol_many(2, team=team, caseworker=caseworker, municipality=world.kolding)
    record_exit(mine[1], on=weeks_ago(1))
    _p, theirs = programme_with_team(provider=world.social_enterprise)
    enrol(team=theirs, caseworker=caseworker, municipality=world.kolding)
    rows = client_for(world.users[Role.PROVIDER]).get(reverse("pathways:participants")).context["participants"]
    assert [e.pk for e in rows] == [mine[0].pk]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COMPANY, Role.ANALYST])
def test_the_list_is_404_without_running_a_programme(world, client_for, role):
    assert client_for(world.users[role]).get(reverse("pathways:participants")).status_code == 404


def test_the_list_filters_by_team_and_programme(filled, client_for):
    world, data = filled
    client = client_for(world.users[Role.PROVIDER])
    team = next(iter(data)).team
    rows = client.get(reverse("pathways:participants"), {"team": team.public_id}).context["participants"]
    assert {e.pk for e in rows} == {e.pk for e in data if e.team_id == team.pk}
    programme = team.programme
    response = client.get(reverse("pathways:participants"), {"programme": programme.public_id})
    assert {e.pk for e in response.context["participants"]} == {e.pk for e in data if e.programme_id == programme.pk}
    assert [p.pk for p in response.context["programmes"]] == [programme.pk]


def test_week_number_and_phase_follow_the_start_and_pauses():
    start = datetime.date(2026, 1, 5)
    assert pathway_week(start, start) == 1
    assert pathway_week(start, start + datetime.timedelta(days=7)) == 2
    pause = rules.Pause(start + datetime.timedelta(days=7), start + datetime.timedelta(days=21))
    assert pathway_week(start, start + datetime.timedelta(days=28), [pause]) == 3
    phases = [SimpleNamespace(weeks=26, name="a"), SimpleNamespace(weeks=26, name="b")]
    assert phase_for_week(phases, 26).name == "a" and phase_for_week(phases, 27).name == "b"
    assert phase_for_week(phases, 60).name == "b"


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("pathways:participants")).status_code == 200
    return len(ctx.captured_queries)


def test_the_participant_list_runs_a_constant_number_of_queries(world, client_for):
    caseworker = world.users[Role.CASEWORKER]
    client = client_for(world.users[Role.PROVIDER])
    _p, team = programme_with_team(provider=world.provider)
    for e in enrol_many(2, team=team, caseworker=caseworker, municipality=world.kolding):
        week(e, weeks_ago(1))
    small = _count(client)
    for key in ("kokkeskole", "vaekstpartnerskab"):
        _p, team = programme_with_team(provider=world.provider, key=key)
        for e in enrol_many(6, team=team, caseworker=caseworker, municipality=world.kolding):
            week(e, weeks_ago(1), attended=0, unexcused=25)
            week(e, weeks_ago(2), attended=0, excused=25)
    other = make_user("second_org_provider", organisation=world.social_enterprise, role=Role.PROVIDER)
    assert _count(client_for(other)) <= small
    assert _count(client) == small
