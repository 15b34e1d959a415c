"""Plan against actual: the business case from recorded rows, beside the forecast.

Seed 001 §4 asks, at programme end, whether the initiative was an economic gain for the
municipality and whether its savings fund the next round — from what happened, not only from
the forecast. On the forecast's monthly grid (``business_case.start`` + ``horizon_months``),
up to the month of ``as_of``, in integer øre:

* **programme cost** = weeks attended × the phase's weekly price, to the phase's payer;
* **other costs** = the recorded :class:`~outcomes.records.ActualCost` rows, or — when none
  are given — the plan's fixed and company costs (``other_costs_planned``);
* **outcome payments** = the payments made (the approved ledger), from payer to recipient;
* **benefit savings**, per citizen on public support at the start: week ``k`` after the start
  (days ``start + 7k …``) is *off support* when no spell covers its first day. Each week off
  saves a week's benefit (``round(monthly × 12 / 52)``, the benefit of the spell at the start)
  which the refund staircase splits exactly (:func:`outcomes.staircase.split_ore`) at the week
  the citizen would have reached on support: ``prior weeks + k + 1``, where *prior weeks* are
  the whole weeks on support before the start in the citizen's own history. This gross saving
  is attributed to the programme net of the contract's deadweight, as in the forecast:
  ``net = round(gross × (1 − deadweight))`` per month, cohort and party;
* **other streams** (tax …) = weeks off support × ``per_person_month × 12/52`` × (1 − deadweight).

The verdict is the municipality's discounted net to date (the forecast's discount factors):
``gain`` if at least zero, and *by how much*; the savings *fund the next round* when that net
covers ``next_round_cost`` (default: this round's actual investment). Everything is computed
per month, per cohort and per party, beside the forecast of the same months.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from .business_case import (
    business_case,
    discount_factors,
    employment_flows,
    forecast_start,
    month_start,
    other_cost_flows,
    parties_of,
    phase_flows,
    retention,
)
from .contract import BusinessCaseSpec, Contract
from .money import div_half_even, from_ore, to_ore
from .records import FOLLOW_UP_WEEKS, RecordedData, RecordsError, add_months, month_index, month_of
from .staircase import split_ore, step_of_week
from .validation import Issue

__all__ = ["CitizenSaving", "CohortComparison", "PlanVsActual", "plan_vs_actual"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
PPM = 1_000_000
CHUNK_CELLS = 1 << 22


@dataclass(frozen=True)
class CitizenSaving:
    """One citizen's gross saving (before deadweight) by refund step, from their own history."""

    citizen_id: str
    cohort: str
    on_support_at_start: bool
    prior_weeks: int
    weekly_benefit: Decimal
    weeks_off: tuple[int, ...]  # per staircase step
    municipality: tuple[Decimal, ...]
    state: tuple[Decimal, ...]


@dataclass(frozen=True)
class CohortComparison:
    """A cohort's actuals to date beside the forecast of its intakes for the same months.
    Savings are net of deadweight; ``in_work_after[w]`` is (in work, answered) ``w`` weeks after
    an exit into work; ``employment`` is exits into work among those whose phases have ended."""

    cohort: str
    participants: int
    forecast_participants: int
    programme_cost: Decimal
    forecast_programme_cost: Decimal
    savings: dict[str, Decimal]
    forecast_savings: dict[str, Decimal]
    weeks_off_support: int
    exits: int
    into_work: int
    employment: tuple[int, int]
    in_work_after: dict[int, tuple[int, int]]


@dataclass(frozen=True, eq=False)
class PlanVsActual:
    """Actual and forecast flows per stream, party and month, in øre (positive = gained)."""

    contract: str
    start: date
    as_of: date
    months: int
    actual_months: int
    parties: tuple[str, ...]
    municipality: str
    actual: dict[str, dict[str, IntArray]]
    forecast: dict[str, dict[str, IntArray]]
    gross_savings: dict[str, IntArray]
    discount: FloatArray
    cohorts: tuple[CohortComparison, ...]
    other_costs_planned: bool
    next_round_cost: Decimal
    _citizens: dict[str, npt.NDArray[np.int64]]
    _data: RecordedData

    def net(self, party: str, which: str = "actual") -> IntArray:
        """A party's monthly net in øre (``which`` = ``actual`` or ``forecast``)."""
        flows = self.actual if which == "actual" else self.forecast
        total = np.zeros(self.months, dtype=np.int64)
        for stream in flows.values():
            if party in stream:
                total = total + stream[party]
        return total

    def cumulative(self, party: str, which: str = "actual") -> IntArray:
        return np.cumsum(self.net(party, which))

    def to_date(self, party: str, which: str = "actual", discounted: bool = True) -> Decimal:
        """A party's net over the months with actuals (present value at ``start`` by default)."""
        net = self.net(party, which)[: self.actual_months].astype(np.float64)
        value = float(net @ self.discount[: self.actual_months]) if discounted else float(net.sum())
        return from_ore(round(value))

    def stream_to_date(self, stream: str, party: str, which: str = "actual") -> Decimal:
        flows = self.actual if which == "actual" else self.forecast
        return from_ore(int(flows[stream].get(party, np.zeros(1, dtype=np.int64))[: self.actual_months].sum()))

    @property
    def gain(self) -> Decimal:
        """The municipality's discounted net to date: what it gained (or, negative, lost)."""
        return self.to_date(self.municipality)

    @property
    def verdict(self) -> str:
        return "gain" if self.gain >= 0 else "loss"

    @property
    def funds_next_round(self) -> bool:
        return self.gain >= self.next_round_cost

    @property
    def month_labels(self) -> list[str]:
        return [month_start(self.start, m).isoformat()[:7] for m in range(self.months)]

    def citizen(self, citizen_id: str) -> CitizenSaving:
        """A citizen's saving by refund step (gross, before deadweight)."""
        i = self._data.citizen_ids.index(citizen_id)
        c = self._citizens
        return CitizenSaving(
            citizen_id=citizen_id, cohort=self._data.cohorts[int(self._data.citizen_cohort[i])],
            on_support_at_start=bool(c["target"][i]), prior_weeks=int(c["prior"][i]),
            weekly_benefit=from_ore(int(c["weekly"][i])),
            weeks_off=tuple(int(x) for x in c["weeks"][i]),
            municipality=tuple(from_ore(int(x)) for x in c["mun"][i]),
            state=tuple(from_ore(int(x)) for x in c["state"][i]),
        )


def _months(d: date, start: date) -> int:
    return month_of(d) - month_of(start)


def _sum_by(keys: IntArray, values: IntArray, size: int) -> IntArray:
    """Exact integer sums of ``values`` per key (float64 bincount is exact below 2**53)."""
    if keys.shape[0] == 0:
        return np.zeros(size, dtype=np.int64)
    if float(np.abs(values).sum()) < 2**52:
        return np.round(np.bincount(keys, weights=values.astype(np.float64), minlength=size)).astype(np.int64)
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, keys, values)
    return out


def _scale(values: IntArray, num: int, den: int) -> IntArray:
    """``values × num / den`` rounded half to even, exactly (Python integers: no overflow)."""
    flat = [v * num for v in values.ravel().tolist()]
    q = [divmod(x, den) for x in flat]
    out = [a + (1 if 2 * b > den or (2 * b == den and a % 2) else 0) for a, b in q]
    return np.array(out, dtype=np.int64).reshape(values.shape)


def _spell_facts(data: RecordedData, default_benefit: int) -> tuple[IntArray, IntArray, IntArray]:
    """Per citizen: on support at the start (0/1), whole weeks on support before the start, and
    the monthly benefit (øre) of the spell covering the start."""
    n = data.n
    c = data.spell_citizen
    s = data.citizen_start[c]
    covers = (data.spell_start <= s) & (s <= data.spell_end)
    target = np.zeros(n, dtype=np.int64)
    target[c[covers]] = 1
    benefit = np.full(n, default_benefit, dtype=np.int64)
    order = np.flatnonzero(covers)[np.argsort(data.spell_start[covers], kind="stable")]
    own = data.spell_benefit[order]
    benefit[c[order]] = np.where(own >= 0, own, default_benefit)
    before = np.maximum(np.minimum(data.spell_end + 1, s) - data.spell_start, 0)
    prior_days = np.bincount(c, weights=before.astype(np.float64), minlength=n).astype(np.int64)
    return target, prior_days // 7, benefit


VALID = 1 << 10  # marks a week inside the grid; spells add 1 each (fewer than 1024 per week)


def _savings(data: RecordedData, spec: BusinessCaseSpec, start: date, months: int, last_day: int,
             target: IntArray, prior: IntArray, weekly: IntArray) -> dict[str, IntArray]:
    """Gross savings per (month, cohort) for municipality and state, weeks off support per
    (month, cohort), and per citizen weeks and øre by staircase step. Chunked over citizens.

    Per chunk one counter grid (citizen × week since start) gets ``VALID`` on the weeks inside
    ``[start of month 0, last_day]`` of citizens on support at their start, and +1 on every
    week a spell covers (its first day); a cumulative sum along the weeks makes a week off
    support exactly where the counter equals ``VALID``. Month and refund step come from
    look-up tables (by day and by week on support)."""
    n, n_c = data.n, len(data.cohorts)
    stair = spec.refund_staircase
    n_steps = len(stair)
    from_weeks = np.array([st.from_week for st in stair], dtype=np.int64)
    mun_tab, state_tab = split_ore(np.repeat(weekly[:, None], n_steps, axis=1), np.tile(from_weeks, (n, 1)), stair)
    size = months * n_c
    out = {"mun": np.zeros(size, dtype=np.int64), "state": np.zeros(size, dtype=np.int64),
           "weeks": np.zeros(size, dtype=np.int64), "cit_weeks": np.zeros((n, n_steps), dtype=np.int64)}
    first_day = start.toordinal()
    if n == 0 or last_day < first_day:
        out["cit_mun"] = out["cit_state"] = out["cit_weeks"]
        return out
    month_lut = month_index(np.arange(first_day, last_day + 1, dtype=np.int64)) - month_of(start)
    top = int(from_weeks.max())
    step_lut = step_of_week(np.arange(top + 1, dtype=np.int64), stair)
    spell_order = np.argsort(data.spell_citizen, kind="stable")
    sc = data.spell_citizen[spell_order]
    k_max = max(int((last_day - int(data.citizen_start.min())) // 7) + 1, 1)
    chunk = max(1, CHUNK_CELLS // k_max)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        s = data.citizen_start[lo:hi]
        k = int(max(((last_day - s) // 7).max() + 1, 0))
        if k == 0:
            continue
        grid = np.zeros((hi - lo, k + 1), dtype=np.int16)
        k_lo = np.maximum(-((s - first_day) // 7), 0)  # first week starting in month 0 or later
        k_hi = (last_day - s) // 7  # last week starting by last_day
        mark = (target[lo:hi] == 1) & (k_hi >= k_lo)
        rows = np.flatnonzero(mark)
        np.add.at(grid, (rows, k_lo[mark]), VALID)
        np.add.at(grid, (rows, k_hi[mark] + 1), -VALID)
        sp = spell_order[np.searchsorted(sc, lo):np.searchsorted(sc, hi)]
        ci = data.spell_citizen[sp] - lo
        first = np.maximum(-((s[ci] - data.spell_start[sp]) // 7), 0)  # ceil((spell start − s) / 7)
        last = np.minimum((np.minimum(data.spell_end[sp], last_day) - s[ci]) // 7, k - 1)
        ok = last >= first
        np.add.at(grid, (ci[ok], first[ok]), 1)
        np.add.at(grid, (ci[ok], last[ok] + 1), -1)
        rows, cols = np.nonzero(np.cumsum(grid[:, :k], axis=1, dtype=np.int16) == VALID)
        key = month_lut[(s - first_day)[rows] + 7 * cols] * n_c + data.citizen_cohort[lo:hi][rows]
        cell = rows * n_steps + step_lut[np.minimum(prior[lo:hi][rows] + cols + 1, top)]
        out["mun"] += _sum_by(key, mun_tab[lo:hi].ravel()[cell], size)
        out["state"] += _sum_by(key, state_tab[lo:hi].ravel()[cell], size)
        out["weeks"] += np.bincount(key, minlength=size).astype(np.int64)
        out["cit_weeks"][lo:hi] = np.bincount(cell, minlength=(hi - lo) * n_steps).reshape(-1, n_steps)
    out["cit_mun"] = out["cit_weeks"] * mun_tab
    out["cit_state"] = out["cit_weeks"] * state_tab
    return out


def _programme_costs(data: RecordedData, spec: BusinessCaseSpec, start: date, months: int, actual_months: int,
                     parties: Sequence[str]) -> tuple[dict[str, IntArray], IntArray]:
    """Weeks attended × weekly price per (month, party), and per (month, cohort)."""
    phase = {ph.name: ph for ph in spec.phases}
    unknown = [p for p in data.phases if p not in phase]
    if unknown:
        raise RecordsError([Issue(f"attendance: unknown phase {unknown[0]!r} (the business case's phases are "
                                  f"{', '.join(phase) or 'none'})", column="phase")])
    price = np.array([to_ore(phase[p].weekly_price) for p in data.phases] or [0], dtype=np.int64)
    payer = np.array([list(parties).index(phase[p].payer) for p in data.phases] or [0], dtype=np.int64)
    m = data.att_month - month_of(start)
    keep = (m >= 0) & (m < actual_months)
    cost = data.att_weeks[keep] * price[data.att_phase[keep]]
    by_party = _sum_by(m[keep] * len(parties) + payer[data.att_phase[keep]], cost, months * len(parties))
    by_cohort = _sum_by(m[keep] * len(data.cohorts) + data.citizen_cohort[data.att_citizen[keep]], cost,
                        months * len(data.cohorts))
    return ({p: by_party.reshape(months, len(parties))[:, i].copy() for i, p in enumerate(parties)},
            by_cohort.reshape(months, len(data.cohorts)))


def _ore(x: FloatArray) -> IntArray:
    return np.asarray(np.round(x * 100), dtype=np.int64)


def _forecast(contract: Contract, spec: BusinessCaseSpec, parties: Sequence[str]) -> dict[str, dict[str, IntArray]]:
    bc = business_case(contract)
    h = spec.horizon_months
    inv_phase = phase_flows(contract, spec)
    inv_other = other_cost_flows(contract, spec)
    out: dict[str, dict[str, IntArray]] = {
        "programme_costs": {p: -_ore(inv_phase[p]) for p in parties},
        "other_costs": {p: -_ore(inv_other[p]) for p in parties},
    }
    for stream, per in bc.flows.items():
        if stream != "investment":
            out[stream] = {p: _ore(per.get(p, np.zeros(h))) for p in parties}
    return out


def plan_vs_actual(contract: Contract, data: RecordedData, as_of: date) -> PlanVsActual:
    """The business case from recorded rows up to ``as_of``, beside the contract's forecast."""
    spec = contract.business_case
    if spec is None:
        raise ValueError(f"contract {contract.name!r} has no business_case section")
    start = forecast_start(contract, spec)
    h = spec.horizon_months
    parties = parties_of(contract, spec)
    mun, state, n_c = spec.municipality, spec.state, len(data.cohorts)
    actual_months = max(0, min(h, _months(as_of, start) + 1))
    last_day = min(as_of, month_start(start, h) - timedelta(days=1)).toordinal()
    zero = {p: np.zeros(h, dtype=np.int64) for p in parties}

    prog, prog_cohort = _programme_costs(data, spec, start, h, actual_months, parties)
    actual: dict[str, dict[str, IntArray]] = {"programme_costs": {p: -v for p, v in prog.items()}}
    planned = data.costs is None
    other = {p: np.zeros(h, dtype=np.int64) for p in parties}
    if planned:
        for p, v in other_cost_flows(contract, spec).items():
            other[p][:actual_months] = _ore(v[:actual_months])
    else:
        for cost in data.costs or ():
            m = _months(cost.month, start)
            if 0 <= m < actual_months:
                other[cost.party][m] += to_ore(cost.amount)
    actual["other_costs"] = {p: -v for p, v in other.items()}
    paid = {p: np.zeros(h, dtype=np.int64) for p in parties}
    for pay in data.payments:
        m = _months(pay.paid_on, start)
        if 0 <= m < actual_months and pay.paid_on <= as_of:
            paid[pay.payer][m] -= to_ore(pay.amount)
            paid[contract.recipient.id][m] += to_ore(pay.amount)
    actual["outcome_payments"] = paid

    target, prior, benefit = _spell_facts(data, to_ore(spec.benefit_per_month))
    weekly = div_half_even(benefit * 12, 52)
    sav = _savings(data, spec, start, h, last_day, target, prior, weekly)
    keep = PPM - round(spec.deadweight * PPM)
    net_mun = _scale(sav["mun"], keep, PPM).reshape(h, n_c)
    net_state = _scale(sav["state"], keep, PPM).reshape(h, n_c)
    weeks = sav["weeks"].reshape(h, n_c)
    actual["benefit_savings"] = {**zero, mun: net_mun.sum(axis=1), state: net_state.sum(axis=1)}
    for stream in spec.other_streams:
        per_week = _scale(weeks.sum(axis=1), to_ore(stream.per_person_month) * 12 * keep, 52 * PPM)
        actual.setdefault(stream.name, dict(zero))[stream.party] = per_week
    forecast = _forecast(contract, spec, parties)
    for name in forecast:
        actual.setdefault(name, dict(zero))
    gross = {mun: sav["mun"].reshape(h, n_c).sum(axis=1), state: sav["state"].reshape(h, n_c).sum(axis=1)}
    cohorts = _cohorts(contract, spec, data, as_of, actual_months, prog_cohort, net_mun, net_state, weeks)
    investment = -sum(int(v.sum()) for s in ("programme_costs", "other_costs") for v in actual[s].values())
    nrc = spec.next_round_cost if spec.next_round_cost is not None else from_ore(investment)
    return PlanVsActual(
        contract=contract.name, start=start, as_of=as_of, months=h, actual_months=actual_months, parties=parties,
        municipality=mun, actual=actual, forecast=forecast, gross_savings=gross,
        discount=discount_factors(h, spec.discount_rate), cohorts=cohorts, other_costs_planned=planned,
        next_round_cost=nrc,
        _citizens={"target": target, "prior": prior, "weekly": weekly, "weeks": sav["cit_weeks"],
                   "mun": sav["cit_mun"], "state": sav["cit_state"]},
        _data=data,
    )


def _cohorts(contract: Contract, spec: BusinessCaseSpec, data: RecordedData, as_of: date, actual_months: int,
             prog: IntArray, net_mun: IntArray, net_state: IntArray, weeks: IntArray) -> tuple[CohortComparison, ...]:
    exit_date, into_work = data.exits()
    follow = data.follow_ups()
    ended = add_months(data.citizen_start, spec.onset) <= as_of.toordinal()  # the phases are over
    ret = retention(spec, spec.horizon_months)
    benefit = float(spec.benefit_per_month)
    out = []
    for c, name in enumerate(data.cohorts):
        members = data.citizen_cohort == c
        intakes = [i for i in spec.intake if i.cohort == name]
        employed, mun_share = employment_flows(spec, spec.employment_rate, spec.deadweight,
                                               spec.prior_weeks_on_support, ret, intakes)
        f_cost = sum(float(v[:actual_months].sum()) for v in phase_flows(contract, spec, intakes=intakes).values())
        worked = members & (exit_date > 0) & into_work
        in_work_after = {}
        for k, w in enumerate(FOLLOW_UP_WEEKS):
            seen = worked & (exit_date + 7 * w <= as_of.toordinal()) & (follow[:, k] >= 0)
            in_work_after[w] = (int((seen & (follow[:, k] == 1)).sum()), int(seen.sum()))
        out.append(CohortComparison(
            cohort=name, participants=int(members.sum()), forecast_participants=sum(i.participants for i in intakes),
            programme_cost=from_ore(int(prog[:, c].sum())), forecast_programme_cost=from_ore(round(f_cost * 100)),
            savings={spec.municipality: from_ore(int(net_mun[:, c].sum())),
                     spec.state: from_ore(int(net_state[:, c].sum()))},
            forecast_savings={spec.municipality: from_ore(round(float(mun_share[:actual_months].sum()) * benefit * 100)),
                              spec.state: from_ore(round(float((employed - mun_share)[:actual_months].sum())
                                                         * benefit * 100))},
            weeks_off_support=int(weeks[:, c].sum()),
            exits=int((members & (exit_date > 0)).sum()), into_work=int(worked.sum()),
            employment=(int((members & ended & into_work & (exit_date > 0)).sum()), int((members & ended).sum())),
            in_work_after=in_work_after,
        ))
    return tuple(out)
