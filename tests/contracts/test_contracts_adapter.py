"""The adapter: recorded pathways become exactly the engine rows written out by hand here, and a
settlement through the platform equals the engine run on an equivalent CSV built independently."""

import datetime
from decimal import Decimal

import pytest

import outcomes
from contracts import adapter
from contracts.adapter import Row
from contracts.models import CohortBy, EntryKind, LedgerEntry
from contracts.services import enrolments_of, run_settlement
from contracts.testing import growth_world
from demo.contracts import GROWTH_CONTRACT_YAML

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 12, 31)


@pytest.fixture
def gw(world):
    return growth_world(world, yaml_text=GROWTH_CONTRACT_YAML)


def expected_rows(gw):
    a, b, c, d, e = (str(x.public_id) for x in (gw.a, gw.b, gw.c, gw.d, gw.e))
    t1, t2 = "Hold 1 (06-01-2025)", "Hold 2 (07-07-2025)"
    rows = [
        Row(a, t1, D(2025, 1, 6)), Row(a, t1, D(2025, 1, 6), "enrolled", D(2025, 1, 6)),
        Row(a, t1, D(2025, 1, 6), "ordinary_job_start", D(2025, 9, 1), Decimal(37)),
        Row(a, t1, D(2025, 1, 6), "in_work_26w", D(2026, 3, 2), Decimal(37)),  # 2025-09-01 + 26 weeks
        Row(b, t1, D(2025, 1, 6)), Row(b, t1, D(2025, 1, 6), "enrolled", D(2025, 1, 6)),
        Row(b, t1, D(2025, 1, 6), "ordinary_job_start", D(2025, 10, 1), Decimal(20)),
        Row(c, t1, D(2025, 1, 13)), Row(c, t1, D(2025, 1, 13), "enrolled", D(2025, 1, 13)),
        Row(c, t1, D(2025, 1, 13), "exit_company_internship", D(2025, 8, 4)),
        Row(d, t2, D(2025, 7, 7)), Row(d, t2, D(2025, 7, 7), "enrolled", D(2025, 7, 7)),
        Row(d, t2, D(2025, 7, 7), "in_work_26w", D(2026, 7, 6), Decimal(30)),  # 2026-01-05 + 26 weeks
        Row(e, t2, D(2025, 7, 7)), Row(e, t2, D(2025, 7, 7), "enrolled", D(2025, 7, 7)),
    ]
    return sorted(rows, key=Row.as_list)


def test_the_adapter_rows_equal_the_hand_written_rows(gw):
    known = adapter.parse(GROWTH_CONTRACT_YAML).known_events
    rows = adapter.outcome_rows(enrolments_of(gw.contract), cohort_by=CohortBy.TEAM, known_events=known, as_of=AS_OF)
    assert rows == expected_rows(gw)


def test_the_full_vocabulary_includes_exits_follow_ups_and_milestones(gw):
    rows = adapter.outcome_rows(enrolments_of(gw.contract), cohort_by=CohortBy.HALF_YEAR,
                                known_events=adapter.vocabulary(), as_of=AS_OF)
    a = {(r.event, r.event_date) for r in rows if r.participant_id == str(gw.a.public_id)}
    assert {("job_start", D(2025, 9, 1)), ("exit_ordinary_employment", D(2025, 9, 1)),
            ("in_work_13w", D(2025, 12, 1)), ("in_work_or_education_13w", D(2025, 12, 1))} <= a
    c = {r.event for r in rows if r.participant_id == str(gw.c.public_id)}
    assert "milestone_hygiene" in c and "job_start" not in c
    d = {r.event for r in rows if r.participant_id == str(gw.d.public_id)}
    assert "job_start" in d and "ordinary_job_start" not in d  # a wage subsidy is work, not ordinary work
    b = {r.event for r in rows if r.participant_id == str(gw.b.public_id)}
    assert "in_work_26w" not in b and "in_work_or_education_26w" not in b  # 'neither' is no event
    assert {r.cohort for r in rows} == {"2025-H1", "2025-H2"}


def test_enrolments_starting_after_the_as_of_date_are_left_out(gw):
    rows = adapter.outcome_rows(enrolments_of(gw.contract), cohort_by=CohortBy.TEAM,
                                known_events=["enrolled"], as_of=D(2025, 3, 1))
    assert {r.participant_id for r in rows} == {str(gw.a.public_id), str(gw.b.public_id), str(gw.c.public_id)}


def test_a_settlement_through_the_platform_equals_the_engine_on_an_equivalent_csv(gw, world):
    run = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    # The CSV is written from the fixture's facts, not from the adapter.
    a, b, c, d, e = (str(x.public_id) for x in (gw.a, gw.b, gw.c, gw.d, gw.e))
    csv = "\n".join([
        "participant_id,cohort,start_date,event,event_date,value",
        f"{a},T1,2025-01-06,ordinary_job_start,2025-09-01,37", f"{a},T1,2025-01-06,in_work_26w,2026-03-02,37",
        f"{b},T1,2025-01-06,ordinary_job_start,2025-10-01,20", f"{c},T1,2025-01-13,,,",
        f"{d},T2,2025-07-07,in_work_26w,2026-07-06,30", f"{e},T2,2025-07-07,,,",
    ]) + "\n"
    contract = outcomes.load_contract(GROWTH_CONTRACT_YAML)
    engine = outcomes.settle(contract, outcomes.read_outcomes(csv, contract.known_events), AS_OF)
    stored = list(LedgerEntry.objects.filter(run=run, kind=EntryKind.PAID).order_by("position")
                  .values_list("subject", "outcome", "rule", "payer", "period", "amount"))
    assert stored == [(ln.subject, ln.outcome, ln.rule, ln.payer, ln.period, ln.amount) for ln in engine.lines]
    cuts = list(LedgerEntry.objects.filter(run=run, kind=EntryKind.CUT).order_by("position")
                .values_list("subject", "outcome", "rule", "amount"))
    assert cuts == [(x.subject, x.outcome, x.reason, x.amount) for x in engine.cut_offs]
    assert run.total == engine.total == Decimal("85000.00")  # A 25 000 + 35 000, B 25 000
    assert cuts == [(d, "job_6m", "prerequisite", Decimal("35000.00"))]
