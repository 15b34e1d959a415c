"""Seed 001's two-sided contract: a settlement run of a partnership's contract also pays the
company side — the results of the accelerator companies that are members of the partnership —
with the amounts computed by hand; a company outside the partnership is not paid for."""

import datetime
from decimal import Decimal

import pytest

from accelerator import services_growth
from accelerator.testing import cohort, company, participant, system_user
from contracts.models import CohortBy, LedgerEntry
from contracts.services import contract_create, partnership_create, run_settlement
from pathways.testing import make_programme

pytestmark = pytest.mark.django_db

D = datetime.date
YAML = """name: Virksomhedssiden
currency: DKK
period: {start: "2024-01-01", end: "2027-12-31"}
outcome_window_days: 1100
payers:
  - {id: kolding, name: Kolding Kommune, role: municipality}
recipient: {id: partnerskab, name: Partnerskab}
events: [company.hired_from_programme]
outcomes:
  - {id: company_hire, price: 10000, event: company.hired_from_programme, max_per_participant: 10}
schedule: {frequency: quarterly, due_days: 30}
"""


def hired(p, year, n):
    services_growth.growth_set(
        by=system_user(), participant=p, data={"year": year, "turnover": Decimal("1000000"), "citizens_hired": n}
    )


def test_a_partnership_contract_pays_its_accelerator_companies_hires(world):
    procurement = world.users["procurement"]
    made = cohort(world.kolding, world.business, start=D(2024, 1, 8))
    member, outsider = participant(made, world.company), participant(made, company(world.kolding, "Udenfor ApS"))
    for p in (member, outsider):
        hired(p, 2023, 0)  # the baseline year (the year before the cohort)
    hired(member, 2024, 1)
    hired(member, 2025, 2)
    hired(outsider, 2025, 3)
    partnership = partnership_create(by=procurement, municipality=world.kolding, name="Vækstpartnerskab",
                                     members=[world.provider, world.company], start=D(2024, 1, 1))  # fmt: skip
    contract = contract_create(
        by=procurement, municipality=world.kolding, name="To-sidet kontrakt", partnership=partnership,
        programmes=[make_programme(provider=world.provider, key="vaekstpartnerskab")], yaml_text=YAML,
        cohort_by=CohortBy.HALF_YEAR,
    )  # fmt: skip

    run = run_settlement(by=procurement, contract=contract, as_of=D(2026, 6, 30))

    # the member: 1 + 2 hires × 10.000 kr.; the outsider's 3 hires are not the partnership's
    assert run.total == Decimal("30000")
    paid = LedgerEntry.objects.filter(run=run, kind="paid", outcome="company_hire")
    assert {e.subject for e in paid} == {str(member.public_id)} and paid.count() == 3
