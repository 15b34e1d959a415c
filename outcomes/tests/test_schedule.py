"""Periods in arrears and due dates, with a verification lag."""

from __future__ import annotations

from datetime import date

import numpy as np

from outcomes import Schedule
from outcomes.schedule import due_date, period_label, periods
from outcomes.tests.helpers import run


def test_quarterly_in_arrears_with_a_verification_lag() -> None:
    body = ("outcomes:\n  - {id: job_start, price: 10000, event: job_start, max_per_participant: 5}\n"
            "schedule: {frequency: quarterly, due_days: 30, verification_lag_days: 14}\n")
    s = run(body, "P1,2025,2025-01-01,job_start,2025-03-10\nP1,2025,2025-01-01,job_start,2025-03-20\n")
    got = [(ln.event_date, ln.evidence_date, ln.period, ln.due_date) for ln in s.lines]
    assert got == [
        (date(2025, 3, 10), date(2025, 3, 24), "2025-Q1", date(2025, 4, 30)),
        (date(2025, 3, 20), date(2025, 4, 3), "2025-Q2", date(2025, 7, 30)),
    ]
    assert s.total_due == s.total
    early = run(body, "P1,2025,2025-01-01,job_start,2025-03-10\n", as_of=date(2025, 4, 15))
    assert str(early.total_due) == "0.00" and str(early.total) == "10000.00"


def test_period_labels_and_due_dates_for_every_frequency() -> None:
    d = date(2025, 8, 15)
    cases = {"monthly": ("2025-08", date(2025, 9, 10)), "quarterly": ("2025-Q3", date(2025, 10, 10)),
             "semi-annual": ("2025-H2", date(2026, 1, 10)), "annual": ("2025", date(2026, 1, 10))}
    for freq, (label, due) in cases.items():
        sch = Schedule(freq, due_days=10)  # type: ignore[arg-type]
        p, _ = periods(np.array([d.toordinal()], dtype=np.int64), sch)
        assert period_label(int(p[0]), sch) == label
        assert due_date(d, sch) == due


def test_a_leap_day_falls_in_its_month() -> None:
    sch = Schedule("monthly", due_days=0)
    assert due_date(date(2028, 2, 29), sch) == date(2028, 2, 29)
