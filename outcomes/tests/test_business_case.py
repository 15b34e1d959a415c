"""The business case on the worked example of the algorithm doc."""

from __future__ import annotations

import numpy as np
import pytest

from outcomes import business_case, load_contract
from outcomes.tests.helpers import EXAMPLES

SMALL = """\
name: Lille business case
currency: DKK
period: {start: "2025-01-01", end: "2025-12-31"}
outcome_window_days: 365
payers: [{id: kommune, name: Kommune, role: municipality}]
recipient: {id: aktor, name: Aktør}
outcomes:
  - {id: job_start, price: 10000, event: job_start}
business_case:
  horizon_months: 6
  discount_rate: 0.0
  municipality: kommune
  intake: [{month: 0, participants: 10}]
  phases: [{name: Forløb, months: 1, cost_per_participant_month: 5000}]
  effect: {employment_rate: 0.5, deadweight: 0.2}
  savings: {benefit_per_month: 10000, prior_weeks_on_support: 100}
  expected_payments: [{outcome: job_start, months_in_work: 0}]
"""


def test_monthly_flows_npv_break_even_and_verdict() -> None:
    bc = business_case(load_contract(SMALL))
    assert bc.parties == ("kommune", "aktor", "state")
    assert np.allclose(bc.net("kommune"), [-50000, -18000, 32000, 32000, 32000, 32000])
    assert np.allclose(bc.cumulative_discounted("kommune"), [-50000, -68000, -36000, -4000, 28000, 60000])
    assert bc.npv == pytest.approx({"kommune": 60000.0, "aktor": 50000.0, "state": 40000.0})
    assert bc.break_even_month == 4
    assert bc.benefit_cost_ratio == pytest.approx(1.6)
    assert bc.verdict == "gain"
    assert bc.next_round_cost == 50000 and bc.funds_next_round


def test_discounting_is_monthly_from_the_annual_rate() -> None:
    bc = business_case(load_contract(SMALL.replace("discount_rate: 0.0", "discount_rate: 0.04")))
    assert bc.discount[1] == pytest.approx(1.04 ** (-1 / 12))
    assert bc.discount[12 % 6] == 1.0
    expected = -50000 - 18000 * 1.04 ** (-1 / 12) + sum(32000 * 1.04 ** (-m / 12) for m in range(2, 6))
    assert bc.npv["kommune"] == pytest.approx(expected)


def test_a_round_that_never_recovers_is_a_loss_with_no_break_even() -> None:
    bc = business_case(load_contract(SMALL), {"employment_rate": 0.1})
    assert bc.verdict == "loss" and bc.break_even_month is None and not bc.funds_next_round


def test_refund_staircase_moves_savings_to_the_municipality_as_support_lengthens() -> None:
    short = business_case(load_contract(SMALL), {"prior_weeks_on_support": 0})
    # onset after 1 month: first month in work is week floor(0 + 4.33) + 1 = 5 -> refund 40 %
    assert short.flows["benefit_savings"]["kommune"][1] == pytest.approx(4 * 10000 * 0.6)
    assert short.flows["benefit_savings"]["state"][1] == pytest.approx(4 * 10000 * 0.4)


def test_drop_off_table_and_caps_in_the_two_sided_example() -> None:
    c = load_contract(EXAMPLES / "vaekstpartnerskab.yaml")
    bc = business_case(c)
    assert bc.payments_total <= 600000 + 1e-6
    assert bc.investment_total == pytest.approx(18 * (6 * 4500 + 6 * 3000) + 9 * 60000 + 18 * 8000)
    assert bc.verdict in ("gain", "loss")
