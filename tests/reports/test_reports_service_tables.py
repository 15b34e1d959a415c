"""The service tables (meeting place, the network's weekly programme, members, company visits,
counselling, home support) show hand-counted figures from a few registrations, the period beside
the previous one; protected, person counts under 5 are hidden and hours or visits are not."""

import datetime
from decimal import Decimal

import pytest

from agreements.models import (
    Activity,
    CompanyVisit,
    Counselling,
    HomeSupport,
    NetworkMeeting,
    NetworkMembership,
    ServiceKind,
    VolunteerTally,
    WeeklyRegistration,
    YouthIncome,
    YouthReferral,
    YouthUser,
)
from agreements.testing import agreement, service
from reports import periods as P
from reports.protection import protect
from reports.tables import TABLES, Scope

PERIOD, PREVIOUS = P.half_year(2026, 1), P.half_year(2025, 2)
D = datetime.date


@pytest.fixture
def services(world):
    framework = agreement(world.kolding, world.provider)
    place = service(framework, ServiceKind.MEETING_PLACE, name="Mødestedet")
    network = service(framework, ServiceKind.NETWORK, name="Netværket")
    youth = service(framework, ServiceKind.YOUTH_HOST, name="Ungeværterne")
    WeeklyRegistration.objects.bulk_create(
        WeeklyRegistration(service=place, week=w, staffed_hours=Decimal(h), visits=v)
        for w, h, v in [
            (D(2025, 12, 29), 40, 100),  # Monday in H2 2025 (the week runs into 2026)
            (D(2026, 1, 5), 49, 400),
            (D(2026, 1, 12), 45, 500),
            (D(2026, 6, 29), 52, 300),
        ]
    )
    Activity.objects.bulk_create(
        Activity(service=place, date=d, name="Aktivitet", user_groups=g, participants=n)
        for d, g, n in [
            (D(2026, 2, 1), ["young_people", "international"], 30),
            (D(2026, 3, 1), ["young_people"], 10),
            (D(2025, 11, 1), ["lonely_seniors"], 7),
        ]
    )
    VolunteerTally.objects.bulk_create(
        VolunteerTally(service=place, period_start=a, period_end=b, volunteers=v, hours=Decimal(h))
        for a, b, v, h in [
            (D(2026, 1, 1), D(2026, 3, 31), 200, "1000"),
            (D(2026, 4, 1), D(2026, 6, 30), 212, "1100.5"),
            (D(2025, 7, 1), D(2025, 12, 31), 3, "120"),
        ]
    )
    NetworkMeeting.objects.bulk_create(
        NetworkMeeting(service=network, date=d, activity=a, attendance=n)
        for d, a, n in [
            (D(2026, 1, 5), "job_workshop", 20),  # Monday
            (D(2026, 1, 6), "cv", 25),  # Tuesday
            (D(2026, 1, 7), "company_visit", 11),  # Wednesday
            (D(2026, 1, 10), "other", 4),  # Saturday
            (D(2026, 1, 12), "job_workshop", 10),  # Monday, the next week
            (D(2025, 12, 5), "breakfast", 16),  # Friday, the previous half-year
        ]
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(service=network, period_start=a, period_end=b, on_mailing_list=m, active=act,
                          took_part=t, new_members=n)
        for a, b, m, act, t, n in [
            (D(2026, 1, 1), D(2026, 2, 28), 220, 45, 150, 10),
            (D(2026, 3, 1), D(2026, 5, 31), 257, 50, 199, 30),
            (D(2025, 7, 1), D(2025, 12, 31), 231, 46, 182, 35),
        ]
    )  # fmt: skip
    CompanyVisit.objects.bulk_create(
        CompanyVisit(service=network, date=d, company_name="Virksomhed", local=local, participants=n)
        for d, local, n in [
            (D(2026, 1, 7), True, 11),
            (D(2026, 2, 4), False, 8),
            (D(2026, 3, 4), True, 9),
            (D(2025, 10, 1), True, 12),
        ]
    )
    Counselling.objects.bulk_create(
        Counselling(service=network, date=d, member_label=label, conversations=n)
        for d, label, n in [
            (D(2026, 1, 8), "Anna", 2),
            (D(2026, 2, 8), "Anna", 1),
            (D(2026, 2, 9), "Bo", 3),
            (D(2026, 2, 10), "", 1),
        ]
    )
    YouthUser.objects.bulk_create(
        YouthUser(
            service=youth, label=f"Ung {i}", registered=D(2025, 1, 1), referral=YouthReferral.SOCIAL_PSYCHIATRY,
            income=YouthIncome.KONTANTHJAELP, home_support=support, home_support_changed=changed,
            home_support_reduced_hours=hours,
        )
        for i, (support, changed, hours) in enumerate([
            (HomeSupport.ENDED, D(2026, 2, 1), None),
            (HomeSupport.ENDED, D(2026, 3, 1), None),
            (HomeSupport.REDUCED, D(2026, 4, 1), Decimal("2")),
            (HomeSupport.REDUCED, D(2026, 5, 1), Decimal("3.5")),
            (HomeSupport.ENDED, D(2025, 9, 1), None),
            (HomeSupport.ONGOING, None, None),
        ])
    )  # fmt: skip
    return place, network, youth


def _build(key, services, periods=(PERIOD, PREVIOUS)):
    return TABLES[key].build(Scope(municipality_id=None, services=tuple(services)), list(periods))


def _column(table, row_key, measure="value") -> list:
    """The row's figures for the current and the previous period."""
    return [table.cell(row_key, measure, i).value for i in range(len(table.periods))]


def test_meeting_place_weeks_hours_and_visits(services):
    table = _build("meeting_place_weeks", services)[0]
    assert table.section == "Mødestedet" and [c.label for c in table.columns] == [
        "1. halvår 2026",
        "2. halvår 2025",
    ]
    assert _column(table, "weeks") == [3, 1]
    assert _column(table, "staffed_hours") == [Decimal("146"), Decimal("40")]
    assert _column(table, "staffed_hours_avg") == [Decimal("48.67"), Decimal("40.00")]
    assert _column(table, "staffed_hours_min") == [Decimal("45"), Decimal("40")]
    assert _column(table, "visits") == [1200, 100]
    assert _column(table, "visits_avg") == [Decimal("400.00"), Decimal("100.00")]


def test_weekly_table_covers_the_youth_host_too_but_not_the_network(services):
    place, network, youth = services
    tables = _build("meeting_place_weeks", services)
    assert [t.section for t in tables] == [place.name, youth.name]


def test_activities_and_participants_by_user_group(services):
    (table,) = _build("meeting_place_activities", services)
    assert _column(table, "total", "activities") == [2, 1]
    assert _column(table, "total", "participants") == [40, 7]
    assert _column(table, "young_people", "activities") == [2, 0]
    assert _column(table, "young_people", "participants") == [40, 0]
    assert _column(table, "international", "participants") == [30, 0]
    assert _column(table, "lonely_seniors", "participants") == [0, 7]
    assert table.chart_rows()[:4] == [(str(r.label), r.cells[1].value) for r in table.rows[:4]]


def test_volunteers_are_the_latest_count_and_the_hours_summed(services):
    (table,) = _build("meeting_place_volunteers", services)
    assert _column(table, "volunteers") == [212, 3]
    assert _column(table, "hours") == [Decimal("2100.50"), Decimal("120.00")]
    protect(table)
    assert table.cell("volunteers", "value", 1).hidden == "<5"  # three persons
    assert table.cell("hours", "value", 1).hidden == ""  # hours are not persons


def test_network_programme_by_weekday(services):
    by_weekday, by_activity = _build("network_programme", services)
    assert by_weekday.title == "Netværkets ugeprogram efter ugedag"
    labels = [r.label for r in by_weekday.rows]
    assert labels[:6] == ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag"]
    assert "Søndag" not in labels  # the weekend only when there were meetings
    assert _column(by_weekday, "1", "meetings") == [2, 0]
    assert _column(by_weekday, "1", "attendance") == [30, 0]
    assert _column(by_weekday, "5", "attendance") == [0, 16]
    assert _column(by_weekday, "6", "meetings") == [1, 0]
    assert _column(by_weekday, "total", "meetings") == [5, 1]
    assert _column(by_weekday, "total", "attendance") == [70, 16]
    assert _column(by_weekday, "per_week", "meetings") == [Decimal("2.50"), Decimal("1.00")]
    assert _column(by_weekday, "per_week", "attendance") == [Decimal("35.00"), Decimal("16.00")]


def test_network_programme_by_activity(services):
    _by_weekday, table = _build("network_programme", services)
    assert _column(table, "job_workshop", "meetings") == [2, 0]
    assert _column(table, "job_workshop", "attendance") == [30, 0]
    assert _column(table, "cv", "attendance") == [25, 0]
    assert _column(table, "breakfast", "attendance") == [0, 16]
    assert _column(table, "total", "attendance") == [70, 16]


def test_members_on_the_list_took_part_regular_and_new(services):
    (table,) = _build("network_members", services)
    assert _column(table, "on_mailing_list") == [257, 231]
    assert _column(table, "took_part") == [199, 182]
    assert _column(table, "active") == [50, 46]
    assert _column(table, "new_members") == [40, 35]


def test_company_visits_local_and_participants(services):
    (table,) = _build("company_visits", services)
    assert _column(table, "visits") == [3, 1]
    assert _column(table, "local") == [2, 1]
    assert _column(table, "participants") == [28, 12]


def test_counselling_conversations_and_members(services):
    (table,) = _build("counselling", services)
    assert _column(table, "conversations") == [7, 0]
    assert _column(table, "members") == [2, 0]
    protect(table)
    assert table.cell("members", "value", 0).hidden == "<5"
    assert table.cell("conversations", "value", 0).hidden == ""


def test_home_support_ended_reduced_and_hours(services):
    (table,) = _build("youth_home_support", services)
    assert _column(table, "ended") == [2, 1]
    assert _column(table, "reduced") == [2, 0]
    assert _column(table, "total") == [4, 1]
    assert _column(table, "reduced_hours") == [Decimal("5.5"), Decimal("0")]
    protect(table)
    assert table.cell("ended", "value", 0).hidden == "<5" and table.cell("total", "value", 0).hidden == "<5"
    assert table.cell("reduced_hours", "value", 0).hidden == ""


def test_without_comparison_there_is_one_column_per_figure(services):
    (table,) = _build("network_members", services, periods=(PERIOD,))
    assert [c.label for c in table.columns] == ["1. halvår 2026"]
    by_weekday, _by_activity = _build("network_programme", services, periods=(PERIOD,))
    assert [c.measure for c in by_weekday.columns] == ["meetings", "attendance"]


def test_a_table_skips_services_of_another_kind(services):
    place, network, youth = services
    assert _build("network_members", [place, youth]) == []
    assert _build("youth_home_support", [place, network]) == []
    assert _build("meeting_place_activities", [network, youth]) == []
