"""The refund staircase and who saves what."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from outcomes import refund_rate, split_saving
from outcomes.staircase import refund_rates, split_ore, week_on_support


@pytest.mark.parametrize(("week", "rate"), [(1, "0.80"), (4, "0.80"), (5, "0.40"), (26, "0.40"), (27, "0.30"),
                                            (52, "0.30"), (53, "0.20"), (400, "0.20")])
def test_refund_rate_by_week_on_public_support(week: int, rate: str) -> None:
    assert refund_rate(week) == Decimal(rate)
    assert refund_rates(np.array([week]))[0] == pytest.approx(float(rate))


def test_the_municipality_saves_the_part_the_state_does_not_refund() -> None:
    assert split_saving(Decimal("15000"), 3) == (Decimal("3000.00"), Decimal("12000.00"))
    assert split_saving(Decimal("15000"), 30) == (Decimal("10500.00"), Decimal("4500.00"))
    assert split_saving(Decimal("15000"), 60) == (Decimal("12000.00"), Decimal("3000.00"))


def test_week_on_support_counts_months_as_52_twelfths_of_a_week() -> None:
    assert week_on_support(20, 3) == 34  # 20 + 13 weeks, the 34th week
    assert week_on_support(0, 0) == 1
    assert week_on_support(0, 12) == 53


def test_weeks_before_one_are_rejected() -> None:
    with pytest.raises(ValueError):
        refund_rate(0)


def test_the_split_is_exact_to_the_ore_with_the_state_rounded_half_to_even() -> None:
    # 12 345.67 × 0.80 = 9 876.536 → state 9 876.54, municipality the rest 2 469.13
    assert split_saving(Decimal("12345.67"), 3) == (Decimal("2469.13"), Decimal("9876.54"))
    # × 0.30 = 3 703.701 → 3 703.70 and 8 641.97
    assert split_saving(Decimal("12345.67"), 30) == (Decimal("8641.97"), Decimal("3703.70"))
    # half an øre goes to the even side: 0.15 × 0.30 = 4.5 øre → 4; 0.25 × 0.30 = 7.5 øre → 8
    assert split_saving(Decimal("0.15"), 30) == (Decimal("0.11"), Decimal("0.04"))
    assert split_saving(Decimal("0.25"), 30) == (Decimal("0.17"), Decimal("0.08"))


def test_the_vectorised_split_adds_up_and_matches_the_scalar_one() -> None:
    rng = np.random.default_rng(3)
    benefit = rng.integers(0, 2_000_000, 5000).astype(np.int64)
    weeks = rng.integers(1, 120, 5000).astype(np.int64)
    mun, state = split_ore(benefit, weeks)
    assert np.array_equal(mun + state, benefit)
    for b, w, m, s in list(zip(benefit.tolist(), weeks.tolist(), mun.tolist(), state.tolist(), strict=True))[:300]:
        assert split_saving(Decimal(b) / 100, w) == (Decimal(m) / 100, Decimal(s) / 100)
