"""Rendering results as readable tables (default) or JSON-able dicts (``--json``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from .actuals import PlanVsActual
from .adjustments import Adjustments
from .business_case import BusinessCase, month_start
from .calibration import Calibration
from .money import from_ore
from .settlement import Settlement
from .simulation import Simulation

__all__ = ["adjustments_dict", "business_case_dict", "business_case_table", "calibration_dict", "plan_vs_actual_dict",
           "settlement_dict", "settlement_table", "simulation_dict", "simulation_table", "table"]


def kr(x: Decimal | float) -> str:
    """Danish thousands separator: ``1.234.567,89`` for Decimal, whole kroner for floats."""
    s = f"{x:,.2f}" if isinstance(x, Decimal) else f"{x:,.0f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Plain text table; columns right-aligned when every cell is a number-like string."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [all(r[i][:1].isdigit() or r[i][:1] == "-" for r in cells) and cells != [] for i in range(len(headers))]

    def fmt(r: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if n else c.ljust(w) for c, w, n in zip(r, widths, numeric, strict=True)).rstrip()

    return "\n".join([fmt(headers), fmt(["-" * w for w in widths]), *[fmt(r) for r in cells]])


def settlement_dict(s: Settlement) -> dict[str, Any]:
    return {
        "contract": s.contract.name,
        "currency": s.contract.currency,
        "as_of": s.as_of.isoformat(),
        "fingerprint": s.fingerprint,
        "cap_sharing": s.contract.cap_sharing,
        "total": str(s.total),
        "total_due": str(s.total_due),
        "totals": {
            "by_outcome": {k: str(v) for k, v in s.by_outcome.items()},
            "by_cohort": {k: str(v) for k, v in s.by_cohort.items()},
            "by_payer": {k: str(v) for k, v in s.by_payer.items()},
            "by_period": {k: str(v) for k, v in s.by_period.items()},
            "cut_off_by_reason": {k: str(v) for k, v in s.cut_off_totals.items()},
        },
        "pending": {"rows": s.pending_rows, "amount": str(s.pending_amount)},
        "lines": [
            {"subject": ln.subject, "cohort": ln.cohort, "outcome": ln.outcome, "rule": ln.rule, "payer": ln.payer,
             "event_date": ln.event_date.isoformat(), "evidence_date": ln.evidence_date.isoformat(),
             "period": ln.period, "due_date": ln.due_date.isoformat(), "amount": str(ln.amount)}
            for ln in s.lines
        ],
        "cut_offs": [
            {"subject": c.subject, "cohort": c.cohort, "outcome": c.outcome, "payer": c.payer,
             "event_date": c.event_date.isoformat(), "evidence_date": c.evidence_date.isoformat(),
             "reason": c.reason, "amount": str(c.amount), "detail": c.detail}
            for c in s.cut_offs
        ],
        "cohort_results": [
            {"term": r.term, "kind": r.kind, "cohort": r.cohort, "participants": r.participants,
             "value": str(r.value), "reference": str(r.reference), "improvement": str(r.improvement),
             "per_participant": str(r.per_participant), "threshold": str(r.threshold),
             "threshold_met": r.threshold_met, "amount": str(r.amount), "measured_on": r.measured_on.isoformat(),
             "status": r.status, "basis": r.basis,
             "relative_improvement": None if r.relative_improvement is None else str(r.relative_improvement)}
            for r in s.cohort_results
        ],
    }


def settlement_table(s: Settlement, max_lines: int = 200) -> str:
    c = s.contract
    out = [f"{c.name}: settlement as of {s.as_of.isoformat()} ({c.currency})", f"fingerprint {s.fingerprint}", ""]
    lines = s.lines
    rows = [[ln.period, ln.due_date.isoformat(), ln.subject, ln.outcome, ln.rule, ln.payer, kr(ln.amount)]
            for ln in lines[:max_lines]]
    out.append(table(["period", "due", "participant/cohort", "outcome", "rule", "payer", "amount"], rows))
    if len(lines) > max_lines:
        out.append(f"… {len(lines) - max_lines} more lines (use --json for all)")
    cuts = s.cut_offs
    if cuts:
        out += ["", "Cut off"]
        out.append(table(["evidence", "participant/cohort", "outcome", "payer", "reason", "amount", "detail"],
                         [[x.evidence_date.isoformat(), x.subject, x.outcome, x.payer or "*", x.reason, kr(x.amount),
                           x.detail] for x in cuts[:max_lines]]))
        if len(cuts) > max_lines:
            out.append(f"… {len(cuts) - max_lines} more cut-offs")
    if s.cohort_results:
        out += ["", "Cohort results"]
        out.append(table(["term", "cohort", "n", "value", "reference", "improvement", "per participant", "relative %",
                          "met", "status"],
                         [[r.term, r.cohort, r.participants, r.value, r.reference, r.improvement, r.per_participant,
                           "–" if r.relative_improvement is None else r.relative_improvement,
                           "yes" if r.threshold_met else "no", r.status] for r in s.cohort_results]))
    for title, totals in (("outcome", s.by_outcome), ("cohort", s.by_cohort), ("payer", s.by_payer),
                          ("period", s.by_period), ("cut-off reason", s.cut_off_totals)):
        if totals:
            out += ["", f"Totals by {title}", table([title, "amount"], [[k, kr(v)] for k, v in totals.items()])]
    out += ["", f"Total paid {kr(s.total)}; due by {s.as_of.isoformat()}: {kr(s.total_due)}"]
    if s.pending_rows:
        out.append(f"Pending (evidence after as-of): {s.pending_rows} rows, {kr(s.pending_amount)} at list price")
    return "\n".join(out)


def business_case_dict(bc: BusinessCase) -> dict[str, Any]:
    return {
        "contract": bc.contract,
        "start": bc.start.isoformat(),
        "months": bc.months,
        "municipality": bc.municipality,
        "npv": {k: round(v, 2) for k, v in bc.npv.items()},
        "break_even_month": bc.break_even_month,
        "benefit_cost_ratio": None if bc.benefit_cost_ratio == float("inf") else round(bc.benefit_cost_ratio, 4),
        "verdict": bc.verdict,
        "funds_next_round": bc.funds_next_round,
        "next_round_cost": round(bc.next_round_cost, 2),
        "investment_total": round(bc.investment_total, 2),
        "payments_total": round(bc.payments_total, 2),
        "inputs": bc.inputs,
        "monthly": [
            {"month": m, "date": month_start(bc.start, m).isoformat(),
             "employed_net": round(float(bc.employed_net[m]), 4),
             **{f"{stream}:{party}": round(float(v[m]), 2) for stream, per in bc.flows.items()
                for party, v in per.items() if float(abs(v).sum()) > 0},
             "municipality_cumulative_discounted": round(float(bc.cumulative_discounted(bc.municipality)[m]), 2)}
            for m in range(bc.months)
        ],
    }


def business_case_table(bc: BusinessCase, every: int = 3) -> str:
    mun = bc.municipality
    cum = bc.cumulative_discounted(mun)
    inv = bc.flows["investment"]
    pay = bc.flows["outcome_payments"]
    sav = bc.flows["benefit_savings"]
    rows = []
    for m in range(bc.months):
        if m % every and m != bc.months - 1:
            continue
        rows.append([month_start(bc.start, m).isoformat()[:7], f"{bc.employed_net[m]:.2f}",
                     kr(float(sum(-v[m] for v in inv.values()))), kr(float(-pay[mun][m])), kr(float(sav[mun][m])),
                     kr(float(sum(v[m] for v in sav.values()) - sav[mun][m])), kr(float(bc.net(mun)[m])), kr(float(cum[m]))])
    out = [f"{bc.contract}: business case, {bc.months} months from {bc.start.isoformat()} (every {every}. month shown)", ""]
    out.append(table(["month", "in work (net)", "investment", f"payments {mun}", f"savings {mun}", "savings other",
                      f"net {mun}", "cum. disc. net"], rows))
    out += ["", table(["party", "NPV"], [[p, kr(v)] for p, v in bc.npv.items()]), ""]
    bcr = "∞" if bc.benefit_cost_ratio == float("inf") else f"{bc.benefit_cost_ratio:.2f}"
    be = "never" if bc.break_even_month is None else f"month {bc.break_even_month} ({month_start(bc.start, bc.break_even_month).isoformat()[:7]})"
    out += [f"Verdict for {mun}: {bc.verdict} (NPV {kr(bc.npv[mun])}); break-even {be}; benefit/cost {bcr}",
            f"Funds the next round ({kr(bc.next_round_cost)}): {'yes' if bc.funds_next_round else 'no'}"]
    return "\n".join(out)


def simulation_dict(sim: Simulation) -> dict[str, Any]:
    return {
        "runs": sim.runs, "seed": sim.seed, "participants": sim.participants,
        "npv": {k: round(v, 2) for k, v in sim.percentiles["npv"].items()},
        "payments": {k: round(v, 2) for k, v in sim.percentiles["payments"].items()},
        "npv_mean": round(float(sim.npv.mean()), 2),
        "probability_of_gain": round(sim.probability_of_gain, 4),
        "base_npv": round(sim.base_npv, 2),
        "tornado": [{"input": b.input, "p10": b.low, "p90": b.high, "npv_at_p10": round(b.npv_low, 2),
                     "npv_at_p90": round(b.npv_high, 2), "swing": round(b.swing, 2)} for b in sim.tornado],
        "fan": {"months": sim.month_labels(),
                **{name: [round(float(x), 2) for x in band] for name, band in sim.fan().items()}},
    }


def simulation_table(sim: Simulation) -> str:
    p = sim.percentiles
    out = [f"{sim.runs} runs, seed {sim.seed}, {sim.participants} participants", ""]
    out.append(table(["", "P5", "P50", "P95"], [
        ["municipality NPV", kr(p["npv"]["P5"]), kr(p["npv"]["P50"]), kr(p["npv"]["P95"])],
        ["outcome payments", kr(p["payments"]["P5"]), kr(p["payments"]["P50"]), kr(p["payments"]["P95"])]]))
    out += ["", f"Probability of a gain for the municipality: {sim.probability_of_gain:.1%}", ""]
    if sim.tornado:
        out.append(f"Sensitivity (NPV at P10 / P90 of each input, others at median; base {kr(sim.base_npv)})")
        out.append(table(["input", "P10", "P90", "NPV at P10", "NPV at P90", "swing"],
                         [[b.input, f"{b.low:g}", f"{b.high:g}", kr(b.npv_low), kr(b.npv_high), kr(b.swing)]
                          for b in sim.tornado]))
    return "\n".join(out)


def adjustments_dict(a: Adjustments) -> dict[str, Any]:
    return {
        "as_of": a.settlement.as_of.isoformat(),
        "paid_before": str(a.paid_before), "due_now": str(a.settlement.total),
        "extra": str(a.extra), "clawback": str(a.clawback), "total": str(a.total),
        "by_payer": {k: str(v) for k, v in a.by_payer.items()},
        "by_reason": {k: str(v) for k, v in a.by_reason.items()},
        "lines": [{"subject": ln.subject, "cohort": ln.cohort, "outcome": ln.outcome, "rule": ln.rule,
                   "payer": ln.payer, "event_date": ln.event_date.isoformat(), "due_date": ln.due_date.isoformat(),
                   "paid_before": str(ln.paid_before), "due_now": str(ln.due_now), "amount": str(ln.amount),
                   "kind": ln.kind, "reason": ln.reason, "detail": ln.detail} for ln in a.lines],
    }


def _ore_list(x: npt.NDArray[np.int64]) -> list[str]:
    return [str(from_ore(v)) for v in x.tolist()]


def plan_vs_actual_dict(p: PlanVsActual) -> dict[str, Any]:
    """Monthly actual and forecast per stream and party (kroner as strings), cumulative nets,
    cohorts and the verdict."""
    def flows(which: dict[str, dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
        return {stream: {party: _ore_list(v) for party, v in per.items() if v.any()} for stream, per in which.items()}

    mun = p.municipality
    return {
        "contract": p.contract, "start": p.start.isoformat(), "as_of": p.as_of.isoformat(), "months": p.month_labels,
        "actual_months": p.actual_months, "municipality": mun, "parties": list(p.parties),
        "actual": flows(p.actual), "forecast": flows(p.forecast),
        "cumulative": {party: {"actual": _ore_list(p.cumulative(party)), "forecast": _ore_list(p.cumulative(party, "forecast"))}
                       for party in p.parties},
        "to_date": {party: {"actual": str(p.to_date(party)), "forecast": str(p.to_date(party, "forecast"))}
                    for party in p.parties},
        "verdict": p.verdict, "gain": str(p.gain), "funds_next_round": p.funds_next_round,
        "next_round_cost": str(p.next_round_cost), "other_costs_planned": p.other_costs_planned,
        "cohorts": [
            {"cohort": c.cohort, "participants": c.participants, "forecast_participants": c.forecast_participants,
             "programme_cost": str(c.programme_cost), "forecast_programme_cost": str(c.forecast_programme_cost),
             "savings": {k: str(v) for k, v in c.savings.items()},
             "forecast_savings": {k: str(v) for k, v in c.forecast_savings.items()},
             "weeks_off_support": c.weeks_off_support, "exits": c.exits, "into_work": c.into_work,
             "employment": {"in_work": c.employment[0], "observed": c.employment[1]},
             "in_work_after": {str(w): {"in_work": a, "answered": b} for w, (a, b) in c.in_work_after.items()}}
            for c in p.cohorts
        ],
    }


def calibration_dict(cal: Calibration) -> dict[str, Any]:
    return {"inputs": [
        {"input": x.input, "successes": x.successes, "trials": x.trials, "used": x.used, "note": x.note,
         "prior": {"kind": x.prior.kind, **dict(x.prior.params)}, "posterior": {"kind": x.posterior.kind,
                                                                                **dict(x.posterior.params)},
         "prior_mean": round(x.prior_mean, 6), "posterior_mean": round(x.posterior_mean, 6),
         "prior_p5_p95": [round(v, 6) for v in x.prior_interval],
         "posterior_p5_p95": [round(v, 6) for v in x.posterior_interval]}
        for x in cal.inputs]}
