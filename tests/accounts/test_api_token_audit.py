"""API tokens are issued and revoked on the profile page through accounts.services: each change
writes an audit row for every municipality the user works in (so each administrator sees it),
never the raw token; a revoked token answers 401."""

import pytest
from django.urls import reverse

from accounts.models import ApiToken
from accounts.roles import Role
from audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_issuing_a_token_on_the_profile_page_is_audited_without_the_raw_value(world, client_for):
    user = world.users[Role.CONSULTANT]
    user.memberships.create(organisation=world.aarhus_business, role=Role.CONSULTANT)
    response = client_for(user).post(reverse("accounts:token_create"), {"name": "Regneark", "scope": "read", "days": "90"})
    raw = response.context["new_token"]
    token = ApiToken.objects.get(user=user)
    events = AuditEvent.objects.filter(event="accounts.token.issue").order_by("municipality_id")
    assert [(e.actor, e.action, e.object_id, e.municipality_id) for e in events] == [
        (user, AuditAction.CREATE, str(token.pk), world.kolding.pk),
        (user, AuditAction.CREATE, str(token.pk), world.aarhus.pk),
    ]
    assert events[0].changes == {
        "name": "Regneark", "prefix": raw[:8], "scope": "read", "expires_at": token.expires_at.isoformat()
    }  # fmt: skip
    assert not any(raw in str(e.changes) + e.object_label for e in events)


def test_revoking_a_token_is_audited_and_the_token_stops_working(world, client_for, api_for):
    user = world.users[Role.CASEWORKER]
    api = api_for(user)
    token = api.token
    assert api.get("/api/v1/organisations").status_code == 200
    response = client_for(user).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    event = AuditEvent.objects.get(event="accounts.token.revoke")
    assert (event.actor, event.action, event.object_id, event.municipality_id) == (
        user, AuditAction.UPDATE, str(token.pk), world.kolding.pk,
    )  # fmt: skip
    assert api.get("/api/v1/organisations").status_code == 401


def test_another_users_token_cannot_be_revoked(world, client_for):
    token, _raw = ApiToken.issue(user=world.users[Role.ANALYST], name="Analyse")
    response = client_for(world.users[Role.CASEWORKER]).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(event="accounts.token.revoke").exists()


def test_a_token_without_a_name_is_refused_and_nothing_is_written(world, client_for):
    user = world.users[Role.CASEWORKER]
    client_for(user).post(reverse("accounts:token_create"), {"name": "  "})
    assert not ApiToken.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(event="accounts.token.issue").exists()
