"""The plan-vs-actual page's figures in Danish words: the verdict, monthly and cumulative net
per party (actual beside forecast), the totals per party and stream, and the cohorts. Reads a
stored run's result (outcomes.report.plan_vs_actual_dict) and the contract's names for its
parties (contracts.labels); computes nothing the engine did not."""

from decimal import Decimal

from django.utils.translation import gettext as _

from . import labels


def _d(value) -> Decimal:
    return Decimal(str(value))


def verdict_text(result: dict, municipality_name: str) -> str:
    gain = _d(result["gain"])
    amount = f"{abs(gain):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if gain >= 0:
        return _("Ja: initiativet har indtil nu været en økonomisk gevinst for %(party)s på %(amount)s kr. "
                 "(nutidsværdi af kommunens netto til og med opgørelsesdatoen).") % {
            "party": municipality_name, "amount": amount}
    return _("Nej: initiativet har indtil nu været et tab for %(party)s på %(amount)s kr. "
             "(nutidsværdi af kommunens netto til og med opgørelsesdatoen).") % {
        "party": municipality_name, "amount": amount}


def context(result: dict, contract) -> dict:
    """Everything the page and the export show, with party and stream names in Danish."""
    names = labels.parties(contract)
    mun = result["municipality"]
    n_actual = result["actual_months"]
    cum = result["cumulative"][mun]
    months = []
    actual_net = _monthly_net(result["actual"], mun, len(result["months"]))
    forecast_net = _monthly_net(result["forecast"], mun, len(result["months"]))
    for i, month in enumerate(result["months"]):
        months.append({
            "month": month, "has_actual": i < n_actual,
            "actual": actual_net[i] if i < n_actual else None, "forecast": forecast_net[i],
            "actual_cumulative": _d(cum["actual"][i]) if i < n_actual else None,
            "forecast_cumulative": _d(cum["forecast"][i]),
        })
    parties = [{"id": p, "name": names.get(p, p), "actual": _d(v["actual"]), "forecast": _d(v["forecast"]),
                "difference": _d(v["actual"]) - _d(v["forecast"])} for p, v in result["to_date"].items()]
    streams = []
    for stream in sorted(set(result["actual"]) | set(result["forecast"])):
        for p in result["parties"]:
            a = sum((_d(x) for x in result["actual"].get(stream, {}).get(p, [])[:n_actual]), Decimal(0))
            f = sum((_d(x) for x in result["forecast"].get(stream, {}).get(p, [])[:n_actual]), Decimal(0))
            if a or f:
                streams.append({"stream": labels.stream(stream), "key": stream, "party": names.get(p, p),
                                "actual": a, "forecast": f})
    cohorts = [{**c, "savings": [(names.get(p, p), _d(v), _d(c["forecast_savings"].get(p, 0)))
                                 for p, v in c["savings"].items()],
                "programme_cost": _d(c["programme_cost"]), "forecast_programme_cost": _d(c["forecast_programme_cost"]),
                "in_work_after": [(int(w), x["in_work"], x["answered"]) for w, x in c["in_work_after"].items()]}
               for c in result["cohorts"]]
    return {
        "verdict": verdict_text(result, names.get(mun, mun)), "gain": _d(result["gain"]),
        "is_gain": result["verdict"] == "gain", "funds_next_round": result["funds_next_round"],
        "next_round_cost": _d(result["next_round_cost"]), "municipality": names.get(mun, mun),
        "months": months, "parties": parties, "streams": streams, "cohorts": cohorts,
        "other_costs_planned": result["other_costs_planned"], "actual_months": n_actual,
        "chart": {"labels": result["months"], "actual": [float(m["actual_cumulative"]) for m in months if m["has_actual"]],
                  "forecast": [float(m["forecast_cumulative"]) for m in months]},
    }


def _monthly_net(flows: dict, party: str, n: int) -> list[Decimal]:
    total = [Decimal(0)] * n
    for per in flows.values():
        for i, v in enumerate(per.get(party, [])):
            total[i] += _d(v)
    return total
