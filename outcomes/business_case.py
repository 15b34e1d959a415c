"""The business case: expected month-by-month cash flows per party, discounted.

Month ``m = 0 … H−1`` of the horizon starts at ``spec.start`` (default: contract start).
For an intake of ``n`` participants in month ``s`` with programme onset ``o`` (the months of
the phases unless given), employment rate ``E``, deadweight ``δ`` and retention ``R(k)``
(share still in work ``k`` months after the first month in work; ``R(0) = 1``)::

    in work (gross), month s+o+k  = n × E × R(k)
    in work (net),   month s+o+k  = n × E × (1 − δ) × R(k)        # what the programme caused
    municipality saving           = net × B × (1 − refund(week))   # refund staircase
    state saving                  = net × B × refund(week)
    week = floor(prior_weeks + (o + k) × 52/12) + 1
    expected payment of an outcome paid after w months in work
                                  = n × E × R(w − 1) × price      # R(−1) = 1: at job start
    discount factor of month m    = (1 + r) ^ (−m / 12)            # monthly rate (1+r)^(1/12)−1

Payments are paid for gross outcomes (deadweight included: the contract cannot tell them
apart); savings count only net ones. NPV per party is the discounted sum of its flows. The
municipality breaks even in the first month from which its cumulative discounted net stays
at or above zero; its verdict is ``gain`` if its NPV is at least zero, and the round "funds
the next round" if that NPV covers ``next_round_cost`` (default: this round's investment).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from .caps import share_cap_series
from .contract import BusinessCaseSpec, Contract, Intake
from .schedule import MONTHS_PER_PERIOD
from .staircase import WEEKS_PER_MONTH, refund_rates

__all__ = ["BusinessCase", "business_case", "cap_buckets", "discount_factors", "employment_flows", "forecast_start",
           "investment_flows", "other_cost_flows", "phase_flows", "retention"]
IntArray = npt.NDArray[np.int64]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class BusinessCase:
    """Expected cash flows. ``flows[stream][party]`` is a monthly array: positive is money a
    party gains (a saving, a payment received), negative a cost. Streams: ``investment``,
    ``outcome_payments``, ``benefit_savings`` and each other saving stream by name."""

    contract: str
    start: date
    months: int
    parties: tuple[str, ...]
    municipality: str
    flows: dict[str, dict[str, FloatArray]]
    discount: FloatArray
    employed_net: FloatArray
    npv: dict[str, float]
    break_even_month: int | None
    benefit_cost_ratio: float
    investment_total: float
    payments_total: float
    next_round_cost: float
    inputs: dict[str, float]

    def net(self, party: str) -> FloatArray:
        """Monthly net flow of a party (undiscounted)."""
        total = np.zeros(self.months)
        for stream in self.flows.values():
            if party in stream:
                total = total + stream[party]
        return total

    def cumulative_discounted(self, party: str) -> FloatArray:
        return np.cumsum(self.net(party) * self.discount)

    @property
    def verdict(self) -> str:
        """``gain`` if the municipality's NPV is at least 0, else ``loss``."""
        return "gain" if self.npv[self.municipality] >= 0 else "loss"

    @property
    def municipality_net_savings(self) -> float:
        return self.npv[self.municipality]

    @property
    def funds_next_round(self) -> bool:
        return self.municipality_net_savings >= self.next_round_cost


def discount_factors(months: int, annual_rate: float) -> FloatArray:
    """``(1 + r) ^ (−m/12)`` for m = 0 … months−1."""
    return np.asarray((1.0 + annual_rate) ** (-np.arange(months) / 12.0), dtype=np.float64)


def retention(spec: BusinessCaseSpec, months: int, annual: float | None = None) -> FloatArray:
    """``R(k)`` for k = 0 … months−1: the share of those who started work still in work."""
    a = spec.drop_off.annual if annual is None else annual
    weeks = np.arange(months) * WEEKS_PER_MONTH
    if spec.drop_off.retention_weeks:
        pts_w = np.array([0.0] + [float(w) for w, _ in spec.drop_off.retention_weeks])
        pts_r = np.array([1.0] + [r for _, r in spec.drop_off.retention_weeks])
        r = np.interp(weeks, pts_w, pts_r)
        after = weeks > pts_w[-1]
        r[after] = pts_r[-1] * (1.0 - a) ** ((weeks[after] - pts_w[-1]) / 52.0)
        return np.asarray(r, dtype=np.float64)
    return np.asarray((1.0 - a) ** (np.arange(months) / 12.0), dtype=np.float64)


def month_start(start: date, m: int) -> date:
    y, mo = divmod(start.month - 1 + m, 12)
    return date(start.year + y, mo + 1, 1)


def parties_of(contract: Contract, spec: BusinessCaseSpec) -> tuple[str, ...]:
    out = [p.id for p in contract.payers]
    for extra in (contract.recipient.id, spec.state):
        if extra not in out:
            out.append(extra)
    return tuple(out)


def phase_flows(contract: Contract, spec: BusinessCaseSpec, cost_factor: float = 1.0,
                intakes: Sequence[Intake] | None = None) -> dict[str, FloatArray]:
    """Monthly programme cost per party (positive): each participant of ``intakes`` (default
    all) costs each phase's monthly price in each of its months."""
    h = spec.horizon_months
    out = {p: np.zeros(h) for p in parties_of(contract, spec)}
    for intake in spec.intake if intakes is None else intakes:
        offset = intake.month
        for ph in spec.phases:
            lo, hi = min(offset, h), min(offset + ph.months, h)
            out[ph.payer][lo:hi] += intake.participants * float(ph.cost_per_participant_month) * cost_factor
            offset += ph.months
    return out


def other_cost_flows(contract: Contract, spec: BusinessCaseSpec, cost_factor: float = 1.0) -> dict[str, FloatArray]:
    """Monthly fixed costs and the company programme per party (positive numbers)."""
    h = spec.horizon_months
    out = {p: np.zeros(h) for p in parties_of(contract, spec)}
    for f in spec.fixed_costs:
        if f.amount and f.month < h:
            out[f.payer][f.month] += float(f.amount) * cost_factor
        if f.per_month:
            out[f.payer][min(f.from_month, h):min(f.to_month + 1, h)] += float(f.per_month) * cost_factor
    if spec.companies is not None:
        c = spec.companies
        lo, hi = min(c.start_month, h), min(c.start_month + c.months, h)
        out[c.payer][lo:hi] += c.count * float(c.cost_per_company) / c.months * cost_factor
    return out


def investment_flows(contract: Contract, spec: BusinessCaseSpec, cost_factor: float = 1.0) -> dict[str, FloatArray]:
    """Monthly investment cost per party (positive numbers): phases plus other costs."""
    phases = phase_flows(contract, spec, cost_factor)
    other = other_cost_flows(contract, spec, cost_factor)
    return {p: phases[p] + other[p] for p in phases}


def employment_flows(spec: BusinessCaseSpec, employment_rate: float, deadweight: float, prior_weeks: float,
                     ret: FloatArray, intakes: Sequence[Intake] | None = None) -> tuple[FloatArray, FloatArray]:
    """(net persons in work, net persons × the municipality's share of a benefit) per month,
    for ``intakes`` (default all)."""
    h = spec.horizon_months
    onset = spec.onset
    employed = np.zeros(h)
    mun_share = np.zeros(h)
    for intake in spec.intake if intakes is None else intakes:
        if intake.month + onset >= h:
            continue
        k = np.arange(h - intake.month - onset)
        persons = intake.participants * employment_rate * (1.0 - deadweight) * ret[k]
        weeks = np.floor(np.floor(prior_weeks) + (onset + k) * WEEKS_PER_MONTH + 1e-9).astype(np.int64) + 1
        refund = refund_rates(weeks, spec.refund_staircase)
        employed[intake.month + onset:] += persons
        mun_share[intake.month + onset:] += persons * (1.0 - refund)
    return employed, mun_share


def forecast_start(contract: Contract, spec: BusinessCaseSpec) -> date:
    """Month 0 of the forecast: ``spec.start``, or the first of the contract's start month."""
    return spec.start or contract.period_start.replace(day=1)


def cap_buckets(contract: Contract, start: date, months: int) -> IntArray:
    """The bucket of each forecast month in which a binding cap is shared (the contract's
    ``caps.sharing``): every month its own (``by_date``: the forecast cannot order claims
    within a month) or the payment period it falls in (``pro_rata``)."""
    m = np.arange(months, dtype=np.int64)
    if contract.cap_sharing != "pro_rata":
        return m
    first = (start.year - 1970) * 12 + start.month - 1
    period = (first + m) // MONTHS_PER_PERIOD[contract.schedule.frequency]
    return np.asarray(period - period[0] if months else period, dtype=np.int64)


def capped_payer_flows(contract: Contract, by_outcome: dict[str, FloatArray], buckets: IntArray) -> dict[str, FloatArray]:
    """Expected claims per outcome ``[..., month]`` → per payer after each outcome's cap, the
    payer shares, each payer's cap and the total cap, all shared by the contract's rule."""
    lead = next(iter(by_outcome.values())).shape[:-1] if by_outcome else ()
    h = buckets.shape[0]
    per_payer = {p.id: np.zeros((*lead, h)) for p in contract.payers}
    for oid, series in by_outcome.items():
        o = contract.outcome(oid)
        capped = share_cap_series(series[..., None], buckets, float(o.cap) if o.cap is not None else None)[..., 0]
        for pid, share in contract.shares_of(o):
            per_payer[pid] = per_payer[pid] + capped * float(share)
    for p in contract.payers:
        cap = float(p.cap) if p.cap is not None else None
        per_payer[p.id] = share_cap_series(per_payer[p.id][..., None], buckets, cap)[..., 0]
    if contract.total_cap is not None and per_payer:
        ids = [p.id for p in contract.payers]
        stacked = share_cap_series(np.stack([per_payer[i] for i in ids], axis=-1), buckets, float(contract.total_cap))
        per_payer = {i: stacked[..., k] for k, i in enumerate(ids)}
    return per_payer


def payment_flows(contract: Contract, spec: BusinessCaseSpec, employment_rate: float, ret: FloatArray) -> dict[str, FloatArray]:
    """Expected outcome payments per payer per month (positive = paid), after caps."""
    h = spec.horizon_months
    onset = spec.onset
    by_outcome: dict[str, FloatArray] = {}
    pcap = float(contract.participant_cap) if contract.participant_cap is not None else float("inf")
    chain = sorted((e for e in spec.expected_payments if e.months_in_work is not None),
                   key=lambda e: (e.months_in_work or 0, e.outcome))
    cum_before = 0.0
    for e in chain:
        o = contract.outcome(e.outcome)
        price = float(min(o.price, o.cap_per_participant)) if o.cap_per_participant is not None else float(o.price)
        paid = max(0.0, min(cum_before + price, pcap) - min(cum_before, pcap))
        cum_before += price
        w = e.months_in_work or 0
        p_reach = employment_rate * (ret[w - 1] if 0 < w <= len(ret) else (1.0 if w == 0 else 0.0))
        s = by_outcome.setdefault(e.outcome, np.zeros(h))
        for intake in spec.intake:
            m = intake.month + onset + w
            if m < h:
                s[m] += intake.participants * p_reach * paid
    for e in spec.expected_payments:
        if e.share is None or e.month is None:
            continue
        o = contract.outcome(e.outcome)
        price = float(min(o.price, o.cap_per_participant)) if o.cap_per_participant is not None else float(o.price)
        s = by_outcome.setdefault(e.outcome, np.zeros(h))
        for intake in spec.intake:
            if intake.month + e.month < h:
                s[intake.month + e.month] += intake.participants * e.share * min(price, pcap)
    if not by_outcome:
        return {p.id: np.zeros(h) for p in contract.payers}
    return capped_payer_flows(contract, by_outcome, cap_buckets(contract, forecast_start(contract, spec), h))


def business_case(
    contract: Contract, overrides: Mapping[str, float] | None = None, *, next_round_cost: float | None = None
) -> BusinessCase:
    """Expected cash flows, NPV per party, break-even and verdict for the municipality.

    ``overrides`` replaces point inputs by name (see ``UNCERTAIN_INPUTS``): the simulation's
    tornado uses it to move one input at a time.
    """
    spec = contract.business_case
    if spec is None:
        raise ValueError(f"contract {contract.name!r} has no business_case section")
    ov = dict(overrides or {})
    e = float(ov.get("employment_rate", spec.employment_rate))
    dw = float(ov.get("deadweight", spec.deadweight))
    benefit = float(ov.get("benefit_per_month", float(spec.benefit_per_month)))
    cost_factor = float(ov.get("cost_factor", 1.0))
    prior = float(ov.get("prior_weeks_on_support", spec.prior_weeks_on_support))
    h = spec.horizon_months
    ret = retention(spec, h, ov.get("drop_off"))
    parties = parties_of(contract, spec)
    start = forecast_start(contract, spec)
    disc = discount_factors(h, spec.discount_rate)

    employed, mun_share = employment_flows(spec, e, dw, prior, ret)

    zero = {p: np.zeros(h) for p in parties}
    inv = investment_flows(contract, spec, cost_factor)
    pay = payment_flows(contract, spec, e, ret)
    flows: dict[str, dict[str, np.ndarray]] = {
        "investment": {p: -inv[p] for p in parties},
        "outcome_payments": {**zero, **{p: -v for p, v in pay.items()}},
        "benefit_savings": dict(zero),
    }
    paid_total = sum(pay.values(), np.zeros(h))
    flows["outcome_payments"][contract.recipient.id] = flows["outcome_payments"][contract.recipient.id] + paid_total
    flows["benefit_savings"][spec.municipality] = mun_share * benefit
    flows["benefit_savings"][spec.state] = flows["benefit_savings"][spec.state] + (employed - mun_share) * benefit
    for s in spec.other_streams:
        flows.setdefault(s.name, dict(zero))[s.party] = employed * float(s.per_person_month)

    def npv_of(party: str) -> float:
        return float(sum(float(np.dot(st[party], disc)) for st in flows.values() if party in st))

    npv = {p: npv_of(p) for p in parties}
    mun = spec.municipality
    cum = np.cumsum(sum((st[mun] for st in flows.values() if mun in st), np.zeros(h)) * disc)
    below = np.flatnonzero(cum < -1e-9)
    break_even = None if cum[-1] < -1e-9 else (int(below[-1]) + 1 if below.shape[0] else 0)
    gains = sum(float(np.dot(np.maximum(st[mun], 0.0), disc)) for st in flows.values() if mun in st)
    costs = sum(float(np.dot(np.maximum(-st[mun], 0.0), disc)) for st in flows.values() if mun in st)
    investment_total = float(sum(v.sum() for v in inv.values()))
    nrc = next_round_cost if next_round_cost is not None else (
        float(spec.next_round_cost) if spec.next_round_cost is not None else investment_total)
    return BusinessCase(
        contract=contract.name, start=start, months=h, parties=parties, municipality=mun, flows=flows,
        discount=disc, employed_net=employed, npv=npv, break_even_month=break_even,
        benefit_cost_ratio=gains / costs if costs > 0 else float("inf"),
        investment_total=investment_total, payments_total=float(paid_total.sum()), next_round_cost=nrc,
        inputs={"employment_rate": e, "deadweight": dw, "benefit_per_month": benefit, "cost_factor": cost_factor,
                "prior_weeks_on_support": prior,
                "drop_off": float(ov.get("drop_off", spec.drop_off.annual))},
    )
