"""Builders for tests, benchmarks and the demo: users with a role in an organisation, and a
test client that speaks to the JSON API with a user's bearer token. The one home of each
accounts builder (CONTRIBUTING.md)."""

from django.test import Client

from .models import ApiToken, Membership, User

# Every test user's password (long enough for the password validators).
PASSWORD = "Korrekt-Hest-Batteri-9"  # noqa: S105 - test users only


def make_user(username: str, *, organisation=None, role: str | None = None, **fields) -> User:
    """A user with PASSWORD and, when both are given, `role` in `organisation`."""
    u = User.objects.create_user(username=username, email=f"{username}@example.dk", password=PASSWORD, **fields)
    if organisation is not None and role is not None:
        Membership.objects.create(user=u, organisation=organisation, role=role)
    return u


def api_client(user, **client_options) -> Client:
    """A test client whose every request carries a fresh bearer token of `user`. `token` is the
    stored ApiToken (to revoke or inspect it), `authorization` the header value (for clients
    other than Django's)."""
    token, raw = ApiToken.issue(user=user, name="test")
    client = Client(headers={"Authorization": f"Bearer {raw}"}, **client_options)
    client.token, client.authorization = token, f"Bearer {raw}"
    return client
