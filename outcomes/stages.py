"""The named stages of a settlement, each a small vectorised function over int64 øre.

:func:`outcomes.settle` runs them in this order (``docs/algorithms/outcome-payments.md`` §2):

1. :func:`eligible_candidates` — a candidate per (row, outcome) whose event the row records,
   evidenced by ``as_of`` (later rows are *pending*);
2. :func:`apply_window` — the event inside the participant's outcome window;
3. :func:`apply_prerequisites` — required outcomes achieved on or before the event;
4. pricing: :func:`apply_exclusive_groups` (top-ups) and :func:`apply_max_payments`;
5. :func:`apply_participant_caps` — per outcome and participant, per participant, per outcome;
6. thresholds: :func:`join_cohort_terms` adds the cohort terms' early and final lines;
7. schedule: :func:`schedule_lines` gives each line its payment period and due date;
8. :func:`split_between_payers` by shares, then :func:`apply_contract_caps` (payer, total);
9. ledger: :func:`ledger_arrays` orders lines and cut-offs canonically.

Every stage that removes money records it in :class:`Cuts` with a reason code, so for every
candidate ``price = paid + cut-offs``. Contract-wide caps (per outcome, per payer, total) are
shared by the contract's ``cap_sharing`` rule (:mod:`outcomes.caps`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from . import caps as capmod
from .cohort import CohortResult, cohort_lines
from .contract import CohortTerm, Contract, OutcomeDefinition
from .loading import topological_order
from .money import NO_CAP, to_ore
from .outcomes_file import Outcomes
from .schedule import periods

__all__ = [
    "REASONS",
    "REASON_CODES",
    "RULES",
    "Candidates",
    "Cuts",
    "PayerLines",
    "PreLines",
    "apply_contract_caps",
    "apply_exclusive_groups",
    "apply_max_payments",
    "apply_participant_caps",
    "apply_prerequisites",
    "apply_window",
    "bucket_keys",
    "cut_order",
    "eligible_candidates",
    "join_cohort_terms",
    "ledger_arrays",
    "schedule_lines",
    "split_between_payers",
]

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


def _empty() -> IntArray:
    return np.zeros(0, dtype=np.int64)


def _cat(xs: list[IntArray]) -> IntArray:
    return np.concatenate(xs).astype(np.int64) if xs else _empty()


class Cuts:
    """Cut-off amounts as they are made: the pre-split line, the payer (−1 before the split),
    the reason and the amount. ``details`` keeps a text for the few cuts that need one."""

    def __init__(self) -> None:
        self.pre: list[IntArray] = []
        self.payer: list[IntArray] = []
        self.reason: list[IntArray] = []
        self.amount: list[IntArray] = []
        self.details: dict[int, str] = {}
        self._count = 0

    def add(self, pre: IntArray, amount: IntArray, reason: str, payer: IntArray | None = None,
            detail: str | None = None) -> None:
        """Record the positive ``amount`` cut from each line ``pre`` for ``reason``."""
        keep = amount > 0
        pre, amount = pre[keep], amount[keep]
        if detail is not None and pre.shape[0]:
            self.details[self._count] = detail
        self._count += int(pre.shape[0])
        self.pre.append(pre.astype(np.int64))
        self.amount.append(amount.astype(np.int64))
        self.reason.append(np.full(pre.shape[0], REASON_CODES.index(reason), dtype=np.int64))
        self.payer.append(np.full(pre.shape[0], -1, dtype=np.int64) if payer is None else payer[keep].astype(np.int64))

    def arrays(self) -> dict[str, IntArray]:
        return {"pre": _cat(self.pre), "payer": _cat(self.payer), "reason": _cat(self.reason),
                "amount": _cat(self.amount)}


@dataclass
class Candidates:
    """Participant lines before the payer split, one per (row, outcome). ``amount`` is what is
    still payable after the stages so far; ``valid`` is False once a rule has cut a line whole;
    ``pos`` is the line's rank in the canonical order (evidence, participant, outcome id)."""

    item: IntArray
    part: IntArray
    when: IntArray
    evid: IntArray
    gross: IntArray
    amount: IntArray
    rule: IntArray
    valid: BoolArray
    pos: IntArray
    item_rank: IntArray
    pending_rows: int
    pending_ore: int

    @property
    def n(self) -> int:
        return int(self.item.shape[0])


def _item_rank(contract: Contract) -> IntArray:
    items = [o.id for o in contract.outcomes] + [t.id for t in contract.cohort_terms]
    return np.argsort(np.argsort(np.array(items, dtype=object), kind="stable"), kind="stable").astype(np.int64)


def eligible_candidates(contract: Contract, outcomes: Outcomes, as_of: date) -> Candidates:
    """Eligibility: every programme row whose event an outcome prices becomes a candidate for
    that outcome; candidates evidenced (event + verification lag) after ``as_of`` are pending."""
    lag = contract.schedule.verification_lag_days
    price = np.array([to_ore(o.price) for o in contract.outcomes], dtype=np.int64)
    prog_row = outcomes.participant_group[outcomes.row_participant] == 0
    rows_l, item_l = [], []
    for j, o in enumerate(contract.outcomes):
        if o.event in outcomes.events:
            r = np.flatnonzero((outcomes.row_event == outcomes.events.index(o.event)) & prog_row)
            rows_l.append(r)
            item_l.append(np.full(r.shape[0], j, dtype=np.int64))
    rows, all_item = _cat(rows_l), _cat(item_l)
    evid = outcomes.row_date[rows] + lag
    pending = evid > as_of.toordinal()
    rows, item, evid = rows[~pending], all_item[~pending], evid[~pending]
    part = outcomes.row_participant[rows]
    rank = _item_rank(contract)
    canon = capmod.order_by(evid, part, rank[item])
    pos = np.empty(rows.shape[0], dtype=np.int64)
    pos[canon] = np.arange(rows.shape[0], dtype=np.int64)
    gross = price[item] if price.shape[0] else _empty()
    return Candidates(
        item=item, part=part, when=outcomes.row_date[rows], evid=evid, gross=gross, amount=gross.copy(),
        rule=np.zeros(rows.shape[0], dtype=np.int64), valid=np.ones(rows.shape[0], dtype=np.bool_), pos=pos,
        item_rank=rank, pending_rows=int(pending.sum()),
        pending_ore=int(price[all_item[pending]].sum()) if pending.any() else 0,
    )


def _cut_whole(c: Candidates, lines: IntArray, cuts: Cuts, reason: str) -> None:
    cuts.add(lines, c.amount[lines], reason)
    c.amount[lines] = 0
    c.valid[lines] = False


def apply_window(c: Candidates, contract: Contract, outcomes: Outcomes, cuts: Cuts) -> None:
    """Cut candidates whose event lies outside ``[start, start + outcome_window_days]``."""
    start = outcomes.participant_start[c.part]
    outside = (c.when < start) | (c.when > start + contract.window_days)
    _cut_whole(c, np.flatnonzero(outside), cuts, "window")


def apply_prerequisites(c: Candidates, contract: Contract, outcomes: Outcomes, cuts: Cuts) -> None:
    """Cut a candidate unless every outcome it ``requires`` was achieved (and survived the
    stages so far) on or before its event date; outcomes are visited in dependency order."""
    ids = [x.id for x in contract.outcomes]
    for j in topological_order(contract.outcomes):
        sel = np.flatnonzero(c.valid & (c.item == j))
        ok = np.ones(sel.shape[0], dtype=np.bool_)
        for req in contract.outcomes[j].requires:
            first = np.full(outcomes.n_participants, np.iinfo(np.int64).max, dtype=np.int64)
            m = c.valid & (c.item == ids.index(req))
            np.minimum.at(first, c.part[m], c.when[m])
            ok &= first[c.part[sel]] <= c.when[sel]
        _cut_whole(c, sel[~ok], cuts, "prerequisite")


def apply_exclusive_groups(c: Candidates, contract: Contract, cuts: Cuts) -> None:
    """Pricing in an exclusive group: per participant, candidates by evidence date (same day:
    highest price first) each pay their price less the highest already reached (a top-up)."""
    names = sorted({o.exclusive_group for o in contract.outcomes if o.exclusive_group})
    group_of = np.array([names.index(o.exclusive_group) if o.exclusive_group else -1
                         for o in contract.outcomes] or [-1], dtype=np.int64)
    for g in range(len(names)):
        sel = np.flatnonzero(c.valid & (group_of[c.item] == g))
        if sel.shape[0] == 0:
            continue
        order = sel[capmod.order_by(c.part[sel], c.evid[sel], -c.gross[sel], c.item_rank[c.item[sel]])]
        prev = capmod.running_max_before(c.gross[order], capmod.segment_starts(c.part[order]))
        topup = np.maximum(c.gross[order] - prev, 0)
        cuts.add(order, c.gross[order] - topup, "exclusive_group")
        c.amount[order] = topup
        c.rule[order[(topup > 0) & (topup < c.gross[order])]] = RULES.index("exclusive_top_up")
        c.valid[order[topup == 0]] = False


def apply_max_payments(c: Candidates, contract: Contract, cuts: Cuts) -> None:
    """Pricing: at most ``max_per_participant`` payments per participant and outcome, the
    earliest in canonical order."""
    maxp = np.array([o.max_per_participant for o in contract.outcomes] or [1], dtype=np.int64)
    sel = np.flatnonzero(c.valid & (c.amount > 0))
    order = sel[capmod.order_by(c.part[sel], c.item[sel], c.pos[sel])]
    rank = capmod.rank_in_segment(capmod.segment_starts(c.part[order], c.item[order]))
    _cut_whole(c, order[rank >= maxp[c.item[order]]], cuts, "max_payments")


def _cap_array(values: list[Decimal | None]) -> IntArray:
    return np.array([to_ore(v) if v is not None else NO_CAP for v in values] or [NO_CAP], dtype=np.int64)


def _cap_in_order(amount: IntArray, live: IntArray, order_keys: tuple[IntArray, ...], cap_of_line: IntArray,
                  cuts: Cuts, reason: str) -> None:
    """A cap consumed strictly in order: ``order_keys`` primary last (as for ``np.lexsort``);
    segments are given by every key but the first (the position)."""
    if live.shape[0] == 0:
        return
    order = live[capmod.order_by(*(k[live] for k in reversed(order_keys)))]
    starts = capmod.segment_starts(*(k[order] for k in order_keys[1:]))
    before = amount[order]
    after = capmod.capped(before, starts, cap_of_line[order])
    amount[order] = after
    cuts.add(order, before - after, reason)


def bucket_keys(evidence: IntArray, contract: Contract) -> IntArray:
    """The bucket a line shares a binding contract-wide cap in: its evidence date
    (``by_date``) or its payment period (``pro_rata``); see :mod:`outcomes.caps`."""
    return periods(evidence, contract.schedule)[0] if contract.cap_sharing == "pro_rata" else evidence


def _shared_cap(amount: IntArray, live: IntArray, order_keys: tuple[IntArray, ...], segment: IntArray,
                bucket: IntArray, cap_of_line: IntArray) -> tuple[IntArray, IntArray]:
    """A cap shared by the lines of each ``segment``, consumed bucket by bucket in the order
    of ``order_keys`` (primary last, as for ``np.lexsort``). Returns the lines in that order
    and what was cut from each; ``amount`` is updated."""
    order = live[capmod.order_by(*(k[live] for k in reversed(order_keys)))]
    before = amount[order]
    after = capmod.capped_by_bucket(before, capmod.segment_starts(segment[order]),
                                    capmod.segment_starts(segment[order], bucket[order]), cap_of_line[order])
    amount[order] = after
    return order, before - after


def apply_participant_caps(c: Candidates, contract: Contract, cuts: Cuts) -> None:
    """Caps on participant lines: ``cap_per_participant`` and ``caps.per_participant`` in the
    participant's own canonical order, then each outcome's contract-wide ``cap`` shared by the
    contract's cap-sharing rule."""
    cap_op = _cap_array([o.cap_per_participant for o in contract.outcomes])
    live = np.flatnonzero((c.amount > 0) & (cap_op[c.item] < NO_CAP))
    _cap_in_order(c.amount, live, (c.pos, c.item, c.part), cap_op[c.item], cuts, "outcome_participant_cap")
    if contract.participant_cap is not None:
        _cap_in_order(c.amount, np.flatnonzero(c.amount > 0), (c.pos, c.part),
                      np.full(c.n, to_ore(contract.participant_cap), dtype=np.int64), cuts, "participant_cap")
    cap_o = _cap_array([o.cap for o in contract.outcomes])
    live = np.flatnonzero((c.amount > 0) & (cap_o[c.item] < NO_CAP))
    if live.shape[0]:
        order, cut = _shared_cap(c.amount, live, (c.pos, c.item), c.item, bucket_keys(c.evid, contract),
                                 cap_o[c.item])
        cuts.add(order, cut, "outcome_cap")


@dataclass
class PreLines:
    """Every line before the payer split: participant lines then cohort-term lines. ``kind`` 0
    is a participant, 1 a cohort; ``subject`` indexes participants or cohorts (``len(cohorts)``
    is the pooled result); ``pos`` is the canonical rank over all lines."""

    item: IntArray
    kind: IntArray
    subject: IntArray
    cohort: IntArray
    date: IntArray
    evidence: IntArray
    rule: IntArray
    amount: IntArray
    pos: IntArray = field(default_factory=_empty)
    period: IntArray = field(default_factory=_empty)
    due: IntArray = field(default_factory=_empty)

    def arrays(self) -> dict[str, IntArray]:
        return {"item": self.item, "kind": self.kind, "subject": self.subject, "cohort": self.cohort,
                "date": self.date, "evidence": self.evidence, "rule": self.rule, "period": self.period,
                "due": self.due, "pos": self.pos}


def join_cohort_terms(c: Candidates, contract: Contract, outcomes: Outcomes, as_of: date,
                      cuts: Cuts) -> tuple[PreLines, tuple[CohortResult, ...]]:
    """Thresholds: measure each cohort term per cohort and pooled, and join its early and final
    lines (and threshold or term-cap cut-offs) to the participant lines."""
    n_out = len(contract.outcomes)
    c_lines, results = cohort_lines(contract, outcomes, as_of, n_out)
    c_lines = [x for x in c_lines if x.evidence <= as_of.toordinal()]

    def col(values: list[int]) -> IntArray:
        return np.array(values, dtype=np.int64)

    cohort_idx = col([x.cohort_index for x in c_lines])
    pre = PreLines(
        item=np.concatenate([c.item, col([x.term_index for x in c_lines])]),
        kind=np.concatenate([np.zeros(c.n, dtype=np.int64), np.ones(len(c_lines), dtype=np.int64)]),
        subject=np.concatenate([c.part, cohort_idx]),
        cohort=np.concatenate([outcomes.participant_cohort[c.part], cohort_idx]),
        date=np.concatenate([c.when, col([x.measured_on for x in c_lines])]),
        evidence=np.concatenate([c.evid, col([x.evidence for x in c_lines])]),
        rule=np.concatenate([c.rule, col([RULES.index(x.rule) for x in c_lines])]),
        amount=np.concatenate([c.amount, col([x.paid for x in c_lines])]),
    )
    for k, x in enumerate(c_lines):
        for reason, amt, detail in x.cuts:
            if amt > 0:
                cuts.add(col([c.n + k]), col([amt]), reason, detail=detail)
    if not c_lines:  # participant lines only: their canonical order already is the ledger's
        pre.pos = c.pos
    else:
        canon = capmod.order_by(pre.evidence, pre.kind, pre.subject, c.item_rank[pre.item])
        pre.pos = np.empty(canon.shape[0], dtype=np.int64)
        pre.pos[canon] = np.arange(canon.shape[0], dtype=np.int64)
    return pre, tuple(results)


def schedule_lines(pre: PreLines, contract: Contract) -> None:
    """Schedule: the payment period containing each line's evidence date and its due date."""
    pre.period, pre.due = periods(pre.evidence, contract.schedule)


@dataclass
class PayerLines:
    """Lines after the payer split: the pre-split line, the payer index and the amount."""

    pre: IntArray
    payer: IntArray
    amount: IntArray


def split_between_payers(pre: PreLines, contract: Contract) -> PayerLines:
    """Split each payable line by its item's payer shares (in millionths): every payer but the
    last gets ``floor(amount × share)``, the last listed payer with a share the remainder."""
    payer_ids = [p.id for p in contract.payers]
    all_items: list[OutcomeDefinition | CohortTerm] = [*contract.outcomes, *contract.cohort_terms]
    ppm = np.zeros((max(len(all_items), 1), len(payer_ids)), dtype=np.int64)
    for i, definition in enumerate(all_items):
        for pid, fraction in contract.shares_of(definition):
            ppm[i, payer_ids.index(pid)] = int(fraction * 1_000_000)
    last = np.array([int(np.flatnonzero(ppm[i] > 0).max()) for i in range(len(all_items))] or [0], dtype=np.int64)
    live = np.flatnonzero(pre.amount > 0)
    a, it = pre.amount[live], pre.item[live]
    allocated = np.zeros(live.shape[0], dtype=np.int64)
    out_pre, out_payer, out_amount = [], [], []
    for p in range(len(payer_ids)):
        share_of_item = ppm[:, p]
        if not share_of_item.any():
            continue
        idx = np.flatnonzero(share_of_item[it] > 0)
        a_p, share = a[idx], share_of_item[it[idx]]
        part = np.where(share == 1_000_000, a_p, (a_p // 1_000_000) * share + ((a_p % 1_000_000) * share) // 1_000_000)
        part = np.where(last[it[idx]] == p, a_p - allocated[idx], part)
        allocated[idx] += part
        out_pre.append(live[idx])
        out_payer.append(np.full(idx.shape[0], p, dtype=np.int64))
        out_amount.append(part)
    return PayerLines(_cat(out_pre), _cat(out_payer), _cat(out_amount))


def apply_contract_caps(pl: PayerLines, pre: PreLines, contract: Contract, cuts: Cuts) -> None:
    """Each payer's ``cap`` on its own share, then ``caps.total``, shared by the contract's
    cap-sharing rule in canonical order (then payer order)."""
    pos = pre.pos[pl.pre]
    bucket = bucket_keys(pre.evidence, contract)[pl.pre]
    payer_cap = np.array([to_ore(p.cap) if p.cap is not None else NO_CAP for p in contract.payers], dtype=np.int64)
    idx = np.arange(pl.pre.shape[0], dtype=np.int64)
    live = idx[(pl.amount > 0) & (payer_cap[pl.payer] < NO_CAP)]
    if live.shape[0]:
        order, cut = _shared_cap(pl.amount, live, (pos, pl.payer), pl.payer, bucket, payer_cap[pl.payer])
        cuts.add(pl.pre[order], cut, "payer_cap", pl.payer[order])
    live = idx[pl.amount > 0]
    if contract.total_cap is not None and live.shape[0]:
        everyone = np.zeros(pl.pre.shape[0], dtype=np.int64)
        order, cut = _shared_cap(pl.amount, live, (pl.payer, pos), everyone, bucket,
                                 np.full(pl.pre.shape[0], to_ore(contract.total_cap), dtype=np.int64))
        cuts.add(pl.pre[order], cut, "total_cap", pl.payer[order])


def ledger_arrays(pl: PayerLines, pre: PreLines, cuts: Cuts) -> tuple[dict[str, IntArray], dict[str, IntArray],
                                                                       dict[int, str]]:
    """Ledger: paid lines in canonical order (then payer order); the cut-offs as recorded (put
    in order by :func:`cut_order` only when they are read) and the details of some of them."""
    keep = pl.amount > 0
    order = capmod.order_by(pre.pos[pl.pre[keep]], pl.payer[keep])
    pay = {"pre": pl.pre[keep][order], "payer": pl.payer[keep][order], "amount": pl.amount[keep][order]}
    return pay, cuts.arrays(), dict(cuts.details)


def cut_order(cut: dict[str, IntArray], pos: IntArray) -> IntArray:
    """The cut-offs' ledger order: canonical position of their line, then payer, then stage."""
    return capmod.order_by(pos[cut["pre"]], cut["payer"], cut["reason"])
