"""The accelerator's JSON API: the pages' permissions (404 for what the user does not see, 403
for a visible cohort whose funnel the user may not see) and the same figures."""

import datetime
from decimal import Decimal

import pytest

from accelerator import services_growth, services_recruitment
from accelerator.testing import system_user, world_cohorts
from accounts.roles import Role

BASE = "/api/v1/accelerator"
FOLLOW_ALL = {Role.PROVIDER, Role.CONSULTANT, Role.ANALYST, Role.ADMIN}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_cohorts_are_listed_per_municipality(world, api_for, role):
    rows = world_cohorts(world)
    response = api_for(world.users[role]).get(f"{BASE}/cohorts")
    assert response.status_code == 200
    body = response.json()
    assert [c["public_id"] for c in body["items"]] == [str(rows["cohort"].public_id)]
    assert body["items"][0]["companies"] == 2
    assert api_for(world.nobody).get(f"{BASE}/cohorts").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_the_funnel_is_for_those_who_follow_all_companies(world, api_for, role):
    rows = world_cohorts(world)
    campaign = services_recruitment.campaign_create(
        by=system_user(), cohort=rows["cohort"],
        data={"name": "Kampagne", "start": datetime.date(2025, 9, 1), "end": datetime.date(2025, 10, 1)},
    )  # fmt: skip
    channel = services_recruitment.channel_add(
        by=system_user(), campaign=campaign, data={"kind": "direct", "name": "Direkte"}
    )
    services_recruitment.contact_log(by=system_user(), campaign=campaign, data={
        "organisation": world.company, "channel": channel, "contacted_on": datetime.date(2025, 9, 2),
        "method": "phone", "outcome": "interested",
    })  # fmt: skip
    response = api_for(world.users[role]).get(f"{BASE}/cohorts/{rows['cohort'].public_id}/funnel")
    assert response.status_code == (200 if role in FOLLOW_ALL else 403)
    if response.status_code == 200:
        assert response.json()[0]["total"]["contacted"] == 1
    outsider = api_for(world.outsiders[role]).get(f"{BASE}/cohorts/{rows['cohort'].public_id}/funnel")
    assert outsider.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", ["own", "same_municipality", "other_municipality"])
def test_a_companys_growth_is_shown_only_to_itself_and_those_who_follow_all(world, api_for, role, relation):
    rows = world_cohorts(world)
    target = rows[relation]
    services_growth.growth_set(
        by=system_user(), participant=target, data={"year": 2025, "turnover": Decimal("1000")}
    )
    response = api_for(world.users[role]).get(f"{BASE}/companies/{target.public_id}")
    if relation == "other_municipality":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = response.json()
    assert body["social_model_ready"] is False and len(body["social_model_missing"]) == 3
    sees = role in FOLLOW_ALL or (role == Role.COMPANY and relation == "own")
    assert (body["growth"] is not None) == sees
    if sees:
        assert body["growth"][0]["turnover"] == 1000.0
