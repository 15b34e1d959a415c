"""Export of a contract, its outcomes and its payments in the shape of the INDIGO impact-bond
data standard (Government Outcomes Lab, project data model 3.x).

INDIGO wraps every value as ``{"value": …}`` and describes a project with lists of outcome
metrics, pricings, payment commitments, results and outcome payments that refer to each other
by ``outcome_metric_id`` and to organisations by id. The field mapping is documented in
``docs/algorithms/indigo-export.md``. Money leaves as JSON numbers with two decimals (from
exact øre); dates as ``YYYY-MM-DD``; organisations get ids ``<project id>-<party id>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from .adjustments import AdjustmentLine
from .contract import CohortTerm, Contract, OutcomeDefinition
from .schedule import due_date, period_bounds, periods
from .settlement import Settlement

__all__ = ["ROLE_CATEGORY", "indigo_project"]

ROLE_CATEGORY = {
    "municipality": "Government/Public Sector/Public Bank",
    "state": "Government/Public Sector/Public Bank",
    "fund": "Foundation/Philanthropist",
    "investor": "Investment Fund",
    "other": "Other",
}
ORGANISATION_TYPE = {
    "municipality": "Government body",
    "state": "Government body",
    "fund": "Registered non-profit organisation, charity or foundation",
    "investor": "Registered company, partnership or commercial association",
    "other": "Registered company, partnership or commercial association",
}


def _v(value: Any) -> dict[str, Any]:
    return {"value": value}


def _money(currency: str, amount: Decimal) -> dict[str, Any]:
    return {"currency": _v(currency), "amount": _v(float(amount))}


def _validation_method(item: OutcomeDefinition | CohortTerm) -> str:
    if isinstance(item, OutcomeDefinition):
        return "Simple ex-post verification"
    return "Quasi-experimental study" if item.comparison_group else "Historical comparison"


def _definition(item: OutcomeDefinition | CohortTerm, window: int) -> str:
    if isinstance(item, OutcomeDefinition):
        rules = [f"paid per recorded '{item.event}' event within {window} days of the participant's start"]
        if item.requires:
            rules.append("requires " + ", ".join(item.requires) + " on or before")
        if item.exclusive_group:
            rules.append(f"only the highest of group '{item.exclusive_group}' (as top-ups)")
        if item.max_per_participant > 1:
            rules.append(f"at most {item.max_per_participant} per participant")
    else:
        against = f"the comparison group '{item.comparison_group}'" if item.comparison_group else \
            f"a baseline of {item.baseline}"
        what = "share of participants with" if item.kind == "rate" else f"{item.measure} of"
        rules = [f"{what} '{item.event}' per cohort against {against}, paid per unit of improvement"]
    return "; ".join(([item.description] if item.description else []) + rules)


def _target(item: CohortTerm) -> str:
    def one(level: Decimal, basis: str, scope: str) -> str:
        unit = "%" if basis == "relative" else ("percentage points" if item.kind == "rate" else "per participant")
        kind = "relative improvement" if basis == "relative" else "improvement"
        return f"{scope}: {kind} of at least {level} {unit}"

    return "; ".join([one(item.threshold, item.threshold_basis, "each cohort (early payment)"),
                      one(item.pooled_threshold, item.pooled_threshold_basis, "all cohorts (final payment)")])


def _pricing(contract: Contract, item: OutcomeDefinition | CohortTerm) -> dict[str, Any]:
    out: dict[str, Any] = {"outcome_metric_id": _v(item.id), "currency": _v(contract.currency),
                           "price_per_unit": {"amount": _v(float(item.price))}}
    if item.cap is not None:
        out["maximum_price_if_all_targets_achieved"] = {"amount": _v(f"{item.cap:.2f}")}
    notes = []
    if isinstance(item, OutcomeDefinition) and item.cap_per_participant is not None:
        notes.append(f"at most {item.cap_per_participant:.2f} per participant")
    if isinstance(item, CohortTerm):
        notes.append("per participant-equivalent" if item.kind == "rate" else "per unit avoided")
    if notes:
        out["price_description"] = _v("; ".join(notes))
    return out


def indigo_project(contract: Contract, settlement: Settlement | None = None, *, project_id: str,
                   adjustments: Iterable[AdjustmentLine] = (), status: str = "PRIVATE") -> dict[str, Any]:
    """``{"project": …, "organisations": […]}`` in the INDIGO shape. With a settlement, its
    results and payments (by outcome, payer and payment period; ``Actual`` once fallen due by
    the settlement date, else ``Planned``) and any approved adjustment lines are included."""
    org = {p.id: f"{project_id}-{p.id}" for p in contract.payers}
    org[contract.recipient.id] = f"{project_id}-{contract.recipient.id}"
    items: list[OutcomeDefinition | CohortTerm] = [*contract.outcomes, *contract.cohort_terms]
    last_due = due_date(contract.period_end + timedelta(days=contract.window_days + contract.schedule.verification_lag_days),
                        contract.schedule)
    project: dict[str, Any] = {
        "id": project_id,
        "status": status,
        "name": _v(contract.name),
        "dates": {
            "start_date_of_service_provision": _v(contract.period_start.isoformat()),
            "anticipated_end_date_of_service_provision": _v(contract.period_end.isoformat()),
            "anticipated_completion_date": _v(last_due.isoformat()),
        },
        "jurisdiction": {"jurisdiction": _v("DK")},
        "purpose_and_classifications": {"policy_sector": _v("Employment and training"),
                                        "intervention": _v(contract.description or contract.name)},
        "outcome_metrics": [
            {"id": it.id, "definition": _v(_definition(it, contract.window_days)),
             "outcome_validation_method": _v(_validation_method(it)),
             **({"outcome_metric_target": _v(_target(it))} if isinstance(it, CohortTerm) else {})}
            for it in items
        ],
        "outcome_pricings": [_pricing(contract, it) for it in items],
        "service_provisions": [{"id": "1", "organisation_id": _v(org[contract.recipient.id]),
                                "intervention": _v(contract.description or contract.name),
                                "planned_service": {"start_date": _v(contract.period_start.isoformat()),
                                                    "end_date": _v(contract.period_end.isoformat())}}],
    }
    finance: dict[str, Any] = {}
    if contract.total_cap is not None:
        finance["maximum_potential_outcome_payment_v2"] = _money(contract.currency, contract.total_cap)
    paid_by_payer: dict[str, Decimal] = defaultdict(Decimal)
    if settlement is not None:
        payments = _payments(contract, settlement, list(adjustments), org)
        for p in payments:
            if p["type"]["value"] == "Actual":
                paid_by_payer[p["payer_organisation_id"]["value"]] += Decimal(str(p["money"]["amount"]["value"]))
        project["outcome_payments"] = payments
        project["results"] = _results(contract, settlement)
        programme = int((settlement.outcomes.participant_group == 0).sum())
        project["service_and_beneficiaries"] = {
            "actual_number_service_users_or_beneficiaries_total": _v(programme),
            "unit_type_actual_service_users_or_beneficiaries": {"value": "Individual"}}
        finance["total_outcome_payments_made"] = _money(contract.currency, sum(paid_by_payer.values(), Decimal(0)))
    project["overall_project_finance"] = finance
    project["outcome_payment_commitments"] = [
        {"organisation_id": _v(org[p.id]), "organisation_role_category": _v(ROLE_CATEGORY.get(p.role, "Other")),
         **({"maximum_potential_outcome_payment": _money(contract.currency, p.cap)} if p.cap is not None else {}),
         **({"total_outcome_payments": _money(contract.currency, paid_by_payer[org[p.id]])} if settlement else {})}
        for p in contract.payers
    ]
    organisations = [{"id": org[p.id], "name": _v(p.name), "type": _v(ORGANISATION_TYPE.get(p.role, "Other")),
                      "jurisdiction": _v("DK")} for p in contract.payers]
    organisations.append({"id": org[contract.recipient.id], "name": _v(contract.recipient.name),
                          "type": _v(ORGANISATION_TYPE["other"]), "jurisdiction": _v("DK")})
    return {"project": project, "organisations": organisations}


def _payments(contract: Contract, s: Settlement, adjustments: list[AdjustmentLine],
              org: dict[str, str]) -> list[dict[str, Any]]:
    """Ledger and adjustment lines summed by (outcome, payer, period, Actual/Planned)."""
    sums: dict[tuple[str, str, int, str], Decimal] = defaultdict(Decimal)

    def period_of(d: date) -> int:
        return int(periods(np.array([d.toordinal()], dtype=np.int64), contract.schedule)[0][0])

    for ln in s.lines:
        kind = "Actual" if ln.due_date <= s.as_of else "Planned"
        sums[(ln.outcome, ln.payer, period_of(ln.evidence_date), kind)] += ln.amount
    for adj in adjustments:
        sums[(adj.outcome, adj.payer, period_of(adj.due_date), "Actual" if adj.due_date <= s.as_of else "Planned")] += \
            adj.amount
    out = []
    for (outcome, payer, period, kind), amount in sorted(sums.items()):
        first, last = period_bounds(period, contract.schedule)
        out.append({"outcome_metric_id": _v(outcome),
                    "period": {"start_date": _v(first.isoformat()), "end_date": _v(last.isoformat())},
                    "payer_organisation_id": _v(org[payer]),
                    "recipient_organisation_id": _v(org[contract.recipient.id]),
                    "type": _v(kind), "money": _money(contract.currency, amount)})
    return out


def _results(contract: Contract, s: Settlement) -> list[dict[str, Any]]:
    """Per rate-card outcome: participants paid for it; per cohort-term measurement: the
    cohort's (Interim) or pooled (Final) improvement."""
    out: list[dict[str, Any]] = []
    engaged = int((s.outcomes.participant_group == 0).sum())
    achieved: dict[str, set[str]] = defaultdict(set)
    for ln in s.lines:
        if ln.rule in ("price", "exclusive_top_up"):
            achieved[ln.outcome].add(ln.subject)
    for o in contract.outcomes:
        out.append({"outcome_metric_id": _v(o.id), "result_level": _v("Outcome level"), "result_type": _v("Interim"),
                    "period": {"start_date": _v(contract.period_start.isoformat()),
                               "end_date": _v(s.as_of.isoformat())},
                    "number_engaged_in_impact_bond": _v(engaged),
                    "number_with_positive_social_outcomes": _v(len(achieved[o.id]))})
    for r in s.cohort_results:
        if r.status != "measured":
            continue
        rel = "" if r.relative_improvement is None else f", relative {r.relative_improvement} %"
        out.append({"outcome_metric_id": _v(r.term), "result_level": _v("Outcome level"),
                    "result_type": _v("Final" if r.cohort == "(pooled)" else "Interim"),
                    "period": {"end_date": _v(r.measured_on.isoformat())},
                    "number_engaged_in_impact_bond": _v(r.participants),
                    "outcomes_achieved": _v(f"{r.cohort}: {r.value} against {r.reference}; improvement "
                                            f"{r.improvement}{rel}; threshold {'met' if r.threshold_met else 'not met'}")})
    return out
