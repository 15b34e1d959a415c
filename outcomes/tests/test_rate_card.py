"""The rate card rules, each on the worked example in docs/algorithms/outcome-payments.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from outcomes.tests.helpers import cut, paid, run

JOB = "outcomes:\n  - {id: job_start, price: 10000, event: job_start}\n"


def test_it_pays_the_price_per_outcome_and_cuts_events_outside_the_window() -> None:
    s = run(JOB, "P1,2025,2025-01-01,job_start,2025-03-01\nP2,2025,2024-01-01,job_start,2025-02-01\n")
    assert paid(s) == [("P1", "job_start", "price", "kommune", "10000.00")]
    assert cut(s) == [("P2", "job_start", None, "window", "10000.00")]
    assert s.total == Decimal("10000.00")


def test_the_window_includes_its_last_day() -> None:
    s = run(JOB, "P1,2025,2025-01-01,job_start,2026-01-01\nP2,2025,2025-01-01,job_start,2024-12-31\n")
    # 2025-01-01 + 365 days = 2026-01-01 counts; an event before the start does not
    assert paid(s) == [("P1", "job_start", "price", "kommune", "10000.00")]
    assert cut(s) == [("P2", "job_start", None, "window", "10000.00")]


PREREQ = JOB + "  - {id: job_13w, price: 15000, event: job_13w, requires: [job_start]}\n"


def test_a_prerequisite_must_be_achieved_on_or_before_the_event() -> None:
    s = run(PREREQ, "P1,2025,2025-01-01,job_start,2025-03-01\n"
                    "P1,2025,2025-01-01,job_13w,2025-06-01\n"
                    "P2,2025,2025-01-01,job_13w,2025-05-01\n"
                    "P3,2025,2025-01-01,job_13w,2025-04-01\n"
                    "P3,2025,2025-01-01,job_start,2025-05-01\n")
    assert paid(s) == [
        ("P1", "job_start", "price", "kommune", "10000.00"),
        ("P3", "job_start", "price", "kommune", "10000.00"),
        ("P1", "job_13w", "price", "kommune", "15000.00"),
    ]
    assert cut(s) == [
        ("P3", "job_13w", None, "prerequisite", "15000.00"),
        ("P2", "job_13w", None, "prerequisite", "15000.00"),
    ]


def test_a_prerequisite_outside_the_window_does_not_count() -> None:
    s = run(PREREQ, "P1,2025,2025-01-01,job_start,2024-12-01\nP1,2025,2025-01-01,job_13w,2025-06-01\n")
    assert [c[3] for c in cut(s)] == ["window", "prerequisite"]


EXCL = ("outcomes:\n"
        "  - {id: certificate, price: 3000, event: certificate, exclusive_group: qualification}\n"
        "  - {id: vocational, price: 12000, event: vocational_start, exclusive_group: qualification}\n")


def test_an_exclusive_group_pays_only_the_highest_as_top_ups() -> None:
    s = run(EXCL, "P1,2025,2025-01-01,certificate,2025-03-10\n"
                  "P1,2025,2025-01-01,vocational_start,2025-08-15\n"
                  "P2,2025,2025-01-01,vocational_start,2025-04-01\n"
                  "P2,2025,2025-01-01,certificate,2025-05-01\n")
    assert paid(s) == [
        ("P1", "certificate", "price", "kommune", "3000.00"),
        ("P2", "vocational", "price", "kommune", "12000.00"),
        ("P1", "vocational", "exclusive_top_up", "kommune", "9000.00"),
    ]
    assert cut(s) == [
        ("P2", "certificate", None, "exclusive_group", "3000.00"),
        ("P1", "vocational", None, "exclusive_group", "3000.00"),
    ]
    assert s.total == Decimal("24000.00")  # 12 000 per participant: the highest in the group


MONTHS = "outcomes:\n  - {id: month_in_work, price: 1000, event: month_in_work, max_per_participant: 3}\n"
FOUR_MONTHS = "".join(f"P1,2025,2025-01-01,month_in_work,2025-0{m}-01\n" for m in (2, 3, 4, 5))


def test_max_payments_per_participant() -> None:
    s = run(MONTHS, FOUR_MONTHS)
    assert [a for *_, a in paid(s)] == ["1000.00", "1000.00", "1000.00"]
    assert cut(s) == [("P1", "month_in_work", None, "max_payments", "1000.00")]


def test_cap_per_outcome_per_participant_pays_the_crossing_line_in_part() -> None:
    body = ("outcomes:\n  - {id: month_in_work, price: 1000, event: month_in_work, max_per_participant: 6,"
            " cap_per_participant: 2500}\n")
    s = run(body, FOUR_MONTHS)
    assert [a for *_, a in paid(s)] == ["1000.00", "1000.00", "500.00"]
    assert cut(s) == [
        ("P1", "month_in_work", None, "outcome_participant_cap", "500.00"),
        ("P1", "month_in_work", None, "outcome_participant_cap", "1000.00"),
    ]


def test_cap_per_participant_over_all_outcomes() -> None:
    s = run(PREREQ + "caps: {per_participant: 20000}\n",
            "P1,2025,2025-01-01,job_start,2025-03-01\nP1,2025,2025-01-01,job_13w,2025-06-01\n")
    assert paid(s) == [("P1", "job_start", "price", "kommune", "10000.00"),
                       ("P1", "job_13w", "price", "kommune", "10000.00")]
    assert cut(s) == [("P1", "job_13w", None, "participant_cap", "5000.00")]


def test_cap_per_outcome_is_consumed_by_evidence_date_then_participant() -> None:
    body = "outcomes:\n  - {id: job_start, price: 10000, event: job_start, cap: 25000}\n"
    s = run(body, "P3,2025,2025-01-01,job_start,2025-04-01\n"
                  "P2,2025,2025-01-01,job_start,2025-03-01\n"
                  "P1,2025,2025-01-01,job_start,2025-03-01\n")
    assert paid(s) == [("P1", "job_start", "price", "kommune", "10000.00"),
                       ("P2", "job_start", "price", "kommune", "10000.00"),
                       ("P3", "job_start", "price", "kommune", "5000.00")]
    assert cut(s) == [("P3", "job_start", None, "outcome_cap", "5000.00")]


TWO_PAYERS = ("payers:\n  - {id: kommune, name: Kommune}\n  - {id: fond, name: Fonden, cap: 5000}\n")
SPLIT = "outcomes:\n  - {id: job_start, price: 10000, event: job_start, payers: {kommune: 0.7, fond: 0.3}}\n"


def test_payers_split_by_shares_and_each_payer_cap_binds_its_own_share() -> None:
    s = run(SPLIT, "P1,2025,2025-01-01,job_start,2025-03-01\nP2,2025,2025-01-01,job_start,2025-04-01\n",
            payers=TWO_PAYERS)
    assert paid(s) == [("P1", "job_start", "price", "kommune", "7000.00"),
                       ("P1", "job_start", "price", "fond", "3000.00"),
                       ("P2", "job_start", "price", "kommune", "7000.00"),
                       ("P2", "job_start", "price", "fond", "2000.00")]
    assert cut(s) == [("P2", "job_start", "fond", "payer_cap", "1000.00")]
    assert s.by_payer == {"kommune": Decimal("14000.00"), "fond": Decimal("5000.00")}


def test_shares_that_do_not_divide_evenly_give_the_remainder_to_the_last_payer() -> None:
    body = "outcomes:\n  - {id: x, price: 100.01, event: x, payers: {kommune: 0.333333, fond: 0.666667}}\n"
    payers = "payers:\n  - {id: kommune, name: Kommune}\n  - {id: fond, name: Fonden}\n"
    s = run(body, "P1,2025,2025-01-01,x,2025-03-01\n", payers=payers)
    assert [a for *_, a in paid(s)] == ["33.33", "66.68"]


def test_total_cap_over_the_contract() -> None:
    s = run(JOB + "caps: {total: 25000}\n",
            "P1,2025,2025-01-01,job_start,2025-03-01\nP2,2025,2025-01-01,job_start,2025-03-02\n"
            "P3,2025,2025-01-01,job_start,2025-03-03\n")
    assert [a for *_, a in paid(s)] == ["10000.00", "10000.00", "5000.00"]
    assert cut(s) == [("P3", "job_start", "kommune", "total_cap", "5000.00")]


def test_every_candidate_reconciles_gross_equals_paid_plus_cut() -> None:
    s = run(PREREQ + "caps: {per_participant: 20000, total: 25000}\n",
            "P1,2025,2025-01-01,job_start,2025-03-01\nP1,2025,2025-01-01,job_13w,2025-06-01\n"
            "P2,2025,2025-01-01,job_13w,2025-05-01\nP3,2025,2025-01-01,job_start,2025-07-01\n")
    gross = Decimal(10000 + 15000 + 15000 + 10000)
    assert s.total + sum(s.cut_off_totals.values()) == gross
    assert s.cut_off_totals == {"prerequisite": Decimal("15000.00"), "participant_cap": Decimal("5000.00"),
                                "total_cap": Decimal("5000.00")}


def test_rows_evidenced_after_as_of_are_pending_not_cut() -> None:
    s = run(JOB, "P1,2025,2025-01-01,job_start,2025-03-01\nP2,2025,2025-01-01,job_start,2025-09-01\n",
            as_of=date(2025, 6, 30))
    assert paid(s) == [("P1", "job_start", "price", "kommune", "10000.00")]
    assert cut(s) == []
    assert (s.pending_rows, s.pending_amount) == (1, Decimal("10000.00"))


def test_comparison_group_rows_are_never_paid_by_the_rate_card() -> None:
    csv = ("participant_id,cohort,start_date,event,event_date,value,group\n"
           "P1,2025,2025-01-01,job_start,2025-03-01,,\nC1,2025,2025-01-01,job_start,2025-03-01,,comparison\n")
    s = run(JOB, csv)
    assert [ln.subject for ln in s.lines] == ["P1"]


def test_company_side_events_are_priced_like_any_other() -> None:
    body = ("events: [company.turnover_growth]\n"
            "outcomes:\n  - {id: hired, price: 10000, event: company.hired_from_programme}\n")
    s = run(body, "CVR1,accelerator,2025-01-01,company.hired_from_programme,2025-05-01\n"
                  "CVR1,accelerator,2025-01-01,company.turnover_growth,2025-12-01\n")
    assert paid(s) == [("CVR1", "hired", "price", "kommune", "10000.00")]
