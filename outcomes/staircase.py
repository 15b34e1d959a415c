"""The refund staircase: how a benefit saving splits between municipality and state.

The state refunds a share of the benefit that depends on the citizen's week on public
support (Danish rules: weeks 1–4 80 %, 5–26 40 %, 27–52 30 %, from week 53 20 %). When a
citizen leaves benefits, the state saves its refund and the municipality the rest::

    state saving        = benefit × refund(week)
    municipality saving = benefit × (1 − refund(week))

In the business case the week is the one a month starts in: a citizen with ``w`` prior
weeks on support, ``m`` months after the programme start, is in week
``floor(w + m × 52 / 12) + 1``.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import numpy.typing as npt

from .contract import DANISH_REFUND_STAIRCASE, StairStep

__all__ = ["refund_rate", "refund_rates", "split_saving", "week_on_support"]

FloatArray = npt.NDArray[np.float64]
WEEKS_PER_MONTH = 52 / 12


def refund_rate(week: int, staircase: tuple[StairStep, ...] = DANISH_REFUND_STAIRCASE) -> Decimal:
    """The state's refund share in ``week`` (1-based) on public support.

    >>> str(refund_rate(4)), str(refund_rate(5)), str(refund_rate(27)), str(refund_rate(53))
    ('0.80', '0.40', '0.30', '0.20')
    """
    if week < 1:
        raise ValueError("weeks on public support count from 1")
    rate = staircase[0].refund
    for step in staircase:
        if week >= step.from_week:
            rate = step.refund
    return rate


def split_saving(
    benefit: Decimal, week: int, staircase: tuple[StairStep, ...] = DANISH_REFUND_STAIRCASE
) -> tuple[Decimal, Decimal]:
    """(municipality, state) saving of a benefit not paid in ``week``, to whole øre.

    >>> split_saving(Decimal("15000"), 30)
    (Decimal('10500.00'), Decimal('4500.00'))
    """
    state = (benefit * refund_rate(week, staircase)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    return benefit - state, state


def week_on_support(prior_weeks: float, months_since_start: int) -> int:
    """The 1-based week on support at the start of a month after the programme start."""
    return math.floor(prior_weeks + months_since_start * WEEKS_PER_MONTH + 1e-9) + 1


def refund_rates(weeks: npt.NDArray[np.int64], staircase: tuple[StairStep, ...] = DANISH_REFUND_STAIRCASE) -> FloatArray:
    """Vectorised :func:`refund_rate` as floats (for the business case and simulation)."""
    bounds = np.array([s.from_week for s in staircase], dtype=np.int64)
    rates = np.array([float(s.refund) for s in staircase], dtype=np.float64)
    i = np.searchsorted(bounds, np.maximum(weeks, 1), side="right") - 1
    return rates[np.maximum(i, 0)]
