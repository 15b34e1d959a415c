"""The global search: organisations and programmes for everyone who sees them, citizens only for
those allowed, and a search that may show citizens is audited as a search."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from pathways.testing import make_citizen, programme_with_team

pytestmark = pytest.mark.django_db


def search(client, q: str) -> str:
    response = client.get(reverse("home:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_organisations_and_programmes(world, client_for):
    programme, _team = programme_with_team(provider=world.provider)
    html = search(client_for(world.users[Role.CONSULTANT]), "Kolding")
    assert "Kolding Tømrer A/S" in html
    html = search(client_for(world.users[Role.PROVIDER]), programme.name[:12])
    assert programme.name in html


def test_citizens_are_found_by_a_caseworker_and_the_search_is_audited(world, client_for):
    cw = world.users[Role.CASEWORKER]
    citizen = make_citizen(municipality=world.kolding, by=cw, caseworker=cw, name="Sofie Søgbar")
    html = search(client_for(cw), "Søgbar")
    assert reverse("pathways:citizen", args=[citizen.public_id]) in html
    event = AuditEvent.objects.filter(event="pathways.citizen.search", actor=cw).latest("pk")
    assert event.changes["value"] == "Søgbar" and event.changes["results"] == 1


def test_citizens_are_never_found_by_those_not_allowed(world, client_for):
    cw = world.users[Role.CASEWORKER]
    make_citizen(municipality=world.kolding, by=cw, caseworker=cw, name="Sofie Søgbar")
    for user in (world.users[Role.CONSULTANT], world.users[Role.COMPANY], world.outsiders[Role.CASEWORKER]):
        html = search(client_for(user), "Søgbar")
        assert "Sofie Søgbar" not in html
    assert not AuditEvent.objects.filter(event="pathways.citizen.search", actor=world.users[Role.CONSULTANT]).exists()


def test_a_too_short_text_searches_nothing(world, client_for):
    html = search(client_for(world.users[Role.CASEWORKER]), "K")
    assert "Skriv mindst 2 tegn." in html
    assert not AuditEvent.objects.filter(event="pathways.citizen.search").exists()
