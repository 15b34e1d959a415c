"""API tokens expire (90 days by default, a year at most), have a scope (a read token is refused
on every write) and show their owner when they were last used (issue 11, finding 1)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import TOKEN_MAX_DAYS, ApiToken, TokenScope
from accounts.roles import Role

ORGANISATIONS = "/api/v1/organisations"
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def new_organisation(world) -> dict:
    return {"name": "Ny Café ApS", "kind": "social_enterprise", "sector": "private", "municipality": world.kolding.code}


def test_a_token_lives_90_days_unless_told_otherwise_and_never_more_than_a_year(world):
    with time_machine.travel(START, tick=False):
        token, _raw = ApiToken.issue(user=world.users[Role.CONSULTANT], name="standard")
        longest, _raw = ApiToken.issue(user=world.users[Role.CONSULTANT], name="lang", days=TOKEN_MAX_DAYS)
    assert token.expires_at.timestamp() == START.timestamp() + 90 * 86400  # 90 × 24 h, across DST
    assert longest.expires_at.timestamp() == START.timestamp() + 365 * 86400
    with pytest.raises(ValueError):
        ApiToken.issue(user=world.users[Role.CONSULTANT], name="for lang", days=366)


def test_an_expired_token_is_refused_with_a_json_401_that_says_so(world):
    with time_machine.travel(START, tick=False) as traveller:
        _token, raw = ApiToken.issue(user=world.users[Role.CONSULTANT], name="kort", days=30)
        assert bearer(raw).get(ORGANISATIONS).status_code == 200
        traveller.shift(timedelta(days=30, seconds=1))
        response = bearer(raw).get(ORGANISATIONS)
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("application/json")
    assert "udløbet" in response.json()["detail"]


def test_a_read_token_reads_but_every_write_is_refused_with_403(world):
    _token, raw = ApiToken.issue(user=world.users[Role.CONSULTANT], name="læser", scope=TokenScope.READ)
    client = bearer(raw)
    assert client.get(ORGANISATIONS).status_code == 200
    org = world.social_enterprise
    for method, url in [
        ("post", ORGANISATIONS),
        ("patch", f"{ORGANISATIONS}/{org.public_id}"),
        ("put", f"{ORGANISATIONS}/{org.public_id}/assessments"),
    ]:
        response = getattr(client, method)(url, new_organisation(world), content_type="application/json")
        assert response.status_code == 403, (method, url)
        assert response.json()["detail"] == "API-nøglen må kun læse."


def test_a_write_token_of_the_same_user_may_write(world):
    _token, raw = ApiToken.issue(user=world.users[Role.CONSULTANT], name="skriver", scope=TokenScope.WRITE)
    response = bearer(raw).post(ORGANISATIONS, new_organisation(world), content_type="application/json")
    assert response.status_code == 201, response.content


def test_the_profile_creates_a_read_token_by_default_and_shows_scope_expiry_and_last_use(world, client_for):
    consultant = world.users[Role.CONSULTANT]
    client = client_for(consultant)
    with time_machine.travel(START, tick=False) as traveller:
        page = client.post(reverse("accounts:token_create"), {"name": "Power BI", "scope": "read", "days": "90"})
        assert page.status_code == 200
        token = ApiToken.objects.get(user=consultant, name="Power BI")
        assert token.scope == TokenScope.READ
        raw = page.content.decode().split('<code class="token-value">')[1].split("</code>")[0]
        traveller.shift(timedelta(minutes=20))  # within the 30-minute idle timeout
        bearer(raw).get(ORGANISATIONS)
        body = client.get(reverse("accounts:profile")).content.decode()
    assert "Kun læse" in body
    assert "31-05-2026" in body  # 2 March + 90 days
    assert "02-03-2026 09:20" in body  # last used, Danish time
    assert "Udløber" in body and "Sidst brugt" in body


def test_the_profile_refuses_a_validity_longer_than_a_year(world, client_for):
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(reverse("accounts:token_create"), {"name": "evig", "scope": "write", "days": "3650"})
    assert response.status_code == 422
    assert not ApiToken.objects.filter(name="evig").exists()
