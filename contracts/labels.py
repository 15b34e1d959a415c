"""Danish names for what a contract's YAML calls by key: parties (payers, recipient, the state),
outcomes, cash-flow streams, settlement rules and cut-off reasons. Pages, PDFs and Excel files
show these; the technical key only appears behind an analyst's "details" toggle."""

from django.utils.translation import gettext_lazy as _

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
