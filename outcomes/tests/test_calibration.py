"""The simulation calibrated on recorded rates: conjugate Beta updates, by hand.
Worked in the algorithm doc, section 12."""

from __future__ import annotations

from datetime import date

import pytest

from outcomes import load_contract, simulate
from outcomes.calibration import Observed, ObservedRate, calibrate, observed_rates
from outcomes.records import ExitRecord, FollowUpRecord, Participation, RecordedData
from outcomes.tests.helpers import EXAMPLES
from outcomes.tests.test_business_case import SMALL

NO_RETENTION = {13: ObservedRate(0, 0), 26: ObservedRate(0, 0), 52: ObservedRate(0, 0)}


def _params(d) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    return d.param("alpha"), d.param("beta")


def test_a_uniform_prior_is_beta_1_1_and_the_counts_are_added() -> None:
    c = load_contract(SMALL + "uncertainty:\n  employment_rate: {distribution: uniform, min: 0, max: 1}\n")
    cal = calibrate(c, Observed(ObservedRate(30, 40), NO_RETENTION))
    (emp, _drop) = cal.inputs
    assert emp.used and _params(emp.posterior) == pytest.approx((31, 11))  # Beta(1 + 30, 1 + 10)
    assert cal.contract.business_case.employment_rate == pytest.approx(31 / 42)  # type: ignore[union-attr]
    assert cal.contract.uncertainty["employment_rate"].kind == "beta"
    assert emp.posterior_interval[1] - emp.posterior_interval[0] < emp.prior_interval[1] - emp.prior_interval[0]


def test_a_point_value_counts_as_ten_observations() -> None:
    c = load_contract(SMALL.replace("employment_rate: 0.5", "employment_rate: 0.45"))
    emp = calibrate(c, Observed(ObservedRate(12, 20), NO_RETENTION)).inputs[0]
    assert _params(emp.prior) == pytest.approx((4.5, 5.5)) and _params(emp.posterior) == pytest.approx((16.5, 13.5))
    assert emp.posterior_mean == pytest.approx(0.55)


def test_too_few_complete_observations_leave_the_contract_as_it_was() -> None:
    c = load_contract(SMALL)
    cal = calibrate(c, Observed(ObservedRate(5, 8), NO_RETENTION))
    assert not cal.inputs[0].used and "fewer than 10" in cal.inputs[0].note
    assert cal.contract.business_case == c.business_case and dict(cal.contract.uncertainty) == {}


def test_the_annual_drop_off_from_retention_at_52_weeks() -> None:
    c = load_contract(SMALL.replace("deadweight: 0.2}", "deadweight: 0.2, drop_off: {annual: 0.25}}"))
    retention = {13: ObservedRate(19, 20), 26: ObservedRate(18, 20), 52: ObservedRate(16, 20)}
    drop = calibrate(c, Observed(ObservedRate(0, 0), retention)).inputs[1]
    # r52 prior Beta(7.5, 2.5) around 0.75; + 16 of 20 → Beta(23.5, 6.5); a = 1 − r → Beta(6.5, 23.5)
    assert drop.used and _params(drop.posterior) == pytest.approx((6.5, 23.5))
    assert drop.posterior_mean == pytest.approx(6.5 / 30)


def test_complete_observations_are_counted_from_the_recorded_rows() -> None:
    c = load_contract(SMALL)  # one phase of one month
    data = RecordedData.from_rows(
        [Participation(f"P{i}", "A", date(2025, 1, 1)) for i in range(4)] + [Participation("P9", "B", date(2025, 6, 1))],
        exits=[ExitRecord("P0", date(2025, 2, 1), True), ExitRecord("P1", date(2025, 3, 1), True),
               ExitRecord("P2", date(2025, 2, 1), False), ExitRecord("P9", date(2025, 6, 10), True)],
        follow_ups=[FollowUpRecord("P0", 13, True), FollowUpRecord("P1", 13, False)])
    seen = observed_rates(data, c, date(2025, 6, 15))
    # P0–P3 are past their phases (1 Feb); P9 is not (1 July): 2 of 4. At 13 weeks: P0 (3 May) and P1 (31 May)
    assert seen.employment == ObservedRate(2, 4)
    assert seen.retention[13] == ObservedRate(1, 2) and seen.retention[26] == ObservedRate(0, 0)


def test_a_calibrated_simulation_is_narrower() -> None:
    c = load_contract(EXAMPLES / "vaekstpartnerskab.yaml")
    retention = {13: ObservedRate(90, 100), 26: ObservedRate(85, 100), 52: ObservedRate(300, 400)}
    cal = calibrate(c, Observed(ObservedRate(180, 400), retention))
    before, after = simulate(c, runs=400, seed=5), simulate(cal.contract, runs=400, seed=5)

    def width(s):  # type: ignore[no-untyped-def]
        return s.percentile("npv", 95) - s.percentile("npv", 5)

    assert width(after) < width(before)
    assert cal.contract.business_case.drop_off.annual == pytest.approx(0.25, abs=0.02)  # type: ignore[union-attr]
