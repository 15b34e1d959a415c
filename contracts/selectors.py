"""Reads, always scoped through contracts.access: another municipality's contract or run is 404.

Participants appear in ledgers by their enrolment's public id; the citizen's name is looked up
(one query per page) only for users who may see it (contracts.access.can_see_names)."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from accounts.access import Access
from pathways.models import Enrolment

from . import adapter, labels
from .access import can_see_names, contracts_visible_to, runs_visible_to
from .models import EntryKind, LedgerEntry, OutcomeContract, RunKind, SettlementRun

LINES_PER_PAGE = 50
DRILL_KEYS = ("outcome", "cohort", "payer", "period", "rule")
FILTER_NAMES = {"outcome": _("Resultat"), "cohort": _("Kohorte"), "payer": _("Betaler"), "period": _("Periode"),
                "rule": _("Regel/årsag")}


def contract_list(access: Access) -> QuerySet[OutcomeContract]:
    return (contracts_visible_to(access)
            .select_related("municipality", "partnership", "agreement")
            .annotate(n_versions=Count("versions", distinct=True), n_runs=Count("runs", distinct=True),
                      last_run=Max("runs__run_at"))
            .order_by("municipality__name", "name"))


def runs_of(contract: OutcomeContract) -> QuerySet[SettlementRun]:
    return contract.runs.select_related("version", "run_by").defer("result").order_by("-run_at", "-pk")


def pseudonym(subject: str) -> str:
    return subject[:8]


@dataclass
class Ledger:
    run: SettlementRun
    totals: dict[str, list[dict]]  # dimension -> [{key, total, n}]
    cut_totals: list[dict]
    filters: dict[str, str]
    kind: str
    page: object
    names: dict[str, str]
    filter_labels: list[tuple[str, str]]


def _totals(qs, field: str) -> list[dict]:
    return list(qs.values(key=F(field)).annotate(total=Sum("amount"), n=Count("id")).order_by("key"))


def ledger(access: Access, run: SettlementRun, params) -> Ledger:
    """Totals per outcome, cohort, payer and period (SQL aggregates), cut-offs per reason, and
    one page of lines filtered by the drill-down parameters."""
    entries = LedgerEntry.objects.filter(run=run)
    paid = entries.filter(kind=EntryKind.PAID)
    totals = {dim: _totals(paid, dim) for dim in ("outcome", "cohort", "payer", "period")}
    cut_totals = _totals(entries.filter(kind=EntryKind.CUT), "rule")
    kind = params.get("kind") if params.get("kind") in (EntryKind.CUT, EntryKind.ADJUSTMENT) else EntryKind.PAID
    filters = {k: params[k] for k in DRILL_KEYS if params.get(k)}
    lines = entries.filter(kind=kind, **filters).order_by("position")
    page = Paginator(lines, LINES_PER_PAGE).get_page(params.get("page"))
    names = {}
    if can_see_names(access, run):
        subjects = [e.subject for e in page.object_list if not e.is_cohort]
        names = {str(pid): name for pid, name in Enrolment.objects.filter(public_id__in=subjects)
                 .values_list("public_id", "citizen__name")}
    names_of = run_labels(run)
    for e in page.object_list:
        e.shown = e.subject if e.is_cohort else names.get(e.subject) or pseudonym(e.subject)
        _label(e, names_of)
    for dim, rows in totals.items():
        for t in rows:
            t["label"] = _dimension_label(dim, t["key"], names_of)
    for t in cut_totals:
        t["label"] = labels.rule(t["key"])
    filter_labels = [(FILTER_NAMES[k], labels.rule(v) if k == "rule" else _dimension_label(k, v, names_of))
                     for k, v in filters.items()]
    return Ledger(run=run, totals=totals, cut_totals=cut_totals, filters=filters, kind=kind, page=page, names=names,
                  filter_labels=filter_labels)


def run_labels(run: SettlementRun) -> dict[str, dict[str, str]]:
    """Danish names of the run's contract version: parties and outcomes by key."""
    try:
        contract = adapter.parse(run.version.yaml_text)
    except adapter.ContractError:  # a stored version always parsed once; be safe with old engines
        return {"parties": {}, "outcomes": {}}
    return {"parties": labels.parties(contract), "outcomes": labels.outcomes(contract)}


def _dimension_label(dim: str, key: str, names_of: dict) -> str:
    if dim == "outcome":
        return names_of["outcomes"].get(key, key)
    if dim == "payer":
        return names_of["parties"].get(key, key)
    return key


def _label(e: LedgerEntry, names_of: dict) -> None:
    e.outcome_label = names_of["outcomes"].get(e.outcome, e.outcome)
    e.payer_label = names_of["parties"].get(e.payer, e.payer)
    e.rule_label = labels.rule(e.rule)
    e.reason_label = labels.rule(e.reason) if e.reason else ""


def payment_lines(access: Access, run: SettlementRun, limit: int = LINES_PER_PAGE) -> dict:
    """The run's payment (adjustment) lines: totals per reason and payer in SQL, and the first
    `limit` lines with Danish labels (all of them via the ledger's drill-down, kind=adj)."""
    entries = LedgerEntry.objects.filter(run=run, kind=EntryKind.ADJUSTMENT)
    names_of = run_labels(run)
    by_reason = _totals(entries, "reason")
    for t in by_reason:
        t["label"] = labels.rule(t["key"])
    by_payer = _totals(entries, "payer")
    for t in by_payer:
        t["label"] = names_of["parties"].get(t["key"], t["key"])
    lines = list(entries.order_by("position")[:limit])
    names = {}
    if can_see_names(access, run):
        subjects = [e.subject for e in lines if not e.is_cohort]
        names = {str(pid): name for pid, name in Enrolment.objects.filter(public_id__in=subjects)
                 .values_list("public_id", "citizen__name")}
    for e in lines:
        e.shown = e.subject if e.is_cohort else names.get(e.subject) or pseudonym(e.subject)
        _label(e, names_of)
    return {"by_reason": by_reason, "by_payer": by_payer, "lines": lines, "count": entries.count(),
            "total": entries.aggregate(total=Sum("amount"))["total"]}


def key_figures(run: SettlementRun) -> dict[str, float | str | None]:
    """The figures a scenario comparison puts side by side."""
    r = run.result
    if run.kind == RunKind.SETTLE:
        return {"total": float(run.total), "total_due": float(run.total_due), "cut_total": float(run.cut_total),
                "participants": run.participants, "pending_amount": float(r.get("pending", {}).get("amount", 0))}
    if run.kind == RunKind.BUSINESS_CASE:
        mun = r.get("municipality", "")
        return {"npv_municipality": r.get("npv", {}).get(mun), "break_even_month": r.get("break_even_month"),
                "benefit_cost_ratio": r.get("benefit_cost_ratio"), "investment_total": r.get("investment_total"),
                "payments_total": r.get("payments_total"), "verdict": r.get("verdict"),
                "funds_next_round": "ja" if r.get("funds_next_round") else "nej"}
    return {"npv_P5": r["npv"]["P5"], "npv_P50": r["npv"]["P50"], "npv_P95": r["npv"]["P95"],
            "payments_P50": r["payments"]["P50"], "probability_of_gain": r.get("probability_of_gain"),
            "runs": r.get("runs")}


def comparison(access: Access, public_ids: list[str]) -> tuple[list[SettlementRun], list[dict]]:
    """Runs side by side (all visible ones among `public_ids`), with the difference of each
    number from the first run."""
    runs_by_id = {str(r.public_id): r for r in runs_visible_to(access).select_related("contract", "version")
                  .filter(public_id__in=public_ids[:6])}
    runs = [runs_by_id[p] for p in public_ids if p in runs_by_id]
    figures = [key_figures(r) for r in runs]
    keys: list[str] = []
    for f in figures:
        keys += [k for k in f if k not in keys]
    rows = []
    for k in keys:
        values = [f.get(k) for f in figures]
        base = values[0] if values else None
        diffs = [v - base if isinstance(v, int | float) and isinstance(base, int | float) and not isinstance(v, bool)
                 else None for v in values]
        rows.append({"key": k, "values": list(zip(values, diffs, strict=True))})
    return runs, rows
