"""Settlement: turn recorded outcomes into an auditable payment ledger, vectorised.

Per participant the rules apply in this order (each cut becomes a cut-off line):

1. window: the event must fall within ``[start, start + outcome_window_days]``;
2. prerequisites: every required outcome achieved (after 1–2) on or before the event date;
3. exclusive group: per participant only the highest price in a group is paid, as top-ups;
4. max payments per participant and outcome;
5. per-outcome-per-participant cap; 6. per-participant cap; 7. per-outcome cap (contract);
then cohort-term lines join, amounts are split between payers by shares, and
8. per-payer cap; 9. total cap.

Each rule is a named stage in :mod:`outcomes.stages`. Caps are consumed in the canonical order
(evidence date, participant lines before cohort lines, participant id or cohort, outcome id,
payer order); the caps over the contract (7–9) are shared by the contract's ``caps.sharing``
rule (:mod:`outcomes.caps`). All arithmetic is int64 øre.
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

from . import stages as st
from .cohort import POOLED, CohortResult, check_cohort_terms
from .contract import Contract
from .money import from_ore
from .outcomes_file import Outcomes, check_outcomes
from .schedule import period_label
from .stages import REASON_CODES, REASONS, RULES
from .validation import OutcomesError

__all__ = ["REASONS", "CutOff", "LedgerLine", "Settlement", "contract_fingerprint_data", "settle"]

IntArray = npt.NDArray[np.int64]


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
    cohort_results: tuple[CohortResult, ...]
    pending_rows: int
    pending_amount: Decimal
    _pre: dict[str, IntArray]
    _pay: dict[str, IntArray]
    _cut: dict[str, IntArray]
    _details: dict[int, str]
    _items: tuple[str, ...]

    @cached_property
    def fingerprint(self) -> str:
        """sha256 of the canonical contract, the outcomes (rows sorted) and ``as_of``; computed
        when first read."""
        return _fingerprint(self.contract, self.outcomes, self.as_of)

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
        cut = self._cut
        order = st.cut_order(cut, pre["pos"]).tolist()  # canonical, then payer, then stage: ordered when read
        for k, i, p, r, a in zip(order, cut["pre"][order].tolist(), cut["payer"][order].tolist(),
                                 cut["reason"][order].tolist(), cut["amount"][order].tolist(), strict=True):
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


def settle(contract: Contract, outcomes: Outcomes, as_of: date) -> Settlement:
    """Settle ``contract`` on ``outcomes`` as known on ``as_of``.

    Runs the stages of :mod:`outcomes.stages` in order. Rows whose evidence date is after
    ``as_of`` are left for a later settlement (counted in ``pending_rows``). Raises
    :class:`OutcomesError` before computing anything if the outcomes do not fit the contract.
    """
    issues = check_outcomes(outcomes, contract.known_events) + check_cohort_terms(contract, outcomes)
    if issues:
        raise OutcomesError(issues)
    cuts = st.Cuts()
    cand = st.eligible_candidates(contract, outcomes, as_of)
    st.apply_window(cand, contract, outcomes, cuts)
    st.apply_prerequisites(cand, contract, outcomes, cuts)
    st.apply_exclusive_groups(cand, contract, cuts)
    st.apply_max_payments(cand, contract, cuts)
    st.apply_participant_caps(cand, contract, cuts)
    pre, results = st.join_cohort_terms(cand, contract, outcomes, as_of, cuts)
    st.schedule_lines(pre, contract)
    payer_lines = st.split_between_payers(pre, contract)
    st.apply_contract_caps(payer_lines, pre, contract, cuts)
    pay, cut, details = st.ledger_arrays(payer_lines, pre, cuts)
    return Settlement(
        contract=contract, outcomes=outcomes, as_of=as_of,
        cohort_results=results, pending_rows=cand.pending_rows, pending_amount=from_ore(cand.pending_ore),
        _pre=pre.arrays(), _pay=pay, _cut=cut, _details=details,
        _items=tuple([o.id for o in contract.outcomes] + [t.id for t in contract.cohort_terms]),
    )
