"""The one adapter between the platform and the outcome engine (package `outcomes`).

Nothing else in the platform imports `outcomes`. This module
- turns recorded pathways (enrolments, exits, follow-ups, milestones) into the engine's outcome
  rows (the event vocabulary is documented in docs/contracts.md),
- parses contract YAML (engine errors name key and line),
- runs settle / business_case / simulate and returns plain, JSON-able results,
- adjusts a settlement against approved payments, compares plan with actual from recorded rows
  (outcomes.RecordedData), calibrates the simulation on recorded rates, exports INDIGO,
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

from django.db import models
from django.db.models import QuerySet

import outcomes
from core.calendar import half_year_key
from outcomes.report import (
    adjustments_dict,
    business_case_dict,
    calibration_dict,
    plan_vs_actual_dict,
    settlement_dict,
    simulation_dict,
)
from pathways.models import (
    EMPLOYMENT_OUTCOMES,
    AttendanceWeek,
    CitizenStatus,
    Enrolment,
    Exit,
    ExitOutcome,
    FollowUp,
    FollowUpStatus,
)
from pathways.rules import support_spells

from .models import CohortBy

ContractError = outcomes.ContractError
InputError = outcomes.InputError
MAX_SIMULATION_RUNS = 20_000
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
    return _settlement_data(outcomes.settle(contract, _outcomes_of(rows), as_of))


def settle_with_memory(contract: outcomes.Contract, rows: Sequence[Row], as_of: datetime.date,
                       paid: Sequence[outcomes.PaidLine]) -> dict[str, Any]:
    """A fresh settlement of all rows and, under "adjustments", its adjustment lines against what
    approved runs paid (extra payments and clawbacks with their reason): one engine settlement.
    Paid before + adjustments = the fresh settlement, for every line and in total."""
    result = outcomes.settle(contract, _outcomes_of(rows), as_of)
    data = _settlement_data(result)
    data["adjustments"] = adjustments_dict(outcomes.adjust(paid, result))
    return data


def _settlement_data(result: Any) -> dict[str, Any]:
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
    """Monte Carlo (engine) with the fan of the municipality's cumulative discounted net by month:
    P5/P50/P95 over the same runs as the headline percentiles, computed in the engine."""
    runs = max(1, min(int(runs), MAX_SIMULATION_RUNS))
    return simulation_dict(outcomes.simulate(contract, runs=runs, seed=seed))


# --- memory, actuals, calibration, exchange ------------------------------------------------


def paid_lines(lines: Iterable[dict[str, Any]]) -> list[outcomes.PaidLine]:
    """Approved ledger or adjustment lines (as stored: subject, cohort, outcome, payer,
    event_date, amount, rule) as the engine's PaidLine."""
    return [outcomes.PaidLine(ln["subject"], ln["cohort"], ln["outcome"], ln["payer"],
                              _as_date(ln["event_date"]), Decimal(str(ln["amount"])), ln.get("rule", "price"))
            for ln in lines]


def _as_date(value: datetime.date | str) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _outcomes_of(rows: Sequence[Row]) -> outcomes.Outcomes:
    return outcomes.Outcomes.from_records([outcomes.OutcomeRecord(r.participant_id, r.cohort, r.start_date,
                                                                  r.event or None, r.event_date, r.value)
                                           for r in rows])


def adjustments(contract: outcomes.Contract, rows: Sequence[Row], as_of: datetime.date,
                paid: Sequence[outcomes.PaidLine]) -> dict[str, Any]:
    """A fresh settlement of all rows and the adjustment lines (extra payments, clawbacks, each
    with its reason) against what approved runs paid; nothing paid is changed."""
    return adjustments_dict(outcomes.adjust(paid, outcomes.settle(contract, _outcomes_of(rows), as_of)))


def plan_vs_actual(contract: outcomes.Contract, data: outcomes.RecordedData, as_of: datetime.date) -> dict[str, Any]:
    """The business case from recorded rows beside the forecast (engine: outcomes.actuals)."""
    return plan_vs_actual_dict(outcomes.plan_vs_actual(contract, data, as_of))


def calibrated_simulation(contract: outcomes.Contract, data: outcomes.RecordedData, as_of: datetime.date,
                          runs: int, seed: int, min_trials: int = 10) -> dict[str, Any]:
    """The simulation on the contract calibrated on the recorded rates, with the calibration."""
    cal = outcomes.calibrate(contract, outcomes.observed_rates(data, contract, as_of), min_trials=min_trials)
    return {"calibration": calibration_dict(cal), "simulation": simulate(cal.contract, runs, seed)}


def indigo(contract: outcomes.Contract, rows: Sequence[Row], as_of: datetime.date, *, project_id: str,
           approved_adjustments: Sequence[outcomes.AdjustmentLine] = ()) -> dict[str, Any]:
    """Contract, outcomes and payments in the INDIGO impact-bond data shape."""
    settled = outcomes.settle(contract, _outcomes_of(rows), as_of)
    return outcomes.indigo_project(contract, settled, project_id=project_id, adjustments=approved_adjustments)


# --- recorded rows for plan against actual ---------------------------------------------------


def _phase_of_week(week_no: int, programme_phases: Sequence[tuple[str, int]], bc_phases: Sequence[str]) -> str:
    """The business-case phase a pathway week falls in: the programme phase by its weeks, taken
    to the business case's phase of the same name, else the one in the same position (the last
    one for weeks after the plan)."""
    index, end = len(programme_phases) - 1, 0
    for i, (_name, weeks) in enumerate(programme_phases):
        end += weeks
        if week_no < end:
            index = i
            break
    name = programme_phases[index][0] if programme_phases else ""
    if name in bc_phases:
        return name
    return bc_phases[min(max(index, 0), len(bc_phases) - 1)]


def recorded_data(enrolments: QuerySet[Enrolment], *, cohort_by: str, contract: outcomes.Contract,
                  as_of: datetime.date, payments: Iterable[dict[str, Any]] = ()) -> outcomes.RecordedData:
    """The engine's recorded rows of these enrolments up to `as_of` (constant queries):
    participations (cohort by the version's rule), weeks attended (hours > 0) per business-case
    phase and month, exits (into work: EMPLOYMENT_OUTCOMES), answered follow-ups, spells on public
    support from each citizen's benefit history, and approved payment lines (payer, due date,
    amount, cohort). The citizen id is the enrolment's public id."""
    spec = contract.business_case
    bc_phases = [ph.name for ph in spec.phases] if spec else []
    qs = (enrolments.filter(start_date__lte=as_of).select_related("programme", "team", "exit")
          .prefetch_related("exit__followups", "programme__phases",
                            models.Prefetch("attendance", queryset=AttendanceWeek.objects.filter(
                                attended_hours__gt=0, week__lte=as_of), to_attr="attended"),
                            models.Prefetch("citizen__statuses", queryset=CitizenStatus.objects.filter(
                                valid_from__lte=as_of).select_related("benefit"), to_attr="history"))
          .order_by("start_date", "pk"))
    people, attended, exits, follow_ups, spells = [], [], [], [], []
    for e in qs:
        cid = str(e.public_id)
        people.append(outcomes.Participation(cid, cohort_of(e, cohort_by), e.start_date))
        phases = [(ph.name, ph.weeks) for ph in e.programme.phases.all()]
        weeks: dict[tuple[str, datetime.date], int] = {}
        for a in e.attended if bc_phases else ():
            key = (_phase_of_week((a.week - e.start_date).days // 7, phases, bc_phases), a.week.replace(day=1))
            weeks[key] = weeks.get(key, 0) + 1
        attended += [outcomes.AttendedWeeks(cid, ph, month, n) for (ph, month), n in sorted(weeks.items())]
        exit_ = e.exit if _has_exit(e) and e.exit.exit_date <= as_of else None
        if exit_ is not None:
            exits.append(outcomes.ExitRecord(cid, exit_.exit_date, exit_.outcome in EMPLOYMENT_OUTCOMES))
            follow_ups += [outcomes.FollowUpRecord(cid, fu.weeks, fu.status == FollowUpStatus.WORK)
                           for fu in exit_.followups.all()
                           if fu.status in (FollowUpStatus.WORK, FollowUpStatus.EDUCATION, FollowUpStatus.NEITHER)
                           and fu.weeks in (13, 26, 52)]
        history = [(s.valid_from, s.valid_to if s.valid_to is None or s.valid_to <= as_of else None,
                    s.benefit.code if s.benefit else None) for s in e.citizen.history]
        spells += [outcomes.SupportSpell(cid, sp.start, sp.end) for sp in support_spells(history)]
    paid = [outcomes.ActualPayment(p["payer"], _as_date(p["due_date"] or p["event_date"]),
                                   Decimal(str(p["amount"])), p.get("cohort", "")) for p in payments]
    return outcomes.RecordedData.from_rows(people, attendance=attended, exits=exits, follow_ups=follow_ups,
                                           spells=spells, payments=paid)


def recorded_fingerprint(data: outcomes.RecordedData) -> str:
    """sha256 over every recorded row the plan-vs-actual run reads (ids, cohorts, columns, payments)."""
    h = hashlib.sha256()
    h.update(json.dumps([data.citizen_ids, data.cohorts, data.phases,
                         [(p.payer, p.paid_on.isoformat(), str(p.amount), p.cohort) for p in data.payments]]).encode())
    for name in ("citizen_cohort", "citizen_start", "att_citizen", "att_phase", "att_month", "att_weeks", "exit_date",
                 "exit_into_work", "follow_up", "spell_citizen", "spell_start", "spell_end", "spell_benefit"):
        value = getattr(data, name)
        h.update(name.encode() + (b"" if value is None else value.tobytes()))
    return h.hexdigest()
