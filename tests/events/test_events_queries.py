"""Lists and figures cost the same number of queries whatever their length: the evaluation
page, a series with who keeps coming, an event's participant list, the API list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from events.services_signups import signup_register
from events.testing import make_event, make_series


def _grow(world, series, n, offset):
    for i in range(n):
        event = make_event(world.kolding, world.business, series=series, title=f"Møde {offset + i}",
                           starts_at=timezone.now() + datetime.timedelta(days=5 + offset + i))  # fmt: skip
        for j in range(3):
            signup_register(
                event=event,
                name=f"P{j}",
                email=f"p{offset + i}-{j}@example.org",
                organisation_name="Café Bro ApS",
            )


@pytest.mark.django_db
def test_pages_cost_constant_queries(world, client_for, api_for):
    series = make_series(world.kolding, world.business)
    _grow(world, series, 1, 0)
    first = series.events.first()
    client, api = client_for(world.users[Role.CONSULTANT]), api_for(world.users[Role.CONSULTANT])
    year = timezone.localdate().year
    paths = [f"/arrangementer/evaluering/?start={year - 1}-01-01&end={year + 1}-12-31",
             f"/arrangementer/serier/{series.public_id}/", f"/arrangementer/{first.public_id}/",
             f"/arrangementer/{first.public_id}/fremmoede/", "/arrangementer/lister/"]  # fmt: skip

    def count(fetch, path):
        with CaptureQueriesContext(connection) as queries:
            assert fetch(path).status_code == 200, path
        return len(queries)

    api.get("/api/v1/events")  # the token's first use writes last_used_at once
    before = {p: count(client.get, p) for p in paths} | {"api": count(api.get, "/api/v1/events")}
    _grow(world, series, 12, 1)
    for j in range(20):
        signup_register(event=first, name=f"X{j}", email=f"x{j}@example.org")
    after = {p: count(client.get, p) for p in paths} | {"api": count(api.get, "/api/v1/events")}
    assert after == before, (before, after)
