"""Nothing a signed-in user or an API client receives may be kept by a browser or proxy cache
(issue 11, finding 6): pages, citizen pages, CSV and XLSX exports and API JSON all answer
Cache-Control: private, no-store."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from accounts.roles import Role
from pathways.testing import make_citizen


def assert_no_store(response) -> None:
    directives = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, response.headers.get("Cache-Control")
    assert "public" not in directives


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.CONSULTANT, reverse("home:home")),
        (Role.CONSULTANT, reverse("registry:list")),
        (Role.CONSULTANT, reverse("registry:export", args=["csv"])),
        (Role.CONSULTANT, reverse("registry:export", args=["xlsx"])),
        (Role.CASEWORKER, reverse("pathways:caseload_export", args=["csv"])),
        (Role.CASEWORKER, reverse("pathways:caseload_export", args=["xlsx"])),
        (Role.ADMIN, reverse("audit:list")),
        (Role.ADMIN, reverse("accounts:profile")),
    ],
)
def test_every_signed_in_response_is_no_store(world, client_for, role, url):
    response = client_for(world.users[role]).get(url)
    assert response.status_code == 200
    assert_no_store(response)


def test_a_citizen_page_is_no_store(world, client_for):
    caseworker = world.users[Role.CASEWORKER]
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    response = client_for(caseworker).get(reverse("pathways:citizen", args=[citizen.public_id]))
    assert response.status_code == 200
    assert_no_store(response)


def test_api_answers_are_no_store_even_when_refused(world):
    _token, raw = ApiToken.issue(user=world.users[Role.CONSULTANT], name="cache")
    assert_no_store(Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/organisations"))
    assert_no_store(Client().get("/api/v1/organisations"))  # 401


def test_a_public_page_for_anonymous_visitors_is_not_forced(db, client):
    response = client.get(reverse("core:healthz"))
    assert "no-store" not in response.headers.get("Cache-Control", "")
