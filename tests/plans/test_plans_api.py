"""The plans API: the same access rules and services as the pages."""

from decimal import Decimal

import pytest

from accounts.roles import Role
from accounts.testing import make_user
from plans.models import BudgetLine
from plans.testing import make_case, make_strategy, rsv_goal, seed002_project

BASE = "/api/v1"


@pytest.mark.django_db
def test_a_strategy_reads_with_its_live_indicators(world, api_for):
    strategy = make_strategy(world.kolding, goals=[rsv_goal()])
    body = api_for(world.users[Role.ANALYST]).get(f"{BASE}/strategies/{strategy.public_id}").json()
    assert body["version"]["status"] == "draft"
    [indicator] = body["version"]["indicators"]
    assert indicator["live"] and indicator["current"] == "0" and indicator["target"] == "10.00"
    assert api_for(world.outsiders[Role.ANALYST]).get(f"{BASE}/strategies/{strategy.public_id}").status_code == 404
    assert api_for(world.users[Role.COMPANY]).get(f"{BASE}/strategies").status_code == 404


@pytest.mark.django_db
def test_a_project_reads_with_totals_beside_the_stated_ones(world, api_for):
    project = seed002_project(world.kolding)
    body = api_for(world.users[Role.CONSULTANT]).get(f"{BASE}/projects/{project.public_id}").json()
    phase1 = body["phases"][0]["totals"]
    assert (Decimal(phase1["hours"]), Decimal(phase1["stated_hours"]), Decimal(phase1["hours_difference"])) == (275, 290, 15)
    assert Decimal(phase1["amount"]) == Decimal("226875.00") and phase1["differs"]
    assert Decimal(body["totals"]["amount"]) == Decimal("540375.00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "x", "hours": "ti", "hourly_rate": "825"}, "hours"),
        ({"name": "x", "hours": "-3", "hourly_rate": "825"}, "hours"),
        ({"name": "x", "hours": "3", "hourly_rate": "-825"}, "hourly_rate"),
        ({"name": "x", "hours": "3"}, "hourly_rate"),
    ],
)
def test_bad_hours_and_rates_answer_422_naming_the_field(world, api_for, payload, field):
    project = seed002_project(world.kolding)
    phase = project.phases.first()
    before = BudgetLine.objects.count()
    response = api_for(world.users[Role.CONSULTANT]).post(
        f"{BASE}/projects/{project.public_id}/phases/{phase.public_id}/activities", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in str(response.json()["errors"])
    assert BudgetLine.objects.count() == before


@pytest.mark.django_db
def test_an_activity_is_added_by_an_editor_only(world, api_for):
    project = seed002_project(world.kolding)
    phase = project.phases.first()
    url = f"{BASE}/projects/{project.public_id}/phases/{phase.public_id}/activities"
    payload = {"name": "Ekstra dialogmøde", "hours": "10", "hourly_rate": "825,00"}
    assert api_for(world.users[Role.ANALYST]).post(url, payload, content_type="application/json").status_code == 403
    assert api_for(world.outsiders[Role.CONSULTANT]).post(url, payload, content_type="application/json").status_code == 404
    response = api_for(world.users[Role.CONSULTANT]).post(url, payload, content_type="application/json")
    assert response.status_code == 201
    assert Decimal(response.json()["phases"][0]["totals"]["amount"]) == Decimal("235125.00")


@pytest.mark.django_db
def test_an_enterprise_lists_only_its_own_support_cases(world, api_for):
    staff = make_user("cafe_bro", organisation=world.social_enterprise, role=Role.PROVIDER)
    make_case(world.kolding, organisation=world.social_enterprise)
    make_case(world.kolding, organisation=world.company)
    body = api_for(staff).get(f"{BASE}/support-cases").json()
    assert body["count"] == 1 and body["items"][0]["client"] == "Café Bro ApS"
    assert api_for(world.users[Role.CONSULTANT]).get(f"{BASE}/support-cases").json()["count"] == 2
    assert api_for(world.outsiders[Role.CONSULTANT]).get(f"{BASE}/support-cases").json()["count"] == 0


@pytest.mark.django_db
def test_the_mapping_inputs_read_for_the_users_municipality_only(world, api_for):
    from plans import services_pipeline

    services_pipeline.context_figure_set(by=None, municipality=world.kolding, year=2012, kind="population", value=Decimal(56000), source="Danmarks Statistik")
    services_pipeline.context_figure_set(by=None, municipality=world.aarhus, year=2012, kind="population", value=Decimal(330000), source="DST")
    body = api_for(world.users[Role.ANALYST]).get(f"{BASE}/mapping-inputs?year=2012").json()
    assert body["municipality"] == world.kolding.name
    assert [(f["kind"], Decimal(f["value"])) for f in body["figures"]] == [("population", Decimal(56000))]
    assert api_for(world.users[Role.COMPANY]).get(f"{BASE}/mapping-inputs").status_code == 404
    assert api_for(world.users[Role.ANALYST]).get(f"{BASE}/mapping-inputs?year=abc").status_code == 422
