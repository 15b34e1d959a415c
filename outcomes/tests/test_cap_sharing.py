"""Sharing a binding cap: `caps.sharing: by_date` (first come, first served; the same day shares)
or `pro_rata` (the payment period in which the cap binds shares it), used the same way by the
settlement and by the business-case forecast. Worked in the algorithm doc, example 2.10."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from outcomes import business_case, load_contract, read_outcomes, settle
from outcomes.tests.helpers import cut, paid, run

JOB = "outcomes:\n  - {id: job_start, price: 10000, event: job_start}\n"
ROWS = ("P1,2025,2025-01-01,job_start,2025-01-15\nP2,2025,2025-01-01,job_start,2025-02-10\n"
        "P3,2025,2025-01-01,job_start,2025-03-01\nP4,2025,2025-01-01,job_start,2025-03-01\n"
        "P5,2025,2025-01-01,job_start,2025-04-01\n")


def test_by_date_pays_earlier_claims_in_full_and_the_same_day_shares_the_rest() -> None:
    s = run(JOB + "caps: {total: 25000, sharing: by_date}\n", ROWS)
    # 10 000 (P1) + 10 000 (P2) leave 5 000 for the two claims of 1 March: 2 500 each
    assert [(ln.subject, str(ln.amount)) for ln in s.lines] == [
        ("P1", "10000.00"), ("P2", "10000.00"), ("P3", "2500.00"), ("P4", "2500.00")]
    assert cut(s) == [("P3", "job_start", "kommune", "total_cap", "7500.00"),
                      ("P4", "job_start", "kommune", "total_cap", "7500.00"),
                      ("P5", "job_start", "kommune", "total_cap", "10000.00")]


def test_pro_rata_cuts_every_claim_of_the_binding_period_by_the_same_fraction() -> None:
    s = run(JOB + "caps: {total: 25000, sharing: pro_rata}\nschedule: {frequency: quarterly}\n", ROWS)
    # Q1 claims 40 000 for 25 000 of room: each paid 25/40 × 10 000 = 6 250; Q2 nothing
    assert [(ln.subject, str(ln.amount)) for ln in s.lines] == [
        ("P1", "6250.00"), ("P2", "6250.00"), ("P3", "6250.00"), ("P4", "6250.00")]
    assert cut(s)[-1] == ("P5", "job_start", "kommune", "total_cap", "10000.00")
    assert sum(Decimal(c[4]) for c in cut(s)) == Decimal(25000)


def test_without_a_sharing_key_the_cap_is_shared_by_date() -> None:
    assert paid(run(JOB + "caps: {total: 25000}\n", ROWS)) == paid(run(JOB + "caps: {total: 25000, sharing: by_date}\n",
                                                                        ROWS))


def test_the_share_is_exact_to_the_ore_when_it_does_not_divide_evenly() -> None:
    rows = "".join(f"P{i},2025,2025-01-01,job_start,2025-03-01\n" for i in (1, 2, 3))
    s = run(JOB + "caps: {total: 100.00}\n", rows)
    assert [str(ln.amount) for ln in s.lines] == ["33.34", "33.33", "33.33"]  # the first takes the odd øre


def test_an_outcome_cap_and_a_payer_cap_follow_the_same_rule() -> None:
    body = "outcomes:\n  - {id: job_start, price: 10000, event: job_start, cap: 15000}\ncaps: {sharing: pro_rata}\n"
    s = run(body, "P1,2025,2025-01-01,job_start,2025-01-10\nP2,2025,2025-01-01,job_start,2025-02-10\n")
    assert [str(ln.amount) for ln in s.lines] == ["7500.00", "7500.00"]
    payers = "payers:\n  - {id: kommune, name: Kommune, cap: 15000}\n"
    s = run(JOB + "caps: {sharing: pro_rata}\n",
            "P1,2025,2025-01-01,job_start,2025-01-10\nP2,2025,2025-01-01,job_start,2025-02-10\n", payers=payers)
    assert cut(s) == [("P1", "job_start", "kommune", "payer_cap", "2500.00"),
                      ("P2", "job_start", "kommune", "payer_cap", "2500.00")]


FORECAST = """\
name: Loft delt ens
currency: DKK
period: {start: "2025-01-01", end: "2025-12-31"}
outcome_window_days: 365
payers:
  - {id: kommune, name: Kommune, role: municipality}
  - {id: fond, name: Fonden, role: fund}
recipient: {id: aktor, name: Aktør}
outcomes:
  - {id: job_start, price: 10000, event: job_start, payers: {kommune: 0.7, fond: 0.3}}
caps: {total: 30000, sharing: SHARING}
schedule: {frequency: quarterly}
business_case:
  start: "2025-01-01"
  horizon_months: 3
  discount_rate: 0
  municipality: kommune
  intake: [{month: 0, participants: 2}, {month: 1, participants: 2}]
  effect: {employment_rate: 1.0, onset_month: 0}
  savings: {benefit_per_month: 0}
  expected_payments: [{outcome: job_start, months_in_work: 0}]
"""
# What the forecast expects, as recorded: two job starts on 1 January, two on 1 February.
RECORDED = ("participant_id,cohort,start_date,event,event_date\n"
            "P1,A,2025-01-01,job_start,2025-01-01\nP2,A,2025-01-01,job_start,2025-01-01\n"
            "P3,B,2025-02-01,job_start,2025-02-01\nP4,B,2025-02-01,job_start,2025-02-01\n")


@pytest.mark.parametrize(("sharing", "by_month"), [
    # by date: January's 20 000 in full, February's 20 000 claims share the last 10 000
    ("by_date", {"kommune": [14000, 7000], "fond": [6000, 3000]}),
    # pro rata: the first quarter's 40 000 of claims share 30 000: every claim × 3/4
    ("pro_rata", {"kommune": [10500, 10500], "fond": [4500, 4500]}),
])
def test_settlement_and_forecast_share_a_binding_cap_the_same_way(sharing: str, by_month: dict[str, list[int]]) -> None:
    c = load_contract(FORECAST.replace("SHARING", sharing))
    s = settle(c, read_outcomes(RECORDED, c.known_events), date(2025, 12, 31))
    settled: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for ln in s.lines:
        settled[ln.payer][ln.event_date.month - 1] += ln.amount
    assert {k: [int(x) for x in v] for k, v in settled.items()} == by_month
    forecast = business_case(c).flows["outcome_payments"]
    for payer, months in by_month.items():
        assert np.allclose(-forecast[payer][:2], months)
