"""Monte Carlo simulation of the business case, vectorised over runs and participants.

Each run draws the uncertain inputs (``contract.uncertainty``), then for every participant:
employed if ``U₁ < E``, attributable (not deadweight) if ``U₁ < E × (1 − δ)``; months in work
``D = #{k : R(k) ≥ U₂}`` (so ``P(D > k) = R(k)``, the business case's retention); prior weeks
on support (drawn per participant when uncertain). Per run, participants are counted by
(intake, prior week, months in work) in one ``bincount``; a reverse cumulative sum gives how
many are in work in each month after onset, which times the municipality's share of the
benefit (refund staircase) gives the monthly savings. Payments follow the expected-payment rules
per participant (with the per-participant cap in payment order), aggregate to months, and take
the per-outcome, per-payer and total caps on the monthly series, shared by the contract's rule.
Runs are processed in chunks; there is no Python loop per run or per participant.

Each run's monthly flows give every party's NPV and the municipality's **cumulative discounted
net by month** (``Simulation.paths``); the fan chart is its P5/P50/P95 per month
(:meth:`Simulation.fan`), so the chart and the headline percentiles come from the same runs.

The tornado moves one uncertain input at a time from its P10 to its P90 with the others at
their medians and reports the swing of the municipality's (deterministic) NPV.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from .business_case import (
    business_case,
    cap_buckets,
    capped_payer_flows,
    discount_factors,
    forecast_start,
    investment_flows,
    month_start,
    parties_of,
    retention,
)
from .contract import BusinessCaseSpec, Contract
from .distributions import quantile, sample
from .staircase import WEEKS_PER_MONTH, refund_rates

__all__ = ["FAN_PERCENTILES", "Simulation", "TornadoBar", "quantile", "sample", "simulate"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[int, int], None]
CHUNK_CELLS = 1 << 21
FAN_PERCENTILES = (5, 50, 95)


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
    the nominal outcome payments per run; ``percentiles`` holds P5/P50/P95 of both. ``paths``
    is the municipality's cumulative discounted net per run and month (``runs × months``, from
    ``start``); its last column is ``npv``."""

    runs: int
    seed: int
    participants: int
    npv: FloatArray
    payments: FloatArray
    npv_by_party: dict[str, FloatArray]
    base_npv: float
    tornado: tuple[TornadoBar, ...]
    start: date
    paths: FloatArray

    def percentile(self, what: str, p: float) -> float:
        return float(np.percentile(self.npv if what == "npv" else self.payments, p))

    @property
    def percentiles(self) -> dict[str, dict[str, float]]:
        return {w: {f"P{p}": self.percentile(w, p) for p in (5, 50, 95)} for w in ("npv", "payments")}

    @property
    def probability_of_gain(self) -> float:
        return float(np.mean(self.npv > 0))

    @property
    def months(self) -> int:
        return int(self.paths.shape[1])

    def month_labels(self) -> list[str]:
        """``YYYY-MM`` of each month of the paths."""
        return [month_start(self.start, m).isoformat()[:7] for m in range(self.months)]

    def fan(self, percentiles: tuple[int, ...] = FAN_PERCENTILES) -> dict[str, FloatArray]:
        """``{"P5": …, "P50": …, "P95": …}``: per month, percentiles over the runs of the
        municipality's cumulative discounted net (the fan chart)."""
        bands = np.percentile(self.paths, list(percentiles), axis=0)
        return {f"P{p}": np.asarray(bands[k], dtype=np.float64) for k, p in enumerate(percentiles)}


@dataclass(frozen=True)
class _Savings:
    """Per intake ``g``, prior-week index ``w`` and month after onset ``k``: the municipality's
    share of a benefit (1 − refund), zero beyond the horizon."""

    share: FloatArray  # (groups, weeks, months)
    offset: IntArray  # first month in work of each intake (intake month + onset)
    span: IntArray  # months in work inside the horizon, per participant
    w_top: int


def _savings_table(spec: BusinessCaseSpec, g_of: IntArray, h: int) -> _Savings:
    onset = spec.onset
    starts = np.array([i.month for i in spec.intake], dtype=np.int64)
    w_top = max(st.from_week for st in spec.refund_staircase) - 1
    share = np.zeros((starts.shape[0], w_top + 1, h))
    for g, s in enumerate(starts.tolist()):
        k = np.arange(max(h - s - onset, 0))
        week = np.floor(np.arange(w_top + 1)[:, None] + (onset + k)[None, :] * WEEKS_PER_MONTH + 1e-9).astype(np.int64) + 1
        share[g, :, :k.shape[0]] = 1.0 - refund_rates(week, spec.refund_staircase)
    return _Savings(share, starts + onset, np.maximum(h - starts[g_of] - onset, 0), w_top)


def _in_work_by_month(j: IntArray, w_idx: IntArray, g_of: IntArray, sav: _Savings,
                      h: int) -> tuple[FloatArray, FloatArray]:
    """(persons in work, persons × municipality share) per run and month, from each
    participant's months in work ``j`` (attributable ones; 0 otherwise)."""
    r, n = j.shape
    n_g, n_w = sav.share.shape[0], sav.share.shape[1]
    key = ((np.arange(r)[:, None] * n_g + g_of[None, :]) * n_w + w_idx) * (h + 1) + j
    counts = np.bincount(key.ravel(), minlength=r * n_g * n_w * (h + 1)).reshape(r, n_g, n_w, h + 1)
    in_work = np.cumsum(counts[..., :0:-1], axis=-1)[..., ::-1]  # in work k months after onset: #{j > k}
    persons = np.zeros((r, h))
    mun = np.zeros((r, h))
    for g in range(n_g):
        off = int(sav.offset[g])
        if off >= h:
            continue
        k = h - off
        persons[:, off:] += in_work[:, g, :, :k].sum(axis=1)
        mun[:, off:] += np.einsum("rwk,wk->rk", in_work[:, g, :, :k], sav.share[g, :, :k])
    return persons, mun


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
    disc = discount_factors(h, spec.discount_rate)
    parties = parties_of(contract, spec)
    mun = spec.municipality
    n_part = spec.participants
    group_start = np.array([i.month for i in spec.intake], dtype=np.int64)
    group_size = np.array([i.participants for i in spec.intake], dtype=np.int64)
    g_of = np.repeat(np.arange(len(spec.intake)), group_size).astype(np.int64)
    sav = _savings_table(spec, g_of, h)
    investment = investment_flows(contract, spec)
    entries = _payment_entries(contract, spec)
    pcap = float(contract.participant_cap) if contract.participant_cap is not None else math.inf
    start = forecast_start(contract, spec)
    buckets = cap_buckets(contract, start, h)

    npv = {p: np.zeros(runs) for p in parties}
    payments = np.zeros(runs)
    paths = np.zeros((runs, h))
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
            dur = np.searchsorted(-retention(spec, h), -u2, side="right").astype(np.int64)
        if "prior_weeks_on_support" in unc:
            w = sample(unc["prior_weeks_on_support"], rng, (r, n_part), "prior_weeks_on_support")
            w_idx = np.minimum(np.floor(w).astype(np.int64), sav.w_top)
        else:
            w_idx = np.full((r, n_part), min(int(math.floor(spec.prior_weeks_on_support)), sav.w_top), dtype=np.int64)
        j = (np.minimum(dur, sav.span[None, :]) * attributable).astype(np.int64)
        persons, mun_share = _in_work_by_month(j, w_idx, g_of, sav, h)
        net = {p: np.zeros((r, h)) for p in parties}
        net[mun] += benefit[:, None] * mun_share
        net[spec.state] += benefit[:, None] * (persons - mun_share)
        for stream in spec.other_streams:
            net[stream.party] += float(stream.per_person_month) * persons
        for p, v in investment.items():
            net[p] -= cost[:, None] * v[None, :]
        paid = _payments(contract, entries, employed, dur, rng, group_start, group_size, h, pcap, buckets)
        for payer_id, series in paid.items():
            net[payer_id] -= series
            net[contract.recipient.id] += series
        for p in parties:
            npv[p][sl] = net[p] @ disc
        paths[sl] = np.cumsum(net[mun] * disc[None, :], axis=1)
        payments[sl] = sum(paid.values(), np.zeros((r, h))).sum(axis=1)
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
                      npv_by_party=npv, base_npv=base, tornado=tuple(bars), start=start, paths=paths)


@dataclass(frozen=True)
class _Entry:
    outcome: str
    price: float
    months_in_work: int | None
    share: float | None
    month: int


def _payment_entries(contract: Contract, spec: BusinessCaseSpec) -> list[_Entry]:
    out = []
    for e in spec.expected_payments:
        o = contract.outcome(e.outcome)
        price = float(min(o.price, o.cap_per_participant)) if o.cap_per_participant is not None else float(o.price)
        offset = spec.onset + (e.months_in_work or 0) if e.months_in_work is not None else (e.month or 0)
        out.append(_Entry(e.outcome, price, e.months_in_work, e.share, offset))
    out.sort(key=lambda x: (x.month, x.outcome))
    return out


def _payments(
    contract: Contract, entries: list[_Entry], employed: npt.NDArray[np.bool_], dur: IntArray,
    rng: np.random.Generator, group_start: IntArray, group_size: IntArray, h: int, pcap: float, buckets: IntArray,
) -> dict[str, FloatArray]:
    """Payments per payer per run and month (after caps), for the runs of the chunk."""
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
    if not series:
        return {p.id: np.zeros((r, h)) for p in contract.payers}
    return capped_payer_flows(contract, series, buckets)
