"""The API answers in a constant number of queries: the list does not grow with its rows, the
detail does not grow with contacts, relations, staffing years or target groups."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from registry import services
from registry.choices import RelationKind
from registry.models import Tag, TargetGroup
from registry.testing import make_organisation

BASE = "/api/v1"


@pytest.fixture
def client(world, api_for):
    client = api_for(world.users[Role.CONSULTANT])
    client.get(f"{BASE}/organisations")  # the first call writes last_used_at; measure the steady state
    return client


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def add_rich_organisations(world, n: int, start: int) -> None:
    by = world.users[Role.CONSULTANT]
    groups = list(TargetGroup.objects.all()[:3])
    for i in range(start, start + n):
        org = make_organisation(world.kolding, name=f"Rig organisation {i:03d}")
        org.target_groups.set(groups)
        org.tags.add(Tag.objects.get_or_create(municipality=world.kolding, name=f"tag{i % 4}")[0])
        services.staffing_set(
            by=by, organisation=org, year=2024, data={"employees_total": 10 + i, "fleksjob": 3}
        )


@pytest.mark.parametrize("params", [{}, {"sort": "-share"}, {"share_min": "10", "q": "rig"}])
def test_the_list_query_count_does_not_grow_with_rows(world, client, params):
    add_rich_organisations(world, 3, 0)
    few = queries(client, f"{BASE}/organisations", {"limit": 200, **params})
    add_rich_organisations(world, 30, 3)
    many = queries(client, f"{BASE}/organisations", {"limit": 200, **params})
    assert few == many
    assert many <= 6  # token, memberships, count, page, target groups (+ a filter lookup)


def test_filtering_by_municipality_and_target_group_adds_only_their_lookups(world, client):
    add_rich_organisations(world, 5, 0)
    plain = queries(client, f"{BASE}/organisations")
    code = TargetGroup.objects.first().code
    assert (
        queries(client, f"{BASE}/organisations", {"municipality": "0621", "target_group": code}) == plain + 2
    )


def test_the_detail_query_count_does_not_grow_with_related_rows(world, client):
    org = world.social_enterprise
    url = f"{BASE}/organisations/{org.public_id}"
    few = queries(client, url)
    by = world.users[Role.CONSULTANT]
    for i in range(5):
        services.contact_save(by=by, organisation=org, contact=None, data={"name": f"Kontakt {i}"})
        services.staffing_set(by=by, organisation=org, year=2020 + i, data={"employees_total": 10})
        other = make_organisation(world.kolding, name=f"Partner {i}")
        services.relation_create(by=by, source=org, target=other, kind=RelationKind.PARTNER_OF)
        services.relation_create(by=by, source=other, target=org, kind=RelationKind.SUPPLIER_TO)
    org.target_groups.set(TargetGroup.objects.all()[:4])
    body_many = client.get(url).json()
    assert len(body_many["contacts"]) == 5 and len(body_many["relations_in"]) == 5
    assert queries(client, url) == few
    # token, memberships, organisation, relations out and in, contacts, assessments, staffing, groups, tags
    assert few <= 10
