"""Bad input names where it is wrong: contract key and YAML line, CSV row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from outcomes import ContractError, OutcomesError, load_contract, read_outcomes
from outcomes.tests.helpers import HEADER, ONE_PAYER, contract


def _issues(text: str) -> list[str]:
    with pytest.raises(ContractError) as exc:
        load_contract(text)
    return [str(i) for i in exc.value.issues]


def test_a_schema_error_names_the_key_and_the_yaml_line() -> None:
    text = HEADER + ONE_PAYER + "outcomes:\n  - id: job\n    event: job\n    price: -5\n"
    with pytest.raises(ContractError) as exc:
        load_contract(text)
    (issue,) = exc.value.issues
    assert issue.key == "$.outcomes[0].price" and issue.line == 10
    assert "line 10" in str(issue) and "-5" in str(issue)


def test_a_missing_key_points_at_the_object_that_lacks_it() -> None:
    text = HEADER + ONE_PAYER + "outcomes:\n  - id: job\n    event: job\n"
    (issue,) = load_or_issues(text)
    assert issue.key == "$.outcomes[0]" and issue.line == 8 and "'price'" in issue.message


def test_an_unknown_key_is_named_with_its_own_line() -> None:
    text = HEADER + ONE_PAYER + "outcomes:\n  - id: job\n    event: job\n    price: 5\n    prise: 6\n"
    (issue,) = load_or_issues(text)
    assert (issue.key, issue.line, issue.message) == ("$.outcomes[0].prise", 11, "unknown key 'prise'")


def test_a_bad_date_in_the_contract() -> None:
    text = HEADER.replace('start: "2025-01-01"', 'start: "2025-02-30"') + ONE_PAYER + \
        "outcomes: [{id: a, price: 1, event: a}]\n"
    (issue,) = load_or_issues(text)
    assert issue.key == "$.period.start" and issue.line == 3 and "not a valid date" in issue.message


def test_an_unknown_outcome_in_a_prerequisite() -> None:
    text = HEADER + ONE_PAYER + "outcomes:\n  - {id: a, price: 1, event: a}\n  - {id: b, price: 1, event: b, requires: [a, zz]}\n"
    (issue,) = load_or_issues(text)
    assert issue.key == "$.outcomes[1].requires[1]" and issue.line == 9 and "'zz'" in issue.message


def test_a_cycle_of_prerequisites() -> None:
    text = HEADER + ONE_PAYER + ("outcomes:\n  - {id: a, price: 1, event: a, requires: [b]}\n"
                                 "  - {id: b, price: 1, event: b, requires: [a]}\n")
    (issue,) = load_or_issues(text)
    assert "cycle" in issue.message and "a -> b -> a" in issue.message


def test_shares_must_name_known_payers_and_add_up_to_one() -> None:
    text = HEADER + ONE_PAYER + "outcomes:\n  - {id: a, price: 1, event: a, payers: {kommune: 0.5, fond: 0.5}}\n"
    messages = [i.message for i in load_or_issues(text)]
    assert any("unknown payer 'fond'" in m for m in messages)
    assert any("add up to 0.5" in m for m in messages)


def test_all_problems_are_reported_together() -> None:
    text = HEADER + ONE_PAYER + "outcomes:\n  - {id: a, price: -1, event: a}\n  - {id: b, price: x, event: b}\n"
    assert len(load_or_issues(text)) == 2


def test_invalid_yaml_names_its_line() -> None:
    (issue,) = load_or_issues(HEADER + "payers: [\n")
    assert issue.line is not None and "YAML" in issue.message


def test_a_distribution_error_is_named() -> None:
    text = (HEADER + ONE_PAYER + "outcomes: [{id: a, price: 1, event: a}]\n"
            "uncertainty:\n  employment_rate: {distribution: triangular, min: 0.5, mode: 0.2, max: 0.6}\n")
    messages = [str(i) for i in load_or_issues(text)]
    assert any("$.uncertainty.employment_rate" in m and "min <= mode" in m for m in messages)


def load_or_issues(text: str):  # type: ignore[no-untyped-def]
    with pytest.raises(ContractError) as exc:
        load_contract(text)
    return list(exc.value.issues)


CSV_HEAD = "participant_id,cohort,start_date,event,event_date,value\n"


def _csv_issues(body: str, events: set[str] | None = None):  # type: ignore[no-untyped-def]
    with pytest.raises(OutcomesError) as exc:
        read_outcomes(CSV_HEAD + body, events)
    return list(exc.value.issues)


def test_a_csv_error_names_row_and_column() -> None:
    (issue,) = _csv_issues("P1,A,2025-01-01,job,2025-02-01,\nP2,A,2025-01-01,job,2025-13-01,\n")
    assert (issue.row, issue.column) == (3, "event_date")
    assert str(issue).startswith("row 3, column 'event_date': not a valid date")


def test_an_unknown_event_names_row_and_column() -> None:
    (issue,) = _csv_issues("P1,A,2025-01-01,job,2025-02-01,\nP1,A,2025-01-01,jbo,2025-02-01,\n", {"job"})
    assert (issue.row, issue.column, issue.message) == (3, "event", "unknown event 'jbo'")


def test_a_bad_value_and_a_bad_start_date() -> None:
    issues = _csv_issues("P1,A,01-01-2025,job,2025-02-01,abc\n")
    assert [(i.row, i.column) for i in issues] == [(2, "start_date"), (2, "value")]


def test_a_participant_must_keep_cohort_and_start_date() -> None:
    (issue,) = _csv_issues("P1,A,2025-01-01,job,2025-02-01,\nP1,B,2025-01-01,job,2025-03-01,\n")
    assert (issue.row, issue.column) == (3, "cohort") and "row 2" in issue.message


def test_missing_and_unknown_columns() -> None:
    with pytest.raises(OutcomesError) as exc:
        read_outcomes("participant_id,cohort,start,event,event_date\nP1,A,2025-01-01,,\n")
    assert {(i.row, i.column) for i in exc.value.issues} == {(1, "start_date"), (1, "start")}


def test_settle_rejects_unknown_events_before_computing() -> None:
    from datetime import date

    from outcomes import settle

    c = contract("outcomes: [{id: a, price: 1, event: a}]\n")
    out = read_outcomes(CSV_HEAD + "P1,A,2025-01-01,b,2025-02-01,\n")
    with pytest.raises(OutcomesError) as exc:
        settle(c, out, date(2026, 1, 1))
    assert (exc.value.issues[0].row, exc.value.issues[0].column) == (2, "event")


def test_records_from_the_platform_need_a_date_for_every_event() -> None:
    from datetime import date

    from outcomes import OutcomeRecord, Outcomes

    with pytest.raises(OutcomesError) as exc:
        Outcomes.from_records([OutcomeRecord("P1", "A", date(2025, 1, 1), "job", None)])
    assert (exc.value.issues[0].row, exc.value.issues[0].column) == (1, "event_date")


RATE_TERM = ("cohort_terms:\n  - id: work_rate\n    kind: rate\n    event: job\n    baseline: 0.2\n    price: 1000\n"
             "    threshold: {threshold}\n")
FREQ_TERM = ("cohort_terms:\n  - id: care\n    kind: frequency\n    event: care\n    comparison_group: c\n"
             "    price: 100\n    threshold: {threshold}\n")


def test_a_share_written_as_a_whole_percent_is_refused_naming_key_and_line() -> None:
    (issue,) = load_or_issues(HEADER + ONE_PAYER + RATE_TERM.format(threshold="10"))
    assert (issue.key, issue.line) == ("$.cohort_terms[0].threshold", 13)
    assert issue.message == "10 is not a share between 0 and 1: write 0.1, '10 %' or percent: 10"


def test_a_relative_threshold_and_an_early_share_are_shares_too() -> None:
    text = HEADER + ONE_PAYER + FREQ_TERM.format(threshold="{relative: 10}") + "    early_share: 50\n"
    issues = {i.key: i.message for i in load_or_issues(text)}
    assert issues["$.cohort_terms[0].threshold.relative"].startswith("10 is not a share between 0 and 1")
    assert issues["$.cohort_terms[0].early_share"].startswith("50 is not a share between 0 and 1")


def test_a_percent_is_not_the_unit_of_an_absolute_frequency_threshold() -> None:
    (issue,) = load_or_issues(HEADER + ONE_PAYER + FREQ_TERM.format(threshold="10 %"))
    assert issue.key == "$.cohort_terms[0].threshold" and "units per participant, not a percent" in issue.message


def test_a_percent_above_100_and_a_form_that_is_no_threshold_are_refused() -> None:
    (issue,) = load_or_issues(HEADER + ONE_PAYER + RATE_TERM.format(threshold="150 %"))
    assert issue.message == "'150 %' is not a percent between 0 and 100"
    (issue,) = load_or_issues(HEADER + ONE_PAYER + RATE_TERM.format(threshold="ten"))
    assert issue.key == "$.cohort_terms[0].threshold" and "is not valid here" in issue.message


def test_a_share_and_an_explicit_percent_mean_the_same_threshold() -> None:
    forms = ["0.05", "5 %", "'5%'", "{percent: 5}", "'5,0 %'"]
    terms = [contract(RATE_TERM.format(threshold=f)).cohort_terms[0] for f in forms]
    assert {(t.threshold, t.threshold_basis) for t in terms} == {(Decimal(5), "absolute")}
    relative = contract(FREQ_TERM.format(threshold="{relative: 0.075}")).cohort_terms[0]
    assert (relative.threshold, relative.threshold_basis) == (Decimal("7.5"), "relative")


def test_a_missing_file_name_is_not_read_as_the_contract_or_the_outcomes() -> None:
    (issue,) = load_or_issues("examples/contracts/ratekrot.yaml")
    assert issue.message == "contract file 'examples/contracts/ratekrot.yaml' does not exist"
    with pytest.raises(OutcomesError, match="outcomes file 'ratekort.cvs.csv' does not exist"):
        read_outcomes("ratekort.cvs.csv")
