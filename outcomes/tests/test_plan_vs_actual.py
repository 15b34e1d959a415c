"""Plan against actual on a small cohort, every number by hand: each citizen's saving by refund
step from their own benefit history, costs from weeks attended, payments made, the verdict.
Worked in the algorithm doc, section 11."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from outcomes import load_contract
from outcomes.actuals import PlanVsActual, plan_vs_actual
from outcomes.records import (
    ActualCost,
    ActualPayment,
    AttendedWeeks,
    ExitRecord,
    FollowUpRecord,
    Participation,
    RecordedData,
    RecordsError,
    SupportSpell,
)
from outcomes.tests.helpers import HEADER

CONTRACT = HEADER + """\
payers: [{id: kommune, name: Kommune, role: municipality}]
outcomes:
  - {id: job_start, price: 25000, event: job_start}
business_case:
  start: "2025-01-01"
  horizon_months: 12
  discount_rate: 0
  municipality: kommune
  state: staten
  intake: [{month: 0, participants: 2, cohort: 2025-H1}, {month: 1, participants: 1, cohort: 2025-H2}]
  phases: [{name: Forløb, months: 3, cost_per_participant_month: 4333, cost_per_week: 1000}]
  effect: {employment_rate: 0.5, deadweight: DEADWEIGHT}
  savings: {benefit_per_month: 13000}      # a week's benefit: 13 000 × 12 / 52 = 3 000
  expected_payments: [{outcome: job_start, months_in_work: 0}]
"""
MONDAY = date(2025, 1, 6)
AS_OF = date(2025, 6, 30)


def _data() -> RecordedData:
    return RecordedData.from_rows(
        [Participation("A1", "2025-H1", MONDAY), Participation("A2", "2025-H1", MONDAY),
         Participation("A3", "2025-H2", date(2025, 2, 3))],
        attendance=[AttendedWeeks("A1", "Forløb", date(2025, 1, 1), 4), AttendedWeeks("A1", "Forløb", date(2025, 2, 1), 4),
                    AttendedWeeks("A1", "Forløb", date(2025, 3, 1), 3), AttendedWeeks("A2", "Forløb", date(2025, 1, 1), 4),
                    AttendedWeeks("A2", "Forløb", date(2025, 2, 1), 2), AttendedWeeks("A3", "Forløb", date(2025, 2, 1), 3)],
        exits=[ExitRecord("A1", date(2025, 3, 31), into_work=True)],
        follow_ups=[FollowUpRecord("A1", 13, in_work=True)],
        spells=[
            # A1: 13 weeks on support before the start (7 Oct – 5 Jan), off from 31 March
            SupportSpell("A1", date(2024, 10, 7), date(2025, 3, 30)),
            # A2: 105 weeks before the start, a benefit of 10 400 a month (2 400 a week), off from 26 May
            SupportSpell("A2", date(2023, 1, 2), date(2025, 5, 25), Decimal("10400")),
            # A3 has no spell: not on public support at the start, so no saving to count
        ],
        payments=[ActualPayment("kommune", date(2025, 5, 15), Decimal(25000), "2025-H1")],
        costs=[ActualCost("kommune", date(2025, 2, 1), Decimal(5000), "Koordinering")],
    )


def _plan(deadweight: str = "0") -> PlanVsActual:
    return plan_vs_actual(load_contract(CONTRACT.replace("DEADWEIGHT", deadweight)), _data(), AS_OF)


def test_each_citizens_saving_by_refund_step_from_their_own_history() -> None:
    p = _plan()
    a1 = p.citizen("A1")
    # weeks 12–25 after the start are off support; on support they would have been in weeks
    # 13 + 12 + 1 = 26 (refund 40 %) and 27–39 (30 %)
    assert (a1.on_support_at_start, a1.prior_weeks, a1.weekly_benefit) == (True, 13, Decimal("3000.00"))
    assert a1.weeks_off == (0, 1, 13, 0)
    assert a1.municipality == (Decimal(0), Decimal(1800), Decimal(27300), Decimal(0))  # 1 800 + 13 × 2 100
    assert a1.state == (Decimal(0), Decimal(1200), Decimal(11700), Decimal(0))
    a2 = p.citizen("A2")
    assert (a2.prior_weeks, a2.weekly_benefit, a2.weeks_off) == (105, Decimal("2400.00"), (0, 0, 0, 6))
    assert (a2.municipality[3], a2.state[3]) == (Decimal(11520), Decimal(2880))  # 6 × (1 920 + 480) at 20 %
    a3 = p.citizen("A3")
    assert (a3.on_support_at_start, a3.weeks_off) == (False, (0, 0, 0, 0))


def test_monthly_actuals_per_stream_and_party() -> None:
    p = _plan()
    assert p.actual_months == 6 and p.month_labels[:2] == ["2025-01", "2025-02"]
    six = slice(0, 6)
    # programme: Jan 8 weeks, Feb 9, Mar 3, at 1 000 a week; coordination 5 000 in February
    assert p.actual["programme_costs"]["kommune"][six].tolist() == [-800000, -900000, -300000, 0, 0, 0]
    assert p.actual["other_costs"]["kommune"][six].tolist() == [0, -500000, 0, 0, 0, 0]
    # savings (øre): March 1 800; April 4 × 2 100; May 4 × 2 100 + 1 920 (A2); June 5 × 2 100 + 5 × 1 920
    assert p.actual["benefit_savings"]["kommune"][six].tolist() == [0, 0, 180000, 840000, 1032000, 2010000]
    assert p.actual["benefit_savings"]["staten"][six].tolist() == [0, 0, 120000, 360000, 408000, 690000]
    assert p.actual["outcome_payments"]["kommune"][six].tolist() == [0, 0, 0, 0, -2500000, 0]
    assert p.actual["outcome_payments"]["aktor"][six].tolist() == [0, 0, 0, 0, 2500000, 0]
    assert p.net("kommune")[six].tolist() == [-800000, -1400000, -120000, 840000, -1468000, 2010000]
    assert not p.actual["benefit_savings"]["kommune"][6:].any()  # no actuals after as-of
    assert p.gross_savings["kommune"].sum() == 40620 * 100


def test_the_verdict_and_the_next_round_from_actuals() -> None:
    p = _plan()
    # 40 620 saved − 20 000 programme − 5 000 coordination − 25 000 paid = −9 380
    assert (p.gain, p.verdict) == (Decimal("-9380.00"), "loss")
    assert p.to_date("staten") == Decimal("15780.00")
    assert p.next_round_cost == Decimal("25000.00") and not p.funds_next_round
    assert p.stream_to_date("benefit_savings", "kommune") == Decimal("40620.00")


def test_each_cohort_beside_the_forecast_of_its_intakes() -> None:
    h1, h2 = _plan().cohorts
    assert (h1.cohort, h1.participants, h1.forecast_participants) == ("2025-H1", 2, 2)
    assert (h1.programme_cost, h1.forecast_programme_cost) == (Decimal(17000), Decimal(25998))  # 2 × 3 × 4 333
    assert h1.savings == {"kommune": Decimal(40620), "staten": Decimal(15780)} and h1.weeks_off_support == 20
    assert (h1.exits, h1.into_work, h1.employment, h1.in_work_after[13]) == (1, 1, (1, 2), (1, 1))
    assert (h2.participants, h2.programme_cost, h2.savings["kommune"]) == (1, Decimal(3000), Decimal(0))
    # the forecast: 2 × 0.5 in work from month 3, at 13 000 × (1 − refund)
    assert h1.forecast_savings["kommune"] > 0


def test_savings_are_attributed_net_of_the_deadweight_per_month() -> None:
    p = _plan("0.1")
    assert p.actual["benefit_savings"]["kommune"][:6].tolist() == [0, 0, 162000, 756000, 928800, 1809000]
    assert p.gross_savings["kommune"][:6].tolist() == [0, 0, 180000, 840000, 1032000, 2010000]


def test_the_forecast_of_the_same_months_stands_beside() -> None:
    p = _plan()
    assert np.array_equal(p.forecast["programme_costs"]["kommune"][:4], [-866600, -1299900, -1299900, -433300])
    assert p.to_date("kommune", "forecast") < 0  # the plan had not broken even by June either


def test_rows_that_do_not_fit_name_their_kind_row_and_field() -> None:
    with pytest.raises(RecordsError) as exc:
        RecordedData.from_rows([Participation("A1", "H1", MONDAY)],
                               spells=[SupportSpell("A9", MONDAY), SupportSpell("A1", MONDAY, date(2024, 1, 1))],
                               follow_ups=[FollowUpRecord("A1", 12, True)])
    assert [str(i) for i in exc.value.issues] == [
        "row 1, column 'weeks': follow-up: 12 is not one of 13, 26, 52 weeks",
        "row 1, column 'citizen_id': support spell: unknown citizen 'A9'",
        "row 2, column 'end': support spell: ends 2024-01-01, before it starts 2025-01-06",
    ]
    data = RecordedData.from_rows([Participation("A1", "H1", MONDAY)],
                                  attendance=[AttendedWeeks("A1", "Forlob", MONDAY, 1)])
    with pytest.raises(RecordsError, match="unknown phase 'Forlob'"):
        plan_vs_actual(load_contract(CONTRACT.replace("DEADWEIGHT", "0")), data, AS_OF)
