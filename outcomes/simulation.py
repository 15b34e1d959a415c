"""Monte Carlo simulation of the business case, vectorised over runs and participants.

Each run draws the uncertain inputs (``contract.uncertainty``), then for every participant:
employed if ``U₁ < E``, attributable (not deadweight) if ``U₁ < E × (1 − δ)``; months in work
``D = #{k : R(k) ≥ U₂}`` (so ``P(D > k) = R(k)``, the business case's retention); prior weeks
on support (drawn per participant when uncertain). Savings use prefix sums of the discounted
municipality share per (intake, prior week), so a participant costs two array look-ups, not
a loop over months. Payments follow the expected-payment rules per participant (with the
per-participant cap in payment order), aggregate to months, and take the per-outcome, per-payer
and total caps on the monthly series. Runs are processed in chunks; there is no Python loop
per run or per participant.

The tornado moves one uncertain input at a time from its P10 to its P90 with the others at
their medians and reports the swing of the municipality's (deterministic) NPV.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from .business_case import (
    business_case,
    cap_buckets,
    capped_payer_flows,
    discount_factors,
    forecast_start,
    investment_flows,
    parties_of,
    retention,
)
from .contract import Contract, Distribution
from .staircase import WEEKS_PER_MONTH, refund_rates

__all__ = ["Simulation", "TornadoBar", "quantile", "sample", "simulate"]

FloatArray = npt.NDArray[np.float64]
Progress = Callable[[int, int], None]
CHUNK_CELLS = 1 << 21
_BOUNDS = {"employment_rate": (0.0, 1.0), "deadweight": (0.0, 1.0), "drop_off": (0.0, 1.0),
           "benefit_per_month": (0.0, math.inf), "cost_factor": (0.0, math.inf),
           "prior_weeks_on_support": (0.0, math.inf)}


@dataclass(frozen=True)
class TornadoBar:
    input: str
    low: float  # P10 of the input
    high: float  # P90 of the input
    npv_low: float
    npv_high: float

    @property
    def swing(self) -> float:
        return abs(self.npv_high - self.npv_low)


@dataclass(frozen=True, eq=False)
class Simulation:
    """Results of :func:`simulate`. ``npv`` is the municipality's NPV per run, ``payments``
    the nominal outcome payments per run; ``percentiles`` holds P5/P50/P95 of both."""

    runs: int
    seed: int
    participants: int
    npv: FloatArray
    payments: FloatArray
    npv_by_party: dict[str, FloatArray]
    base_npv: float
    tornado: tuple[TornadoBar, ...]

    def percentile(self, what: str, p: float) -> float:
        return float(np.percentile(self.npv if what == "npv" else self.payments, p))

    @property
    def percentiles(self) -> dict[str, dict[str, float]]:
        return {w: {f"P{p}": self.percentile(w, p) for p in (5, 50, 95)} for w in ("npv", "payments")}

    @property
    def probability_of_gain(self) -> float:
        return float(np.mean(self.npv > 0))


def quantile(d: Distribution, p: float, name: str = "") -> float:
    """The ``p`` quantile (0 < p < 1) of a distribution, clipped to the input's bounds."""
    lo_b, hi_b = _BOUNDS.get(name, (-math.inf, math.inf))
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
    else:
        x = d.param("median") * math.exp(d.param("sigma") * NormalDist().inv_cdf(p))
    return min(max(x, lo_b), hi_b)


def sample(d: Distribution, rng: np.random.Generator, size: int | tuple[int, ...], name: str = "") -> FloatArray:
    """Draws from a distribution, clipped to the input's bounds."""
    lo_b, hi_b = _BOUNDS.get(name, (-math.inf, math.inf))
    if d.kind == "fixed":
        x = np.full(size, d.param("value"))
    elif d.kind == "uniform":
        x = rng.uniform(d.param("min"), d.param("max"), size)
    elif d.kind == "triangular":
        a, c, b = d.param("min"), d.param("mode"), d.param("max")
        x = np.full(size, a) if a == b else rng.triangular(a, c, b, size)
    elif d.kind == "normal":
        x = np.clip(rng.normal(d.param("mean"), d.param("sd"), size), d.param("min", -math.inf), d.param("max", math.inf))
    else:
        x = d.param("median") * np.exp(rng.normal(0.0, d.param("sigma"), size))
    return np.clip(np.asarray(x, dtype=np.float64), lo_b, hi_b)


def simulate(contract: Contract, runs: int = 1000, seed: int = 0, progress: Progress | None = None) -> Simulation:
    """``runs`` Monte Carlo runs of the business case with the contract's uncertainty.

    Deterministic for a given ``seed``. ``progress(done, total)`` is called after each chunk.
    """
    spec = contract.business_case
    if spec is None:
        raise ValueError(f"contract {contract.name!r} has no business_case section")
    if runs < 1:
        raise ValueError("runs must be at least 1")
    rng = np.random.default_rng(seed)
    unc = dict(contract.uncertainty)
    h = spec.horizon_months
    onset = spec.onset
    disc = discount_factors(h, spec.discount_rate)
    parties = parties_of(contract, spec)
    mun = spec.municipality
    n_part = spec.participants
    group_start = np.array([i.month for i in spec.intake], dtype=np.int64)
    group_size = np.array([i.participants for i in spec.intake], dtype=np.int64)
    g_of = np.repeat(np.arange(len(spec.intake)), group_size)
    s_of = group_start[g_of]
    span = np.maximum(h - s_of - onset, 0)  # months in work that fall inside the horizon

    # prefix sums over months in work: discounted months, and discounted municipality share
    w_top = max(st.from_week for st in spec.refund_staircase) - 1
    n_g = len(spec.intake)
    c_disc = np.zeros((n_g, h + 1))
    c_mun = np.zeros((n_g, w_top + 1, h + 1))
    weeks0 = np.arange(w_top + 1)[:, None]
    for g, s in enumerate(group_start.tolist()):
        k = np.arange(max(h - s - onset, 0))
        if k.shape[0] == 0:
            continue
        d = disc[s + onset + k]
        c_disc[g, 1:k.shape[0] + 1] = np.cumsum(d)
        c_disc[g, k.shape[0] + 1:] = c_disc[g, k.shape[0]]
        week = np.floor(weeks0 + (onset + k)[None, :] * WEEKS_PER_MONTH + 1e-9).astype(np.int64) + 1
        share = 1.0 - refund_rates(week, spec.refund_staircase)
        c_mun[g, :, 1:k.shape[0] + 1] = np.cumsum(share * d[None, :], axis=1)
        c_mun[g, :, k.shape[0] + 1:] = c_mun[g, :, k.shape[0]:k.shape[0] + 1]

    inv_pv = {p: float(np.dot(v, disc)) for p, v in investment_flows(contract, spec).items()}
    streams = [(s.party, float(s.per_person_month)) for s in spec.other_streams]
    entries = _payment_entries(contract, spec)
    pcap = float(contract.participant_cap) if contract.participant_cap is not None else math.inf
    buckets = cap_buckets(contract, forecast_start(contract, spec), h)

    npv = {p: np.zeros(runs) for p in parties}
    payments = np.zeros(runs)
    chunk = max(1, CHUNK_CELLS // max(n_part, 1))
    done = 0
    while done < runs:
        r = min(chunk, runs - done)
        sl = slice(done, done + r)

        def draw(name: str, point: float, r: int = r) -> FloatArray:
            return sample(unc[name], rng, r, name) if name in unc else np.full(r, point)

        e = draw("employment_rate", spec.employment_rate)
        dw = draw("deadweight", spec.deadweight)
        benefit = draw("benefit_per_month", float(spec.benefit_per_month))
        cost = draw("cost_factor", 1.0)
        u1 = rng.random((r, n_part))
        u2 = rng.random((r, n_part))
        employed = u1 < e[:, None]
        attributable = u1 < (e * (1.0 - dw))[:, None]
        if "drop_off" in unc:
            q = (1.0 - draw("drop_off", spec.drop_off.annual)) ** (1.0 / 12.0)
            with np.errstate(divide="ignore"):
                months = np.floor(np.log(u2) / np.log(np.minimum(q, 1 - 1e-12))[:, None]) + 1
            dur = np.minimum(months, h).astype(np.int64)
        else:
            ret = retention(spec, h)
            dur = np.searchsorted(-ret, -u2, side="right").astype(np.int64)
        if "prior_weeks_on_support" in unc:
            w = sample(unc["prior_weeks_on_support"], rng, (r, n_part), "prior_weeks_on_support")
            w_idx = np.minimum(np.floor(w).astype(np.int64), w_top)
        else:
            w_idx = np.full((r, n_part), min(int(math.floor(spec.prior_weeks_on_support)), w_top), dtype=np.int64)
        j = np.minimum(dur, span[None, :]) * attributable
        mun_cells = c_mun[g_of[None, :], w_idx, j]
        disc_cells = c_disc[g_of[None, :], j]
        mun_sum = mun_cells.sum(axis=1)
        disc_sum = disc_cells.sum(axis=1)
        npv[mun][sl] += benefit * mun_sum
        npv[spec.state][sl] += benefit * (disc_sum - mun_sum)
        for party, per in streams:
            npv[party][sl] += per * disc_sum
        for p, v in inv_pv.items():
            npv[p][sl] -= v * cost
        paid_pv, paid_nominal = _payments(contract, spec, entries, employed, dur, rng, g_of, group_start, group_size,
                                          onset, h, disc, pcap, buckets)
        for payer_id, paid in paid_pv.items():
            npv[payer_id][sl] -= paid
            npv[contract.recipient.id][sl] += paid
        payments[sl] = paid_nominal
        done += r
        if progress is not None:
            progress(done, runs)

    medians = {name: quantile(d, 0.5, name) for name, d in unc.items()}
    base = business_case(contract, medians).npv[mun]
    bars = []
    for name, d in unc.items():
        lo, hi = quantile(d, 0.1, name), quantile(d, 0.9, name)
        bars.append(TornadoBar(name, lo, hi, business_case(contract, {**medians, name: lo}).npv[mun],
                               business_case(contract, {**medians, name: hi}).npv[mun]))
    bars.sort(key=lambda b: (-b.swing, b.input))
    return Simulation(runs=runs, seed=seed, participants=n_part, npv=npv[mun], payments=payments,
                      npv_by_party=npv, base_npv=base, tornado=tuple(bars))


@dataclass(frozen=True)
class _Entry:
    outcome: str
    price: float
    months_in_work: int | None
    share: float | None
    month: int


def _payment_entries(contract: Contract, spec: object) -> list[_Entry]:
    from .contract import BusinessCaseSpec

    assert isinstance(spec, BusinessCaseSpec)
    out = []
    for e in spec.expected_payments:
        o = contract.outcome(e.outcome)
        price = float(min(o.price, o.cap_per_participant)) if o.cap_per_participant is not None else float(o.price)
        offset = spec.onset + (e.months_in_work or 0) if e.months_in_work is not None else (e.month or 0)
        out.append(_Entry(e.outcome, price, e.months_in_work, e.share, offset))
    out.sort(key=lambda x: (x.month, x.outcome))
    return out


def _payments(
    contract: Contract, spec: object, entries: list[_Entry], employed: npt.NDArray[np.bool_],
    dur: npt.NDArray[np.int64], rng: np.random.Generator, g_of: npt.NDArray[np.int64],
    group_start: npt.NDArray[np.int64], group_size: npt.NDArray[np.int64], onset: int, h: int,
    disc: FloatArray, pcap: float, buckets: npt.NDArray[np.int64],
) -> tuple[dict[str, FloatArray], FloatArray]:
    """Discounted payments per payer and nominal total, per run of the chunk."""
    r, n = employed.shape
    series: dict[str, FloatArray] = {}
    cum = np.zeros((r, n))
    bounds = np.concatenate([[0], np.cumsum(group_size)[:-1]]).astype(np.int64)
    nonempty = group_size > 0
    for e in entries:
        if e.months_in_work is not None:
            hit = employed & (dur >= e.months_in_work)
        else:
            hit = rng.random((r, n)) < (e.share or 0.0)
        amount = hit * e.price
        paid = np.minimum(cum + amount, pcap) - np.minimum(cum, pcap)
        cum += amount
        per_group = np.add.reduceat(paid, bounds[nonempty], axis=1) if n else np.zeros((r, 0))
        s = series.setdefault(e.outcome, np.zeros((r, h)))
        for k, g in enumerate(np.flatnonzero(nonempty).tolist()):
            m = int(group_start[g]) + e.month
            if m < h:
                s[:, m] += per_group[:, k]
    per_payer = capped_payer_flows(contract, series, buckets) if series else \
        {p.id: np.zeros((r, h)) for p in contract.payers}
    total = sum(per_payer.values(), np.zeros((r, h)))
    return {k: v @ disc for k, v in per_payer.items()}, total.sum(axis=1)
