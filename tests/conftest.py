"""Personas shared by every test: one per role in Kolding, and outsiders in Aarhus who must see
nothing of Kolding's."""

from types import SimpleNamespace

import pytest
from django.test import Client

from accounts.roles import Role
from accounts.testing import api_client, make_user
from registry.choices import Kind, Sector, Subkind
from registry.testing import make_municipal_unit, make_organisation
from tenants.models import Municipality


@pytest.fixture
def kolding(db):
    return Municipality.objects.get(code="0621")


@pytest.fixture
def aarhus(db):
    return Municipality.objects.get(code="0751")


@pytest.fixture
def world(kolding, aarhus):
    """Organisations and one user per role. `w.users[role]` is the Kolding user with that role;
    `w.outsiders[role]` the Aarhus one."""
    w = SimpleNamespace()
    w.kolding, w.aarhus = kolding, aarhus
    w.jobcentre = make_municipal_unit(kolding, Subkind.JOB_CENTRE, "Jobcenter Kolding")
    w.business = make_municipal_unit(kolding, Subkind.BUSINESS_SERVICE, "Erhvervsservice Kolding")
    w.procurement = make_municipal_unit(kolding, Subkind.PROCUREMENT, "Indkøb Kolding")
    w.provider = make_organisation(kolding, name="Job & Vækst Kolding ApS", kind=Kind.EMPLOYMENT_ACTOR)
    w.company = make_organisation(kolding, name="Kolding Tømrer A/S", kind=Kind.COMPANY)
    w.social_enterprise = make_organisation(kolding, name="Café Bro ApS", kind=Kind.SOCIAL_ENTERPRISE)
    w.aarhus_jobcentre = make_municipal_unit(aarhus, Subkind.JOB_CENTRE, "Jobcenter Aarhus")
    w.aarhus_business = make_municipal_unit(aarhus, Subkind.BUSINESS_SERVICE, "Erhvervsservice Aarhus")
    w.aarhus_company = make_organisation(aarhus, name="Aarhus Cykler ApS", kind=Kind.COMPANY, sector=Sector.PRIVATE)
    home = {
        Role.CASEWORKER: w.jobcentre,
        Role.PROVIDER: w.provider,
        Role.COMPANY: w.company,
        Role.PROCUREMENT: w.procurement,
        Role.CONSULTANT: w.business,
        Role.ANALYST: w.business,
        Role.ADMIN: w.business,
    }
    aarhus_home = {role: (w.aarhus_company if role in (Role.PROVIDER, Role.COMPANY) else w.aarhus_business) for role in Role}
    aarhus_home[Role.CASEWORKER] = w.aarhus_jobcentre
    w.home = home
    w.users = {role: make_user(f"kolding_{role}", organisation=home[role], role=role) for role in Role}
    w.outsiders = {role: make_user(f"aarhus_{role}", organisation=aarhus_home[role], role=role) for role in Role}
    w.nobody = make_user("no_roles")
    return w


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    """A logged-in page client for a user: `client_for(world.users[Role.CASEWORKER])`."""
    return login


@pytest.fixture
def api_for(db):
    """A JSON API client for a user, with a fresh bearer token: `api_for(user).get("/api/v1/…")`
    (accounts.testing.api_client; `.token` is the stored token)."""
    return api_client
