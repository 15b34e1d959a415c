"""Personas shared by every test: one per role in Kolding, and outsiders in Aarhus who must see
nothing of Kolding's."""

from types import SimpleNamespace

import pytest
from django.test import Client

from accounts.roles import Role
from registry.choices import Kind, Sector, Subkind
from tests import factories as f

PASSWORD = "Korrekt-Hest-Batteri-9"


@pytest.fixture
def kolding(db):
    return f.municipality("0621")


@pytest.fixture
def aarhus(db):
    return f.municipality("0751")


@pytest.fixture
def world(kolding, aarhus):
    """Organisations and one user per role. `w.users[role]` is the Kolding user with that role;
    `w.outsiders[role]` the Aarhus one."""
    w = SimpleNamespace()
    w.kolding, w.aarhus = kolding, aarhus
    w.jobcentre = f.municipal_unit(kolding, Subkind.JOB_CENTRE, "Jobcenter Kolding")
    w.business = f.municipal_unit(kolding, Subkind.BUSINESS_SERVICE, "Erhvervsservice Kolding")
    w.procurement = f.municipal_unit(kolding, Subkind.PROCUREMENT, "Indkøb Kolding")
    w.provider = f.organisation(kolding, name="Job & Vækst Kolding ApS", kind=Kind.EMPLOYMENT_ACTOR)
    w.company = f.organisation(kolding, name="Kolding Tømrer A/S", kind=Kind.COMPANY)
    w.social_enterprise = f.organisation(kolding, name="Café Bro ApS", kind=Kind.SOCIAL_ENTERPRISE)
    w.aarhus_jobcentre = f.municipal_unit(aarhus, Subkind.JOB_CENTRE, "Jobcenter Aarhus")
    w.aarhus_business = f.municipal_unit(aarhus, Subkind.BUSINESS_SERVICE, "Erhvervsservice Aarhus")
    w.aarhus_company = f.organisation(aarhus, name="Aarhus Cykler ApS", kind=Kind.COMPANY, sector=Sector.PRIVATE)
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
    w.users = {role: f.user(f"kolding_{role}", organisation=home[role], role=role) for role in Role}
    w.outsiders = {role: f.user(f"aarhus_{role}", organisation=aarhus_home[role], role=role) for role in Role}
    w.nobody = f.user("no_roles")
    return w


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    return login
