"""The refund staircase: how a benefit saving splits between municipality and state.

The state refunds a share of the benefit that depends on the citizen's week on public
support (Danish rules: weeks 1–4 80 %, 5–26 40 %, 27–52 30 %, from week 53 20 %). When a
citizen leaves benefits, the state saves its refund and the municipality the rest::

    state saving        = benefit × refund(week)
    municipality saving = benefit × (1 − refund(week))

The split is exact in integer øre: refunds are held in millionths (``0.80`` = 800 000 ppm),
the state's part is rounded half to even to the øre, and the municipality gets the rest, so
the two parts always add up to the benefit::

    state_øre        = round_half_even(benefit_øre × refund_ppm / 1 000 000)
    municipality_øre = benefit_øre − state_øre

In the business case the week is the one a month starts in: a citizen with ``w`` prior
weeks on support, ``m`` months after the programme start, is in week
``floor(w + m × 52 / 12) + 1``.
"""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from .contract import DANISH_REFUND_STAIRCASE, StairStep
from .money import div_half_even, from_ore, to_ore

__all__ = ["refund_ppm", "refund_rate", "refund_rates", "split_ore", "split_saving", "step_of_week",
           "week_on_support"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
PPM = 1_000_000
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
    """(municipality, state) saving of a benefit not paid in ``week``, exact to the øre.

    >>> split_saving(Decimal("15000"), 30)
    (Decimal('10500.00'), Decimal('4500.00'))
    >>> split_saving(Decimal("0.15"), 30)  # the state's 4.5 øre round half to even: 4
    (Decimal('0.11'), Decimal('0.04'))
    """
    if week < 1:
        raise ValueError("weeks on public support count from 1")
    mun, state = split_ore(np.array([to_ore(benefit)], dtype=np.int64), np.array([week], dtype=np.int64), staircase)
    return from_ore(int(mun[0])), from_ore(int(state[0]))


def refund_ppm(staircase: tuple[StairStep, ...] = DANISH_REFUND_STAIRCASE) -> IntArray:
    """Each step's refund in millionths (exact: a refund has at most six decimals)."""
    out = [s.refund * PPM for s in staircase]
    if any(x != x.to_integral_value() for x in out):
        raise ValueError("a refund has at most six decimals")
    return np.array([int(x) for x in out], dtype=np.int64)


def step_of_week(weeks: IntArray, staircase: tuple[StairStep, ...] = DANISH_REFUND_STAIRCASE) -> IntArray:
    """The index of the staircase step each (1-based) week falls on."""
    bounds = np.array([s.from_week for s in staircase], dtype=np.int64)
    return np.maximum(np.searchsorted(bounds, np.maximum(weeks, 1), side="right") - 1, 0).astype(np.int64)


def split_ore(benefit_ore: IntArray, weeks: IntArray,
              staircase: tuple[StairStep, ...] = DANISH_REFUND_STAIRCASE) -> tuple[IntArray, IntArray]:
    """Vectorised exact split: (municipality øre, state øre) of benefits not paid in ``weeks``."""
    state = div_half_even(benefit_ore * refund_ppm(staircase)[step_of_week(weeks, staircase)], PPM)
    return benefit_ore - state, state


def week_on_support(prior_weeks: float, months_since_start: int) -> int:
    """The 1-based week on support at the start of a month after the programme start."""
    return math.floor(prior_weeks + months_since_start * WEEKS_PER_MONTH + 1e-9) + 1


def refund_rates(weeks: IntArray, staircase: tuple[StairStep, ...] = DANISH_REFUND_STAIRCASE) -> FloatArray:
    """Vectorised :func:`refund_rate` as floats (for the forecast's expected values)."""
    return np.asarray(refund_ppm(staircase)[step_of_week(weeks, staircase)] / PPM, dtype=np.float64)
