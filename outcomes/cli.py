"""``brobyg-outcomes``: validate, settle, simulate and make the business case from files.

Exit codes: 0 success, 2 invalid input (every problem on stderr, nothing computed).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from . import report
from .business_case import business_case
from .contract import Contract
from .indigo import indigo_project
from .loading import load_contract
from .outcomes_file import Outcomes, read_outcomes
from .settlement import settle
from .simulation import simulate
from .validation import InputError

__all__ = ["CommandLineError", "existing_file", "main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="brobyg-outcomes", description="Outcome contracts: payment by results.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("contract", help="contract file (YAML)")
        sp.add_argument("--json", action="store_true", help="machine-readable output")

    v = sub.add_parser("validate", help="check a contract (and optionally an outcomes file)")
    common(v)
    v.add_argument("outcomes", nargs="?", help="outcomes file (CSV)")
    s = sub.add_parser("settle", help="settle recorded outcomes into a payment ledger")
    common(s)
    s.add_argument("outcomes", help="outcomes file (CSV)")
    s.add_argument("--as-of", required=True, type=_date, help="settlement date YYYY-MM-DD")
    s.add_argument("--max-lines", type=int, default=200, help="lines shown in the table (default 200)")
    b = sub.add_parser("business-case", help="expected cash flows, NPV, break-even and verdict")
    common(b)
    b.add_argument("--every", type=int, default=3, help="show every N-th month (default 3)")
    b.add_argument("--next-round-cost", type=float, help="cost of the next round (default: this round's investment)")
    x = sub.add_parser("indigo", help="contract, outcomes and payments in the INDIGO impact-bond data shape (JSON)")
    x.add_argument("contract", help="contract file (YAML)")
    x.add_argument("outcomes", nargs="?", help="outcomes file (CSV): adds results and payments")
    x.add_argument("--as-of", type=_date, help="settlement date YYYY-MM-DD (with an outcomes file)")
    x.add_argument("--project-id", default="INDIGO-POJ-0000", help="the project's INDIGO id")
    m = sub.add_parser("simulate", help="Monte Carlo simulation with sensitivity (tornado)")
    common(m)
    m.add_argument("--runs", type=int, default=1000)
    m.add_argument("--seed", type=int, default=0)
    m.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    return p


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a valid date: {text!r} (use YYYY-MM-DD)") from None


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text + "\n")


class CommandLineError(Exception):
    """A command line that cannot be run: a path that is not an existing file, a missing option."""


def existing_file(path: str, what: str) -> Path:
    """The path as a :class:`Path` (so it is never read as the file's contents), or
    :class:`CommandLineError` saying which file is missing."""
    p = Path(path)
    if not p.exists():
        raise CommandLineError(f"{what} file {path!r} does not exist")
    if not p.is_file():
        raise CommandLineError(f"{what} file {path!r} is not a file")
    return p


def _load(args: argparse.Namespace, outcomes_path: str | None) -> tuple[Contract, Outcomes | None]:
    contract_path = existing_file(args.contract, "contract")
    data_path = existing_file(outcomes_path, "outcomes") if outcomes_path else None
    contract = load_contract(contract_path)
    outcomes = read_outcomes(data_path, contract.known_events) if data_path else None
    return contract, outcomes


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            contract, outcomes = _load(args, args.outcomes)
            if outcomes is not None:
                from .cohort import check_cohort_terms
                from .validation import OutcomesError

                problems = check_cohort_terms(contract, outcomes)
                if problems:
                    raise OutcomesError(problems)
            data = {"valid": True, "contract": contract.name,
                    "outcomes_rows": outcomes.n_rows if outcomes else None,
                    "participants": outcomes.n_participants if outcomes else None}
            text = f"{args.contract}: valid contract {contract.name!r}"
            if outcomes is not None:
                text += f"\n{args.outcomes}: {outcomes.n_rows} event rows, {outcomes.n_participants} participants"
            _emit(args, data, text)
        elif args.command == "settle":
            contract, outcomes = _load(args, args.outcomes)
            assert outcomes is not None
            result = settle(contract, outcomes, args.as_of)
            _emit(args, report.settlement_dict(result) if args.json else {},
                  "" if args.json else report.settlement_table(result, args.max_lines))
        elif args.command == "indigo":
            contract, outcomes = _load(args, args.outcomes)
            if outcomes is not None and args.as_of is None:
                raise CommandLineError("an outcomes file needs --as-of")
            settled = settle(contract, outcomes, args.as_of) if outcomes is not None else None
            json.dump(indigo_project(contract, settled, project_id=args.project_id), sys.stdout, ensure_ascii=False,
                      indent=2)
            sys.stdout.write("\n")
        elif args.command == "business-case":
            contract, _ = _load(args, None)
            bc = business_case(contract, next_round_cost=args.next_round_cost)
            _emit(args, report.business_case_dict(bc) if args.json else {},
                  "" if args.json else report.business_case_table(bc, args.every))
        else:
            contract, _ = _load(args, None)
            tqdm: Any = importlib.import_module("tqdm").tqdm  # ships no type hints
            bar = tqdm(total=args.runs, unit="run", file=sys.stderr, disable=args.no_progress, leave=False)

            def progress(done: int, total: int) -> None:
                bar.update(done - bar.n)

            try:
                sim = simulate(contract, runs=args.runs, seed=args.seed, progress=progress)
            finally:
                bar.close()
            _emit(args, report.simulation_dict(sim), report.simulation_table(sim))
    except CommandLineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"{exc.kind} error ({len(exc.issues)} problem{'s' if len(exc.issues) != 1 else ''}):", file=sys.stderr)
        for issue in exc.issues:
            print(f"  {issue}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
