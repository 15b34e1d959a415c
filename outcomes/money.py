"""Money at the boundary: Decimal kroner outside, int64 øre inside.

All ledger arithmetic is done in integer øre (exact); :class:`~decimal.Decimal` appears only
where amounts leave the engine.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

__all__ = ["NO_CAP", "from_ore", "round_ore", "to_ore"]

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
