"""Each registration summary is computed once per report build: tables that share it (the
youth tables, deliverables' units, the network's tables) add no queries, and the report's
queries stay the same when the registrations grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from agreements.models import Counselling, NetworkMeeting, YouthFrequency, YouthUser
from agreements.testing import seed003_agreement
from pathways.testing import make_programme
from reports.models import ReportDefinition

SHARING_DELIVERABLES = [
    "youth_frequency",
    "youth_income",
    "youth_referral",
    "youth_home_support",
    "network_members",
    "network_outcomes",
    "network_programme",
    "company_visits",
    "counselling",
]


@pytest.fixture
def services(world):
    programme = make_programme(provider=world.provider)
    return seed003_agreement(municipality=world.kolding, provider=world.provider, programme=programme)


def _definition(world, services, tables):
    d = ReportDefinition.objects.create(municipality=world.kolding, name=" + ".join(tables), tables=tables)
    d.services.set(services)
    return d


def _queries(client, definition) -> int:
    url = reverse("reports:report", args=[definition.public_id]) + "?periode=2026-H1"
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_youth_tables_share_one_summary(world, client_for, services):
    client = client_for(world.users[Role.ANALYST])
    one = _queries(client, _definition(world, services, ["youth_frequency"]))
    four = _queries(
        client,
        _definition(
            world, services, ["youth_frequency", "youth_income", "youth_referral", "youth_home_support"]
        ),
    )
    assert four == one


def test_tables_after_deliverables_reuse_its_summaries(world, client_for, services):
    client = client_for(world.users[Role.ANALYST])
    alone = _queries(client, _definition(world, services, ["deliverables"]))
    shared = _queries(client, _definition(world, services, ["deliverables", *SHARING_DELIVERABLES]))
    assert shared == alone


def test_the_report_queries_stay_the_same_as_registrations_grow(world, client_for, services):
    _kitchen, network, youth = services
    client = client_for(world.users[Role.ANALYST])
    definition = _definition(world, services, ["deliverables", *SHARING_DELIVERABLES, "narratives"])
    before = _queries(client, definition)
    day = datetime.date(2026, 2, 2)
    NetworkMeeting.objects.bulk_create(
        NetworkMeeting(service=network, date=day + datetime.timedelta(days=i), activity="cv", attendance=9)
        for i in range(40)
    )
    Counselling.objects.bulk_create(
        Counselling(service=network, date=day, member_label=f"M{i}") for i in range(30)
    )
    users = YouthUser.objects.bulk_create(
        YouthUser(service=youth, label=f"Ny {i}", registered=day, referral="own_initiative", income="su")
        for i in range(30)
    )
    YouthFrequency.objects.bulk_create(
        YouthFrequency(user=u, period_start=day, period_end=datetime.date(2026, 6, 30), frequency="weekly")
        for u in users
    )
    assert _queries(client, definition) == before
