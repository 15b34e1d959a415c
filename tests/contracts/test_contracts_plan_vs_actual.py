"""Plan against actual from recorded rows, with numbers computed by hand.

Contract: one phase "Træning" at 5 200 kr./month (= 1 200 kr. a week attended, paid by the
municipality), benefit 13 000 kr./month (= 3 000 kr. a week), no deadweight, discount rate 0,
business case from 2025-01-01; cohorts by start half-year. As of 2025-04-30 (4 months).

Three citizens start 2025-01-06 (week k after the start begins 2025-01-06 + 7k):
  A: kontanthjælp from 2024-01-01 (53 weeks before the start), wages from 2025-03-03: off
     support weeks 8–16 (9 weeks), each in step "week 53+" (state 20 %): 2 400 + 600 kr.
     March 5 weeks, April 4 weeks. Attended 4 weeks in January (a fifth week absent).
  B: kontanthjælp from 2024-08-19 (20 weeks before), wages from 2025-02-03: off weeks 4–16;
     weeks 4–5 are its 25th–26th on support (state 40 %: 1 800 + 1 200), weeks 6–16 its
     27th–37th (state 30 %: 2 100 + 900). Feb 2×1 800 + 2×2 100 = 7 800; Mar 5×2 100 = 10 500;
     Apr 4×2 100 = 8 400. Attended 2 weeks in January.
  C: on kontanthjælp throughout: no saving.
Municipality: Jan −7 200 (6 weeks × 1 200), Feb 7 800, Mar 12 000 + 10 500 = 22 500,
Apr 9 600 + 8 400 = 18 000 → to date 41 100 kr.; state 4 200 + 7 500 + 6 000 = 17 700 kr.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from contracts.models import CohortBy, RunKind
from contracts.services import run_plan_vs_actual
from contracts.testing import growth_world_small
from pathways.models import AttendanceWeek, CodeList
from pathways.services import citizen_status_add
from pathways.testing import record_exit

pytestmark = pytest.mark.django_db
D = datetime.date

YAML = """\
name: Lille plan
currency: DKK
period: {start: "2025-01-01", end: "2026-12-31"}
outcome_window_days: 730
payers:
  - {id: kolding, name: Kolding Kommune, role: municipality}
recipient: {id: partner, name: Partnerskabet}
outcomes:
  - {id: ordinary_job, description: Ordinært job, price: 25000, event: ordinary_job_start}
business_case:
  start: "2025-01-01"
  horizon_months: 12
  discount_rate: 0
  municipality: kolding
  state: staten
  intake:
    - {month: 0, participants: 2, cohort: "2025-H1"}
  phases:
    - {name: Træning, months: 3, cost_per_participant_month: 5200, payer: kolding}
  effect:
    employment_rate: 0.5
    deadweight: 0
  savings:
    benefit_per_month: 13000
    prior_weeks_on_support: 0
"""


def benefit(code):
    return CodeList.objects.get(list="benefit", code=code)


@pytest.fixture
def small(world):
    w = growth_world_small(world, yaml_text=YAML, cohort_by=CohortBy.HALF_YEAR, start=D(2025, 1, 6), n=3)
    by = world.users[Role.CASEWORKER]
    a, b, c = w.enrolments
    for e, on_support, off in ((a, D(2024, 1, 1), D(2025, 3, 3)), (b, D(2024, 8, 19), D(2025, 2, 3)),
                               (c, D(2024, 6, 3), None)):
        citizen_status_add(by=by, citizen=e.citizen, valid_from=on_support, benefit=benefit("kontanthjaelp"))
        if off:
            citizen_status_add(by=by, citizen=e.citizen, valid_from=off, benefit=benefit("lon"))
            record_exit(e, on=off, outcome="ordinary_employment", hours="37")
    for e, weeks in ((a, 4), (b, 2)):
        for k in range(weeks):
            AttendanceWeek.objects.create(enrolment=e, week=D(2025, 1, 6) + datetime.timedelta(weeks=k),
                                          planned_hours=10, attended_hours=10)
    AttendanceWeek.objects.create(enrolment=a, week=D(2025, 2, 3), planned_hours=10, unexcused_hours=10)
    return w


def test_each_citizens_saving_by_refund_step_comes_from_their_own_history(small, world):
    run = run_plan_vs_actual(by=world.users[Role.ANALYST], contract=small.contract, as_of=D(2025, 4, 30))
    r = run.result
    assert r["actual_months"] == 4
    assert r["actual"]["programme_costs"]["kolding"][:4] == ["-7200.00", "0.00", "0.00", "0.00"]
    assert r["actual"]["benefit_savings"]["kolding"][:4] == ["0.00", "7800.00", "22500.00", "18000.00"]
    assert r["actual"]["benefit_savings"]["staten"][:4] == ["0.00", "4200.00", "7500.00", "6000.00"]
    assert r["cumulative"]["kolding"]["actual"][:4] == ["-7200.00", "600.00", "23100.00", "41100.00"]
    assert r["gain"] == "41100.00" and r["verdict"] == "gain"
    assert r["funds_next_round"] is True and r["next_round_cost"] == "7200.00"
    (cohort,) = r["cohorts"]
    assert (cohort["cohort"], cohort["participants"], cohort["forecast_participants"]) == ("2025-H1", 3, 2)
    assert cohort["weeks_off_support"] == 9 + 13
    assert (cohort["exits"], cohort["into_work"]) == (2, 2)
    assert run.kind == RunKind.PLAN_VS_ACTUAL and run.total == Decimal("41100.00")


def test_the_page_gives_the_verdict_in_words_with_danish_party_names(small, world, client_for):
    run = run_plan_vs_actual(by=world.users[Role.ANALYST], contract=small.contract, as_of=D(2025, 4, 30))
    page = client_for(world.users[Role.ANALYST]).get(reverse("contracts:run", args=[run.public_id])).content.decode()
    assert "økonomisk gevinst for Kolding Kommune på 41.100,00 kr." in page
    assert "Staten" in page and "Sparede ydelser" in page
    assert ">kolding<" not in page and ">staten<" not in page


def test_the_page_and_exports_are_only_for_those_who_see_the_contract(small, world, client_for):
    run = run_plan_vs_actual(by=world.users[Role.ANALYST], contract=small.contract, as_of=D(2025, 4, 30))
    url = reverse("contracts:run", args=[run.public_id])
    assert client_for(world.outsiders[Role.ANALYST]).get(url).status_code == 404
    xlsx = client_for(world.users[Role.ANALYST]).get(reverse("contracts:export", args=[run.public_id, "xlsx"]))
    assert xlsx.status_code == 200


def test_running_again_on_unchanged_records_gives_the_same_fingerprint_and_a_new_status_changes_it(small, world):
    by = world.users[Role.ANALYST]
    first = run_plan_vs_actual(by=by, contract=small.contract, as_of=D(2025, 4, 30))
    again = run_plan_vs_actual(by=by, contract=small.contract, as_of=D(2025, 4, 30))
    assert first.input_fingerprint == again.input_fingerprint
    c = small.enrolments[2].citizen
    citizen_status_add(by=world.users[Role.CASEWORKER], citizen=c, valid_from=D(2025, 4, 1), benefit=benefit("lon"))
    changed = run_plan_vs_actual(by=by, contract=small.contract, as_of=D(2025, 4, 30))
    assert changed.input_fingerprint != first.input_fingerprint
    assert Decimal(changed.result["gain"]) > Decimal(first.result["gain"])


def test_the_recorded_rows_are_read_in_a_constant_number_of_queries(small, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contracts import adapter
    from contracts.services import enrolments_of, validate_yaml
    from pathways.testing import enrol

    parsed = validate_yaml(YAML)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            adapter.recorded_data(enrolments_of(small.contract), cohort_by=CohortBy.HALF_YEAR, contract=parsed,
                                  as_of=D(2025, 4, 30))
        return len(queries)

    before = count()
    team = small.programme.teams.get()
    for i in range(4):
        e = enrol(caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, team=team, start=D(2025, 1, 6),
                  accepted_by=world.users[Role.PROVIDER], name=f"Ekstra {i}")
        citizen_status_add(by=world.users[Role.CASEWORKER], citizen=e.citizen, valid_from=D(2024, 6, 3),
                           benefit=benefit("kontanthjaelp"))
        AttendanceWeek.objects.create(enrolment=e, week=D(2025, 1, 6), planned_hours=10, attended_hours=10)
    assert count() == before
