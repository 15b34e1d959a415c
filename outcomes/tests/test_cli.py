"""The command-line tool on every shipped example, and its exit code on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outcomes.cli import main
from outcomes.tests.helpers import EXAMPLES

CONTRACTS = sorted(EXAMPLES.glob("*.yaml"))
AS_OF = "2027-12-31"


def test_every_example_ships_with_an_outcomes_file() -> None:
    assert len(CONTRACTS) >= 3
    for c in CONTRACTS:
        assert c.with_suffix(".csv").is_file()


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: p.stem)
def test_validate_and_settle_every_example(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = str(path.with_suffix(".csv"))
    assert main(["validate", str(path), csv]) == 0
    assert "valid contract" in capsys.readouterr().out
    assert main(["settle", str(path), csv, "--as-of", AS_OF]) == 0
    text = capsys.readouterr().out
    assert "Total paid" in text and "fingerprint" in text
    assert main(["settle", str(path), csv, "--as-of", AS_OF, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["fingerprint"]) == 64 and data["lines"]
    total = sum(float(x["amount"]) for x in data["lines"])
    assert total == pytest.approx(float(data["total"]))


@pytest.mark.parametrize("path", [p for p in CONTRACTS if "business_case:" in p.read_text()], ids=lambda p: p.stem)
def test_business_case_and_simulate_examples_with_a_business_case(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["business-case", str(path)]) == 0
    assert "Verdict for" in capsys.readouterr().out
    assert main(["business-case", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] in ("gain", "loss") and len(data["monthly"]) == data["months"]
    assert main(["simulate", str(path), "--runs", "200", "--seed", "3", "--json"]) == 0
    sim = json.loads(capsys.readouterr().out)
    assert sim["runs"] == 200 and set(sim["npv"]) == {"P5", "P50", "P95"} and sim["tornado"]
    assert main(["simulate", str(path), "--runs", "50", "--no-progress"]) == 0
    assert "Probability of a gain" in capsys.readouterr().out


def test_settling_twice_gives_the_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["settle", str(EXAMPLES / "ratekort.yaml"), str(EXAMPLES / "ratekort.csv"), "--as-of", AS_OF, "--json"]
    main(args)
    first = capsys.readouterr().out
    main(args)
    assert capsys.readouterr().out == first


def test_a_bad_contract_exits_2_with_key_and_line_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((EXAMPLES / "ratekort.yaml").read_text().replace("price: 10000", "price: -10000"))
    assert main(["settle", str(bad), str(EXAMPLES / "ratekort.csv"), "--as-of", AS_OF]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "$.outcomes[0].price" in captured.err and "line 12" in captured.err


def test_a_bad_outcomes_file_exits_2_with_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text((EXAMPLES / "ratekort.csv").read_text().replace("job_13w,2025-05-01", "job_13w,2025-05-32"))
    assert main(["settle", str(EXAMPLES / "ratekort.yaml"), str(bad), "--as-of", AS_OF]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "row 11, column 'event_date'" in captured.err


def test_a_mistyped_path_is_refused_not_read_as_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(EXAMPLES / "ratekrot.yaml")
    assert main(["validate", missing]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"error: contract file {missing!r} does not exist\n"
    assert main(["settle", str(EXAMPLES / "ratekort.yaml"), "ratekort.cvs", "--as-of", AS_OF]) == 2
    assert capsys.readouterr().err == "error: outcomes file 'ratekort.cvs' does not exist\n"
    assert main(["business-case", str(tmp_path)]) == 2
    assert "is not a file" in capsys.readouterr().err
