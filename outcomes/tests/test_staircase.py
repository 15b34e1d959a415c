"""The refund staircase and who saves what."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from outcomes import refund_rate, split_saving
from outcomes.staircase import refund_rates, week_on_support


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
