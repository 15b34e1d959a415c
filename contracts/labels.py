"""Danish names for what a contract's YAML calls by key: parties (payers, recipient, the state),
outcomes, cash-flow streams, settlement rules and cut-off reasons. Pages, PDFs and Excel files
show these; the technical key only appears behind an analyst's "details" toggle."""

from django.utils.translation import gettext_lazy as _

from pathways.models import ExitOutcome, MilestoneKind

STREAMS = {
    "programme_costs": _("Forløbsudgifter"),
    "other_costs": _("Andre udgifter"),
    "outcome_payments": _("Resultatbetalinger"),
    "benefit_savings": _("Sparede ydelser"),
    "investment": _("Investering"),
}

RULES = {
    "price": _("Pris pr. resultat"),
    "exclusive_top_up": _("Tillæg op til højeste resultat i gruppen"),
    "cohort_early": _("Tidlig kohortebetaling"),
    "cohort_final": _("Endelig kohortebetaling"),
}

# Cut-off reasons of the settlement (outcomes.stages.REASONS) and adjustment reasons
# (outcomes.adjustments.ADJUSTMENT_REASONS), in Danish.
REASONS = {
    "window": _("Hændelsen ligger uden for resultatvinduet"),
    "prerequisite": _("Et krævet resultat var ikke opnået på hændelsesdatoen"),
    "exclusive_group": _("Et lige så højt eller højere resultat i samme gruppe var allerede betalt"),
    "max_payments": _("Højeste antal betalinger pr. deltager nået"),
    "outcome_participant_cap": _("Loftet for resultatet pr. deltager nået"),
    "participant_cap": _("Loftet pr. deltager nået"),
    "outcome_cap": _("Loftet for resultatet i kontrakten nået"),
    "cohort_threshold": _("Kohortens forbedring er under tærsklen"),
    "pooled_threshold": _("Den samlede forbedring er under tærsklen"),
    "payer_cap": _("Betalerens loft nået"),
    "total_cap": _("Kontraktens samlede loft nået"),
    "new": _("Ikke betalt før: registreret sent eller dokumenteret siden sidste godkendte afregning"),
    "increased": _("Mere forfaldent end betalt: et loft eller en tærskel skærer mindre nu"),
    "withdrawn": _("Ikke længere i de registrerede data (rettet eller fjernet)"),
}

STATE_NAME = _("Staten")


def parties(contract) -> dict[str, str]:
    """Party id → name: the payers, the recipient, and the business case's municipality and state."""
    names = {p.id: p.name for p in contract.payers}
    names[contract.recipient.id] = contract.recipient.name
    spec = contract.business_case
    if spec is not None:
        names.setdefault(spec.state, str(STATE_NAME))
        names.setdefault(spec.municipality, spec.municipality)
    return names


def outcomes(contract) -> dict[str, str]:
    """Outcome and cohort-term id → its description (the id itself when the contract gives none)."""
    names = {o.id: o.description or o.id for o in contract.outcomes}
    names.update({t.id: t.description or t.id for t in getattr(contract, "cohort_terms", ())})
    return names


def stream(key: str) -> str:
    return str(STREAMS.get(key, key[:1].upper() + key[1:]))


def rule(key: str) -> str:
    return str(RULES.get(key, REASONS.get(key, key)))


INPUTS = {
    "employment_rate": _("Beskæftigelsesandel"),
    "deadweight": _("Dødvægt"),
    "drop_off": _("Årligt frafald fra job"),
    "benefit_per_month": _("Ydelse pr. måned"),
    "cost_factor": _("Omkostningsfaktor"),
    "prior_weeks_on_support": _("Uger på forsørgelse før start"),
}

FIGURES = {
    "total": _("Udbetalt i alt"),
    "total_due": _("Forfaldent"),
    "cut_total": _("Afskåret i alt"),
    "participants": _("Deltagere"),
    "pending_amount": _("Afventer dokumentation"),
    "npv_municipality": _("Nutidsværdi for kommunen"),
    "break_even_month": _("Break-even (måned)"),
    "benefit_cost_ratio": _("Gevinst/omkostning"),
    "investment_total": _("Investering i alt"),
    "payments_total": _("Resultatbetalinger i alt"),
    "verdict": _("Vurdering"),
    "funds_next_round": _("Finansierer næste runde"),
    "npv_P5": _("Nutidsværdi, P5"),
    "npv_P50": _("Nutidsværdi, P50"),
    "npv_P95": _("Nutidsværdi, P95"),
    "payments_P50": _("Resultatbetalinger, P50"),
    "probability_of_gain": _("Sandsynlighed for gevinst"),
    "runs": _("Kørsler"),
    "gain": _("Gevinst til dato"),
}


def model_input(key: str) -> str:
    return str(INPUTS.get(key, key))


def figure(key: str) -> str:
    return str(FIGURES.get(key, key))


FREQUENCIES = {"monthly": _("månedligt"), "quarterly": _("kvartalsvis"), "semi-annual": _("halvårligt"),
               "annual": _("årligt")}
CAP_SHARING = {"by_date": _("efter dato: de tidligste krav får loftet; samme dag deles forholdsmæssigt"),
               "pro_rata": _("forholdsmæssigt mellem alle krav")}

EVENTS = {
    "enrolled": _("Indskrevet i forløbet"),
    "job_start": _("Start i job (ordinært eller med løntilskud, jobrotation, selvstændig)"),
    "ordinary_job_start": _("Start i ordinært, ustøttet job"),
    "education_start": _("Start på ordinær uddannelse"),
}


def event(key: str) -> str:
    """The Danish name of an event of the adapter's vocabulary (docs/contracts.md)."""
    if key in EVENTS:
        return str(EVENTS[key])
    for prefix, text in (("in_work_or_education_", _("I arbejde eller uddannelse %(w)s uger efter afslutning")),
                         ("in_work_", _("I arbejde %(w)s uger efter afslutning")),
                         ("in_education_", _("I uddannelse %(w)s uger efter afslutning"))):
        if key.startswith(prefix) and key.endswith("w") and key[len(prefix):-1].isdigit():
            return str(text) % {"w": key[len(prefix):-1]}
    if key.startswith("exit_"):
        outcome = dict(ExitOutcome.choices).get(key[5:])
        if outcome:
            return str(_("Afsluttet: %(outcome)s")) % {"outcome": outcome}
    if key.startswith("milestone_"):
        kind = dict(MilestoneKind.choices).get(key[10:])
        if kind:
            return str(_("Milepæl: %(kind)s")) % {"kind": kind}
    return key
