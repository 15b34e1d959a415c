"""A contract's terms in words a contract manager can read and print: parties, period, the rate
card with Danish event names and prerequisites by name, caps and how a binding cap is shared,
cohort terms with thresholds as percent, the payment schedule and the business case's inputs."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import labels

DISTRIBUTIONS = {
    "fixed": gettext_lazy("fast værdi"), "uniform": gettext_lazy("ligefordeling"),
    "triangular": gettext_lazy("trekantsfordeling"), "normal": gettext_lazy("normalfordeling"),
    "lognormal": gettext_lazy("lognormalfordeling"), "beta": gettext_lazy("betafordeling"),
}
PARAMS = {
    "min": gettext_lazy("mindst"), "max": gettext_lazy("højst"), "mode": gettext_lazy("typisk"),
    "mean": gettext_lazy("middel"), "sd": gettext_lazy("spredning"), "median": gettext_lazy("median"),
    "value": gettext_lazy("værdi"),
}


def _pct(value: Decimal | float) -> str:
    return f"{Decimal(str(value)) * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " %"


def _threshold(term, value: Decimal, basis: str) -> str:
    if basis == "relative":
        return _("mindst %(p)s bedre end sammenligningen") % {"p": f"{value}".replace(".", ",") + " %"}
    if term.kind == "rate":
        return _("mindst %(p)s procentpoint bedre end sammenligningen") % {"p": f"{value}".replace(".", ",")}
    return _("mindst %(v)s færre pr. deltager end sammenligningen") % {"v": f"{value}".replace(".", ",")}


def terms(contract) -> dict:
    parties = labels.parties(contract)
    names = labels.outcomes(contract)
    outcomes = [{
        "name": names[o.id], "event": labels.event(o.event), "price": o.price,
        "requires": [names.get(r, r) for r in o.requires], "max_per_participant": o.max_per_participant,
        "cap_per_participant": o.cap_per_participant, "cap": o.cap, "key": o.id,
        "payers": [(parties.get(p, p), _pct(share)) for p, share in o.payers],
    } for o in contract.outcomes]
    cohort_terms = [{
        "name": names[t.id], "event": labels.event(t.event), "price": t.price, "key": t.id,
        "kind": _("andel med hændelsen") if t.kind == "rate" else _("antal hændelser pr. deltager (færre er bedre)"),
        "reference": (_("sammenligningsgruppen %(g)s") % {"g": t.comparison_group}) if t.comparison_group
        else (_("basislinjen %(b)s") % {"b": t.baseline}),
        "threshold": _threshold(t, t.threshold, t.threshold_basis),
        "early_share": _pct(t.early_share),
        "pooled_threshold": _threshold(t, t.pooled_threshold, t.pooled_threshold_basis),
        "cap": t.cap,
    } for t in contract.cohort_terms]
    s = contract.schedule
    bc = contract.business_case
    return {
        "name": contract.name, "description": contract.description, "currency": contract.currency,
        "period_start": contract.period_start, "period_end": contract.period_end, "window_days": contract.window_days,
        "payers": [{"name": p.name, "cap": p.cap} for p in contract.payers], "recipient": contract.recipient.name,
        "outcomes": outcomes, "cohort_terms": cohort_terms,
        "participant_cap": contract.participant_cap, "total_cap": contract.total_cap,
        "cap_sharing": str(labels.CAP_SHARING.get(contract.cap_sharing, contract.cap_sharing)),
        "schedule": {"frequency": str(labels.FREQUENCIES.get(s.frequency, s.frequency)), "due_days": s.due_days,
                     "verification_lag_days": s.verification_lag_days},
        "business_case": None if bc is None else {
            "start": bc.start, "horizon_months": bc.horizon_months, "discount_rate": _pct(bc.discount_rate),
            "municipality": parties.get(bc.municipality, bc.municipality),
            "participants": bc.participants, "employment_rate": _pct(bc.employment_rate),
            "deadweight": _pct(bc.deadweight), "benefit_per_month": bc.benefit_per_month,
            "prior_weeks_on_support": bc.prior_weeks_on_support,
            "phases": [{"name": ph.name, "months": ph.months, "price": ph.cost_per_participant_month,
                        "payer": parties.get(ph.payer, ph.payer)} for ph in bc.phases],
        },
        "uncertainty": [{"input": labels.model_input(k), "kind": str(DISTRIBUTIONS.get(d.kind, d.kind)),
                         "params": ", ".join(f"{PARAMS.get(n, n)} {v:g}".replace(".", ",") for n, v in d.params)}
                        for k, d in contract.uncertainty.items()],
    }
