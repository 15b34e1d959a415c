"""Payment schedule: calendar periods in arrears and due dates, vectorised.

The evidence date of a payment is its event date plus the verification lag. The payment
belongs to the calendar period (month, quarter, half-year or year) containing the evidence
date and falls due ``due_days`` after the last day of that period::

    evidence = event_date + verification_lag_days
    period   = the period containing evidence
    due      = last day of period + due_days
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from .contract import Schedule

__all__ = ["MONTHS_PER_PERIOD", "due_date", "period_bounds", "period_label", "periods"]

IntArray = npt.NDArray[np.int64]
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "semi-annual": 6, "annual": 12}
_EPOCH = date(1970, 1, 1).toordinal()


def periods(evidence_ordinals: IntArray, schedule: Schedule) -> tuple[IntArray, IntArray]:
    """Period index (months since 1970-01 divided by the period length) and due-date ordinal
    for each evidence date (as ``date.toordinal()``)."""
    n = evidence_ordinals.shape[0]
    if n > 1000:  # many lines over few days: compute each day once and look it up
        lo, hi = int(evidence_ordinals.min()), int(evidence_ordinals.max())
        if hi - lo + 1 < n // 4:
            period, due = periods(np.arange(lo, hi + 1, dtype=np.int64), schedule)
            return period[evidence_ordinals - lo], due[evidence_ordinals - lo]
    step = MONTHS_PER_PERIOD[schedule.frequency]
    days = (evidence_ordinals - _EPOCH).astype("datetime64[D]")
    months = days.astype("datetime64[M]").astype(np.int64)
    period = months // step
    next_start = ((period + 1) * step).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    due = next_start - 1 + _EPOCH + schedule.due_days
    return period.astype(np.int64), due.astype(np.int64)


def period_label(period: int, schedule: Schedule) -> str:
    """``2025-03`` (monthly), ``2025-Q1``, ``2025-H1`` or ``2025`` (annual)."""
    step = MONTHS_PER_PERIOD[schedule.frequency]
    first_month = period * step
    year, month0 = 1970 + first_month // 12, first_month % 12
    if step == 1:
        return f"{year}-{month0 + 1:02d}"
    if step == 3:
        return f"{year}-Q{month0 // 3 + 1}"
    if step == 6:
        return f"{year}-H{month0 // 6 + 1}"
    return f"{year}"


def period_bounds(period: int, schedule: Schedule) -> tuple[date, date]:
    """First and last day of a period index (as returned by :func:`periods`)."""
    step = MONTHS_PER_PERIOD[schedule.frequency]

    def first(p: int) -> date:
        m = p * step
        return date(1970 + m // 12, m % 12 + 1, 1)

    return first(period), first(period + 1) - timedelta(days=1)


def due_date(evidence: date, schedule: Schedule) -> date:
    """The due date for one evidence date (scalar form of :func:`periods`)."""
    _, due = periods(np.array([evidence.toordinal()], dtype=np.int64), schedule)
    return date.fromordinal(int(due[0]))


def evidence_date(event: date, schedule: Schedule) -> date:
    return event + timedelta(days=schedule.verification_lag_days)
