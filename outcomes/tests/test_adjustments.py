"""Settlement with memory: adjustment lines against what earlier approved runs paid, never a
rewritten history. Worked in the algorithm doc, section 10."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes import Contract, OutcomeRecord, Outcomes, PaidLine, adjust, settle
from outcomes.tests.helpers import contract
from outcomes.tests.strategies import contracts, records

JOB = "outcomes:\n  - {id: job_start, price: 10000, event: job_start}\n"
HEAD = "participant_id,cohort,start_date,event,event_date\n"


def _settle(c: Contract, csv: str, as_of: date):  # type: ignore[no-untyped-def]
    from outcomes import read_outcomes

    return settle(c, read_outcomes(HEAD + csv, c.known_events), as_of)


def _adj(a):  # type: ignore[no-untyped-def]
    return [(ln.subject, ln.outcome, ln.event_date.isoformat(), str(ln.amount), ln.kind, ln.reason) for ln in a.lines]


def test_a_late_outcome_dated_earlier_is_paid_and_the_line_it_displaces_is_clawed_back() -> None:
    c = contract(JOB + "caps: {total: 25000}\n")
    first = _settle(c, "P2,A,2025-01-01,job_start,2025-03-02\nP3,A,2025-01-01,job_start,2025-03-03\n", date(2025, 3, 31))
    assert first.total == Decimal(20000)
    # P1's job start on 1 March is recorded only in April: it comes first under the cap
    late = _settle(c, "P1,A,2025-01-01,job_start,2025-03-01\nP2,A,2025-01-01,job_start,2025-03-02\n"
                      "P3,A,2025-01-01,job_start,2025-03-03\n", date(2025, 4, 30))
    a = adjust(first.lines, late)
    assert _adj(a) == [("P1", "job_start", "2025-03-01", "10000.00", "payment", "new"),
                       ("P3", "job_start", "2025-03-03", "-5000.00", "clawback", "total_cap")]
    assert (a.paid_before, a.extra, a.clawback, a.total) == (Decimal(20000), Decimal(10000), Decimal(5000),
                                                             Decimal(5000))
    assert a.paid_before + a.total == late.total == Decimal(25000)
    assert a.lines[0].due_date == date(2025, 4, 30)  # overdue at once; the clawback is set off now too
    assert a.lines[1].detail == "the contract's total cap reached"


TWO = ("outcomes:\n  - {id: ordinary_job, price: 25000, event: ordinary_job_start}\n"
       "  - {id: job_6m, price: 35000, event: in_work_26w, requires: [ordinary_job]}\n")
RECORDED = "P1,A,2025-01-01,ordinary_job_start,2025-03-01\nP1,A,2025-01-01,in_work_26w,2025-08-30\n"


def test_a_corrected_exit_claws_back_the_job_and_the_outcome_that_required_it() -> None:
    c = contract(TWO)
    first = _settle(c, RECORDED, date(2025, 9, 30))
    assert first.total == Decimal(60000)
    # The exit is corrected: a wage-subsidised job, not an ordinary one. The 26-week follow-up stays.
    corrected = _settle(c, "P1,A,2025-01-01,in_work_26w,2025-08-30\n", date(2025, 10, 31))
    a = adjust(first.lines, corrected)
    assert _adj(a) == [("P1", "ordinary_job", "2025-03-01", "-25000.00", "clawback", "withdrawn"),
                       ("P1", "job_6m", "2025-08-30", "-35000.00", "clawback", "prerequisite")]
    assert a.paid_before + a.total == corrected.total == Decimal(0)


def test_a_corrected_exit_date_reverses_the_old_line_and_pays_the_new_one() -> None:
    c = contract(TWO)
    first = _settle(c, RECORDED, date(2025, 9, 30))
    moved = _settle(c, RECORDED.replace("2025-03-01", "2025-03-15"), date(2025, 10, 31))
    a = adjust(first.lines, moved)
    assert _adj(a) == [("P1", "ordinary_job", "2025-03-15", "25000.00", "payment", "new"),
                       ("P1", "ordinary_job", "2025-03-01", "-25000.00", "clawback", "withdrawn")]
    assert a.total == 0


def test_approved_adjustments_count_as_paid_in_the_next_run() -> None:
    c = contract(JOB + "caps: {total: 25000}\n")
    first = _settle(c, "P2,A,2025-01-01,job_start,2025-03-02\nP3,A,2025-01-01,job_start,2025-03-03\n", date(2025, 3, 31))
    late = _settle(c, "P1,A,2025-01-01,job_start,2025-03-01\nP2,A,2025-01-01,job_start,2025-03-02\n"
                      "P3,A,2025-01-01,job_start,2025-03-03\n", date(2025, 4, 30))
    paid = [*first.lines, *adjust(first.lines, late).lines]
    assert adjust(paid, late).lines == ()  # nothing new: nothing to adjust


def _per_key(lines) -> dict[tuple[str, str, str, str, date], Decimal]:  # type: ignore[no-untyped-def]
    out: dict[tuple[str, str, str, str, date], Decimal] = defaultdict(Decimal)
    for ln in lines:
        out[PaidLine.of(ln).key] += ln.amount
    return {k: v for k, v in out.items() if v != 0}


AS_OF = date(2027, 1, 1)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[OutcomeRecord], list[OutcomeRecord], list[OutcomeRecord]]:
    """Three states of the recorded data: the first run's, a later one with late rows and
    corrections (rows removed or moved), and a third with more of both."""
    rows = draw(records())
    enrol = [r for r in rows if r.event is None]
    events = [r for r in rows if r.event is not None]
    states = []
    current = events
    for _ in range(3):
        kept = [r for r in current if draw(st.integers(0, 9)) > 0]  # ~10 % corrected away
        moved = [r.__class__(r.participant_id, r.cohort, r.start_date, r.event,
                             r.event_date - timedelta(days=draw(st.integers(0, 60))))  # type: ignore[operator]
                 for r in kept if draw(st.integers(0, 9)) == 0]
        late = draw(records())
        late = [r for r in late if r.event is not None and r.participant_id in {e.participant_id for e in enrol}]
        late = [OutcomeRecord(r.participant_id, *next((e.cohort, e.start_date) for e in enrol
                                                     if e.participant_id == r.participant_id), r.event, r.event_date)
                for r in late]
        current = kept + moved + late
        states.append(enrol + current)
    first = [*enrol, *[r for r in events if draw(st.booleans())]]
    return first, states[0], states[1]


@settings(max_examples=120, deadline=None)
@given(contracts(), histories())
def test_earlier_payments_plus_adjustments_always_equal_a_fresh_settlement(
        c: Contract, history: tuple[list[OutcomeRecord], list[OutcomeRecord], list[OutcomeRecord]]) -> None:
    paid: list[object] = []
    for i, rows in enumerate(history):
        fresh = settle(c, Outcomes.from_records(rows), AS_OF + timedelta(days=i))
        a = adjust(paid, fresh)  # type: ignore[arg-type]
        assert all(ln.amount != 0 and (ln.amount > 0) == (ln.kind == "payment") for ln in a.lines)
        paid += a.lines
        assert _per_key(paid) == _per_key(fresh.lines)
        assert sum((ln.amount for ln in paid), Decimal(0)) == fresh.total  # type: ignore[attr-defined]
