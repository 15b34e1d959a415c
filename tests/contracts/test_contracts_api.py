"""Contracts, runs, payment lines and approvals in the JSON API, with the pages' permissions.

Until brobyg/api.py mounts contracts.api.router, the router is exercised through ninja's test
client with the user set on the request (the API's token authentication is tested elsewhere)."""

import datetime

import pytest
from ninja.testing import TestClient

from accounts.roles import Role
from contracts.api import router
from contracts.models import PaymentApproval, SettlementRun
from contracts.testing import growth_world
from demo.contracts import GROWTH_CONTRACT_YAML

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def gw(world):
    return growth_world(world, yaml_text=GROWTH_CONTRACT_YAML)


@pytest.fixture
def client():
    return TestClient(router)


def test_contracts_come_with_their_terms_in_danish(gw, world, client):
    body = client.get("/contracts", user=world.users[Role.CASEWORKER]).json()
    assert [c["name"] for c in body] == ["Vækstpartnerskab Kolding"]
    outcomes = body[0]["terms"]["outcomes"]
    assert outcomes[0]["event"] == "Start i ordinært, ustøttet job" and outcomes[0]["price"] == "25000.00"
    assert client.get("/contracts", user=world.outsiders[Role.CASEWORKER]).json() == []


def test_a_settlement_through_the_api_is_idempotent_and_approved_by_two_users(gw, world, client):
    url = f"/contracts/{gw.contract.public_id}/runs"
    body = {"kind": "settle", "as_of": "2026-12-31", "idempotency_key": "api-1"}
    first = client.post(url, json=body, user=world.users[Role.PROCUREMENT])
    again = client.post(url, json=body, user=world.users[Role.PROCUREMENT])
    assert first.status_code == 201 and first.json()["public_id"] == again.json()["public_id"]
    assert SettlementRun.objects.count() == 1
    run = first.json()["public_id"]
    lines = client.get(f"/runs/{run}/payments", user=world.users[Role.ANALYST]).json()
    assert {ln["outcome_name"] for ln in lines} == {"Ordinær ustøttet beskæftigelse (job start)",
                                                    "Seks måneder i beskæftigelse efter jobstart (opfølgning uge 26)"}
    assert {ln["reason_name"] for ln in lines} == {
        "Ikke betalt før: registreret sent eller dokumenteret siden sidste godkendte afregning"}
    client.post(f"/runs/{run}/approve", user=world.users[Role.PROCUREMENT])
    done = client.post(f"/runs/{run}/approve", user=world.users[Role.ANALYST]).json()
    assert done["approved"] is True and [a["step"] for a in done["approvals"]] == [1, 2]
    assert PaymentApproval.objects.count() == 2


def test_another_municipality_sees_nothing(gw, world, client):
    assert client.get(f"/contracts/{gw.contract.public_id}", user=world.outsiders[Role.ANALYST]).status_code == 404
    assert client.get(f"/contracts/{gw.contract.public_id}/runs", user=world.users[Role.PROVIDER]).status_code == 404
