"""The adapter's economics functions return plain JSON-able data from the engine: adjustments
against approved payments, plan against actual from recorded rows, the calibrated simulation
with its fan, and the INDIGO export. (The numbers themselves are tested in outcomes/tests.)"""

import datetime
import json
from decimal import Decimal

from contracts import adapter
from contracts.adapter import Row
from demo.contracts import GROWTH_CONTRACT_YAML

D = datetime.date
CONTRACT = adapter.parse(GROWTH_CONTRACT_YAML)
START = D(2025, 1, 6)


def rows(*events: tuple[str, str, datetime.date]) -> list[Row]:
    people = sorted({p for p, _, _ in events} | {"P1", "P2"})
    return [Row(p, "2025-H1", START) for p in people] + [Row(p, "2025-H1", START, e, on) for p, e, on in events]


def test_adjustments_pay_a_late_outcome_against_what_was_approved():
    first = adapter.settle(CONTRACT, rows(("P1", "ordinary_job_start", D(2025, 9, 1))), D(2025, 12, 31))
    approved = adapter.paid_lines(first["lines"])
    data = adapter.adjustments(CONTRACT, rows(("P1", "ordinary_job_start", D(2025, 9, 1)),
                                              ("P2", "ordinary_job_start", D(2025, 8, 1))), D(2026, 1, 31), approved)
    assert [(x["subject"], x["amount"], x["reason"]) for x in data["lines"]] == [("P2", "25000.00", "new")]
    assert (data["paid_before"], data["due_now"], data["total"]) == ("25000.00", "50000.00", "25000.00")
    json.dumps(data)


def test_plan_against_actual_and_the_calibrated_simulation_are_json():
    import outcomes

    recorded = outcomes.RecordedData.from_rows(
        [outcomes.Participation(f"P{i}", "2025-H1", START) for i in range(12)],
        exits=[outcomes.ExitRecord(f"P{i}", D(2026, 1, 5), into_work=i < 6) for i in range(12)],
        spells=[outcomes.SupportSpell(f"P{i}", D(2023, 1, 2), D(2026, 1, 4) if i < 6 else None) for i in range(12)],
        payments=[outcomes.ActualPayment("kolding", D(2026, 2, 15), Decimal(150000))])
    pva = adapter.plan_vs_actual(CONTRACT, recorded, D(2026, 6, 30))
    assert pva["verdict"] in ("gain", "loss") and pva["actual_months"] == 18
    assert pva["cohorts"][0]["employment"] == {"in_work": 6, "observed": 12}
    sim = adapter.calibrated_simulation(CONTRACT, recorded, D(2026, 6, 30), runs=50, seed=1)
    emp = sim["calibration"]["inputs"][0]
    assert (emp["input"], emp["successes"], emp["trials"], emp["used"]) == ("employment_rate", 6, 12, True)
    assert len(sim["simulation"]["fan"]["P50"]) == len(sim["simulation"]["fan"]["months"])
    json.dumps(pva), json.dumps(sim)


def test_the_indigo_export_names_the_payers_and_the_recipient():
    data = adapter.indigo(CONTRACT, rows(("P1", "ordinary_job_start", D(2025, 9, 1))), D(2026, 6, 30),
                          project_id="INDIGO-POJ-42")
    assert {o["id"] for o in data["organisations"]} == {"INDIGO-POJ-42-kolding", "INDIGO-POJ-42-partnerskab"}
    json.dumps(data)
