"""Runs are immutable and carry a stable fingerprint of their inputs: the same inputs give the
same fingerprint and ledger; a new outcome changes it; updates and deletes are refused, also in
raw SQL on PostgreSQL."""

from datetime import date as D
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from contracts.models import ContractVersion, EntryKind, ImmutableError, LedgerEntry, SettlementRun
from contracts.services import run_settlement
from contracts.testing import growth_world
from demo.contracts import GROWTH_CONTRACT_YAML
from pathways.testing import record_exit

pytestmark = pytest.mark.django_db
AS_OF = D(2026, 12, 31)


@pytest.fixture
def gw(world):
    return growth_world(world, yaml_text=GROWTH_CONTRACT_YAML)


def ledger_of(run):
    return list(LedgerEntry.objects.filter(run=run).order_by("kind", "position")
                .values_list("kind", "subject", "outcome", "rule", "payer", "period", "amount"))


def test_the_same_inputs_give_the_same_fingerprint_and_ledger(gw, world):
    first = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    second = run_settlement(by=world.users["analyst"], contract=gw.contract, as_of=AS_OF)
    assert first.pk != second.pk
    assert first.input_fingerprint == second.input_fingerprint
    assert first.engine_fingerprint == second.engine_fingerprint
    assert ledger_of(first) == ledger_of(second) != []


def test_an_added_outcome_changes_the_fingerprint_and_the_total(gw, world):
    first = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    record_exit(gw.e, outcome="ordinary_employment", on=D(2026, 2, 2), hours="37")
    second = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    assert second.input_fingerprint != first.input_fingerprint
    assert second.total == first.total + Decimal("25000.00")
    assert first.total == Decimal("85000.00")  # the stored run is unchanged


def test_another_as_of_date_is_another_fingerprint(gw, world):
    a = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    b = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=D(2026, 6, 30))
    assert a.input_fingerprint != b.input_fingerprint


def test_runs_entries_and_versions_refuse_update_and_delete_in_python(gw, world):
    run = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    entry = LedgerEntry.objects.filter(run=run).first()
    version = gw.contract.versions.get()
    for obj in (run, entry, version):
        with pytest.raises(ImmutableError):
            obj.save()
        with pytest.raises(ImmutableError):
            obj.delete()
    assert SettlementRun.objects.get(pk=run.pk).total == Decimal("85000.00")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL only")
@pytest.mark.parametrize("sql", [
    "UPDATE contracts_settlementrun SET total = 1 WHERE id = %s",
    "DELETE FROM contracts_settlementrun WHERE id = %s",
    "UPDATE contracts_ledgerentry SET amount = 1 WHERE run_id = %s",
    "DELETE FROM contracts_ledgerentry WHERE run_id = %s",
])
def test_the_database_refuses_raw_updates_and_deletes(gw, world, sql):
    run = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [run.pk])
    assert LedgerEntry.objects.filter(run=run, kind=EntryKind.PAID).count() == 3
    assert SettlementRun.objects.filter(pk=run.pk, total=Decimal("85000.00")).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL only")
def test_the_database_refuses_a_raw_update_of_a_contract_version(gw):
    version = gw.contract.versions.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE contracts_contractversion SET yaml_text = 'x' WHERE id = %s", [version.pk])
    assert ContractVersion.objects.get(pk=version.pk).yaml_text.startswith("#")


def test_a_failing_run_stores_nothing(gw, world):
    # A cohort term naming a comparison group with no members is an outcomes error in the engine.
    from contracts.services import contract_revise

    yaml = gw.contract.versions.get().yaml_text.replace("caps:", """cohort_terms:
  - id: work_rate
    kind: rate
    event: ordinary_job_start
    price: 1000
    comparison_group: comparison
caps:""", 1)
    contract_revise(by=world.users["procurement"], contract=gw.contract, yaml_text=yaml, cohort_by="team")
    before = SettlementRun.objects.count()
    with pytest.raises(ValidationError, match="comparison"):
        run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    assert SettlementRun.objects.count() == before
