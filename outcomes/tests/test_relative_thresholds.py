"""Relative thresholds against the comparison group (the impact-bond form: "at least 10 % fewer
days than the comparison group in a cohort for the early payment, 7.5 % over all cohorts for the
final payment"), at and just below the limit. Worked in the algorithm doc, example 3.2."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from outcomes import OutcomeRecord, Outcomes, Settlement, settle
from outcomes.tests.helpers import contract, cut, paid

TERM = """\
cohort_terms:
  - id: care_days
    kind: frequency
    event: care
    measure: value
    comparison_group: comparison
    price: 100                          # per day avoided
    threshold: {relative: 10 %}         # a cohort: at least 10 % fewer days than its comparison group
    early_share: 100 %
    pooled_threshold: {relative: "7,5 %"}  # all cohorts together: at least 7.5 % fewer
"""
STARTS = {"A": date(2025, 1, 1), "B": date(2025, 3, 1)}


def _rows(programme: dict[str, list[str]]) -> list[OutcomeRecord]:
    """Ten programme participants per cohort with the given days in care, and ten comparison
    members per cohort with 10 days each (comparison mean 10.0 in every cohort and pooled)."""
    rows = []
    for cohort, start in STARTS.items():
        on = start + timedelta(days=30)
        for i in range(10):
            rows.append(OutcomeRecord(f"C{cohort}{i}", cohort, start, "care", on, Decimal(10), group="comparison"))
            rows.append(OutcomeRecord(f"P{cohort}{i}", cohort, start, "care", on, Decimal(programme[cohort][i])))
    return rows


def _settle(a_days: list[str], b_days: list[str]) -> Settlement:
    return settle(contract(TERM), Outcomes.from_records(_rows({"A": a_days, "B": b_days})), date(2026, 12, 31))


def _relative(s: Settlement) -> dict[str, tuple[Decimal | None, bool]]:
    return {r.cohort: (r.relative_improvement, r.threshold_met) for r in s.cohort_results}


AT_LIMIT_A = ["9"] * 10  # 90 days: mean 9.0, 10 % fewer than 10.0
JUST_BELOW_A = ["9.1"] + ["9"] * 9  # 90.1 days: mean 9.01, 9.9 % fewer
B = ["9.5"] * 10  # 95 days: 5 % fewer
JUST_BELOW_B = ["9.6"] + ["9.5"] * 9  # 95.1 days


def test_relative_thresholds_met_exactly_at_the_limit_for_a_cohort_and_pooled() -> None:
    s = _settle(AT_LIMIT_A, B)
    # A: (10 − 9) / 10 = 10 %; B: 5 %; pooled: (10 − 185/20) / 10 = 7.5 %
    assert _relative(s) == {"A": (Decimal("10.0000"), True), "B": (Decimal("5.0000"), False),
                            "(pooled)": (Decimal("7.5000"), True)}
    # A avoids 10 days × 100 = 1 000 (early, all of it); pooled 15 days = 1 500, final 1 500 − 1 000
    assert paid(s) == [("A", "care_days", "cohort_early", "kommune", "1000.00"),
                       ("(pooled)", "care_days", "cohort_final", "kommune", "500.00")]
    assert cut(s) == [("B", "care_days", None, "cohort_threshold", "500.00")]
    assert {r.cohort: r.basis for r in s.cohort_results} == {"A": "relative", "B": "relative", "(pooled)": "relative"}


def test_a_cohort_just_below_its_relative_threshold_gets_no_early_payment() -> None:
    s = _settle(JUST_BELOW_A, B)
    # A: 9.9 % < 10 %; pooled (10 − 185.1/20) / 10 = 7.45 % < 7.5 %
    assert _relative(s) == {"A": (Decimal("9.9000"), False), "B": (Decimal("5.0000"), False),
                            "(pooled)": (Decimal("7.4500"), False)}
    assert paid(s) == []
    assert cut(s) == [("A", "care_days", None, "cohort_threshold", "990.00"),
                      ("B", "care_days", None, "cohort_threshold", "500.00"),
                      ("(pooled)", "care_days", None, "pooled_threshold", "1490.00")]
    detail = next(c.detail for c in s.cut_offs if c.subject == "A")
    assert detail == "A: relative improvement 9.9000 % is below the threshold 10 %"


def test_the_pooled_result_just_below_its_relative_threshold_pays_no_final_and_keeps_the_early() -> None:
    s = _settle(AT_LIMIT_A, JUST_BELOW_B)
    assert _relative(s)["(pooled)"] == (Decimal("7.4500"), False)
    assert paid(s) == [("A", "care_days", "cohort_early", "kommune", "1000.00")]
    # B: 4.9 days avoided = 490; pooled 14.9 days = 1 490, less the early 1 000 = 490
    assert cut(s) == [("B", "care_days", None, "cohort_threshold", "490.00"),
                      ("(pooled)", "care_days", None, "pooled_threshold", "490.00")]


def test_a_relative_threshold_is_never_met_against_a_reference_of_zero() -> None:
    zero = [OutcomeRecord(f"C{i}", "A", STARTS["A"], group="comparison") for i in range(3)]
    rows = zero + [OutcomeRecord("P1", "A", STARTS["A"], "care", STARTS["A"] + timedelta(days=3), Decimal(1))]
    s = settle(contract(TERM), Outcomes.from_records(rows), date(2026, 12, 31))
    assert {r.cohort: r.relative_improvement for r in s.cohort_results} == {"A": None, "(pooled)": None}
    assert paid(s) == [] and cut(s) == []  # worse than the reference: nothing to pay or cut
