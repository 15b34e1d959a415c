"""Distributions of uncertain inputs: quantiles, draws, mean and variance.

Kinds: ``fixed`` (value), ``uniform`` (min, max), ``triangular`` (min, mode, max), ``normal``
(mean, sd, optional min/max clip), ``lognormal`` (median, sigma) and ``beta`` (alpha, beta) — the
posterior of a rate calibrated on recorded counts (:mod:`outcomes.calibration`). Every draw and
quantile is clipped to the input's natural bounds (rates to [0, 1]).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from .contract import Distribution

__all__ = ["BOUNDS", "beta_cdf", "mean_and_variance", "quantile", "sample"]

FloatArray = npt.NDArray[np.float64]
BOUNDS = {"employment_rate": (0.0, 1.0), "deadweight": (0.0, 1.0), "drop_off": (0.0, 1.0),
          "benefit_per_month": (0.0, math.inf), "cost_factor": (0.0, math.inf),
          "prior_weeks_on_support": (0.0, math.inf)}


def beta_cdf(x: float, a: float, b: float) -> float:
    """The regularised incomplete beta function I_x(a, b) (continued fraction, Lentz's method).

    >>> round(beta_cdf(0.5, 2, 2), 6), round(beta_cdf(0.3, 1, 1), 6)
    (0.5, 0.3)
    """
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (a + b + 2):
        return 1.0 - beta_cdf(1.0 - x, b, a)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 500):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            f *= c * d
        if abs(c * d - 1.0) < 1e-14:
            break
    return math.exp(log_front) * f / a


def _beta_quantile(p: float, a: float, b: float) -> float:
    lo, hi = 0.0, 1.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if beta_cdf(mid, a, b) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def quantile(d: Distribution, p: float, name: str = "") -> float:
    """The ``p`` quantile (0 < p < 1) of a distribution, clipped to the input's bounds."""
    lo_b, hi_b = BOUNDS.get(name, (-math.inf, math.inf))
    if d.kind == "fixed":
        x = d.param("value")
    elif d.kind == "uniform":
        x = d.param("min") + p * (d.param("max") - d.param("min"))
    elif d.kind == "triangular":
        a, c, b = d.param("min"), d.param("mode"), d.param("max")
        if b == a:
            x = a
        elif p < (c - a) / (b - a):
            x = a + math.sqrt(p * (b - a) * (c - a))
        else:
            x = b - math.sqrt((1 - p) * (b - a) * (b - c))
    elif d.kind == "normal":
        x = NormalDist(d.param("mean"), d.param("sd")).inv_cdf(p) if d.param("sd") > 0 else d.param("mean")
        x = min(max(x, d.param("min", -math.inf)), d.param("max", math.inf))
    elif d.kind == "beta":
        x = _beta_quantile(p, d.param("alpha"), d.param("beta"))
    else:
        x = d.param("median") * math.exp(d.param("sigma") * NormalDist().inv_cdf(p))
    return min(max(x, lo_b), hi_b)


def sample(d: Distribution, rng: np.random.Generator, size: int | tuple[int, ...], name: str = "") -> FloatArray:
    """Draws from a distribution, clipped to the input's bounds."""
    lo_b, hi_b = BOUNDS.get(name, (-math.inf, math.inf))
    if d.kind == "fixed":
        x = np.full(size, d.param("value"))
    elif d.kind == "uniform":
        x = rng.uniform(d.param("min"), d.param("max"), size)
    elif d.kind == "triangular":
        a, c, b = d.param("min"), d.param("mode"), d.param("max")
        x = np.full(size, a) if a == b else rng.triangular(a, c, b, size)
    elif d.kind == "normal":
        x = np.clip(rng.normal(d.param("mean"), d.param("sd"), size), d.param("min", -math.inf), d.param("max", math.inf))
    elif d.kind == "beta":
        x = rng.beta(d.param("alpha"), d.param("beta"), size)
    else:
        x = d.param("median") * np.exp(rng.normal(0.0, d.param("sigma"), size))
    return np.clip(np.asarray(x, dtype=np.float64), lo_b, hi_b)


def mean_and_variance(d: Distribution, name: str = "") -> tuple[float, float]:
    """Mean and variance of the (clipped) distribution: closed form for ``fixed``, ``uniform``,
    ``triangular`` and ``beta``; otherwise from 200 000 draws with a fixed seed."""
    if d.kind == "fixed":
        return d.param("value"), 0.0
    if d.kind == "uniform":
        a, b = d.param("min"), d.param("max")
        return (a + b) / 2, (b - a) ** 2 / 12
    if d.kind == "triangular":
        a, c, b = d.param("min"), d.param("mode"), d.param("max")
        return (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    if d.kind == "beta":
        a, b = d.param("alpha"), d.param("beta")
        return a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))
    x = sample(d, np.random.default_rng(0), 200_000, name)
    return float(x.mean()), float(x.var())
