"""Benchmark of the outcome engine against plain-numpy lower bounds.

1. settle(): a rate card with prerequisites, an exclusive group, repeated payments, caps on
   every level and a payer split, on N outcome rows (default 1,000,000). The lower bound does
   the same core arithmetic with no bookkeeping: pick candidates, sort by (evidence date,
   participant), one capped cumulative sum per participant, totals per outcome.
2. simulate(): R Monte Carlo runs (default 10,000) over P participants (default 10,000). The
   lower bound draws the same two uniforms per participant and run, derives employment and
   months in work and gathers the discounted savings from a prefix table, and sums.

Usage: python bench/outcomes_bench.py [--rows N] [--runs R] [--participants P] [--repeat K]
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from datetime import date

import numpy as np

from outcomes import Outcomes, load_contract, settle, simulate

RATE_CARD = """\
name: Bench rate card
currency: DKK
period: {start: "2025-01-01", end: "2026-12-31"}
outcome_window_days: 540
payers:
  - {id: kommune, name: Kommune, cap: 900000000}
  - {id: fond, name: Fond, cap: 150000000}
recipient: {id: aktor, name: Aktør}
outcomes:
  - {id: job_start, price: 10000, event: job_start, payers: {kommune: 0.7, fond: 0.3}}
  - {id: job_13w, price: 15000, event: job_13w, requires: [job_start], cap: 900000000}
  - {id: certificate, price: 3000, event: certificate, exclusive_group: q}
  - {id: vocational, price: 12000, event: vocational_start, exclusive_group: q}
  - {id: month_in_work, price: 1000, event: month_in_work, max_per_participant: 6, cap_per_participant: 5000}
caps: {per_participant: 40000, total: 900000000}
schedule: {frequency: quarterly, due_days: 30, verification_lag_days: 14}
"""

SIM = """\
name: Bench simulation
currency: DKK
period: {start: "2025-01-01", end: "2026-12-31"}
outcome_window_days: 730
payers: [{id: kommune, name: Kommune, role: municipality}]
recipient: {id: aktor, name: Aktør}
outcomes:
  - {id: job_start, price: 25000, event: job_start}
  - {id: job_6m, price: 35000, event: job_6m, requires: [job_start]}
caps: {per_participant: 60000}
business_case:
  horizon_months: 60
  discount_rate: 0.04
  municipality: kommune
  intake: [{month: 0, participants: PARTS_A}, {month: 6, participants: PARTS_B}]
  phases: [{name: Træning, months: 6, cost_per_participant_month: 4500},
           {name: Jobtræning, months: 6, cost_per_participant_month: 3000}]
  effect: {employment_rate: 0.45, deadweight: 0.1, drop_off: {annual: 0.25}}
  savings: {benefit_per_month: 12500, prior_weeks_on_support: 104}
  expected_payments: [{outcome: job_start, months_in_work: 0}, {outcome: job_6m, months_in_work: 6}]
uncertainty:
  employment_rate: {distribution: triangular, min: 0.25, mode: 0.45, max: 0.6}
  deadweight: {distribution: uniform, min: 0.05, max: 0.2}
  drop_off: {distribution: triangular, min: 0.1, mode: 0.25, max: 0.45}
  benefit_per_month: {distribution: normal, mean: 12500, sd: 1000}
  cost_factor: {distribution: lognormal, median: 1.0, sigma: 0.1}
  prior_weeks_on_support: {distribution: uniform, min: 0, max: 60}
"""


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def make_outcomes(n_rows: int, seed: int = 1) -> Outcomes:
    """n_rows event rows over n_rows / 5 participants, built as arrays (no CSV parsing)."""
    rng = np.random.default_rng(seed)
    n_part = max(1, n_rows // 5)
    start = date(2025, 1, 1).toordinal() + rng.integers(0, 365, n_part)
    part = rng.integers(0, n_part, n_rows)
    events = ("certificate", "job_13w", "job_start", "month_in_work", "vocational_start")
    ev = rng.choice(5, n_rows, p=[0.1, 0.2, 0.25, 0.35, 0.1])
    when = start[part] + rng.integers(-20, 600, n_rows)
    ids = tuple(f"p{i:07d}" for i in range(n_part))
    return Outcomes(
        participant_ids=ids,
        participant_cohort=np.zeros(n_part, dtype=np.int64),
        participant_start=start.astype(np.int64),
        participant_group=np.zeros(n_part, dtype=np.int64),
        cohorts=("c",),
        groups=("",),
        events=events,
        row_participant=part.astype(np.int64),
        row_event=ev.astype(np.int64),
        row_date=when.astype(np.int64),
        row_value=np.full(n_rows, 1000, dtype=np.int64),
        row_has_value=np.zeros(n_rows, dtype=np.bool_),
        row_source=np.arange(2, n_rows + 2, dtype=np.int64),
    )


def settle_lower_bound(out: Outcomes, price: np.ndarray, cap: int, as_of: int) -> int:
    """Candidates, sort by (evidence, participant), per-participant capped cumsum, total."""
    keep = out.row_date + 14 <= as_of
    part = out.row_participant[keep]
    ev = out.row_event[keep]
    evid = out.row_date[keep] + 14
    amount = price[ev]
    start = out.participant_start[part]
    amount = np.where((evid - 14 >= start) & (evid - 14 <= start + 540), amount, 0)
    order = np.lexsort((evid, part))
    a, p = amount[order], part[order]
    starts = np.r_[True, p[1:] != p[:-1]]
    cum = np.cumsum(a)
    first = np.flatnonzero(starts)
    base = (cum[first] - a[first])[np.cumsum(starts) - 1]
    within = np.minimum(cum - base, cap)
    prev = np.r_[0, within[:-1]]
    prev[starts] = 0
    paid = within - prev
    return int(np.bincount(ev[order], weights=paid, minlength=5).sum())


def simulate_lower_bound(runs: int, n: int, seed: int = 0) -> float:
    """Same draws and gathers as simulate() without caps, payers, payments or distributions."""
    rng = np.random.default_rng(seed)
    h, onset = 60, 12
    disc = 1.04 ** (-np.arange(h) / 12)
    k = np.arange(h - onset)
    table = np.r_[0.0, np.cumsum(disc[onset + k] * 0.8)]
    chunk = max(1, (1 << 21) // n)
    total = 0.0
    done = 0
    while done < runs:
        r = min(chunk, runs - done)
        e = rng.triangular(0.25, 0.45, 0.6, r)
        q = (1 - rng.triangular(0.1, 0.25, 0.45, r)) ** (1 / 12)
        u1 = rng.random((r, n))
        u2 = rng.random((r, n))
        dur = np.minimum(np.floor(np.log(u2) / np.log(q)[:, None]) + 1, h - onset).astype(np.int64)
        j = dur * (u1 < e[:, None])
        total += float(table[j].sum())
        done += r
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--participants", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
        f"{platform.processor() or 'cpu'}"
    )

    contract = load_contract(RATE_CARD)
    out = make_outcomes(args.rows)
    as_of = date(2027, 12, 31)
    settle(contract, out, as_of)  # warm-up
    t_settle = best_of(lambda: settle(contract, out, as_of), args.repeat)
    s = settle(contract, out, as_of)
    fresh = settle(contract, out, as_of)
    t0 = time.perf_counter()
    _ = (fresh.by_outcome, fresh.by_payer, fresh.by_period, fresh.cut_off_totals)
    t_totals = time.perf_counter() - t0
    price = np.array([300000, 1500000, 1000000, 100000, 1200000], dtype=np.int64)
    t_lb = best_of(lambda: settle_lower_bound(out, price, 4_000_000, as_of.toordinal()), args.repeat)
    n_lines, n_cuts = s._pay["amount"].shape[0], s._cut["amount"].shape[0]
    print(f"settle: {args.rows:,} rows -> {n_lines:,} payment lines, {n_cuts:,} cut-offs, total {s.total} kr")
    print(f"  settle()            {t_settle:8.3f} s")
    print(f"  totals (outcome, payer, period, cut-offs) {t_totals:6.3f} s")
    print(f"  plain-numpy bound   {t_lb:8.3f} s   ratio {t_settle / t_lb:5.1f}x")

    sim_contract = load_contract(
        SIM.replace("PARTS_A", str(args.participants // 2)).replace(
            "PARTS_B", str(args.participants - args.participants // 2)
        )
    )
    simulate(sim_contract, runs=min(args.runs, 200), seed=0)  # warm-up
    rep = max(1, args.repeat - 1)
    t_sim = best_of(lambda: simulate(sim_contract, runs=args.runs, seed=0), rep)
    t_slb = best_of(lambda: simulate_lower_bound(args.runs, args.participants), rep)
    sim = simulate(sim_contract, runs=args.runs, seed=0)
    p = sim.percentiles["npv"]
    print(
        f"simulate: {args.runs:,} runs x {args.participants:,} participants "
        f"(NPV P5/P50/P95 {p['P5']:,.0f} / {p['P50']:,.0f} / {p['P95']:,.0f}; P(gain) {sim.probability_of_gain:.3f})"
    )
    print(f"  simulate()          {t_sim:8.3f} s")
    print(f"  plain-numpy bound   {t_slb:8.3f} s   ratio {t_sim / t_slb:5.1f}x")


if __name__ == "__main__":
    main()
