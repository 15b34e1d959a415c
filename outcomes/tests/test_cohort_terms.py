"""Cohort terms on examples/contracts/kohorte.*: a rate against a baseline and a frequency
against a comparison group, with per-cohort and pooled thresholds (worked in the algorithm doc)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from outcomes import OutcomesError, load_contract, read_outcomes, settle
from outcomes.tests.helpers import EXAMPLES, cut, paid


def _settle(as_of: date):  # type: ignore[no-untyped-def]
    c = load_contract(EXAMPLES / "kohorte.yaml")
    return settle(c, read_outcomes(EXAMPLES / "kohorte.csv", c.known_events), as_of)


def _result(s, term: str, cohort: str):  # type: ignore[no-untyped-def]
    return next(r for r in s.cohort_results if r.term == term and r.cohort == cohort)


def test_rate_improvement_over_a_baseline_is_paid_per_participant_equivalent() -> None:
    s = _settle(date(2026, 6, 30))
    a = _result(s, "work_rate", "A")
    assert (a.participants, a.value, a.reference) == (5, Decimal("0.400000"), Decimal("0.200000"))
    assert (a.improvement, a.per_participant, a.amount) == (Decimal("1.0000"), Decimal("20.0000"), Decimal("40000.00"))
    assert (a.relative_improvement, a.basis) == (Decimal("100.0000"), "absolute")  # 0.40 against 0.20
    b = _result(s, "work_rate", "B")
    assert (b.value, b.amount, b.threshold_met) == (Decimal("0.200000"), Decimal("0.00"), False)


def test_frequency_reduction_against_the_comparison_group_of_the_same_cohort() -> None:
    s = _settle(date(2026, 6, 30))
    a = _result(s, "care_days", "A")
    assert (a.value, a.reference, a.reference_participants) == (Decimal("1.200000"), Decimal("5.000000"), 3)
    assert (a.improvement, a.per_participant, a.amount) == (Decimal("19.0000"), Decimal("3.8000"), Decimal("9500.00"))
    assert a.relative_improvement == Decimal("76.0000")  # (5.0 − 1.2) / 5.0
    b = _result(s, "care_days", "B")
    assert (b.value, b.reference, b.per_participant, b.threshold_met) == (
        Decimal("3.200000"), Decimal("4.000000"), Decimal("0.8000"), False)


def test_early_payments_for_strong_cohorts_and_a_final_payment_on_the_pooled_result() -> None:
    s = _settle(date(2026, 6, 30))
    assert paid(s) == [
        ("A", "care_days", "cohort_early", "vejle", "4750.00"),
        ("A", "work_rate", "cohort_early", "vejle", "20000.00"),
        ("(pooled)", "care_days", "cohort_final", "vejle", "7250.00"),
        ("(pooled)", "work_rate", "cohort_final", "vejle", "20000.00"),
    ]
    assert cut(s) == [("B", "care_days", None, "cohort_threshold", "1000.00")]
    pooled = _result(s, "care_days", "(pooled)")
    assert (pooled.value, pooled.reference, pooled.amount) == (Decimal("2.200000"), Decimal("4.600000"), Decimal("12000.00"))
    assert s.by_period == {"2025-H1": Decimal("24750.00"), "2025-H2": Decimal("27250.00")}
    assert [ln.due_date for ln in s.lines] == [date(2025, 8, 14)] * 2 + [date(2026, 2, 14)] * 2


def test_cohorts_are_measured_only_when_their_last_window_has_closed() -> None:
    s = _settle(date(2025, 7, 31))
    assert paid(s) == [("A", "care_days", "cohort_early", "vejle", "4750.00"),
                       ("A", "work_rate", "cohort_early", "vejle", "20000.00")]
    assert _result(s, "work_rate", "B").status == "pending"
    assert _result(s, "work_rate", "(pooled)").status == "pending"


def test_a_pooled_result_below_its_threshold_pays_no_final_and_claws_nothing_back() -> None:
    text = (EXAMPLES / "kohorte.yaml").read_text().replace("    pooled_threshold: 5 %\n", "    pooled_threshold: 15 %\n")
    c = load_contract(text)
    s = settle(c, read_outcomes(EXAMPLES / "kohorte.csv", c.known_events), date(2026, 6, 30))
    assert ("(pooled)", "work_rate", None, "pooled_threshold", "20000.00") in cut(s)
    assert s.by_outcome["work_rate"] == Decimal("20000.00")  # the early payment stands


def test_a_term_cap_limits_early_plus_final() -> None:
    text = (EXAMPLES / "kohorte.yaml").read_text().replace("    price: 40000", "    cap: 30000\n    price: 40000")
    c = load_contract(text)
    s = settle(c, read_outcomes(EXAMPLES / "kohorte.csv", c.known_events), date(2026, 6, 30))
    assert s.by_outcome["work_rate"] == Decimal("30000.00")
    assert ("(pooled)", "work_rate", None, "outcome_cap", "10000.00") in cut(s)


def test_a_missing_comparison_group_is_an_error_before_anything_is_computed() -> None:
    c = load_contract(EXAMPLES / "kohorte.yaml")
    csv = "participant_id,cohort,start_date,event,event_date\nP1,A,2025-01-01,care,2025-02-01\n"
    with pytest.raises(OutcomesError, match="comparison"):
        settle(c, read_outcomes(csv, c.known_events), date(2026, 6, 30))
