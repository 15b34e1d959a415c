"""Exports of a run: Excel (openpyxl; numbers as numbers, one sheet per table) and PDF
(WeasyPrint, offline, like the mapping report). Participants appear only by their pseudonymous
enrolment id: an export leaves the platform, so it carries no names."""

import datetime
import io
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import EntryKind, LedgerEntry, RunKind, SettlementRun

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KR = '#,##0.00 "kr."'


def filename(run: SettlementRun, fmt: str) -> str:
    return f"{run.kind}-{run.municipality.slug}-{run.as_of:%Y-%m-%d}-{str(run.public_id)[:8]}.{fmt}"


def _sheet(wb, title: str, headers: list[str], rows, money_cols: tuple[int, ...] = ()):
    ws = wb.create_sheet(title=title[:31])
    ws.append(headers)
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, datetime.date | datetime.datetime):
                cell.number_format = "DD-MM-YYYY"
    for col in money_cols:
        for cell in ws.iter_cols(min_col=col + 1, max_col=col + 1, min_row=2):
            for c in cell:
                c.number_format = KR
    ws.freeze_panes = "A2"
    return ws


def totals(run: SettlementRun, kind: str, field: str):
    return (LedgerEntry.objects.filter(run=run, kind=kind).values(key=F(field))
            .annotate(total=Sum("amount"), n=Count("id")).order_by("key"))


def run_xlsx(run: SettlementRun) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
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
                   ([t["key"], t["n"], t["total"]] for t in totals(run, EntryKind.PAID, field)), (2,))
        _sheet(wb, _("Afskåret pr. årsag"), [_("Årsag"), _("Linjer"), _("Beløb")],
               ([t["key"], t["n"], t["total"]] for t in totals(run, EntryKind.CUT, "rule")), (2,))
        entries = LedgerEntry.objects.filter(run=run).order_by("kind", "position")
        _sheet(wb, _("Linjer"), [_("Deltager/kohorte"), _("Kohorte"), _("Resultat"), _("Regel"), _("Betaler"),
                                 _("Hændelsesdato"), _("Periode"), _("Forfald"), _("Beløb")],
               ([e.subject, e.cohort, e.outcome, e.rule, e.payer, e.event_date, e.period, e.due_date, e.amount]
                for e in entries if e.kind == EntryKind.PAID), (8,))
        _sheet(wb, _("Afskåret"), [_("Deltager/kohorte"), _("Kohorte"), _("Resultat"), _("Årsag"), _("Betaler"),
                                   _("Hændelsesdato"), _("Beløb"), _("Forklaring")],
               ([e.subject, e.cohort, e.outcome, e.rule, e.payer, e.event_date, e.amount, e.detail]
                for e in entries if e.kind == EntryKind.CUT), (6,))
    elif run.kind == RunKind.BUSINESS_CASE:
        mun = r["municipality"]
        _sheet(wb, _("Nøgletal"), [_("Nøgletal"), _("Værdi")], [
            [_("Kontrakt"), run.contract.name], [_("Nutidsværdi for kommunen"), r["npv"][mun]],
            [_("Break-even (måned)"), r["break_even_month"]], [_("Gevinst/omkostning"), r["benefit_cost_ratio"]],
            [_("Investering i alt"), r["investment_total"]], [_("Resultatbetalinger i alt"), r["payments_total"]],
            [_("Vurdering"), r["verdict"]], [_("Finansierer næste runde"), r["funds_next_round"]],
            *[[_("Nutidsværdi: %(party)s") % {"party": p}, v] for p, v in r["npv"].items()]])
        keys = [k for k in r["monthly"][0] if k not in ("month", "date")] if r["monthly"] else []
        _sheet(wb, _("Måneder"), [_("Måned"), _("Dato"), *keys],
               ([m["month"], m["date"], *[m[k] for k in keys]] for m in r["monthly"]))
    else:
        _sheet(wb, _("Nøgletal"), [_("Nøgletal"), "P5", "P50", "P95"], [
            [_("Nutidsværdi for kommunen"), r["npv"]["P5"], r["npv"]["P50"], r["npv"]["P95"]],
            [_("Resultatbetalinger"), r["payments"]["P5"], r["payments"]["P50"], r["payments"]["P95"]]])
        _sheet(wb, _("Tornado"), [_("Input"), "P10", "P90", _("NPV ved P10"), _("NPV ved P90"), _("Udsving")],
               ([b["input"], b["p10"], b["p90"], b["npv_at_p10"], b["npv_at_p90"], b["swing"]] for b in r["tornado"]))
        fan = r["fan"]
        _sheet(wb, _("Vifte"), [_("Måned"), "P5", "P50", "P95"],
               zip(fan["months"], fan["P5"], fan["P50"], fan["P95"], strict=True))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"The contract PDF fetches nothing from outside ({url}).")


def run_pdf(run: SettlementRun, context: dict) -> bytes:
    from weasyprint import HTML  # heavy; only the PDF needs it

    if run.kind == RunKind.SETTLE:
        context = {**context, "totals": {
            _("Pr. resultat"): list(totals(run, EntryKind.PAID, "outcome")),
            _("Pr. kohorte"): list(totals(run, EntryKind.PAID, "cohort")),
            _("Pr. betaler"): list(totals(run, EntryKind.PAID, "payer")),
            _("Pr. periode"): list(totals(run, EntryKind.PAID, "period")),
        }, "cut_totals": list(totals(run, EntryKind.CUT, "rule")),
            "lines": LedgerEntry.objects.filter(run=run, kind=EntryKind.PAID).order_by("position")}
    html = render_to_string("contracts/run_pdf.html", {**context, "LANGUAGE_CODE": translation.get_language() or "da"})
    return HTML(string=html, url_fetcher=_refuse).write_pdf()
