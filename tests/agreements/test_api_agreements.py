"""Framework agreements in the JSON API with the pages' permissions: another municipality 404,
a visible service whose rows are the provider's 403, a read-only token 403 on a create; the
registrations go through the pages' service (audited) and a bad field answers 422 naming it;
the period figures equal agreements.aggregates."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken, TokenScope
from accounts.roles import Role
from agreements.aggregates import registrations_summary
from agreements.models import (
    Activity,
    Deliverable,
    MetricKind,
    PeriodBasis,
    VolunteerTally,
    WeeklyRegistration,
)
from agreements.testing import world_agreements
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = "application/json"


@pytest.fixture
def ag(world):
    agreements = world_agreements(world)
    Deliverable.objects.create(
        service=agreements["services"]["own"], name="Åbent", metric=MetricKind.STAFFED_HOURS_PER_WEEK,
        target=20, period_basis=PeriodBasis.WEEK,
    )  # fmt: skip
    return agreements


def _url(service, tail=""):
    return f"/api/v1/agreement-services/{service.public_id}{tail}"


def test_the_list_and_detail_follow_the_pages_scope(world, api_for, ag):
    names = {a["name"] for a in api_for(world.users[Role.CASEWORKER]).get("/api/v1/agreements").json()["items"]}
    assert names == {"Kolding rammeaftale", "Café Bro aftale"}
    provider = api_for(world.users[Role.PROVIDER]).get("/api/v1/agreements").json()
    assert [a["name"] for a in provider["items"]] == ["Kolding rammeaftale"] and provider["count"] == 1
    detail = api_for(world.users[Role.PROVIDER]).get(f"/api/v1/agreements/{ag['own'].public_id}").json()
    (service,) = detail["service_list"]
    assert service["kind"] == "meeting_place" and "volunteers" in service["registration_kinds"]
    assert service["deliverables"][0]["target"] == "20.00" and service["deliverables"][0]["period_basis"] == "week"


def test_another_municipality_gets_404_everywhere(world, api_for, ag):
    api = api_for(world.outsiders[Role.ADMIN])
    service = ag["services"]["own"]
    assert api.get(f"/api/v1/agreements/{ag['own'].public_id}").status_code == 404
    assert api.get(_url(service, "/figures")).status_code == 404
    assert api.get(_url(service, "/registrations?kind=activities")).status_code == 404
    body = {"date": "2026-03-02", "name": "Strikkecafé"}
    assert api.post(_url(service, "/registrations/activities"), body, content_type=JSON).status_code == 404
    assert not Activity.objects.exists()


def test_only_the_provider_registers_others_who_see_the_service_get_403(world, api_for, ag):
    service = ag["services"]["own"]
    body = {"date": "2026-03-02", "name": "Strikkecafé", "user_groups": ["lonely_seniors"], "participants": 7}
    for role in (Role.CASEWORKER, Role.PROCUREMENT):
        api = api_for(world.users[role])
        assert api.get(_url(service, "/registrations?kind=activities")).status_code == 403
        assert api.post(_url(service, "/registrations/activities"), body, content_type=JSON).status_code == 403
    created = api_for(world.users[Role.PROVIDER]).post(_url(service, "/registrations/activities"), body, content_type=JSON)
    assert created.status_code == 201
    assert created.json()["values"] == {"date": "2026-03-02", "name": "Strikkecafé",
                                        "user_groups": ["lonely_seniors"], "participants": 7}  # fmt: skip
    activity = Activity.objects.get()
    assert activity.recorded_by == world.users[Role.PROVIDER]
    assert AuditEvent.objects.filter(event="agreements.activity.create", actor=world.users[Role.PROVIDER]).exists()


def test_a_read_only_token_cannot_register(world, client, ag):
    _token, raw = ApiToken.issue(user=world.users[Role.PROVIDER], name="læs", scope=TokenScope.READ)
    response = client.post(
        _url(ag["services"]["own"], "/registrations/activities"), {"date": "2026-03-02", "name": "X"},
        content_type=JSON, headers={"Authorization": f"Bearer {raw}"},
    )  # fmt: skip
    assert response.status_code == 403 and not Activity.objects.exists()


@pytest.mark.parametrize(
    "kind, body, field",
    [
        ("weeks", {"week": "2026-03-03", "staffed_hours": 20}, "week"),  # a Tuesday
        ("weeks", {"week": "2026-03-02", "staffed_hours": 169}, "staffed_hours"),
        ("weeks", {"week": "2026-03-02", "staffed_hours": "2,555"}, "staffed_hours"),
        ("activities", {"date": "2024-12-31", "name": "Før aftalen"}, "date"),  # the agreement starts 2025
        ("activities", {"date": "2026-03-02", "name": "X", "user_groups": ["aliens"]}, "user_groups.0"),
        ("activities", {"date": "2026-03-02", "name": "X", "participants": -1}, "participants"),
        ("volunteers", {"period_start": "2026-06-30", "period_end": "2026-01-01"}, "period_end"),
        ("meetings", {"date": "2026-03-02", "activity": "cv"}, "kind"),  # a network's, not a meeting place's
    ],
)
def test_bad_input_answers_422_naming_the_field(world, api_for, ag, kind, body, field):
    response = api_for(world.users[Role.PROVIDER]).post(
        _url(ag["services"]["own"], f"/registrations/{kind}"), body, content_type=JSON
    )
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Activity.objects.exists() and not WeeklyRegistration.objects.exists()


def test_the_list_filters_by_date_and_pages_in_constant_queries(world, api_for, ag):
    service = ag["services"]["own"]
    api = api_for(world.users[Role.PROVIDER])

    def add(n):
        Activity.objects.bulk_create(
            Activity(service=service, date=D(2026, 1, 1) + datetime.timedelta(days=i), name=f"A{i}") for i in range(n)
        )

    add(3)
    url = _url(service, "/registrations?kind=activities&start=2026-01-02&end=2026-01-03&limit=1")
    body = api.get(url).json()
    assert body["count"] == 2 and [r["values"]["date"] for r in body["items"]] == ["2026-01-03"]
    with CaptureQueriesContext(connection) as few:
        api.get(_url(service, "/registrations?kind=activities&limit=500"))
    Activity.objects.all().delete()
    add(40)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(_url(service, "/registrations?kind=activities&limit=500")).json()["items"]) == 40
    assert len(many) == len(few)
    assert api.get(_url(service, "/registrations?kind=activities&limit=501")).status_code == 422
    refused = api.get(_url(service, "/registrations?kind=members"))
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "kind"


def test_the_figures_equal_the_aggregates_and_the_deliverables(world, api_for, ag):
    service = ag["services"]["own"]
    WeeklyRegistration.objects.bulk_create(
        WeeklyRegistration(service=service, week=D(2026, 1, 5) + datetime.timedelta(weeks=i),
                           staffed_hours=Decimal(18 + i), visits=10 * i)
        for i in range(4)
    )  # fmt: skip
    VolunteerTally.objects.create(
        service=service, period_start=D(2026, 1, 1), period_end=D(2026, 6, 30), volunteers=12, hours=Decimal("340.5")
    )
    body = api_for(world.users[Role.CASEWORKER]).get(_url(service, "/figures?start=2026-01-01&end=2026-06-30")).json()
    expected = registrations_summary(service, D(2026, 1, 1), D(2026, 6, 30))
    assert body["sections"]["weekly"]["staffed_hours_avg"] == str(expected["weekly"]["staffed_hours_avg"]) == "19.50"
    assert body["sections"]["volunteers"] == {"volunteers": 12, "hours": "340.50", "source": "tally"}
    assert body["deliverables"] == [
        {"name": "Åbent", "metric": "staffed_hours_per_week", "target": "20.00", "actual": "19.50", "met": False}
    ]
    bad = api_for(world.users[Role.CASEWORKER]).get(_url(service, "/figures?start=2026-06-30&end=2026-01-01"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "end"
