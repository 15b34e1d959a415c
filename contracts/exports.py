"""Exports of a run: Excel (core.exports: numbers as numbers, names as text, one sheet per table)
and PDF (core.pdf: WeasyPrint, offline). Participants appear only by their pseudonymous
enrolment id: an export leaves the platform, so it carries no names."""

from django.db.models import Count, F, Sum
from django.utils.translation import gettext as _

from core.exports import Workbook, csv_response, xlsx_bytes, xlsx_response
from core.pdf import render_pdf

from . import labels
from .models import EntryKind, LedgerEntry, RunKind, SettlementRun
from .plan import context
from .selectors import run_labels
from .services import validate_yaml

KRONER = "kroner"


def filename(run: SettlementRun, fmt: str) -> str:
    return f"{run.kind}-{run.municipality.slug}-{run.as_of:%Y-%m-%d}-{str(run.public_id)[:8]}.{fmt}"


def _sheet(book: Workbook, title: str, headers: list[str], rows, money_cols: tuple[int, ...] = ()) -> None:
    book.sheet(title).table(headers, rows, formats=dict.fromkeys(money_cols, KRONER))


def totals(run: SettlementRun, kind: str, field: str) -> list[dict]:
    """Totals per key, each with its Danish label (outcome and payer names, rule and reason)."""
    rows = list(LedgerEntry.objects.filter(run=run, kind=kind).values(key=F(field))
                .annotate(total=Sum("amount"), n=Count("id")).order_by("key"))
    names_of = run_labels(run)
    named = {"outcome": names_of["outcomes"], "payer": names_of["parties"]}.get(field)
    for t in rows:
        t["label"] = named.get(t["key"], t["key"]) if named is not None else (
            labels.rule(t["key"]) if field in ("rule", "reason") else t["key"])
    return rows


def run_xlsx(run: SettlementRun) -> bytes:
    return xlsx_bytes(lambda book: _run_sheets(book, run))


def _run_sheets(wb: Workbook, run: SettlementRun) -> None:
    r = run.result
    if run.kind == RunKind.SETTLE:
        _sheet(wb, _("Nøgletal"), [_("Nøgletal"), _("Værdi")], [
            [_("Kontrakt"), run.contract.name], [_("Version"), run.version.number],
            [_("Opgjort pr."), run.as_of], [_("Udbetalt i alt"), run.total], [_("Forfaldent"), run.total_due],
            [_("Afskåret i alt"), run.cut_total], [_("Deltagere"), run.participants],
            [_("Inputs fingeraftryk"), run.input_fingerprint]])
        for field, title in (("outcome", _("Pr. resultat")), ("cohort", _("Pr. kohorte")),
                             ("payer", _("Pr. betaler")), ("period", _("Pr. periode"))):
            _sheet(wb, title, [title, _("Linjer"), _("Beløb")],
                   ([t["label"], t["n"], t["total"]] for t in totals(run, EntryKind.PAID, field)), (2,))
        _sheet(wb, _("Afskåret pr. årsag"), [_("Årsag"), _("Linjer"), _("Beløb")],
               ([t["label"], t["n"], t["total"]] for t in totals(run, EntryKind.CUT, "rule")), (2,))
        entries = LedgerEntry.objects.filter(run=run).order_by("kind", "position")
        names_of = run_labels(run)
        outcome_of, payer_of = names_of["outcomes"], names_of["parties"]
        _sheet(wb, _("Linjer"), [_("Deltager/kohorte"), _("Kohorte"), _("Resultat"), _("Regel"), _("Betaler"),
                                 _("Hændelsesdato"), _("Periode"), _("Forfald"), _("Beløb")],
               ([e.subject, e.cohort, outcome_of.get(e.outcome, e.outcome), labels.rule(e.rule),
                 payer_of.get(e.payer, e.payer), e.event_date, e.period, e.due_date, e.amount]
                for e in entries if e.kind == EntryKind.PAID), (8,))
        _sheet(wb, _("Afskåret"), [_("Deltager/kohorte"), _("Kohorte"), _("Resultat"), _("Årsag"), _("Betaler"),
                                   _("Hændelsesdato"), _("Beløb"), _("Forklaring")],
               ([e.subject, e.cohort, outcome_of.get(e.outcome, e.outcome), labels.rule(e.rule),
                 payer_of.get(e.payer, e.payer), e.event_date, e.amount, labels.rule(e.rule)]
                for e in entries if e.kind == EntryKind.CUT), (6,))
    elif run.kind == RunKind.BUSINESS_CASE:
        mun, parties = r["municipality"], run_labels(run)["parties"]
        _sheet(wb, _("Nøgletal"), [_("Nøgletal"), _("Værdi")], [
            [_("Kontrakt"), run.contract.name], [_("Nutidsværdi for kommunen"), r["npv"][mun]],
            [_("Break-even (måned)"), r["break_even_month"]], [_("Gevinst/omkostning"), r["benefit_cost_ratio"]],
            [_("Investering i alt"), r["investment_total"]], [_("Resultatbetalinger i alt"), r["payments_total"]],
            [_("Vurdering"), _("Gevinst") if r["verdict"] == "gain" else _("Tab")],
            [_("Finansierer næste runde"), _("Ja") if r["funds_next_round"] else _("Nej")],
            *[[_("Nutidsværdi: %(party)s") % {"party": parties.get(p, p)}, v] for p, v in r["npv"].items()]])
        keys = [k for k in r["monthly"][0] if k not in ("month", "date")] if r["monthly"] else []
        _sheet(wb, _("Måneder"), [_("Måned"), _("Dato"), *keys],
               ([m["month"], m["date"], *[m[k] for k in keys]] for m in r["monthly"]))
    elif run.kind == RunKind.PLAN_VS_ACTUAL:
        _plan_sheets(wb, run)
    else:
        _sheet(wb, _("Nøgletal"), [_("Nøgletal"), "P5", "P50", "P95"], [
            [_("Nutidsværdi for kommunen"), r["npv"]["P5"], r["npv"]["P50"], r["npv"]["P95"]],
            [_("Resultatbetalinger"), r["payments"]["P5"], r["payments"]["P50"], r["payments"]["P95"]]])
        _sheet(wb, _("Tornado"), [_("Input"), "P10", "P90", _("NPV ved P10"), _("NPV ved P90"), _("Udsving")],
               ([labels.model_input(b["input"]), b["p10"], b["p90"], b["npv_at_p10"], b["npv_at_p90"], b["swing"]] for b in r["tornado"]))
        fan = r["fan"]
        _sheet(wb, _("Vifte"), [_("Måned"), "P5", "P50", "P95"],
               zip(fan["months"], fan["P5"], fan["P50"], fan["P95"], strict=True))


def _plan_sheets(wb: Workbook, run: SettlementRun) -> None:
    plan = context(run.result, validate_yaml(run.version.yaml_text))
    _sheet(wb, _("Nøgletal"), [_("Nøgletal"), _("Værdi")], [
        [_("Kontrakt"), run.contract.name], [_("Opgjort pr."), run.as_of], [_("Vurdering"), plan["verdict"]],
        [_("Gevinst for kommunen til dato (nutidsværdi)"), plan["gain"]],
        [_("Finansierer næste runde"), _("Ja") if plan["funds_next_round"] else _("Nej")],
        [_("Næste runde koster"), plan["next_round_cost"]]])
    _sheet(wb, _("Pr. part"), [_("Part"), _("Faktisk"), _("Prognose"), _("Forskel")],
           ([p["name"], p["actual"], p["forecast"], p["difference"]] for p in plan["parties"]), (1, 2, 3))
    _sheet(wb, _("Pr. pengestrøm"), [_("Pengestrøm"), _("Part"), _("Faktisk"), _("Prognose")],
           ([s["stream"], s["party"], s["actual"], s["forecast"]] for s in plan["streams"]), (2, 3))
    _sheet(wb, _("Pr. kohorte"), [_("Kohorte"), _("Deltagere"), _("Deltagere (plan)"), _("Forløbsudgift"),
                                   _("Forløbsudgift (plan)"), _("Uger uden forsørgelse"), _("Afsluttet"), _("I job")],
           ([c["cohort"], c["participants"], c["forecast_participants"], c["programme_cost"],
             c["forecast_programme_cost"], c["weeks_off_support"], c["exits"], c["into_work"]]
            for c in plan["cohorts"]), (3, 4))
    _sheet(wb, _("Pr. måned"), [_("Måned"), _("Faktisk"), _("Prognose"), _("Faktisk, akkumuleret"),
                                 _("Prognose, akkumuleret")],
           ([m["month"], m["actual"], m["forecast"], m["actual_cumulative"], m["forecast_cumulative"]]
            for m in plan["months"]), (1, 2, 3, 4))


def run_pdf(run: SettlementRun, context: dict) -> bytes:
    if run.kind == RunKind.SETTLE:
        context = {**context, "totals": {
            _("Pr. resultat"): list(totals(run, EntryKind.PAID, "outcome")),
            _("Pr. kohorte"): list(totals(run, EntryKind.PAID, "cohort")),
            _("Pr. betaler"): list(totals(run, EntryKind.PAID, "payer")),
            _("Pr. periode"): list(totals(run, EntryKind.PAID, "period")),
        }, "cut_totals": list(totals(run, EntryKind.CUT, "rule")),
            "lines": LedgerEntry.objects.filter(run=run, kind=EntryKind.PAID).order_by("position")}
    return render_pdf("contracts/run_pdf.html", context)


def _payment_rows(run: SettlementRun):
    names_of = run_labels(run)
    for e in LedgerEntry.objects.filter(run=run, kind=EntryKind.ADJUSTMENT).order_by("position").iterator():
        yield [e.position + 1, e.subject, e.cohort, names_of["outcomes"].get(e.outcome, e.outcome),
               names_of["parties"].get(e.payer, e.payer), e.event_date, e.due_date,
               _("Betaling") if e.amount > 0 else _("Tilbagebetaling"), e.amount, labels.rule(e.reason)]


def _payment_headers() -> list[str]:
    return [_("Linje"), _("Deltager (pseudonymt forløbs-id)"), _("Kohorte"), _("Resultat"), _("Betaler"),
            _("Hændelsesdato"), _("Forfaldsdato"), _("Type"), _("Beløb"), _("Årsag")]


def payments_response(run: SettlementRun, fmt: str):
    """The approved payment lines of a run for the finance system: CSV (semicolon, decimal comma)
    or Excel (amounts as numbers)."""
    name = f"betalinger-{run.municipality.slug}-{run.as_of:%Y-%m-%d}-{str(run.public_id)[:8]}.{fmt}"
    if fmt == "csv":
        return csv_response(_payment_rows(run), _payment_headers(), name)
    return xlsx_response(name, lambda book: book.sheet(_("Betalinger")).table(
        _payment_headers(), _payment_rows(run), formats={8: KRONER}, text_columns={1, 2}))
