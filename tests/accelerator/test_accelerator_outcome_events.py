"""Company results as outcome events reach a settlement through contracts.adapter with the
amounts computed by hand (seed 001 §4: the two-sided payment model)."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from accelerator import outcome_events, services_growth
from accelerator.testing import cohort, company, participant, system_user
from contracts import adapter
from registry import services as registry_services

CONTRACT = """name: Virksomhedssiden af vækstpartnerskabet
currency: DKK
period: {start: "2024-01-01", end: "2027-12-31"}
outcome_window_days: 1100
payers:
  - {id: kolding, name: Kolding Kommune, role: municipality}
recipient: {id: partnerskab, name: Partnerskab}
events: [company.hired_from_programme, company.special_terms_growth, company.turnover_growth]
outcomes:
  - {id: hired, price: 10000, event: company.hired_from_programme, max_per_participant: 10}
  - {id: special, price: 15000, event: company.special_terms_growth, max_per_participant: 10}
  - {id: turnover, price: 20000, event: company.turnover_growth}
schedule: {frequency: quarterly, due_days: 30}
"""


def _figures(p, year, *, turnover, hired=0, staff=None):
    services_growth.growth_set(
        by=system_user(),
        participant=p,
        data={"year": year, "turnover": Decimal(turnover), "citizens_hired": hired},
    )
    if staff is not None:
        registry_services.staffing_set(
            by=system_user(),
            organisation=p.organisation,
            year=year,
            data={"employees_total": 30, "fleksjob": staff},
        )


@pytest.mark.django_db
def test_company_events_settle_to_the_hand_computed_amounts(world):
    made = cohort(world.kolding, world.business, start=datetime.date(2024, 1, 8))
    a = participant(made, world.company)
    b = participant(made, company(world.kolding, "Smed ApS"))
    # A: 2 special terms in 2023 (baseline), 4 in 2024, 3 in 2025, 5 in 2026 → growth 2 + 0 + 1 = 3 events;
    #    hired 1 + 2 = 3; turnover above the baseline in 2024 and 2026 → paid once.
    _figures(a, 2023, turnover="1000000", staff=2)
    _figures(a, 2024, turnover="1100000", hired=1, staff=4)
    _figures(a, 2025, turnover="900000", staff=3)
    _figures(a, 2026, turnover="1200000", hired=2, staff=5)
    # B: no staffing rows, turnover falls, one citizen hired.
    _figures(b, 2023, turnover="500000")
    _figures(b, 2024, turnover="450000", hired=1)

    events = outcome_events.company_events(
        made.participants.all(), known_events=outcome_events.EVENTS, as_of=datetime.date(2027, 6, 30)
    )
    kinds = [(e.participant_id == str(a.public_id), e.event) for e in events if e.event]
    assert kinds.count((True, outcome_events.SPECIAL_TERMS_GROWTH)) == 3
    assert kinds.count((True, outcome_events.HIRED)) == 3
    assert kinds.count((True, outcome_events.TURNOVER_GROWTH)) == 2
    assert kinds.count((False, outcome_events.HIRED)) == 1 and len(kinds) == 9

    rows = [adapter.Row(**dataclasses.asdict(e)) for e in events]
    result = adapter.settle(adapter.parse(CONTRACT), rows, datetime.date(2027, 6, 30))
    # A: 3 × 10.000 + 3 × 15.000 + 1 × 20.000 = 95.000; B: 1 × 10.000 = 10.000
    assert Decimal(result["total"]) == Decimal("105000")
    assert {k: Decimal(v) for k, v in result["totals"]["by_outcome"].items()} == {
        "hired": Decimal("40000"), "special": Decimal("45000"), "turnover": Decimal("20000"),
    }  # fmt: skip
