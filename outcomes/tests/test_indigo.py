"""The INDIGO-shaped export: contract, outcomes and payments, cross-referenced by id, money equal
to the ledger. The field mapping is docs/algorithms/indigo-export.md."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from outcomes import load_contract, read_outcomes, settle
from outcomes.cli import main
from outcomes.indigo import indigo_project
from outcomes.tests.helpers import EXAMPLES

AS_OF = date(2026, 3, 31)


def _export(name: str, as_of: date = AS_OF) -> tuple[dict[str, Any], Any]:
    c = load_contract(EXAMPLES / f"{name}.yaml")
    s = settle(c, read_outcomes(EXAMPLES / f"{name}.csv", c.known_events), as_of)
    return indigo_project(c, s, project_id="INDIGO-POJ-9001"), s


def test_every_value_is_wrapped_and_every_reference_resolves() -> None:
    data, _ = _export("ratekort")
    project, orgs = data["project"], {o["id"] for o in data["organisations"]}
    assert project["name"] == {"value": "Ratekort Jobspor Aarhus"} and project["status"] == "PRIVATE"
    assert orgs == {"INDIGO-POJ-9001-aarhus", "INDIGO-POJ-9001-fond", "INDIGO-POJ-9001-jobspor"}
    metrics = {m["id"] for m in project["outcome_metrics"]}
    assert metrics == {"job_start", "job_13w", "job_26w", "certificate", "vocational", "month_in_work"}
    for section in ("outcome_pricings", "outcome_payments", "results"):
        assert {x["outcome_metric_id"]["value"] for x in project[section]} <= metrics
    for p in project["outcome_payments"]:
        assert {p["payer_organisation_id"]["value"], p["recipient_organisation_id"]["value"]} <= orgs
    assert {c["organisation_id"]["value"] for c in project["outcome_payment_commitments"]} <= orgs


def test_payments_equal_the_ledger_by_payer_and_period() -> None:
    data, s = _export("ratekort", date(2027, 12, 31))
    by_payer: dict[str, Decimal] = defaultdict(Decimal)
    for p in data["project"]["outcome_payments"]:
        assert p["type"]["value"] == "Actual"  # everything has fallen due by 2027
        by_payer[p["payer_organisation_id"]["value"].rsplit("-", 1)[1]] += Decimal(str(p["money"]["amount"]["value"]))
    assert dict(by_payer) == s.by_payer
    first = data["project"]["outcome_payments"][0]["period"]
    assert first == {"start_date": {"value": "2025-01-01"}, "end_date": {"value": "2025-03-31"}}  # quarterly
    finance = data["project"]["overall_project_finance"]
    assert finance["maximum_potential_outcome_payment_v2"]["amount"] == {"value": 140000.0}
    assert Decimal(str(finance["total_outcome_payments_made"]["amount"]["value"])) == s.total


def test_cohort_terms_export_their_targets_and_interim_and_final_results() -> None:
    data, _ = _export("kohorte", date(2026, 6, 30))
    metric = next(m for m in data["project"]["outcome_metrics"] if m["id"] == "care_days")
    assert metric["outcome_validation_method"] == {"value": "Quasi-experimental study"}
    assert metric["outcome_metric_target"]["value"].startswith("each cohort (early payment): improvement of at least 2")
    kinds = [(r["outcome_metric_id"]["value"], r["result_type"]["value"]) for r in data["project"]["results"]]
    assert ("care_days", "Interim") in kinds and ("care_days", "Final") in kinds


def test_the_command_line_writes_the_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["indigo", str(EXAMPLES / "ratekort.yaml"), str(EXAMPLES / "ratekort.csv"), "--as-of", "2026-03-31",
                 "--project-id", "INDIGO-POJ-1"]) == 0
    assert json.loads(capsys.readouterr().out)["project"]["id"] == "INDIGO-POJ-1"
    assert main(["indigo", str(EXAMPLES / "ratekort.yaml"), str(EXAMPLES / "ratekort.csv")]) == 2
    assert "needs --as-of" in capsys.readouterr().err
