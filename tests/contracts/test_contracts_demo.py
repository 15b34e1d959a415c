"""The demo hook: Kolding's growth partnership and contract on the seed-001 programmes, with one
stored settlement run; skipped without programmes; idempotent."""

from datetime import date as D

import pytest

from accounts.roles import Role
from accounts.testing import make_user
from contracts.models import OutcomeContract, SettlementRun
from demo.contracts import CONTRACT_NAME, seed_contracts
from pathways.testing import enrol, make_programme, record_exit

pytestmark = pytest.mark.django_db


def test_the_demo_hook_skips_without_seed_001_programmes(world):
    assert seed_contracts(world.kolding, as_of=D(2026, 1, 15)).startswith("skipped")
    assert not OutcomeContract.objects.exists()


def test_the_demo_hook_creates_partnership_contract_and_one_run_once(world):
    make_user("indkoeber", organisation=world.procurement, role=Role.PROCUREMENT)
    programme = make_programme(provider=world.provider, key="vaekstpartnerskab", team_start=D(2025, 1, 6),
                               capacity=None)
    team = programme.teams.get()
    e = enrol(
        caseworker=world.users["caseworker"], municipality=world.kolding, team=team, start=D(2025, 1, 6),
        name="Demo Borger",
    )  # fmt: skip
    record_exit(e, outcome="ordinary_employment", on=D(2025, 8, 1), hours="37")
    assert seed_contracts(world.kolding, as_of=D(2026, 1, 15)) == "created"
    contract = OutcomeContract.objects.get(municipality=world.kolding, name=CONTRACT_NAME)
    assert contract.partnership is not None and list(contract.programmes.all()) == [programme]
    run = SettlementRun.objects.get(contract=contract)
    assert run.total == 25000 and run.participants == 1
    assert seed_contracts(world.kolding, as_of=D(2026, 1, 15)) == "exists"
    assert SettlementRun.objects.filter(contract=contract).count() == 1
