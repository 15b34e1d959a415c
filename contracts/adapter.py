"""The one adapter between the platform and the outcome engine (package `outcomes`).

Nothing else in the platform imports `outcomes`. This module
- turns recorded pathways (enrolments, exits, follow-ups, milestones) into the engine's outcome
  rows (the event vocabulary is documented in docs/contracts.md),
- parses contract YAML (engine errors name key and line),
- runs settle / business_case / simulate and returns plain, JSON-able results,
- computes the input fingerprint of a run.

The participant id is the enrolment's public id, never the CPR number or a name.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import QuerySet

import outcomes
from core.calendar import half_year_key
from outcomes.report import business_case_dict, settlement_dict, simulation_dict
from outcomes.simulation import sample
from pathways.models import (
    EMPLOYMENT_OUTCOMES,
    Enrolment,
    Exit,
    ExitOutcome,
    FollowUp,
    FollowUpStatus,
)

from .models import CohortBy

ContractError = outcomes.ContractError
InputError = outcomes.InputError
MAX_SIMULATION_RUNS = 20_000
FAN_DRAWS = 200  # business cases drawn from the input distributions for the fan chart
SCENARIO_INPUTS = ("employment_rate", "deadweight", "drop_off", "benefit_per_month", "cost_factor")

# --- the event vocabulary -----------------------------------------------------------------
ENROLLED = "enrolled"
JOB_START = "job_start"
ORDINARY_JOB_START = "ordinary_job_start"
EDUCATION_START = "education_start"
FOLLOW_UP_EVENTS = {
    FollowUpStatus.WORK: "in_work_{w}w",
    FollowUpStatus.EDUCATION: "in_education_{w}w",
}


def exit_event(outcome: str) -> str:
    return f"exit_{outcome}"


def milestone_event(kind: str) -> str:
    return f"milestone_{kind}"


def vocabulary() -> list[str]:
    """Every event the adapter can produce (for the docs and the contract form's help)."""
    events = [ENROLLED, JOB_START, ORDINARY_JOB_START, EDUCATION_START]
    events += [exit_event(o) for o in ExitOutcome.values]
    for w in (13, 26, 52):
        events += [f"in_work_{w}w", f"in_education_{w}w", f"in_work_or_education_{w}w"]
    events += [milestone_event(k) for k in ("hygiene", "course_certificate", "certificate", "other")]
    return events


@dataclass(frozen=True)
class Row:
    """One outcome row as the engine reads it (and as a CSV line would hold it)."""

    participant_id: str
    cohort: str
    start_date: datetime.date
    event: str = ""
    event_date: datetime.date | None = None
    value: Decimal | None = None

    def as_list(self) -> list[str]:
        return [self.participant_id, self.cohort, self.start_date.isoformat(), self.event,
                self.event_date.isoformat() if self.event_date else "",
                "" if self.value is None else str(self.value)]


def cohort_of(enrolment: Enrolment, cohort_by: str) -> str:
    start = enrolment.start_date
    if cohort_by == CohortBy.PROGRAMME_YEAR:
        return f"{enrolment.programme.name} {start.year}"
    if cohort_by == CohortBy.HALF_YEAR:
        return half_year_key(start)
    return f"{enrolment.team.name} ({enrolment.team.start_date:%d-%m-%Y})"


def _exit_events(exit_: Exit) -> list[tuple[str, datetime.date, Decimal | None]]:
    hours = exit_.hours_per_week
    out = [(exit_event(exit_.outcome), exit_.exit_date, hours)]
    if exit_.outcome in EMPLOYMENT_OUTCOMES:
        out.append((JOB_START, exit_.exit_date, hours))
    if exit_.outcome == ExitOutcome.ORDINARY_EMPLOYMENT:
        out.append((ORDINARY_JOB_START, exit_.exit_date, hours))
    if exit_.outcome == ExitOutcome.ORDINARY_EDUCATION:
        out.append((EDUCATION_START, exit_.exit_date, None))
    return out


def _follow_up_events(fu: FollowUp, exit_date: datetime.date) -> list[tuple[str, datetime.date, Decimal | None]]:
    """A follow-up is evidence about the day `weeks` weeks after the exit, whenever recorded."""
    on = exit_date + datetime.timedelta(weeks=fu.weeks)
    if fu.status not in FOLLOW_UP_EVENTS:
        return []
    return [(FOLLOW_UP_EVENTS[fu.status].format(w=fu.weeks), on, fu.hours_per_week),
            (f"in_work_or_education_{fu.weeks}w", on, fu.hours_per_week)]


def outcome_rows(enrolments: QuerySet[Enrolment], *, cohort_by: str, known_events: Iterable[str],
                 as_of: datetime.date) -> list[Row]:
    """The engine rows of these enrolments (constant queries: 3 prefetches + 1).

    One enrolment-only row per enrolment (so everyone counts in a cohort's denominator), then
    one row per event the contract knows; events it does not name are not input. Enrolments
    starting after `as_of` are left out; later events are left to the engine (pending).
    """
    known = set(known_events)
    qs = (enrolments.filter(start_date__lte=as_of)
          .select_related("programme", "team", "exit")
          .prefetch_related("exit__followups", "milestones"))
    rows: list[Row] = []
    for e in qs:
        pid, cohort = str(e.public_id), cohort_of(e, cohort_by)
        events: list[tuple[str, datetime.date, Decimal | None]] = [(ENROLLED, e.start_date, None)]
        exit_ = getattr(e, "exit", None) if _has_exit(e) else None
        if exit_ is not None:
            events += _exit_events(exit_)
            for fu in exit_.followups.all():
                events += _follow_up_events(fu, exit_.exit_date)
        events += [(milestone_event(m.kind), m.achieved_on, None) for m in e.milestones.all()]
        rows.append(Row(pid, cohort, e.start_date))
        rows += [Row(pid, cohort, e.start_date, ev, on, _norm(v)) for ev, on, v in events if ev in known]
    rows.sort(key=Row.as_list)
    return rows


def _has_exit(e: Enrolment) -> bool:
    try:
        e.exit  # noqa: B018 - select_related: no query
    except Exit.DoesNotExist:
        return False
    return True


def _norm(v: Decimal | None) -> Decimal | None:
    return None if v is None else v.normalize() if v != v.to_integral() else v.quantize(Decimal(1))


# --- contracts ------------------------------------------------------------------------------


def parse(yaml_text: str) -> outcomes.Contract:
    """Raises ContractError whose issues name key and line."""
    return outcomes.load_contract(yaml_text if "\n" in yaml_text else yaml_text + "\n")


def issues_of(error: InputError) -> list[dict[str, Any]]:
    return [{"message": i.message, "key": i.key, "line": i.line, "row": i.row, "column": i.column}
            for i in error.issues]


def text_fingerprint(yaml_text: str) -> str:
    return hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()


def input_fingerprint(*, yaml_text: str, cohort_by: str, rows: Sequence[Row], kind: str,
                      as_of: datetime.date, params: dict[str, Any]) -> str:
    """sha256 of everything a run depends on: contract text, cohort rule, the outcome rows
    (sorted, so independent of query order), the kind, as-of date and parameters."""
    h = hashlib.sha256()
    h.update(json.dumps({"contract": yaml_text, "cohort_by": cohort_by, "kind": kind,
                         "as_of": as_of.isoformat(), "params": params}, sort_keys=True).encode())
    for r in sorted(rows, key=Row.as_list):
        h.update(("\x1f".join(r.as_list()) + "\x1e").encode())
    return h.hexdigest()


# --- runs -----------------------------------------------------------------------------------


def settle(contract: outcomes.Contract, rows: Sequence[Row], as_of: datetime.date) -> dict[str, Any]:
    """The engine's settlement as a JSON-able dict (report.settlement_dict)."""
    records = [outcomes.OutcomeRecord(r.participant_id, r.cohort, r.start_date, r.event or None,
                                      r.event_date, r.value) for r in rows]
    result = outcomes.settle(contract, outcomes.Outcomes.from_records(records), as_of)
    data = settlement_dict(result)
    data["participants"] = result.outcomes.n_participants
    data["cohort_participants"] = {c: int((result.outcomes.participant_cohort == i).sum())
                                   for i, c in enumerate(result.outcomes.cohorts)}
    return data


def business_case(contract: outcomes.Contract, overrides: dict[str, float] | None = None) -> dict[str, Any]:
    bc = outcomes.business_case(contract, overrides or None)
    data = business_case_dict(bc)
    mun = bc.municipality
    net = bc.net(mun)
    data["chart"] = {
        "investment": [float(-sum(v[m] for v in bc.flows["investment"].values())) for m in range(bc.months)],
        "municipality_net": [round(float(x), 2) for x in net],
        "cumulative_discounted": [round(float(x), 2) for x in bc.cumulative_discounted(mun)],
        "months": [outcomes_month(bc.start, m) for m in range(bc.months)],
    }
    return data


def outcomes_month(start: datetime.date, m: int) -> str:
    y, mo = divmod(start.month - 1 + m, 12)
    return f"{start.year + y}-{mo + 1:02d}"


def simulate(contract: outcomes.Contract, runs: int, seed: int) -> dict[str, Any]:
    """Monte Carlo (engine) plus a fan of the municipality's cumulative discounted net by month.

    The engine reports NPV per run, not monthly paths; the fan is drawn here from FAN_DRAWS
    business cases with the uncertain inputs sampled from the contract's distributions
    (parameter uncertainty; participant-level chance is in the engine's P5/P50/P95)."""
    runs = max(1, min(int(runs), MAX_SIMULATION_RUNS))
    sim = outcomes.simulate(contract, runs=runs, seed=seed)
    data = simulation_dict(sim)
    rng = np.random.default_rng(seed)
    unc = dict(contract.uncertainty)
    draws = {name: sample(d, rng, FAN_DRAWS, name) for name, d in unc.items()}
    paths = np.array([outcomes.business_case(contract, {k: float(v[i]) for k, v in draws.items()})
                      .cumulative_discounted(contract.business_case.municipality)  # type: ignore[union-attr]
                      for i in range(FAN_DRAWS)])
    bc = outcomes.business_case(contract)
    data["fan"] = {
        "months": [outcomes_month(bc.start, m) for m in range(bc.months)],
        **{f"P{p}": [round(float(x), 2) for x in np.percentile(paths, p, axis=0)] for p in (5, 50, 95)},
    }
    return data
