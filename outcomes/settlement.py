"""Settlement: turn recorded outcomes into an auditable payment ledger, vectorised.

Per participant the rules apply in this order (each cut becomes a cut-off line):

1. window: the event must fall within ``[start, start + outcome_window_days]``;
2. prerequisites: every required outcome achieved (after 1–2) on or before the event date;
3. exclusive group: per participant only the highest price in a group is paid, as top-ups;
4. max payments per participant and outcome;
5. per-outcome-per-participant cap; 6. per-participant cap; 7. per-outcome cap (contract);
then cohort-term lines join, amounts are split between payers by shares, and
8. per-payer cap; 9. total cap.

Caps are consumed in the canonical order (evidence date, participant lines before cohort
lines, participant id or cohort, outcome id, payer order). All arithmetic is int64 øre.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from . import caps as capmod
from .cohort import POOLED, CohortResult, check_cohort_terms, cohort_lines
from .contract import CohortTerm, Contract, OutcomeDefinition
from .loading import topological_order
from .money import NO_CAP, from_ore, to_ore
from .outcomes_file import Outcomes, check_outcomes
from .schedule import period_label, periods
from .validation import OutcomesError

__all__ = ["REASONS", "CutOff", "LedgerLine", "Settlement", "contract_fingerprint_data", "settle"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

RULES = ("price", "exclusive_top_up", "cohort_early", "cohort_final")
REASONS = {
    "window": "event outside the outcome window",
    "prerequisite": "a required outcome was not achieved on or before the event date",
    "exclusive_group": "an equal or higher outcome in the same exclusive group was already paid",
    "max_payments": "maximum number of payments per participant reached",
    "outcome_participant_cap": "cap on this outcome per participant reached",
    "participant_cap": "cap per participant reached",
    "outcome_cap": "cap on this outcome over the contract reached",
    "cohort_threshold": "the cohort's improvement is below the threshold",
    "pooled_threshold": "the pooled improvement is below the threshold",
    "payer_cap": "the payer's cap reached",
    "total_cap": "the contract's total cap reached",
}
REASON_CODES = tuple(REASONS)


@dataclass(frozen=True)
class LedgerLine:
    """One payment: who (participant or cohort) triggered which outcome under which rule,
    which payer pays how much, and when it falls due."""

    subject: str
    cohort: str
    outcome: str
    rule: str
    payer: str
    event_date: date
    evidence_date: date
    period: str
    due_date: date
    amount: Decimal


@dataclass(frozen=True)
class CutOff:
    """An amount not paid, and why. ``payer`` is None for cuts made before the payer split."""

    subject: str
    cohort: str
    outcome: str
    payer: str | None
    event_date: date
    evidence_date: date
    reason: str
    amount: Decimal
    detail: str


@dataclass(frozen=True, eq=False)
class Settlement:
    """The result of :func:`settle`. Lines are held as arrays and built lazily."""

    contract: Contract
    outcomes: Outcomes
    as_of: date
    fingerprint: str
    cohort_results: tuple[CohortResult, ...]
    pending_rows: int
    pending_amount: Decimal
    _pre: dict[str, IntArray]
    _pay: dict[str, IntArray]
    _cut: dict[str, IntArray]
    _details: dict[int, str]
    _items: tuple[str, ...]

    # ---- totals (exact) ----
    @property
    def total(self) -> Decimal:
        return from_ore(int(self._pay["amount"].sum()))

    @property
    def total_due(self) -> Decimal:
        """What has fallen due by ``as_of``."""
        due = self._pre["due"][self._pay["pre"]] <= self.as_of.toordinal()
        return from_ore(int(self._pay["amount"][due].sum()))

    def _totals(self, keys: IntArray, names: list[str], amounts: IntArray) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        if keys.shape[0] == 0:
            return out
        uniq, inv = np.unique(keys, return_inverse=True)
        sums = np.zeros(uniq.shape[0], dtype=np.int64)
        np.add.at(sums, inv, amounts)
        for k, s in zip(uniq.tolist(), sums.tolist(), strict=True):
            out[names[k]] = from_ore(s)
        return out

    @cached_property
    def by_outcome(self) -> dict[str, Decimal]:
        return self._totals(self._pre["item"][self._pay["pre"]], list(self._items), self._pay["amount"])

    @cached_property
    def by_cohort(self) -> dict[str, Decimal]:
        names = [*self.outcomes.cohorts, POOLED]
        return self._totals(self._pre["cohort"][self._pay["pre"]], names, self._pay["amount"])

    @cached_property
    def by_payer(self) -> dict[str, Decimal]:
        return self._totals(self._pay["payer"], [p.id for p in self.contract.payers], self._pay["amount"])

    @cached_property
    def by_period(self) -> dict[str, Decimal]:
        per = self._pre["period"][self._pay["pre"]]
        base = int(per.min()) if per.shape[0] else 0
        labels = [period_label(base + i, self.contract.schedule) for i in range(int(per.max()) - base + 1)] if per.shape[0] else []
        return self._totals(per - base, labels, self._pay["amount"])

    @cached_property
    def cut_off_totals(self) -> dict[str, Decimal]:
        return self._totals(self._cut["reason"], list(REASON_CODES), self._cut["amount"])

    # ---- lines (materialised on demand) ----
    def _subject(self, pre: int) -> tuple[str, str]:
        kind, subj, cohort = int(self._pre["kind"][pre]), int(self._pre["subject"][pre]), int(self._pre["cohort"][pre])
        cohorts = [*self.outcomes.cohorts, POOLED]
        if kind == 0:
            return self.outcomes.participant_ids[subj], cohorts[cohort]
        return cohorts[cohort], cohorts[cohort]

    @cached_property
    def lines(self) -> tuple[LedgerLine, ...]:
        payer_ids = [p.id for p in self.contract.payers]
        pre = self._pre
        out = []
        for i, p, a in zip(self._pay["pre"].tolist(), self._pay["payer"].tolist(), self._pay["amount"].tolist(), strict=True):
            subject, cohort = self._subject(i)
            out.append(LedgerLine(
                subject, cohort, self._items[int(pre["item"][i])], RULES[int(pre["rule"][i])], payer_ids[p],
                date.fromordinal(int(pre["date"][i])), date.fromordinal(int(pre["evidence"][i])),
                period_label(int(pre["period"][i]), self.contract.schedule), date.fromordinal(int(pre["due"][i])),
                from_ore(a)))
        return tuple(out)

    @cached_property
    def cut_offs(self) -> tuple[CutOff, ...]:
        payer_ids = [p.id for p in self.contract.payers]
        pre = self._pre
        out = []
        for k, (i, p, r, a) in enumerate(zip(self._cut["pre"].tolist(), self._cut["payer"].tolist(),
                                             self._cut["reason"].tolist(), self._cut["amount"].tolist(), strict=True)):
            subject, cohort = self._subject(i)
            code = REASON_CODES[r]
            out.append(CutOff(
                subject, cohort, self._items[int(pre["item"][i])], payer_ids[p] if p >= 0 else None,
                date.fromordinal(int(pre["date"][i])), date.fromordinal(int(pre["evidence"][i])), code,
                from_ore(a), self._details.get(k, REASONS[code])))
        return tuple(out)


def contract_fingerprint_data(contract: Contract) -> Any:
    """The contract as plain JSON-able data (for the fingerprint)."""

    def plain(x: Any) -> Any:
        if is_dataclass(x) and not isinstance(x, type):
            return plain(asdict(x))
        if isinstance(x, dict):
            return {str(k): plain(v) for k, v in sorted(x.items())}
        if isinstance(x, list | tuple):
            return [plain(v) for v in x]
        if isinstance(x, Decimal | date):
            return str(x)
        return x

    return plain(contract)


def _fingerprint(contract: Contract, outcomes: Outcomes, as_of: date) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(contract_fingerprint_data(contract), sort_keys=True, ensure_ascii=False).encode())
    h.update(as_of.isoformat().encode())
    outcomes.fingerprint_into(h)
    return h.hexdigest()


class _Cuts:
    def __init__(self) -> None:
        self.pre: list[IntArray] = []
        self.payer: list[IntArray] = []
        self.reason: list[IntArray] = []
        self.amount: list[IntArray] = []

    def add(self, pre: IntArray, amount: IntArray, reason: str, payer: IntArray | None = None) -> None:
        keep = amount > 0
        pre, amount = pre[keep], amount[keep]
        self.pre.append(pre.astype(np.int64))
        self.amount.append(amount.astype(np.int64))
        self.reason.append(np.full(pre.shape[0], REASON_CODES.index(reason), dtype=np.int64))
        self.payer.append(np.full(pre.shape[0], -1, dtype=np.int64) if payer is None else payer[keep].astype(np.int64))

    def arrays(self) -> dict[str, IntArray]:
        def cat(xs: list[IntArray]) -> IntArray:
            return np.concatenate(xs) if xs else np.zeros(0, dtype=np.int64)

        return {"pre": cat(self.pre), "payer": cat(self.payer), "reason": cat(self.reason), "amount": cat(self.amount)}


def _cap_stage(amount: IntArray, live: IntArray, order_keys: tuple[IntArray, ...], cap_of_line: IntArray,
               cuts: _Cuts, reason: str, payer: IntArray | None = None) -> None:
    """Apply a cap to lines ``live`` (indices), segmenting by ``order_keys`` (primary last,
    as for ``np.lexsort``; the segment key is every key but the first)."""
    if live.shape[0] == 0:
        return
    order = live[np.lexsort(tuple(k[live] for k in order_keys))]
    seg_keys = tuple(k[order] for k in order_keys[1:])
    starts = capmod.segment_starts(*seg_keys) if seg_keys else _one_segment(order.shape[0])
    before = amount[order]
    after = capmod.capped(before, starts, cap_of_line[order])
    amount[order] = after
    cuts.add(order, before - after, reason, None if payer is None else payer[order])


def settle(contract: Contract, outcomes: Outcomes, as_of: date) -> Settlement:
    """Settle ``contract`` on ``outcomes`` as known on ``as_of``.

    Rows whose evidence date is after ``as_of`` are left for a later settlement (counted in
    ``pending_rows``). Raises :class:`OutcomesError` before computing anything if the
    outcomes do not fit the contract.
    """
    issues = check_outcomes(outcomes, contract.known_events) + check_cohort_terms(contract, outcomes)
    if issues:
        raise OutcomesError(issues)
    lag = contract.schedule.verification_lag_days
    n_out = len(contract.outcomes)
    items = tuple([o.id for o in contract.outcomes] + [t.id for t in contract.cohort_terms])
    item_rank = np.argsort(np.argsort(np.array(items, dtype=object), kind="stable"), kind="stable").astype(np.int64)
    price = np.array([to_ore(o.price) for o in contract.outcomes], dtype=np.int64)

    # candidates: (row, outcome) for every outcome whose event the row records
    prog_row = outcomes.participant_group[outcomes.row_participant] == 0
    rows_l, item_l = [], []
    for j, o in enumerate(contract.outcomes):
        if o.event in outcomes.events:
            r = np.flatnonzero((outcomes.row_event == outcomes.events.index(o.event)) & prog_row)
            rows_l.append(r)
            item_l.append(np.full(r.shape[0], j, dtype=np.int64))
    rows = np.concatenate(rows_l) if rows_l else np.zeros(0, dtype=np.int64)
    item = np.concatenate(item_l) if item_l else np.zeros(0, dtype=np.int64)
    evid = outcomes.row_date[rows] + lag
    pending = evid > as_of.toordinal()
    pending_rows = int(pending.sum())
    pending_amount = from_ore(int(price[item[pending]].sum()))
    rows, item, evid = rows[~pending], item[~pending], evid[~pending]
    part = outcomes.row_participant[rows]
    when = outcomes.row_date[rows]
    gross = price[item]
    amount = gross.copy()
    n = rows.shape[0]
    canon = np.lexsort((item_rank[item], part, evid))
    pos = np.empty(n, dtype=np.int64)
    pos[canon] = np.arange(n, dtype=np.int64)
    rule = np.zeros(n, dtype=np.int64)
    cuts = _Cuts()
    idx = np.arange(n, dtype=np.int64)

    # 1. window
    start = outcomes.participant_start[part]
    out_window = (when < start) | (when > start + contract.window_days)
    cuts.add(idx[out_window], amount[out_window], "window")
    amount[out_window] = 0
    valid = ~out_window

    # 2. prerequisites, in dependency order
    for j in topological_order(contract.outcomes):
        o = contract.outcomes[j]
        sel = np.flatnonzero(valid & (item == j))
        ok = np.ones(sel.shape[0], dtype=np.bool_)
        for req in o.requires:
            req_index = [x.id for x in contract.outcomes].index(req)
            first = np.full(outcomes.n_participants, np.iinfo(np.int64).max, dtype=np.int64)
            m = valid & (item == req_index)
            np.minimum.at(first, part[m], when[m])
            ok &= first[part[sel]] <= when[sel]
        bad = sel[~ok]
        cuts.add(bad, amount[bad], "prerequisite")
        amount[bad] = 0
        valid[bad] = False

    # 3. exclusive groups: top-ups up to the highest price per participant
    group_names = sorted({o.exclusive_group for o in contract.outcomes if o.exclusive_group})
    group_of = np.array([group_names.index(o.exclusive_group) if o.exclusive_group else -1
                         for o in contract.outcomes] or [-1], dtype=np.int64)
    for g in range(len(group_names)):
        sel = np.flatnonzero(valid & (group_of[item] == g))
        if sel.shape[0] == 0:
            continue
        order = sel[np.lexsort((item_rank[item[sel]], -gross[sel], evid[sel], part[sel]))]
        starts = capmod.segment_starts(part[order])
        prev = capmod.running_max_before(gross[order], starts)
        topup = np.maximum(gross[order] - prev, 0)
        cuts.add(order, gross[order] - topup, "exclusive_group")
        amount[order] = topup
        rule[order[(topup > 0) & (topup < gross[order])]] = 1
        valid[order[topup == 0]] = False

    # 4. max payments per participant and outcome
    maxp = np.array([o.max_per_participant for o in contract.outcomes] or [1], dtype=np.int64)
    sel = np.flatnonzero(valid & (amount > 0))
    order = sel[np.lexsort((pos[sel], item[sel], part[sel]))]
    rank = capmod.rank_in_segment(capmod.segment_starts(part[order], item[order]))
    over = order[rank >= maxp[item[order]]]
    cuts.add(over, amount[over], "max_payments")
    amount[over] = 0
    valid[over] = False

    # 5–7. caps
    def cap_array(values: list[Decimal | None]) -> IntArray:
        return np.array([to_ore(v) if v is not None else NO_CAP for v in values] or [NO_CAP], dtype=np.int64)

    cap_op = cap_array([o.cap_per_participant for o in contract.outcomes])
    live = np.flatnonzero((amount > 0) & (cap_op[item] < NO_CAP))
    _cap_stage(amount, live, (pos, item, part), cap_op[item], cuts, "outcome_participant_cap")
    if contract.participant_cap is not None:
        live = np.flatnonzero(amount > 0)
        _cap_stage(amount, live, (pos, part), np.full(n, to_ore(contract.participant_cap), dtype=np.int64),
                   cuts, "participant_cap")
    cap_o = cap_array([o.cap for o in contract.outcomes])
    live = np.flatnonzero((amount > 0) & (cap_o[item] < NO_CAP))
    _cap_stage(amount, live, (pos, item), cap_o[item], cuts, "outcome_cap")

    # cohort terms join as further pre-split lines
    c_lines, c_results = cohort_lines(contract, outcomes, as_of, n_out)
    c_lines = [c for c in c_lines if c.evidence <= as_of.toordinal()]
    nc = len(c_lines)
    pre = {
        "item": np.concatenate([item, np.array([c.term_index for c in c_lines], dtype=np.int64)]),
        "kind": np.concatenate([np.zeros(n, dtype=np.int64), np.ones(nc, dtype=np.int64)]),
        "subject": np.concatenate([part, np.array([c.cohort_index for c in c_lines], dtype=np.int64)]),
        "cohort": np.concatenate([outcomes.participant_cohort[part],
                                  np.array([c.cohort_index for c in c_lines], dtype=np.int64)]),
        "date": np.concatenate([when, np.array([c.measured_on for c in c_lines], dtype=np.int64)]),
        "evidence": np.concatenate([evid, np.array([c.evidence for c in c_lines], dtype=np.int64)]),
        "rule": np.concatenate([rule, np.array([RULES.index(c.rule) for c in c_lines], dtype=np.int64)]),
    }
    amount = np.concatenate([amount, np.array([c.paid for c in c_lines], dtype=np.int64)])
    details: dict[int, str] = {}
    cut_base = sum(a.shape[0] for a in cuts.pre)
    for k, c in enumerate(c_lines):
        for reason, amt, detail in c.cuts:
            if amt > 0:
                details[cut_base] = detail
                cut_base += 1
                cuts.add(np.array([n + k], dtype=np.int64), np.array([amt], dtype=np.int64), reason)
    pre["period"], pre["due"] = periods(pre["evidence"], contract.schedule)
    m = n + nc
    canon_all = np.lexsort((item_rank[pre["item"]], pre["subject"], pre["kind"], pre["evidence"]))
    pos_all = np.empty(m, dtype=np.int64)
    pos_all[canon_all] = np.arange(m, dtype=np.int64)

    # split between payers (shares in millionths; the last payer of an item takes the remainder)
    payer_ids = [p.id for p in contract.payers]
    n_items = len(items)
    ppm = np.zeros((max(n_items, 1), len(payer_ids)), dtype=np.int64)
    all_items: list[OutcomeDefinition | CohortTerm] = [*contract.outcomes, *contract.cohort_terms]
    for i, it in enumerate(all_items):
        for pid, share in contract.shares_of(it):
            ppm[i, payer_ids.index(pid)] = int(share * 1_000_000)
    last_payer = np.array([int(np.flatnonzero(ppm[i] > 0).max()) for i in range(n_items)] or [0], dtype=np.int64)
    live = np.flatnonzero(amount > 0)
    pl_pre_l, pl_payer_l, pl_amount_l = [], [], []
    allocated = np.zeros(live.shape[0], dtype=np.int64)
    a_live = amount[live]
    it_live = pre["item"][live]
    for p in range(len(payer_ids)):
        share = ppm[it_live, p]
        part_a = (a_live // 1_000_000) * share + ((a_live % 1_000_000) * share) // 1_000_000
        part_a = np.where(last_payer[it_live] == p, a_live - allocated, part_a)
        part_a = np.where(share > 0, part_a, 0)
        allocated += part_a
        has = share > 0
        pl_pre_l.append(live[has])
        pl_payer_l.append(np.full(int(has.sum()), p, dtype=np.int64))
        pl_amount_l.append(part_a[has])
    pl_pre = np.concatenate(pl_pre_l) if pl_pre_l else np.zeros(0, dtype=np.int64)
    pl_payer = np.concatenate(pl_payer_l) if pl_payer_l else np.zeros(0, dtype=np.int64)
    pl_amount = np.concatenate(pl_amount_l) if pl_amount_l else np.zeros(0, dtype=np.int64)

    # 8. per-payer caps, 9. total cap
    pl_pos = pos_all[pl_pre]
    payer_cap = np.array([to_ore(p.cap) if p.cap is not None else NO_CAP for p in contract.payers], dtype=np.int64)
    idx_pl = np.arange(pl_pre.shape[0], dtype=np.int64)
    live = idx_pl[(pl_amount > 0) & (payer_cap[pl_payer] < NO_CAP)]
    _cap_stage_pl(pl_amount, live, (pl_payer, pl_pos, pl_payer), payer_cap[pl_payer], cuts, "payer_cap", pl_pre, pl_payer)
    if contract.total_cap is not None:
        live = idx_pl[pl_amount > 0]
        _cap_stage_pl(pl_amount, live, (pl_payer, pl_pos), np.full(pl_pre.shape[0], to_ore(contract.total_cap),
                      dtype=np.int64), cuts, "total_cap", pl_pre, pl_payer)

    keep = pl_amount > 0
    order = np.lexsort((pl_payer[keep], pl_pos[keep]))
    pay = {"pre": pl_pre[keep][order], "payer": pl_payer[keep][order], "amount": pl_amount[keep][order]}
    cut = cuts.arrays()
    stage = cut["reason"]
    corder = np.lexsort((stage, cut["payer"], pos_all[cut["pre"]])) if cut["pre"].shape[0] else np.zeros(0, dtype=np.int64)
    inverse = np.empty(corder.shape[0], dtype=np.int64)
    inverse[corder] = np.arange(corder.shape[0], dtype=np.int64)
    remap = {k: int(inverse[k]) for k in details}
    cut = {k: v[corder] for k, v in cut.items()}
    return Settlement(
        contract=contract, outcomes=outcomes, as_of=as_of, fingerprint=_fingerprint(contract, outcomes, as_of),
        cohort_results=tuple(c_results), pending_rows=pending_rows, pending_amount=pending_amount,
        _pre=pre, _pay=pay, _cut=cut, _details={remap[k]: v for k, v in details.items()}, _items=items,
    )


def _one_segment(n: int) -> BoolArray:
    starts = np.zeros(n, dtype=np.bool_)
    starts[:1] = True
    return starts


def _cap_stage_pl(amount: IntArray, live: IntArray, order_keys: tuple[IntArray, ...], cap_of_line: IntArray,
                  cuts: _Cuts, reason: str, pl_pre: IntArray, pl_payer: IntArray) -> None:
    """Cap stage on payer lines; cut-offs point at the pre-split line and name the payer."""
    if live.shape[0] == 0:
        return
    order = live[np.lexsort(tuple(k[live] for k in order_keys))]
    seg_keys = tuple(k[order] for k in order_keys[2:])
    starts = capmod.segment_starts(*seg_keys) if seg_keys else _one_segment(order.shape[0])
    before = amount[order]
    after = capmod.capped(before, starts, cap_of_line[order])
    amount[order] = after
    cuts.add(pl_pre[order], before - after, reason, pl_payer[order])
