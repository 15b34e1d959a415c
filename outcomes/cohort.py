"""Cohort terms: payment for a cohort's improvement over a baseline or a comparison group.

Definitions (exact, with :class:`fractions.Fraction`; amounts rounded to whole øre, half to even):

Rate terms (share of participants with at least one ``event`` inside their outcome window)::

    rate         = achievers / n
    improvement  = (rate - reference_rate) * n        # participant-equivalents
    points       = (rate - reference_rate) * 100      # compared with the thresholds
    amount       = max(0, improvement) * price

Frequency terms (events, or the sum of their values, per participant; fewer is better)::

    mean         = units / n
    improvement  = (reference_mean - mean) * n        # units avoided
    per_person   = reference_mean - mean              # compared with the thresholds
    amount       = max(0, improvement) * price

Relative improvement (reported for every measurement; compared with a threshold whose basis
is ``relative``), in percent of the reference — for frequencies the relative reduction::

    relative     = (rate − reference) / reference × 100          # rates
    relative     = (reference − mean) / reference × 100          # frequencies: fewer is better

undefined (and never meeting a relative threshold) when the reference is zero.

The reference is the ``baseline``, or the comparison group's members in the same cohort
(all its members if it has none there). A cohort is measured when the window of its last
participant has closed (latest start + window). If it meets ``threshold`` it is paid
``early_share × amount`` then. The pooled result over all cohorts is measured at the later of
the contract end and the last cohort's measurement; if it meets ``pooled_threshold`` the
final payment is ``max(0, pooled amount − early payments)``: early payments are never
clawed back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from .contract import CohortTerm, Contract
from .money import NO_CAP, from_ore, round_ore, to_ore
from .outcomes_file import VALUE_SCALE, Outcomes
from .validation import Issue

__all__ = ["CohortLine", "CohortResult", "check_cohort_terms", "cohort_lines"]

IntArray = npt.NDArray[np.int64]
POOLED = "(pooled)"


@dataclass(frozen=True)
class CohortResult:
    """A cohort's (or the pooled) measurement for one term.

    ``value`` and ``reference`` are rates (0–1) for rate terms and means per participant for
    frequency terms; ``improvement`` is in participant-equivalents or units; ``per_participant``
    in percentage points (rates) or units per participant (frequencies); ``amount`` is what
    the improvement is worth before thresholds and caps. ``status`` is ``measured``,
    ``pending`` (window not closed at ``as_of``) or ``no participants``.
    ``relative_improvement`` is the improvement in percent of the reference (for frequencies
    the relative reduction; ``None`` when the reference is zero); ``basis`` says whether
    ``threshold`` was compared with ``per_participant`` (``absolute``) or with it (``relative``).
    """

    term: str
    kind: str
    cohort: str
    participants: int
    value: Decimal
    reference: Decimal
    reference_participants: int
    improvement: Decimal
    per_participant: Decimal
    threshold: Decimal
    threshold_met: bool
    amount: Decimal
    measured_on: date
    status: str
    relative_improvement: Decimal | None = None
    basis: str = "absolute"


@dataclass(frozen=True)
class CohortLine:
    """A payment line or cut-off from a cohort term, before payer split and payer caps."""

    term_index: int
    cohort_index: int  # len(outcomes.cohorts) for the pooled result
    evidence: int  # ordinal
    measured_on: int
    rule: str  # cohort_early | cohort_final
    gross: int  # øre
    paid: int  # øre
    cuts: tuple[tuple[str, int, str], ...]  # (reason, øre, detail)


def _dec(x: Fraction, places: int = 6) -> Decimal:
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal(10) ** -places)


def check_cohort_terms(contract: Contract, outcomes: Outcomes) -> list[Issue]:
    """A comparison group named by a term must have members in the outcomes file."""
    issues = []
    for t in contract.cohort_terms:
        if t.comparison_group is None:
            continue
        if t.comparison_group not in outcomes.groups or not np.any(
            outcomes.participant_group == outcomes.groups.index(t.comparison_group)
        ):
            issues.append(Issue(f"cohort term {t.id!r} compares with group {t.comparison_group!r}, "
                                "which has no participants in the outcomes file", column="group"))
    return issues


def _units(term: CohortTerm, contract: Contract, outcomes: Outcomes) -> IntArray:
    """Per participant: achieved (0/1) for rates, units × 1000 for frequencies."""
    units = np.zeros(outcomes.n_participants, dtype=np.int64)
    if term.event not in outcomes.events:
        return units
    code = outcomes.events.index(term.event)
    part = outcomes.row_participant
    start = outcomes.participant_start[part]
    m = (outcomes.row_event == code) & (outcomes.row_date >= start) & (outcomes.row_date <= start + contract.window_days)
    if term.kind == "rate":
        units[np.unique(part[m])] = 1
    else:
        vals = outcomes.row_value[m] if term.measure == "value" else np.full(int(m.sum()), VALUE_SCALE, dtype=np.int64)
        np.add.at(units, part[m], vals)
    return units


def cohort_lines(
    contract: Contract, outcomes: Outcomes, as_of: date, term_offset: int
) -> tuple[list[CohortLine], list[CohortResult]]:
    """Measure every term per cohort and pooled; return lines (``term_index`` counts from
    ``term_offset``) and the measurements."""
    lines: list[CohortLine] = []
    results: list[CohortResult] = []
    lag = contract.schedule.verification_lag_days
    prog = outcomes.participant_group == 0
    n_cohorts = len(outcomes.cohorts)
    for ti, term in enumerate(contract.cohort_terms):
        units = _units(term, contract, outcomes)
        scale = 1 if term.kind == "rate" else VALUE_SCALE
        price = to_ore(term.price)
        comp = outcomes.groups.index(term.comparison_group) if term.comparison_group in outcomes.groups else -1
        comp_mask = outcomes.participant_group == comp
        def reference(cmask: npt.NDArray[np.bool_], term: CohortTerm = term, comp_mask: npt.NDArray[np.bool_] = comp_mask,
                      units: IntArray = units, scale: int = scale) -> tuple[Fraction, int]:
            if term.baseline is not None:
                return Fraction(term.baseline), 0
            members = comp_mask & cmask if np.any(comp_mask & cmask) else comp_mask
            n_ref = int(members.sum())
            return Fraction(int(units[members].sum()), n_ref * scale), n_ref

        cap_left = to_ore(term.cap) if term.cap is not None else NO_CAP
        early_total = 0
        measured_dates: list[int] = []
        for c in range(n_cohorts):
            members = prog & (outcomes.participant_cohort == c)
            n = int(members.sum())
            if n == 0:
                continue
            measured = int(outcomes.participant_start[members].max()) + contract.window_days
            measured_dates.append(measured)
            ref, n_ref = reference(outcomes.participant_cohort == c)
            res, amount = _measure(term, outcomes.cohorts[c], n, int(units[members].sum()), scale, ref, n_ref,
                                   price, (term.threshold, term.threshold_basis), measured, as_of, lag)
            results.append(res)
            if res.status != "measured" or term.early_share == 0 or amount == 0:
                continue
            early = round_ore(amount * Fraction(term.early_share))
            if not res.threshold_met:
                lines.append(CohortLine(term_offset + ti, c, measured + lag, measured, "cohort_early", early, 0,
                                        (("cohort_threshold", early, _detail(res)),)))
                continue
            paid = min(early, cap_left)
            cap_left -= paid
            early_total += early
            cuts = (("outcome_cap", early - paid, f"cap {term.cap} on {term.id}"),) if paid < early else ()
            lines.append(CohortLine(term_offset + ti, c, measured + lag, measured, "cohort_early", early, paid, cuts))
        if not measured_dates:
            continue
        final_on = max(max(measured_dates), contract.period_end.toordinal())
        n_all = int(prog.sum())
        ref, n_ref = reference(np.ones(outcomes.n_participants, dtype=np.bool_))
        res, amount = _measure(term, POOLED, n_all, int(units[prog].sum()), scale, ref, n_ref, price,
                               (term.pooled_threshold, term.pooled_threshold_basis), final_on, as_of, lag)
        results.append(res)
        if res.status != "measured":
            continue
        due = max(0, round_ore(amount) - early_total)
        if due == 0:
            continue
        if not res.threshold_met:
            lines.append(CohortLine(term_offset + ti, n_cohorts, final_on + lag, final_on, "cohort_final", due, 0,
                                    (("pooled_threshold", due, _detail(res)),)))
            continue
        paid = min(due, cap_left)
        cuts = (("outcome_cap", due - paid, f"cap {term.cap} on {term.id}"),) if paid < due else ()
        lines.append(CohortLine(term_offset + ti, n_cohorts, final_on + lag, final_on, "cohort_final", due, paid, cuts))
    return lines, results


def _measure(
    term: CohortTerm, cohort: str, n: int, units: int, scale: int, ref: Fraction, n_ref: int, price: int,
    threshold: tuple[Decimal, str], measured: int, as_of: date, lag: int,
) -> tuple[CohortResult, Fraction]:
    value = Fraction(units, n * scale)
    if term.kind == "rate":
        per = (value - ref) * 100
        improvement = (value - ref) * n
    else:
        per = ref - value
        improvement = (ref - value) * n
    relative = (improvement / n) / ref * 100 if ref != 0 else None
    level, basis = threshold
    achieved = per if basis == "absolute" else relative
    amount = max(Fraction(0), improvement) * price
    status = "measured" if measured + lag <= as_of.toordinal() else "pending"
    res = CohortResult(
        term=term.id, kind=term.kind, cohort=cohort, participants=n, value=_dec(value), reference=_dec(ref),
        reference_participants=n_ref, improvement=_dec(improvement, 4), per_participant=_dec(per, 4),
        threshold=level, threshold_met=achieved is not None and achieved >= Fraction(level) and amount > 0,
        amount=from_ore(round_ore(amount)), measured_on=date.fromordinal(measured), status=status,
        relative_improvement=None if relative is None else _dec(relative, 4), basis=basis,
    )
    return res, amount


def _detail(res: CohortResult) -> str:
    if res.basis == "relative":
        achieved = "undefined (reference 0)" if res.relative_improvement is None else f"{res.relative_improvement} %"
        return f"{res.cohort}: relative improvement {achieved} is below the threshold {res.threshold} %"
    unit = "percentage points" if res.kind == "rate" else "per participant"
    return f"{res.cohort}: improvement {res.per_participant} {unit} is below the threshold {res.threshold}"
