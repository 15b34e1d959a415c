"""Money at the boundary: Decimal kroner outside, int64 øre inside.

All ledger arithmetic is done in integer øre (exact); :class:`~decimal.Decimal` appears only
where amounts leave the engine.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

__all__ = ["NO_CAP", "allocate", "div_half_even", "from_ore", "round_ore", "to_ore"]

IntArray = npt.NDArray[np.int64]

NO_CAP = 2**62
"""Stands for "no cap" in int64 arrays."""

_ORE = Decimal("0.01")


def to_ore(amount: Decimal) -> int:
    """Kroner to whole øre; ``Decimal("12.34")`` -> ``1234``. The amount must be whole øre."""
    ore = amount * 100
    if ore != ore.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of øre")
    return int(ore)


def from_ore(ore: int) -> Decimal:
    """Øre to kroner with two decimals; ``1234`` -> ``Decimal("12.34")``."""
    return (Decimal(int(ore)) / 100).quantize(_ORE)


def round_ore(amount_ore: Fraction) -> int:
    """An exact amount in øre rounded to a whole øre, half to even."""
    return round(amount_ore)


def div_half_even(num: IntArray, den: int) -> IntArray:
    """``num / den`` rounded to the nearest integer, half to even, exactly (``den > 0``).

    >>> div_half_even(np.array([5, 15, 25, -5, 7]), 10).tolist()
    [0, 2, 2, 0, 1]
    """
    q, r = np.divmod(num, den)
    up = (2 * r > den) | ((2 * r == den) & (q % 2 == 1))
    return np.asarray(q + up, dtype=np.int64)


def allocate(weights: IntArray, total: int) -> IntArray:
    """Split ``total`` øre in proportion to non-negative ``weights``, exactly: each gets the floor
    of its share, and the øre left over go one each to the largest remainders (ties: the
    earlier weight). The parts always add up to ``total``.

    >>> allocate(np.array([7000, 3000]), 5000).tolist()
    [3500, 1500]
    >>> allocate(np.array([1, 1, 1]), 100).tolist()
    [34, 33, 33]
    """
    n = weights.shape[0]
    whole = int(weights.sum())
    if n == 0 or whole == 0:
        return np.zeros(n, dtype=np.int64)
    if int(weights.max()) * max(total, 1) < 2**62:
        q, r = np.divmod(weights * total, whole)
    else:  # products beyond int64: exact Python integers
        pairs = [divmod(int(w) * total, whole) for w in weights.tolist()]
        q = np.array([a for a, _ in pairs], dtype=np.int64)
        r = np.array([b for _, b in pairs], dtype=object)
    left = total - int(q.sum())
    if left:
        order = sorted(range(n), key=lambda i: (-int(r[i]), i))[:left] if r.dtype == object else \
            np.lexsort((np.arange(n), -r))[:left]
        q[np.asarray(order, dtype=np.int64)] += 1
    return np.asarray(q, dtype=np.int64)
