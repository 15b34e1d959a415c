"""Settlement with memory and four-eyes approval.

Growth world (contracts.testing.growth_world, the demo contract): as of 2026-12-31 the first
settlement pays A's job start (25 000) and six months (35 000) and B's job start (25 000):
85 000 kr. Its adjustment lines are those three lines, reason "new". After two approvals:
- a late outcome dated earlier (E into ordinary work 2025-09-15, recorded now) → one extra
  payment of 25 000 kr., reason "new"; nothing paid is rewritten;
- a corrected exit (B's ordinary job was really a dropout) → a clawback of −25 000 kr., reason
  "withdrawn" (no rule cuts it: the data no longer has it).
"""

import datetime
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from contracts.models import EntryKind, ImmutableError, LedgerEntry, PaymentApproval, SettlementRun
from contracts.services import run_plan_vs_actual, run_settlement
from contracts.services_payments import approved_runs, paid_lines, run_approve
from contracts.testing import growth_world
from demo.contracts import GROWTH_CONTRACT_YAML
from pathways.models import Exit
from pathways.testing import record_exit

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 12, 31)


@pytest.fixture
def gw(world):
    return growth_world(world, yaml_text=GROWTH_CONTRACT_YAML)


def adjustments(run):
    return list(LedgerEntry.objects.filter(run=run, kind=EntryKind.ADJUSTMENT).order_by("position")
                .values_list("subject", "outcome", "amount", "reason"))


def approve_twice(run, world):
    run_approve(by=world.users[Role.PROCUREMENT], run=run)
    run_approve(by=world.users[Role.ANALYST], run=run)


def test_the_first_run_pays_all_its_lines_as_new(gw, world):
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    a, b = str(gw.a.public_id), str(gw.b.public_id)
    assert sorted(adjustments(run)) == sorted([
        (a, "ordinary_job", Decimal("25000.00"), "new"), (a, "job_6m", Decimal("35000.00"), "new"),
        (b, "ordinary_job", Decimal("25000.00"), "new")])
    assert run.result["adjustments"]["total"] == "85000.00"
    assert run.result["adjustments"]["paid_before"] == "0"


def test_a_late_outcome_dated_earlier_is_an_extra_payment_and_nothing_paid_is_rewritten(gw, world):
    first = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    approve_twice(first, world)
    before = adjustments(first)
    record_exit(gw.e, outcome="ordinary_employment", on=D(2025, 9, 15), hours="37")
    second = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    assert adjustments(second) == [(str(gw.e.public_id), "ordinary_job", Decimal("25000.00"), "new")]
    r = second.result["adjustments"]
    assert (r["paid_before"], r["due_now"], r["total"]) == ("85000.00", "110000.00", "25000.00")
    assert adjustments(first) == before


def test_a_corrected_exit_is_a_clawback_with_its_reason(gw, world):
    first = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    approve_twice(first, world)
    Exit.objects.filter(enrolment=gw.b).update(outcome="dropout")
    second = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    assert adjustments(second) == [(str(gw.b.public_id), "ordinary_job", Decimal("-25000.00"), "withdrawn")]
    assert second.result["adjustments"]["clawback"] == "25000.00"  # the engine reports its size


def test_paid_plus_adjustments_equals_a_fresh_settlement_after_two_approved_rounds(gw, world):
    first = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    approve_twice(first, world)
    record_exit(gw.e, outcome="ordinary_employment", on=D(2025, 9, 15), hours="37")
    Exit.objects.filter(enrolment=gw.b).update(outcome="dropout")
    second = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    approve_twice(second, world)
    paid = sum((Decimal(str(p["amount"])) for p in paid_lines(gw.contract)), Decimal(0))
    fresh = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    assert paid == fresh.total == Decimal("85000.00")
    assert adjustments(fresh) == []


def test_the_same_user_cannot_approve_twice(gw, world):
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    run_approve(by=world.users[Role.PROCUREMENT], run=run)
    with pytest.raises(ValidationError, match="anden bruger"):
        run_approve(by=world.users[Role.PROCUREMENT], run=run)
    assert not approved_runs(gw.contract).exists()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        PaymentApproval.objects.create(run=run, step=2, approved_by=world.users[Role.PROCUREMENT])


def test_an_approved_run_is_immutable_and_cannot_be_approved_a_third_time(gw, world):
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    approve_twice(run, world)
    with pytest.raises(ValidationError, match="allerede godkendt"):
        run_approve(by=world.users[Role.ADMIN], run=run)
    approval = PaymentApproval.objects.filter(run=run).first()
    for obj in (run, approval):
        with pytest.raises(ImmutableError):
            obj.save()
        with pytest.raises(ImmutableError):
            obj.delete()
    for sql in ("UPDATE contracts_settlementrun SET total = 0", "DELETE FROM contracts_paymentapproval"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.filter(event="contracts.run.approve", object_id=str(run.pk)).count() == 2


def test_a_run_made_before_another_was_approved_must_be_run_again(gw, world):
    one = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    two = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    approve_twice(one, world)
    with pytest.raises(ValidationError, match="Kør afregningen igen"):
        run_approve(by=world.users[Role.PROCUREMENT], run=two)


def test_approved_payments_feed_plan_against_actual(gw, world):
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    approve_twice(run, world)
    plan = run_plan_vs_actual(by=world.users[Role.ANALYST], contract=gw.contract, as_of=AS_OF)
    paid_by_kolding = sum(Decimal(x) for x in plan.result["actual"]["outcome_payments"]["kolding"])
    assert paid_by_kolding == Decimal("-85000.00")


def test_the_second_user_approves_on_the_page_and_exports_the_payment_lines(gw, world, client_for):
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    first, second = client_for(world.users[Role.PROCUREMENT]), client_for(world.users[Role.ANALYST])
    url = reverse("contracts:run", args=[run.public_id])
    csv_url = reverse("contracts:payments_export", args=[run.public_id, "csv"])
    assert first.get(csv_url).status_code == 302  # not before approval
    first.post(reverse("contracts:approve", args=[run.public_id]))
    page = first.get(url).content.decode()
    assert "Mangler én godkendelse" in page and 'id="approve"' not in page
    second.post(reverse("contracts:approve", args=[run.public_id]))
    page = second.get(url).content.decode()
    assert "Godkendt til betaling" in page and "Ordinær ustøttet beskæftigelse" in page
    body = b"".join(second.get(csv_url).streaming_content).decode("utf-8-sig")
    assert "Kolding Kommune" in body and "25000,00" in body and "job_6m" not in body
    xlsx = second.get(reverse("contracts:payments_export", args=[run.public_id, "xlsx"]))
    assert xlsx.status_code == 200


def test_an_outsider_cannot_approve(gw, world, client_for):
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    for user in (world.outsiders[Role.PROCUREMENT], world.users[Role.CASEWORKER]):
        response = client_for(user).post(reverse("contracts:approve", args=[run.public_id]))
        assert response.status_code == 404
    assert not PaymentApproval.objects.exists()


# --- at once, against PostgreSQL ------------------------------------------------------------

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _in_thread(fn):
    try:
        return fn()
    except ValidationError as error:
        return error
    finally:
        connection.close()


@committed
def test_twenty_submissions_of_one_settlement_form_at_once_make_one_run(gw, world):
    by = world.users[Role.PROCUREMENT]

    def submit():
        return run_settlement(by=by, contract=gw.contract, as_of=AS_OF, idempotency_key="skema-1").pk

    with ThreadPoolExecutor(max_workers=20) as pool:
        pks = list(pool.map(lambda _: _in_thread(submit), range(20)))
    assert len(set(pks)) == 1
    assert SettlementRun.objects.filter(contract=gw.contract).count() == 1
    assert AuditEvent.objects.filter(event="contracts.run.settle").count() == 1


@committed
def test_one_user_approving_twice_at_once_gives_one_approval(gw, world):
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=AS_OF)
    by = world.users[Role.PROCUREMENT]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: _in_thread(lambda: run_approve(by=by, run=run)), range(8)))
    assert PaymentApproval.objects.filter(run=run).count() == 1


def test_a_simulation_calibrated_on_recorded_rows_says_whether_the_data_was_enough(gw, world, client_for):
    from contracts.services import run_simulation

    run = run_simulation(by=world.users[Role.ANALYST], contract=gw.contract, runs=200, seed=1, as_of=AS_OF,
                         calibrate=True)
    (emp, *_rest) = run.result["calibration"]["inputs"]
    assert (emp["input"], emp["used"]) == ("employment_rate", False)  # five participants: fewer than ten
    assert len(run.result["fan"]["P50"]) == len(run.result["fan"]["months"])
    page = client_for(world.users[Role.ANALYST]).get(reverse("contracts:run", args=[run.public_id])).content.decode()
    assert "Beskæftigelsesandel" in page and "Nej, for få færdige deltagere" in page
