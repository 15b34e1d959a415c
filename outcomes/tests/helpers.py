"""Small builders shared by the engine tests: a contract from a YAML fragment, a ledger as tuples."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from outcomes import Contract, Settlement, load_contract, read_outcomes, settle

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "contracts"

HEADER = """\
name: Eksempel
currency: DKK
period: {start: "2025-01-01", end: "2025-12-31"}
outcome_window_days: 365
recipient: {id: aktor, name: Aktør}
"""
ONE_PAYER = "payers: [{id: kommune, name: Kommune}]\n"


def contract(body: str, payers: str = ONE_PAYER, header: str = HEADER) -> Contract:
    return load_contract(header + payers + body)


def run(body: str, csv: str, as_of: date = date(2026, 12, 31), payers: str = ONE_PAYER) -> Settlement:
    c = contract(body, payers)
    text = "participant_id,cohort,start_date,event,event_date\n" + csv if not csv.startswith("participant_id") else csv
    return settle(c, read_outcomes(text, c.known_events), as_of)


def paid(s: Settlement) -> list[tuple[str, str, str, str, str]]:
    """(participant, outcome, rule, payer, amount) per ledger line, in ledger order."""
    return [(ln.subject, ln.outcome, ln.rule, ln.payer, str(ln.amount)) for ln in s.lines]


def cut(s: Settlement) -> list[tuple[str, str, str | None, str, str]]:
    """(participant, outcome, payer, reason, amount) per cut-off, in ledger order."""
    return [(c.subject, c.outcome, c.payer, c.reason, str(c.amount)) for c in s.cut_offs]
