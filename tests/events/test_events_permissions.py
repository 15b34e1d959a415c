"""Who sees, edits and takes attendance for which event: roles × an event the provider's own
organisation organises / another Kolding event / an Aarhus event, on the pages and in the API."""

import pytest

from accounts.roles import Role
from events.testing import world_events

RELATIONS = ("own", "same_municipality", "other_municipality")
MUNICIPAL_EDITORS = {Role.CONSULTANT, Role.ADMIN}


def _may_edit(role, relation) -> bool:
    if relation == "other_municipality":
        return False
    return role in MUNICIPAL_EDITORS or (role == Role.PROVIDER and relation == "own")


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", RELATIONS)
def test_event_pages_matrix(world, client_for, role, relation):
    event = world_events(world)[relation]
    client = client_for(world.users[role])
    seen = relation != "other_municipality"
    assert client.get(f"/arrangementer/{event.public_id}/").status_code == (200 if seen else 404)
    for path in ("rediger/", "fremmoede/", "program/nyt/"):
        expected = 200 if _may_edit(role, relation) else 404
        assert client.get(f"/arrangementer/{event.public_id}/{path}").status_code == expected, path


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", RELATIONS)
def test_event_api_matrix(world, api_for, role, relation):
    event = world_events(world)[relation]
    api = api_for(world.users[role])
    seen = relation != "other_municipality"
    assert api.get(f"/api/v1/events/{event.public_id}").status_code == (200 if seen else 404)
    expected = 200 if _may_edit(role, relation) else (403 if seen else 404)
    assert api.get(f"/api/v1/events/{event.public_id}/registrations").status_code == expected


@pytest.mark.django_db
def test_the_public_sees_published_events_only_without_login(client, world):
    events = world_events(world)
    assert client.get(f"/arrangementer/offentlig/{events['own'].public_id}/").status_code == 200
    type(events["own"]).objects.filter(pk=events["own"].pk).update(published=False)
    assert client.get(f"/arrangementer/offentlig/{events['own'].public_id}/").status_code == 404
