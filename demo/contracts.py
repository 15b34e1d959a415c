"""Demo: Kolding's growth partnership (seed 001 §3) with an outcome contract (seed 001 §4),
adapted from examples/contracts/vaekstpartnerskab.yaml to the adapter's event vocabulary
(docs/contracts.md), attached to the demo's seed-001 programmes, and one stored settlement run.

Runs after the pathways demo: finds the programmes by template name and skips gracefully when
there are none. Idempotent: an existing contract of the same name is left as it is (its runs are
immutable)."""

import datetime

from accounts.models import User
from pathways.models import Programme
from pathways.templates import TEMPLATES
from registry.choices import Kind
from registry.models import Organisation

CONTRACT_NAME = "Vækstpartnerskab Kolding 2025–2027"
PARTNERSHIP_NAME = "Vækstpartnerskab Kolding: social inklusion gennem vækstpartnerskaber"

GROWTH_CONTRACT_YAML = """\
# Seed 001 "Social inklusion gennem vækstpartnerskaber": a two-sided payment-by-results model,
# adapted to Brobyg's event vocabulary (docs/contracts.md): the job start is an exit into
# ordinary employment, six months in work is the 26-week follow-up with status "work".
# All amounts are illustrative, not from the seed.
name: Vækstpartnerskab Kolding 2025–2027
description: Dobbeltsidet resultatbaseret betaling
currency: DKK
period: {start: "2025-01-01", end: "2027-06-30"}
outcome_window_days: 730
payers:
  - {id: kolding, name: Kolding Kommune, role: municipality}
recipient: {id: partnerskab, name: Beskæftigelsesaktør og acceleratorvirksomheder (partnerskab)}
events: [enrolled, exit_company_internship]
outcomes:
  - id: ordinary_job
    description: Ordinær ustøttet beskæftigelse (job start)
    price: 25000
    event: ordinary_job_start
  - id: job_6m
    description: Seks måneder i beskæftigelse efter jobstart (opfølgning uge 26)
    price: 35000
    event: in_work_26w
    requires: [ordinary_job]
caps:
  per_participant: 60000
  total: 600000
schedule: {frequency: quarterly, due_days: 30, verification_lag_days: 14}
business_case:
  start: "2025-01-01"
  horizon_months: 60
  discount_rate: 0.04
  municipality: kolding
  state: staten
  intake:
    - {month: 0, participants: 9, cohort: "2025-H1"}
    - {month: 6, participants: 9, cohort: "2025-H2"}
  phases:
    - {name: Arbejdsmarkedstræning (10 t/uge), months: 6, cost_per_participant_month: 4500, payer: partnerskab}
    - {name: Virksomhedsindslusning med støtteperson, months: 6, cost_per_participant_month: 3000, payer: partnerskab}
  companies: {count: 9, cost_per_company: 60000, months: 12, start_month: 0, payer: partnerskab}
  fixed_costs:
    - {name: Kommunal projektkoordinering, per_month: 8000, from_month: 0, to_month: 17, payer: kolding}
  effect:
    employment_rate: 0.45
    deadweight: 0.10
    drop_off: {annual: 0.25}
  savings:
    benefit_per_month: 12500
    prior_weeks_on_support: 104
    other_streams:
      - {name: kommuneskat, per_person_month: 3500, party: kolding}
      - {name: statsskat, per_person_month: 2500, party: staten}
  expected_payments:
    - {outcome: ordinary_job, months_in_work: 0}
    - {outcome: job_6m, months_in_work: 6}
uncertainty:
  employment_rate: {distribution: triangular, min: 0.25, mode: 0.45, max: 0.6}
  deadweight: {distribution: uniform, min: 0.05, max: 0.2}
  drop_off: {distribution: triangular, min: 0.1, mode: 0.25, max: 0.45}
  benefit_per_month: {distribution: normal, mean: 12500, sd: 1000}
  cost_factor: {distribution: lognormal, median: 1.0, sigma: 0.1}
  prior_weeks_on_support: {distribution: uniform, min: 26, max: 260}
"""


def seed_contracts(municipality, *, as_of: datetime.date) -> str:
    """Create the partnership, contract and one settlement run; returns what was done."""
    from contracts.models import CohortBy, OutcomeContract
    from contracts.services import contract_create, partnership_create, run_settlement

    programmes = list(Programme.objects.filter(
        provider__municipality=municipality, name=TEMPLATES["vaekstpartnerskab"]["name"]))
    existing = OutcomeContract.objects.filter(municipality=municipality, name=CONTRACT_NAME).first()
    if existing is not None:
        existing.programmes.set(programmes)  # a re-seed recreates the demo programmes
        return "exists"
    if not programmes:
        return "skipped: no seed-001 programme in the demo"
    by = User.objects.filter(username="indkoeber").first() or User.objects.filter(username="admin").first()
    if by is None:
        return "skipped: no demo user"
    members = list(Organisation.objects.filter(
        municipality=municipality, kind__in=[Kind.EMPLOYMENT_ACTOR, Kind.SOCIAL_ENTERPRISE]).order_by("name")[:4])
    members += [p.provider for p in programmes if p.provider not in members]
    partnership = partnership_create(by=by, municipality=municipality, name=PARTNERSHIP_NAME, members=members,
                                     start=datetime.date(2025, 1, 1), end=datetime.date(2027, 6, 30))
    contract = contract_create(by=by, municipality=municipality, name=CONTRACT_NAME, partnership=partnership,
                               programmes=programmes, yaml_text=GROWTH_CONTRACT_YAML, cohort_by=CohortBy.HALF_YEAR,
                               note="Demo")
    run_settlement(by=by, contract=contract, as_of=as_of, label="Demo-afregning")
    return "created"
