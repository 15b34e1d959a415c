"""Settlement with memory: adjustment lines against what earlier approved runs paid.

A settlement is a pure function of the contract and *all* recorded data, so a late outcome
dated earlier, or a corrected exit, can change lines that were already paid. History is never
rewritten: :func:`adjust` compares what was paid (the lines of earlier approved runs and their
approved adjustments) with a fresh settlement of all data, line by line, and returns one
adjustment line per difference — an extra payment or a clawback — with its reason::

    key        = (subject, cohort, outcome, payer, event date)
    adjustment = due now (fresh settlement) − paid before (sum over approved lines)

so that, for every key and in total, ``paid before + adjustments = fresh settlement``.

Reasons: ``new`` (not paid before: recorded late or evidenced since), ``increased`` (more is
due than was paid: a cap or threshold cuts less now), ``withdrawn`` (no longer in the recorded
data, and no rule cuts it: corrected or removed), or — for a reduction the fresh settlement
explains — the cut-off reason that takes the money now (``total_cap``, ``prerequisite`` …).
Extra payments fall due with their line (at the earliest ``as_of``); clawbacks on ``as_of``,
to be set off against the next payment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Literal

from .settlement import CutOff, LedgerLine, Settlement
from .stages import REASONS

__all__ = ["ADJUSTMENT_REASONS", "AdjustmentLine", "Adjustments", "PaidLine", "adjust"]

ADJUSTMENT_REASONS = {
    "new": "not paid before: recorded late or evidenced since the last approved run",
    "increased": "more is due than was paid: a cap or threshold cuts less now",
    "withdrawn": "no longer in the recorded data (corrected or removed), and no rule cuts it",
    **REASONS,
}
Key = tuple[str, str, str, str, date]


@dataclass(frozen=True)
class PaidLine:
    """A line an earlier approved run paid, or an approved adjustment (negative: a clawback)."""

    subject: str
    cohort: str
    outcome: str
    payer: str
    event_date: date
    amount: Decimal
    rule: str = "price"

    @classmethod
    def of(cls, line: LedgerLine | AdjustmentLine) -> PaidLine:
        return cls(line.subject, line.cohort, line.outcome, line.payer, line.event_date, line.amount, line.rule)

    @property
    def key(self) -> Key:
        return (self.subject, self.cohort, self.outcome, self.payer, self.event_date)


@dataclass(frozen=True)
class AdjustmentLine:
    """One difference between what was paid and what is due now, and why."""

    subject: str
    cohort: str
    outcome: str
    rule: str
    payer: str
    event_date: date
    due_date: date
    paid_before: Decimal
    due_now: Decimal
    amount: Decimal
    reason: str
    detail: str

    @property
    def kind(self) -> Literal["payment", "clawback"]:
        return "payment" if self.amount > 0 else "clawback"


@dataclass(frozen=True, eq=False)
class Adjustments:
    """The result of :func:`adjust`: the fresh settlement and the adjustment lines against it."""

    settlement: Settlement
    paid_before: Decimal
    lines: tuple[AdjustmentLine, ...]

    @property
    def total(self) -> Decimal:
        """Net adjustment: extra payments less clawbacks."""
        return sum((ln.amount for ln in self.lines), Decimal(0))

    @property
    def extra(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.amount > 0), Decimal(0))

    @property
    def clawback(self) -> Decimal:
        return -sum((ln.amount for ln in self.lines if ln.amount < 0), Decimal(0))

    @cached_property
    def by_payer(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for ln in self.lines:
            out[ln.payer] += ln.amount
        return dict(out)

    @cached_property
    def by_reason(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for ln in self.lines:
            out[ln.reason] += ln.amount
        return dict(out)


def _line_key(line: LedgerLine) -> Key:
    return (line.subject, line.cohort, line.outcome, line.payer, line.event_date)


def _cuts_by_key(cut_offs: Iterable[CutOff]) -> dict[tuple[str, str, str, date], list[CutOff]]:
    out: dict[tuple[str, str, str, date], list[CutOff]] = defaultdict(list)
    for c in cut_offs:
        out[(c.subject, c.cohort, c.outcome, c.event_date)].append(c)
    return out


def _reduction_reason(key: Key, cuts: dict[tuple[str, str, str, date], list[CutOff]]) -> tuple[str, str]:
    """Why less is due now: the largest cut-off on this line (for this payer or before the
    split), else the outcome was withdrawn."""
    subject, cohort, outcome, payer, on = key
    mine = [c for c in cuts.get((subject, cohort, outcome, on), []) if c.payer in (payer, None)]
    if not mine:
        return "withdrawn", ADJUSTMENT_REASONS["withdrawn"]
    top = max(mine, key=lambda c: (c.amount, c.reason))
    return top.reason, top.detail


def adjust(paid: Iterable[PaidLine | LedgerLine | AdjustmentLine], settlement: Settlement) -> Adjustments:
    """Adjustment lines that bring what earlier approved runs ``paid`` to ``settlement`` (a
    fresh settlement of all data), in the settlement's canonical order; nothing paid is changed."""
    before: dict[Key, Decimal] = defaultdict(Decimal)
    rule_before: dict[Key, str] = {}
    for p in paid:
        line = p if isinstance(p, PaidLine) else PaidLine.of(p)
        before[line.key] += line.amount
        rule_before.setdefault(line.key, line.rule)
    now: dict[Key, Decimal] = defaultdict(Decimal)
    fresh: dict[Key, LedgerLine] = {}
    for ln in settlement.lines:
        now[_line_key(ln)] += ln.amount
        fresh.setdefault(_line_key(ln), ln)
    cuts = _cuts_by_key(settlement.cut_offs)
    payer_order = {p.id: i for i, p in enumerate(settlement.contract.payers)}
    keys = list(fresh) + sorted((k for k in before if k not in fresh),
                                key=lambda k: (k[4], k[0], k[2], payer_order.get(k[3], len(payer_order)), k[3]))
    as_of = settlement.as_of
    lines = []
    for key in keys:
        was_paid = key in before
        diff = now.get(key, Decimal(0)) - before.get(key, Decimal(0))
        if diff == 0:
            continue
        fresh_line = fresh.get(key)
        if diff > 0:
            reason = "increased" if was_paid else "new"
            detail = ADJUSTMENT_REASONS[reason]
            due = max(fresh_line.due_date, as_of) if fresh_line is not None else as_of
        else:
            reason, detail = _reduction_reason(key, cuts)
            due = as_of
        subject, cohort, outcome, payer, on = key
        rule = fresh_line.rule if fresh_line is not None else rule_before.get(key, "price")
        lines.append(AdjustmentLine(subject, cohort, outcome, rule, payer, on, due, before.get(key, Decimal(0)),
                                    now.get(key, Decimal(0)), diff, reason, detail))
    return Adjustments(settlement=settlement, paid_before=sum(before.values(), Decimal(0)), lines=tuple(lines))
