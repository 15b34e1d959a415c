"""The lists of overdue and upcoming checkpoints and of due follow-ups: right rows, scoped to
the user, filters, constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from pathways import services_running as running
from pathways.models import CheckpointKind, ExitOutcome
from pathways.testing import enrol, make_programme

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def sql_ids(where: str, params: list) -> set[int]:
    """Open checkpoint rows of open enrolments, by raw SQL (independent of the selector)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id FROM pathways_checkpointdue d JOIN pathways_enrolment e ON e.id = d.enrolment_id "  # noqa: S608
            "JOIN pathways_citizen c ON c.id = e.citizen_id JOIN pathways_programme p ON p.id = e.programme_id "
            "JOIN pathways_checkpoint k ON k.id = d.checkpoint_id "
            f"WHERE d.done_at IS NULL AND e.status IN ('active', 'paused') AND {where}",
            params,
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def setting(world):
    """Kolding: two enrolments 8 weeks in (mostly overdue), one 5 days in (goals due tomorrow),
    one on another provider's programme; Aarhus: one enrolment."""
    t = today()
    eight_weeks = t - datetime.timedelta(weeks=8)
    own = make_programme(provider=world.provider, team_start=eight_weeks)
    s = type("S", (), {})()
    kolding = {"caseworker": world.users[Role.CASEWORKER], "municipality": world.kolding}
    s.late = [enrol(**kolding, programme=own, start=eight_weeks) for _ in range(2)]
    s.fresh = enrol(**kolding, provider=world.provider, start=t - datetime.timedelta(days=5))
    s.other_org = enrol(**kolding, provider=world.social_enterprise, start=eight_weeks)
    s.aarhus = enrol(
        caseworker=world.outsiders[Role.CASEWORKER], municipality=world.aarhus, provider=world.aarhus_company,
        start=eight_weeks,
    )  # fmt: skip
    return s


def listed(client, **params) -> set[int]:
    response = client.get(reverse("pathways:checkpoints"), params)
    assert response.status_code == 200
    return {d.pk for d in response.context["page"].object_list}


def test_the_caseworker_sees_the_overdue_checkpoints_of_the_municipality(world, setting, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    expected = sql_ids("d.due < %s AND c.municipality_id = %s", [today(), world.kolding.pk])
    assert listed(client) == expected
    assert len(expected) == 3 * 3  # two late + other org's: goals, status, goal for last weeks
    rows = client.get(reverse("pathways:checkpoints")).context["page"].object_list
    assert [d.due for d in rows] == sorted(d.due for d in rows)


def test_upcoming_is_today_and_the_next_14_days(world, setting, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    expected = sql_ids(
        "d.due >= %s AND d.due <= %s AND c.municipality_id = %s",
        [today(), today() + datetime.timedelta(days=14), world.kolding.pk],
    )
    assert listed(client, tab="upcoming") == expected
    assert {d.enrolment_id for d in setting.fresh.checkpoints_due.filter(pk__in=expected)} == {setting.fresh.pk}


def test_the_provider_sees_only_its_own_programmes(world, setting, client_for):
    client = client_for(world.users[Role.PROVIDER])
    expected = sql_ids("d.due < %s AND p.provider_id = %s", [today(), world.provider.pk])
    assert listed(client) == expected and len(expected) == 6


def test_the_aarhus_caseworker_sees_only_aarhus(world, setting, client_for):
    client = client_for(world.outsiders[Role.CASEWORKER])
    assert listed(client) == sql_ids("d.due < %s AND c.municipality_id = %s", [today(), world.aarhus.pk])


def test_the_kind_filter_gives_overdue_status_reports_and_a_report_takes_it_off(world, setting, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    status = listed(client, kind=CheckpointKind.STATUS)
    assert status == sql_ids("d.due < %s AND k.kind = 'status' AND c.municipality_id = %s", [today(), world.kolding.pk])
    assert len(status) == 3
    running.status_report_submit(by=world.users[Role.PROVIDER], enrolment=setting.late[0], body="Endelig")
    assert len(listed(client, kind=CheckpointKind.STATUS)) == 2


def test_filters_by_programme_team_and_mine(world, setting, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    programme = setting.late[0].programme
    by_programme = listed(client, programme=programme.pk)
    assert by_programme == sql_ids("d.due < %s AND e.programme_id = %s", [today(), programme.pk])
    assert listed(client, team=setting.late[0].team_id) == by_programme
    assert listed(client, mine="on") == listed(client)  # the Kolding caseworker is every citizen's caseworker
    assert listed(client_for(world.users[Role.ADMIN]), mine="on") == set()


def test_roles_without_citizen_access_get_404(world, client_for):
    for role in (Role.COMPANY, Role.CONSULTANT, Role.PROCUREMENT, Role.ANALYST):
        assert client_for(world.users[role]).get(reverse("pathways:checkpoints")).status_code == 404


def count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("tab", ["overdue", "upcoming"])
def test_the_checkpoint_list_runs_a_constant_number_of_queries(world, client_for, tab):
    t = today()
    start = t - datetime.timedelta(weeks=8) if tab == "overdue" else t - datetime.timedelta(days=2)
    programme = make_programme(provider=world.provider, team_start=start)
    client = client_for(world.users[Role.CASEWORKER])
    url = reverse("pathways:checkpoints")
    enrol(
        caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, programme=programme,
        start=start,
    )  # fmt: skip
    few = count_queries(client, url, {"tab": tab})
    for _ in range(6):
        enrol(
            caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, programme=programme,
            start=start,
        )  # fmt: skip
    assert len(client.get(url, {"tab": tab}).context["page"].object_list) >= 7
    assert count_queries(client, url, {"tab": tab}) == few


def test_due_follow_ups_are_listed_for_the_municipality_only(world, client_for):
    t = today()
    cw = world.users[Role.CASEWORKER]
    long_ago = enrol(
        caseworker=cw, municipality=world.kolding, provider=world.provider,
        start=t - datetime.timedelta(weeks=40),
    )  # fmt: skip
    recent = enrol(
        caseworker=cw, municipality=world.kolding, provider=world.provider,
        start=t - datetime.timedelta(weeks=10),
    )  # fmt: skip
    aarhus = enrol(
        caseworker=world.outsiders[Role.CASEWORKER], municipality=world.aarhus, provider=world.aarhus_company,
        start=t - datetime.timedelta(weeks=40),
    )  # fmt: skip
    for e, by in ((long_ago, cw), (recent, cw), (aarhus, world.outsiders[Role.CASEWORKER])):
        running.enrolment_exit(by=by, enrolment=e, exit_date=e.start_date + datetime.timedelta(weeks=1), outcome=ExitOutcome.DROPOUT)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f.id FROM pathways_followup f JOIN pathways_exit x ON x.id = f.exit_id "
            "JOIN pathways_enrolment e ON e.id = x.enrolment_id JOIN pathways_citizen c ON c.id = e.citizen_id "
            "WHERE f.status = '' AND f.due <= %s AND c.municipality_id = %s",
            [t, world.kolding.pk],
        )
        expected = {row[0] for row in cursor.fetchall()}
    response = client_for(cw).get(reverse("pathways:followups"))
    assert {f.pk for f in response.context["page"].object_list} == expected
    assert len(expected) == 2  # 13 and 26 weeks after the long-ago exit
    assert client_for(world.users[Role.PROVIDER]).get(reverse("pathways:followups")).status_code == 404
    assert client_for(world.outsiders[Role.CASEWORKER]).get(reverse("pathways:followups")).context["page"].paginator.count == 2
