"""Monte Carlo: reproducible, consistent with the business case, and a tornado."""

from __future__ import annotations

import numpy as np
import pytest

from outcomes import business_case, load_contract, simulate
from outcomes.simulation import quantile, sample
from outcomes.tests.helpers import EXAMPLES
from outcomes.tests.test_business_case import SMALL


def test_the_same_seed_gives_the_same_runs() -> None:
    c = load_contract(EXAMPLES / "vaekstpartnerskab.yaml")
    a, b = simulate(c, runs=300, seed=7), simulate(c, runs=300, seed=7)
    assert np.array_equal(a.npv, b.npv) and np.array_equal(a.payments, b.payments)
    assert not np.array_equal(a.npv, simulate(c, runs=300, seed=8).npv)


def test_without_uncertainty_the_mean_converges_to_the_business_case() -> None:
    big = SMALL.replace("participants: 10", "participants: 200").replace("horizon_months: 6", "horizon_months: 24")
    big = big.replace("deadweight: 0.2}", "deadweight: 0.2, drop_off: {retention_weeks: {13: 0.8, 52: 0.5}}}")
    c = load_contract(big)
    sim = simulate(c, runs=400, seed=1)
    bc = business_case(c)
    assert sim.npv.mean() == pytest.approx(bc.npv["kommune"], rel=0.02)
    assert sim.payments.mean() == pytest.approx(bc.payments_total, rel=0.02)


def test_progress_is_reported_per_chunk_up_to_the_total() -> None:
    c = load_contract(EXAMPLES / "vaekstpartnerskab.yaml")
    seen: list[tuple[int, int]] = []
    simulate(c, runs=50, seed=0, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (50, 50)


def test_tornado_is_sorted_by_swing_and_spans_p10_to_p90() -> None:
    c = load_contract(EXAMPLES / "vaekstpartnerskab.yaml")
    sim = simulate(c, runs=100, seed=0)
    swings = [b.swing for b in sim.tornado]
    assert swings == sorted(swings, reverse=True)
    er = next(b for b in sim.tornado if b.input == "employment_rate")
    assert er.low < 0.45 < er.high and er.npv_high > er.npv_low
    assert 0.0 <= sim.probability_of_gain <= 1.0
    p = sim.percentiles["npv"]
    assert p["P5"] <= p["P50"] <= p["P95"]


def test_distribution_quantiles_match_their_samples() -> None:
    c = load_contract(EXAMPLES / "vaekstpartnerskab.yaml")
    rng = np.random.default_rng(0)
    for name, d in c.uncertainty.items():
        x = sample(d, rng, 200_000, name)
        for p in (0.1, 0.5, 0.9):
            assert np.quantile(x, p) == pytest.approx(quantile(d, p, name), rel=0.02, abs=0.01)


def test_the_fan_comes_from_the_same_runs_as_the_npv() -> None:
    c = load_contract(EXAMPLES / "vaekstpartnerskab.yaml")
    sim = simulate(c, runs=300, seed=2)
    assert sim.paths.shape == (300, 60) and np.allclose(sim.paths[:, -1], sim.npv)
    fan = sim.fan()
    assert np.all(fan["P5"] <= fan["P50"]) and np.all(fan["P50"] <= fan["P95"])
    assert fan["P50"][-1] == pytest.approx(sim.percentile("npv", 50))
    assert sim.month_labels()[:2] == ["2025-01", "2025-02"] and len(sim.month_labels()) == 60


def test_without_uncertainty_the_median_path_follows_the_business_case_month_by_month() -> None:
    big = SMALL.replace("participants: 10", "participants: 400").replace("horizon_months: 6", "horizon_months: 12")
    c = load_contract(big)
    sim = simulate(c, runs=200, seed=4)
    expected = business_case(c).cumulative_discounted("kommune")
    assert np.allclose(sim.paths.mean(axis=0), expected, rtol=0.03, atol=2000)
