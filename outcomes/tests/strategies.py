"""Hypothesis strategies: small rate-card contracts and outcome rows for them."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from outcomes import Contract, OutcomeDefinition, OutcomeRecord, Party, Payer, Schedule
from outcomes.contract import Decimal

EVENTS = ("a", "b", "c", "d")
START = date(2025, 1, 1)


@st.composite
def contracts(draw: st.DrawFn) -> Contract:
    money = st.integers(min_value=0, max_value=50_000).map(lambda x: Decimal(x) / 2)
    opt_cap = st.none() | money
    outcomes = []
    for i, ev in enumerate(EVENTS):
        requires = ("o0",) if i == 1 and draw(st.booleans()) else ()
        outcomes.append(OutcomeDefinition(
            id=f"o{i}", price=draw(money), event=ev, requires=requires,
            exclusive_group="g" if i >= 2 and draw(st.booleans()) else None,
            max_per_participant=draw(st.integers(1, 3)), cap_per_participant=draw(opt_cap), cap=draw(opt_cap),
            payers=(("k", Decimal("0.7")), ("f", Decimal("0.3"))) if draw(st.booleans()) else (),
        ))
    return Contract(
        name="prop", currency="DKK", period_start=START, period_end=date(2025, 12, 31),
        window_days=draw(st.integers(30, 400)),
        payers=(Payer("k", "Kommune", cap=draw(opt_cap)), Payer("f", "Fond", cap=draw(opt_cap))),
        recipient=Party("r", "R"), outcomes=tuple(outcomes),
        participant_cap=draw(opt_cap), total_cap=draw(opt_cap),
        cap_sharing=draw(st.sampled_from(["by_date", "pro_rata"])),
        schedule=Schedule(draw(st.sampled_from(["monthly", "quarterly", "semi-annual", "annual"]))),
    )


@st.composite
def records(draw: st.DrawFn, max_size: int = 40) -> list[OutcomeRecord]:
    n_people = draw(st.integers(1, 6))
    starts = [START + timedelta(days=draw(st.integers(0, 60))) for _ in range(n_people)]
    rows = [OutcomeRecord(f"p{i}", "c", starts[i]) for i in range(n_people)]
    for _ in range(draw(st.integers(0, max_size))):
        i = draw(st.integers(0, n_people - 1))
        rows.append(OutcomeRecord(f"p{i}", "c", starts[i], draw(st.sampled_from(EVENTS)),
                                  START + timedelta(days=draw(st.integers(-10, 500)))))
    return rows
