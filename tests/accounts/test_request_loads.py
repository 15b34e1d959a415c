"""The three loads of every signed-in request, written as plain SQL (issue 18): the session
(core.sessions), the user (accounts.backends.UserBackend) and the user's memberships
(Access._rows) give what the ORM gives."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.access import Access
from accounts.backends import UserBackend
from accounts.models import Membership
from accounts.roles import Role
from accounts.testing import make_user
from core.sessions import SessionStore


def test_access_rows_are_the_orms_rows_in_membership_order(world):
    user = world.users[Role.CONSULTANT]
    Membership.objects.create(user=user, organisation=world.aarhus_business, role=Role.ANALYST)
    Membership.objects.create(user=user, organisation=world.jobcentre, role=Role.CASEWORKER)
    orm = list(
        user.memberships.order_by("pk").values_list(
            "organisation_id", "organisation__municipality_id", "role", "organisation__municipality__name"
        )
    )
    access = Access(user)
    assert len(orm) == 3 and access._rows == orm
    assert access.first_municipality_id == world.kolding.pk
    assert access.holds_role(Role.ANALYST, world.aarhus.pk) and not access.holds_role(Role.CASEWORKER, world.aarhus.pk)
    assert access.municipality_names == ["Aarhus", "Kolding"]


def test_access_rows_of_an_inactive_user_or_one_without_memberships_are_empty(world):
    user = world.users[Role.CASEWORKER]
    user.is_active = False
    assert Access(user)._rows == []
    assert Access(world.nobody)._rows == []


def test_the_backend_loads_the_user_the_orm_loads(world):
    user = world.users[Role.ADMIN]
    loaded = UserBackend().get_user(str(user.pk))  # the session holds the id as text
    assert loaded is not None and loaded.pk == user.pk
    expected = type(user).objects.get(pk=user.pk)
    for field in type(user)._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name


@pytest.mark.parametrize("user_id", ["not-a-number", "999999999", None])
def test_the_backend_refuses_unknown_ids(db, user_id):
    assert UserBackend().get_user(user_id) is None


def test_the_backend_refuses_an_inactive_user(db):
    user = make_user("gone", is_active=False)
    assert UserBackend().get_user(str(user.pk)) is None


def test_the_session_store_loads_live_sessions_only(db):
    store = SessionStore()
    store["colour"] = "blå"
    store.save()
    key = store.session_key
    assert SessionStore(key).load() == {"colour": "blå"}

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None


def test_a_signed_in_request_goes_through_both(world, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    assert client.session[SESSION_KEY] == str(world.users[Role.CASEWORKER].pk)
    response = client.get("/forloeb/")
    assert response.status_code == 200 and response.wsgi_request.user == world.users[Role.CASEWORKER]
