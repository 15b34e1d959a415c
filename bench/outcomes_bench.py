"""Benchmark of the outcome engine against plain-numpy floors that do the same arithmetic.

Each floor repeats the arithmetic of the engine stages it is compared with — the same sorts (one
composite-key argsort, ``outcomes.caps.order_by``), the same capped cumulative sums
(``outcomes.caps``) — without the engine's bookkeeping: no validation of the rows against the
contract, no cut-off lines or their reasons, no canonical ledger order, no lazily built lines.

1. ``settle()`` on N outcome rows (default 1,000,000) of a rate card with a prerequisite, an
   exclusive group, repeated payments, caps on every level and a 70/30 payer split. Floor, stage
   by stage: eligibility (candidates, pending), window, prerequisites, exclusive-group top-ups,
   max payments, the cap per outcome and participant, per participant and per outcome, the
   payer split, the payer caps and the total cap (shared by evidence date), the schedule
   (payment period and due date) and the totals by outcome and payer. The **fingerprint**
   (sha256 of the canonicalised contract and rows) is computed when first read and timed on its
   own, with its floor: the same sort and hash of the row columns.
2. ``simulate()``: R runs (default 10,000) × P participants (default 10,000). Floor: the same
   draws, months in work, the per-run count by (intake, prior week, months in work), monthly
   savings, the payments with the per-participant cap and the NPV and monthly paths — without
   the per-outcome, per-payer and total caps and the tornado (timed on its own: 13 business
   cases).
3. ``plan_vs_actual()`` for C citizens (default 175,000) over five years. Floor: the same
   counter grid per chunk, cumulative sum, week selection and look-ups, and the sums by month;
   without programme costs, payments, cohorts, per-citizen tables and the forecast beside.

Usage: python bench/outcomes_bench.py [--rows N] [--runs R] [--participants P] [--citizens C] [--repeat K]
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import time
from collections.abc import Callable
from datetime import date

import numpy as np

from outcomes import Outcomes, RecordedData, business_case, load_contract, plan_vs_actual, settle, simulate
from outcomes.caps import (
    capped,
    capped_by_bucket,
    order_by,
    rank_in_segment,
    running_max_before,
    segment_starts,
)
from outcomes.records import OPEN_END, month_index
from outcomes.schedule import periods
from outcomes.settlement import _fingerprint as fingerprint_of
from outcomes.staircase import split_ore, step_of_week

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
  intake: [{month: 0, participants: PARTS_A, cohort: 2025-H1}, {month: 6, participants: PARTS_B, cohort: 2025-H2}]
  phases: [{name: Træning, months: 6, cost_per_participant_month: 4500},
           {name: Jobtræning, months: 6, cost_per_participant_month: 3000}]
  effect: {employment_rate: 0.45, deadweight: 0.1, drop_off: {annual: 0.25}}
  savings: {benefit_per_month: 12500, prior_weeks_on_support: 104,
            other_streams: [{name: kommuneskat, per_person_month: 3500, party: kommune}]}
  expected_payments: [{outcome: job_start, months_in_work: 0}, {outcome: job_6m, months_in_work: 6}]
uncertainty:
  employment_rate: {distribution: triangular, min: 0.25, mode: 0.45, max: 0.6}
  deadweight: {distribution: uniform, min: 0.05, max: 0.2}
  drop_off: {distribution: triangular, min: 0.1, mode: 0.25, max: 0.45}
  benefit_per_month: {distribution: normal, mean: 12500, sd: 1000}
  cost_factor: {distribution: lognormal, median: 1.0, sigma: 0.1}
  prior_weeks_on_support: {distribution: uniform, min: 0, max: 60}
"""

EVENTS = ("certificate", "job_13w", "job_start", "month_in_work", "vocational_start")


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def best_of_pair(engine: Callable[[], object], floor: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best times of the engine and its floor, run in turn so both meet the same machine load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, out in ((engine, times[0]), (floor, times[1])):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
    return min(times[0]), min(times[1])


# --- 1. settlement -------------------------------------------------------------------------


def make_outcomes(n_rows: int, seed: int = 1) -> Outcomes:
    """n_rows event rows over n_rows / 5 participants, built as arrays (no CSV parsing)."""
    rng = np.random.default_rng(seed)
    n_part = max(1, n_rows // 5)
    start = date(2025, 1, 1).toordinal() + rng.integers(0, 365, n_part)
    part = rng.integers(0, n_part, n_rows)
    ev = rng.choice(5, n_rows, p=[0.1, 0.2, 0.25, 0.35, 0.1])
    when = start[part] + rng.integers(-20, 600, n_rows)
    return Outcomes(
        participant_ids=tuple(f"p{i:07d}" for i in range(n_part)),
        participant_cohort=np.zeros(n_part, dtype=np.int64), participant_start=start.astype(np.int64),
        participant_group=np.zeros(n_part, dtype=np.int64), cohorts=("c",), groups=("",), events=EVENTS,
        row_participant=part.astype(np.int64), row_event=ev.astype(np.int64), row_date=when.astype(np.int64),
        row_value=np.full(n_rows, 1000, dtype=np.int64), row_has_value=np.zeros(n_rows, dtype=np.bool_),
        row_source=np.arange(2, n_rows + 2, dtype=np.int64),
    )


def _capped_in_order(amount: np.ndarray, lines: np.ndarray, keys: tuple[np.ndarray, ...], cap: np.ndarray) -> None:
    """A cap consumed in the order of ``keys`` (primary first; segments = all keys but the last)."""
    order = lines[order_by(*(k[lines] for k in keys))]
    amount[order] = capped(amount[order], segment_starts(*(k[order] for k in keys[:-1])), cap[order])


def _capped_shared(amount: np.ndarray, lines: np.ndarray, keys: tuple[np.ndarray, ...], segment: np.ndarray,
                   bucket: np.ndarray, cap: np.ndarray) -> None:
    """A contract-wide cap shared by evidence date within each segment."""
    order = lines[order_by(*(k[lines] for k in keys))]
    amount[order] = capped_by_bucket(amount[order], segment_starts(segment[order]),
                                     segment_starts(segment[order], bucket[order]), cap[order])


def settle_floor(out: Outcomes, as_of: int) -> tuple[np.ndarray, np.ndarray]:
    """The bench rate card's stages in plain numpy (see the module doc); totals by outcome and payer."""
    price = np.array([300000, 1500000, 1000000, 100000, 1200000], dtype=np.int64)  # by event code
    # eligibility: one candidate per priced row, evidenced (event + 14 days) by as_of
    evid_all = out.row_date + 14
    rows = np.flatnonzero(evid_all <= as_of)
    item, part, when, evid = out.row_event[rows], out.row_participant[rows], out.row_date[rows], evid_all[rows]
    n = rows.shape[0]
    pos = np.empty(n, dtype=np.int64)
    pos[order_by(evid, part, item)] = np.arange(n, dtype=np.int64)
    gross = price[item]
    amount = gross.copy()
    # window
    start = out.participant_start[part]
    amount[(when < start) | (when > start + 540)] = 0
    # prerequisites: job_13w (1) needs a job_start (2) on or before its date
    first = np.full(out.n_participants, np.iinfo(np.int64).max, dtype=np.int64)
    js = (item == 2) & (amount > 0)
    np.minimum.at(first, part[js], when[js])
    amount[(item == 1) & (first[part] > when)] = 0
    # exclusive group q (certificate 0, vocational 4): top-ups over the highest reached
    sel = np.flatnonzero(((item == 0) | (item == 4)) & (amount > 0))
    order = sel[order_by(part[sel], evid[sel], -gross[sel], item[sel])]
    amount[order] = np.maximum(gross[order] - running_max_before(gross[order], segment_starts(part[order])), 0)
    # max payments: month_in_work (3) at most 6, the others once
    sel = np.flatnonzero(amount > 0)
    order = sel[order_by(part[sel], item[sel], pos[sel])]
    rank = rank_in_segment(segment_starts(part[order], item[order]))
    amount[order[rank >= np.where(item[order] == 3, 6, 1)]] = 0
    # caps: month_in_work 5 000 per participant, 40 000 per participant, job_13w 9 million
    _capped_in_order(amount, np.flatnonzero((amount > 0) & (item == 3)), (part, item, pos),
                     np.full(n, 500000, dtype=np.int64))
    _capped_in_order(amount, np.flatnonzero(amount > 0), (part, pos), np.full(n, 4000000, dtype=np.int64))
    _capped_shared(amount, np.flatnonzero((amount > 0) & (item == 1)), (item, pos), item, evid,
                   np.full(n, 90000000000, dtype=np.int64))
    # payer split: job_start 70/30, the rest to the first payer
    live = np.flatnonzero(amount > 0)
    a, split = amount[live], item[live] == 2
    kommune = np.where(split, (a // 10) * 7 + ((a % 10) * 7) // 10, a)  # the last payer takes the remainder
    pl_pre = np.concatenate([live, live[split]])
    pl_payer = np.concatenate([np.zeros(live.shape[0], dtype=np.int64), np.ones(int(split.sum()), dtype=np.int64)])
    pl_amount = np.concatenate([kommune, (a - kommune)[split]])
    # payer caps and the total cap, shared by evidence date
    pl_pos, pl_evid = pos[pl_pre], evid[pl_pre]
    idx = np.arange(pl_pre.shape[0], dtype=np.int64)
    _capped_shared(pl_amount, idx[pl_amount > 0], (pl_payer, pl_pos), pl_payer, pl_evid,
                   np.where(pl_payer == 0, 90000000000, 15000000000).astype(np.int64))
    _capped_shared(pl_amount, idx[pl_amount > 0], (pl_pos, pl_payer), np.zeros_like(pl_payer), pl_evid,
                   np.full(pl_pre.shape[0], 90000000000, dtype=np.int64))
    # schedule and totals
    from outcomes.contract import Schedule

    periods(pl_evid, Schedule("quarterly", 30, 14))
    return (np.bincount(item[pl_pre], weights=pl_amount, minlength=5),
            np.bincount(pl_payer, weights=pl_amount, minlength=2))


def fingerprint_floor(out: Outcomes) -> str:
    """The same canonical sort and sha256 as the engine's fingerprint of the outcomes: the id
    tables, the per-participant columns and the row columns in sorted order (not the contract)."""
    h = hashlib.sha256()
    for table in (out.participant_ids, out.cohorts, out.groups, out.events):
        h.update("\x1f".join(table).encode())
    has_value = out.row_has_value.astype(np.int64)
    order = order_by(out.row_participant, out.row_event, out.row_date, out.row_value, has_value)
    for a in (out.participant_cohort, out.participant_start, out.participant_group):
        h.update(np.ascontiguousarray(a, dtype="<i8").tobytes())
    for a in (out.row_value, out.row_date, out.row_event, out.row_participant, has_value):
        h.update(np.ascontiguousarray(a[order], dtype="<i8").tobytes())
    return h.hexdigest()


# --- 2. simulation -------------------------------------------------------------------------


def simulate_floor(runs: int, n: int, seed: int = 0) -> np.ndarray:
    """The engine's per-run arithmetic for the SIM contract (see the module doc): NPV per run."""
    rng = np.random.default_rng(seed)
    h, onset, w_top = 60, 12, 52
    disc = 1.04 ** (-np.arange(h) / 12)
    starts = np.array([0, 6])
    g_of = np.repeat(np.arange(2), [n // 2, n - n // 2])
    week = np.floor(np.arange(w_top + 1)[:, None] + (onset + np.arange(h))[None, :] * 52 / 12 + 1e-9).astype(np.int64) + 1
    share = 1.0 - np.choose(np.searchsorted([1, 5, 27, 53], week, side="right") - 1, [0.8, 0.4, 0.3, 0.2])
    span = h - starts[g_of] - onset
    npv = np.zeros(runs)
    chunk = max(1, (1 << 21) // n)
    done = 0
    while done < runs:
        r = min(chunk, runs - done)
        e, dw = rng.triangular(0.25, 0.45, 0.6, r), rng.uniform(0.05, 0.2, r)
        benefit, cost = rng.normal(12500, 1000, r), np.exp(rng.normal(0, 0.1, r))
        u1, u2 = rng.random((r, n)), rng.random((r, n))
        employed, attributable = u1 < e[:, None], u1 < (e * (1 - dw))[:, None]
        q = (1 - rng.triangular(0.1, 0.25, 0.45, r)) ** (1 / 12)
        dur = np.minimum(np.floor(np.log(u2) / np.log(q)[:, None]) + 1, h).astype(np.int64)
        w_idx = np.minimum(np.floor(rng.uniform(0, 60, (r, n))).astype(np.int64), w_top)
        j = np.minimum(dur, span[None, :]) * attributable
        key = ((np.arange(r)[:, None] * 2 + g_of[None, :]) * (w_top + 1) + w_idx) * (h + 1) + j
        counts = np.bincount(key.ravel(), minlength=r * 2 * (w_top + 1) * (h + 1)).reshape(r, 2, w_top + 1, h + 1)
        in_work = np.cumsum(counts[..., ::-1], axis=-1)[..., ::-1][..., 1:]
        persons, mun = np.zeros((r, h)), np.zeros((r, h))
        for g, s in enumerate(starts.tolist()):
            off = s + onset
            persons[:, off:] += in_work[:, g, :, :h - off].sum(axis=1)
            mun[:, off:] += (in_work[:, g, :, :h - off] * share[None, :, :h - off]).sum(axis=1)
        cum = np.zeros((r, n))
        paid = np.zeros((r, h))
        bounds = np.array([0, n // 2])
        for price, months in ((25000.0, 0), (35000.0, 6)):
            amount = (employed & (dur >= months)) * price
            pay = np.minimum(cum + amount, 60000.0) - np.minimum(cum, 60000.0)
            cum += amount
            per_intake = np.add.reduceat(pay, bounds, axis=1)
            for g, s in enumerate(starts.tolist()):
                if s + onset + months < h:
                    paid[:, s + onset + months] += per_intake[:, g]
        net = benefit[:, None] * mun + 3500.0 * persons - paid - cost[:, None] * 40000.0
        npv[done:done + r] = np.cumsum(net * disc[None, :], axis=1)[:, -1]
        done += r
    return npv


# --- 3. plan against actual ------------------------------------------------------------------


def make_recorded(n: int, seed: int = 1) -> RecordedData:
    """n citizens starting over 2025, three months of attendance, one or two spells on support
    (the first from up to 800 days before the start to an exit 2–23 months after it), exits and
    follow-ups; built as arrays."""
    rng = np.random.default_rng(seed)
    start = date(2025, 1, 6).toordinal() + rng.integers(0, 365, n)
    att_c = np.repeat(np.arange(n), 3)
    first_month = month_index(start.astype(np.int64))
    back = rng.random(n) < 0.3
    s1_end = start + rng.integers(60, 700, n)
    spell_c = np.concatenate([np.arange(n), np.flatnonzero(back)])
    return RecordedData(
        citizen_ids=tuple(f"c{i:06d}" for i in range(n)), cohorts=("2025-H1", "2025-H2"),
        citizen_cohort=(start >= date(2025, 7, 1).toordinal()).astype(np.int64), citizen_start=start.astype(np.int64),
        phases=("Træning",), att_citizen=att_c.astype(np.int64), att_phase=np.zeros(3 * n, dtype=np.int64),
        att_month=(first_month[att_c] + np.tile(np.arange(3), n)).astype(np.int64),
        att_weeks=rng.integers(2, 5, 3 * n).astype(np.int64),
        exit_date=(s1_end + 1).astype(np.int64), exit_into_work=rng.random(n) < 0.6,
        follow_up=np.where(rng.random((n, 3)) < 0.7, (rng.random((n, 3)) < 0.8), -1).astype(np.int8),
        spell_citizen=spell_c.astype(np.int64),
        spell_start=np.concatenate([start - rng.integers(0, 800, n), (s1_end + rng.integers(30, 200, n))[back]]),
        spell_end=np.concatenate([s1_end, np.full(int(back.sum()), OPEN_END)]).astype(np.int64),
        spell_benefit=np.full(spell_c.shape[0], -1, dtype=np.int64),
    )


def plan_vs_actual_floor(data: RecordedData, first_day: int, last_day: int, months: int) -> np.ndarray:
    """The savings grid of plan_vs_actual in plain numpy: monthly municipality savings (øre)."""
    n = data.n
    s = data.citizen_start
    c = data.spell_citizen
    covers = (data.spell_start <= s[c]) & (s[c] <= data.spell_end)
    target = np.zeros(n, dtype=np.int64)
    target[c[covers]] = 1
    prior = np.bincount(c, weights=np.maximum(np.minimum(data.spell_end + 1, s[c]) - data.spell_start, 0),
                        minlength=n).astype(np.int64) // 7
    weekly = np.full(n, 1250000 * 12 // 52, dtype=np.int64)
    mun_tab, _ = split_ore(np.repeat(weekly[:, None], 4, axis=1), np.tile(np.array([1, 5, 27, 53]), (n, 1)))
    month_lut = month_index(np.arange(first_day, last_day + 1, dtype=np.int64)) - month_index(np.array([first_day]))[0]
    step_lut = step_of_week(np.arange(54, dtype=np.int64))
    out = np.zeros(months)
    k_all = int((last_day - s.min()) // 7) + 1
    chunk = max(1, (1 << 22) // k_all)
    order = np.argsort(c, kind="stable")
    sc = c[order]
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        ss = s[lo:hi]
        k = int(((last_day - ss) // 7).max() + 1)
        grid = np.zeros((hi - lo, k + 1), dtype=np.int16)
        k_lo, k_hi = np.maximum(-((ss - first_day) // 7), 0), (last_day - ss) // 7
        rows = np.flatnonzero(target[lo:hi] == 1)
        np.add.at(grid, (rows, k_lo[rows]), 1024)
        np.add.at(grid, (rows, k_hi[rows] + 1), -1024)
        sp = order[np.searchsorted(sc, lo):np.searchsorted(sc, hi)]
        ci = c[sp] - lo
        a = np.maximum(-((ss[ci] - data.spell_start[sp]) // 7), 0)
        b = np.minimum((np.minimum(data.spell_end[sp], last_day) - ss[ci]) // 7, k - 1)
        ok = b >= a
        np.add.at(grid, (ci[ok], a[ok]), 1)
        np.add.at(grid, (ci[ok], b[ok] + 1), -1)
        r, w = np.nonzero(np.cumsum(grid[:, :k], axis=1, dtype=np.int16) == 1024)
        month = month_lut[(ss - first_day)[r] + 7 * w]
        cell = r * 4 + step_lut[np.minimum(prior[lo:hi][r] + w + 1, 53)]
        out += np.bincount(month, weights=mun_tab[lo:hi].ravel()[cell], minlength=months)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--participants", type=int, default=10_000)
    ap.add_argument("--citizens", type=int, default=175_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{platform.processor() or 'cpu'}")

    contract = load_contract(RATE_CARD)
    out = make_outcomes(args.rows)
    as_of = date(2027, 12, 31)
    settle(contract, out, as_of)  # warm-up
    t_settle, t_floor = best_of_pair(lambda: settle(contract, out, as_of),
                                     lambda: settle_floor(out, as_of.toordinal()), args.repeat)
    t_fp, t_fp_floor = best_of_pair(lambda: fingerprint_of(contract, out, as_of), lambda: fingerprint_floor(out),
                                    args.repeat)
    s = settle(contract, out, as_of)
    t0 = time.perf_counter()
    _ = (s.by_outcome, s.by_payer, s.by_period, s.cut_off_totals)
    t_totals = time.perf_counter() - t0
    floor_total = int(settle_floor(out, as_of.toordinal())[1].sum())
    assert floor_total == int(s._pay["amount"].sum()), "the floor must pay what the engine pays"
    print(f"settle: {args.rows:,} rows -> {s._pay['amount'].shape[0]:,} payment lines, "
          f"{s._cut['amount'].shape[0]:,} cut-offs, total {s.total} kr (floor pays the same)")
    print(f"  settle()              {t_settle:8.3f} s   floor {t_floor:6.3f} s   ratio {t_settle / t_floor:4.1f}x")
    print(f"  fingerprint (when read) {t_fp:6.3f} s   floor {t_fp_floor:6.3f} s   ratio {t_fp / t_fp_floor:4.1f}x")
    print(f"  totals (outcome, payer, period, cut-offs) {t_totals:6.3f} s")

    sim_contract = load_contract(SIM.replace("PARTS_A", str(args.participants // 2))
                                 .replace("PARTS_B", str(args.participants - args.participants // 2)))
    simulate(sim_contract, runs=min(args.runs, 200), seed=0)  # warm-up
    rep = max(1, args.repeat - 1)
    t_sim, t_sfloor = best_of_pair(lambda: simulate(sim_contract, runs=args.runs, seed=0),
                                   lambda: simulate_floor(args.runs, args.participants), rep)
    t_tornado = best_of(lambda: [business_case(sim_contract) for _ in range(13)], rep)
    sim = simulate(sim_contract, runs=args.runs, seed=0)
    p = sim.percentiles["npv"]
    print(f"simulate: {args.runs:,} runs x {args.participants:,} participants "
          f"(NPV P5/P50/P95 {p['P5']:,.0f} / {p['P50']:,.0f} / {p['P95']:,.0f}; P(gain) {sim.probability_of_gain:.3f})")
    print(f"  simulate()            {t_sim:8.3f} s   floor {t_sfloor:6.3f} s   ratio {t_sim / t_sfloor:4.1f}x"
          f"   (of which tornado {t_tornado:.3f} s)")

    data = make_recorded(args.citizens)
    pva_contract = load_contract(SIM.replace("PARTS_A", "87500").replace("PARTS_B", "87500"))
    pva_as_of = date(2029, 12, 31)
    plan_vs_actual(pva_contract, data, pva_as_of)  # warm-up
    t_pva, t_pfloor = best_of_pair(
        lambda: plan_vs_actual(pva_contract, data, pva_as_of),
        lambda: plan_vs_actual_floor(data, date(2025, 1, 1).toordinal(), pva_as_of.toordinal(), 60), rep)
    pva = plan_vs_actual(pva_contract, data, pva_as_of)
    print(f"plan_vs_actual: {args.citizens:,} citizens, {len(data.spell_citizen):,} spells, 60 months "
          f"(municipality {pva.verdict} {pva.gain:,.0f} kr)")
    print(f"  plan_vs_actual()      {t_pva:8.3f} s   floor {t_pfloor:6.3f} s   ratio {t_pva / t_pfloor:4.1f}x")


if __name__ == "__main__":
    main()
