"""The contract: frozen domain types a platform can build directly, or load from YAML.

Money is :class:`~decimal.Decimal` kroner with at most two decimals (whole øre). Shares are
``Decimal`` fractions that add up to exactly 1 per outcome. Dates are :class:`datetime.date`.
See ``docs/algorithms/outcome-payments.md`` for what each field means in settlement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

__all__ = [
    "BusinessCaseSpec",
    "CapSharing",
    "ThresholdBasis",
    "CohortTerm",
    "Companies",
    "Contract",
    "Distribution",
    "DropOff",
    "ExpectedPayment",
    "FixedCost",
    "Intake",
    "OutcomeDefinition",
    "Party",
    "Payer",
    "Phase",
    "Schedule",
    "Shares",
    "StairStep",
    "Stream",
    "DANISH_REFUND_STAIRCASE",
    "UNCERTAIN_INPUTS",
]

Shares = tuple[tuple[str, Decimal], ...]
"""Payer id and share of an amount, in the order the payers are listed in the contract."""

Frequency = Literal["monthly", "quarterly", "semi-annual", "annual"]
CapSharing = Literal["by_date", "pro_rata"]
"""How claimants share a binding contract-wide cap (see :mod:`outcomes.caps`)."""


@dataclass(frozen=True)
class Party:
    id: str
    name: str


@dataclass(frozen=True)
class Payer:
    """A party that pays outcome payments; ``cap`` limits what it pays over the contract."""

    id: str
    name: str
    role: str = "other"
    cap: Decimal | None = None


@dataclass(frozen=True)
class OutcomeDefinition:
    """One line of the rate card.

    ``price`` is paid per recorded ``event`` of a participant, subject to the rules in this
    order: outcome window, ``requires`` (each listed outcome must have been achieved on or
    before the event date), ``exclusive_group`` (only the highest price in the group is paid
    per participant, as top-ups), ``max_per_participant``, ``cap_per_participant`` (this
    outcome's total for one participant) and ``cap`` (this outcome's total over the contract).
    """

    id: str
    price: Decimal
    event: str
    description: str = ""
    requires: tuple[str, ...] = ()
    exclusive_group: str | None = None
    max_per_participant: int = 1
    cap_per_participant: Decimal | None = None
    cap: Decimal | None = None
    payers: Shares = ()


ThresholdBasis = Literal["absolute", "relative"]
"""``absolute``: the improvement per participant; ``relative``: the improvement as a percent of
the reference (the impact-bond form "at least 10 % fewer events than the comparison group")."""


@dataclass(frozen=True)
class CohortTerm:
    """Payment for a cohort's improvement over a baseline or a comparison group.

    ``kind="rate"``: the share of participants with at least one ``event`` in their window.
    Improvement in participant-equivalents = (rate − reference rate) × participants; the
    amount is improvement × ``price``.

    ``kind="frequency"``: events (``measure="count"``) or the sum of their values
    (``measure="value"``) per participant, where fewer is better. Improvement in units =
    (reference mean − cohort mean) × participants; the amount is improvement × ``price``.

    Thresholds, by basis: ``absolute`` compares the improvement per participant — percentage
    points for rates (``5`` = 5 points; a contract file writes ``0.05`` or ``5 %``), units per
    participant for frequencies; ``relative`` compares the improvement as a percent of the
    reference (``10`` = at least 10 % fewer events than the comparison group, or a rate 10 %
    above it; a contract file writes ``{relative: 10 %}``).

    A cohort meeting ``threshold`` is paid ``early_share`` of its amount when its last
    window closes; the pooled result over all cohorts, if it meets ``pooled_threshold``,
    is paid at the end less what was paid early, never below zero.
    """

    id: str
    kind: Literal["rate", "frequency"]
    event: str
    price: Decimal
    description: str = ""
    measure: Literal["count", "value"] = "count"
    baseline: Decimal | None = None
    comparison_group: str | None = None
    threshold: Decimal = Decimal(0)
    early_share: Decimal = Decimal(0)
    pooled_threshold: Decimal = Decimal(0)
    cap: Decimal | None = None
    payers: Shares = ()
    threshold_basis: ThresholdBasis = "absolute"
    pooled_threshold_basis: ThresholdBasis = "absolute"


@dataclass(frozen=True)
class Schedule:
    """Payments fall due ``due_days`` after the end of the period containing the evidence
    date (event date + ``verification_lag_days``). Periods follow the calendar."""

    frequency: Frequency = "quarterly"
    due_days: int = 30
    verification_lag_days: int = 0


@dataclass(frozen=True)
class StairStep:
    from_week: int
    refund: Decimal


DANISH_REFUND_STAIRCASE: tuple[StairStep, ...] = (
    StairStep(1, Decimal("0.80")),
    StairStep(5, Decimal("0.40")),
    StairStep(27, Decimal("0.30")),
    StairStep(53, Decimal("0.20")),
)
"""The state's refund of benefits by week on public support (weeks 1–4: 80 %, 5–26: 40 %,
27–52: 30 %, from 53: 20 %)."""


@dataclass(frozen=True)
class Distribution:
    """A distribution of an uncertain input: ``fixed`` (value), ``uniform`` (min, max),
    ``triangular`` (min, mode, max), ``normal`` (mean, sd, optional min/max clip),
    ``lognormal`` (median, sigma) or ``beta`` (alpha, beta; a rate calibrated on counts)."""

    kind: Literal["fixed", "uniform", "triangular", "normal", "lognormal", "beta"]
    params: tuple[tuple[str, float], ...]

    def param(self, name: str, default: float | None = None) -> float:
        for k, v in self.params:
            if k == name:
                return v
        if default is None:
            raise KeyError(name)
        return default


UNCERTAIN_INPUTS = (
    "employment_rate",
    "deadweight",
    "drop_off",
    "benefit_per_month",
    "cost_factor",
    "prior_weeks_on_support",
)
"""Names of the inputs the ``uncertainty`` section may give a distribution."""


@dataclass(frozen=True)
class Intake:
    month: int
    participants: int
    cohort: str = ""


@dataclass(frozen=True)
class Phase:
    """A programme phase: planned ``months`` at ``cost_per_participant_month`` (the forecast);
    recorded attendance is costed at ``cost_per_week`` per week attended, by default the
    monthly price × 12/52 rounded to the øre."""

    name: str
    months: int
    cost_per_participant_month: Decimal
    payer: str
    cost_per_week: Decimal | None = None

    @property
    def weekly_price(self) -> Decimal:
        if self.cost_per_week is not None:
            return self.cost_per_week
        return (self.cost_per_participant_month * 12 / 52).quantize(Decimal("0.01"), ROUND_HALF_EVEN)


@dataclass(frozen=True)
class FixedCost:
    """A lump ``amount`` in ``month``, or ``per_month`` from ``from_month`` to ``to_month``
    inclusive."""

    name: str
    payer: str
    amount: Decimal = Decimal(0)
    month: int = 0
    per_month: Decimal = Decimal(0)
    from_month: int = 0
    to_month: int = -1


@dataclass(frozen=True)
class Companies:
    """The company programme (accelerator): ``count`` × ``cost_per_company`` spread evenly
    over ``months`` from ``start_month``."""

    count: int
    cost_per_company: Decimal
    payer: str
    months: int = 12
    start_month: int = 0


@dataclass(frozen=True)
class DropOff:
    """Retention in work after the first month: ``annual`` exponential drop-off, or a table of
    retention at given weeks (linear between points, 1.0 at week 0), continued with
    ``annual`` after the last point if both are given."""

    annual: float = 0.0
    retention_weeks: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True)
class Stream:
    """Another saving (or, if negative, cost) per net person-month in work, for ``party``."""

    name: str
    per_person_month: Decimal
    party: str


@dataclass(frozen=True)
class ExpectedPayment:
    """How the business case expects an outcome to be paid: when a participant in work has
    been so for ``months_in_work`` months (``months_in_work=0``: at job start), or for a
    ``share`` of participants ``month`` months after their start."""

    outcome: str
    months_in_work: int | None = None
    share: float | None = None
    month: int | None = None


@dataclass(frozen=True)
class BusinessCaseSpec:
    horizon_months: int
    discount_rate: float
    municipality: str
    intake: tuple[Intake, ...]
    employment_rate: float
    benefit_per_month: Decimal
    start: date | None = None
    state: str = "state"
    phases: tuple[Phase, ...] = ()
    fixed_costs: tuple[FixedCost, ...] = ()
    companies: Companies | None = None
    deadweight: float = 0.0
    onset_month: int | None = None
    drop_off: DropOff = DropOff()
    prior_weeks_on_support: float = 0.0
    refund_staircase: tuple[StairStep, ...] = DANISH_REFUND_STAIRCASE
    other_streams: tuple[Stream, ...] = ()
    expected_payments: tuple[ExpectedPayment, ...] = ()
    next_round_cost: Decimal | None = None

    @property
    def onset(self) -> int:
        """Month after a participant's start from which employment can begin."""
        if self.onset_month is not None:
            return self.onset_month
        return sum(p.months for p in self.phases)

    @property
    def participants(self) -> int:
        return sum(i.participants for i in self.intake)


@dataclass(frozen=True)
class Contract:
    """An outcome contract. Build it directly or with :func:`outcomes.load_contract`."""

    name: str
    currency: str
    period_start: date
    period_end: date
    window_days: int
    payers: tuple[Payer, ...]
    recipient: Party
    outcomes: tuple[OutcomeDefinition, ...] = ()
    cohort_terms: tuple[CohortTerm, ...] = ()
    events: tuple[str, ...] = ()
    participant_cap: Decimal | None = None
    total_cap: Decimal | None = None
    cap_sharing: CapSharing = "by_date"
    schedule: Schedule = Schedule()
    business_case: BusinessCaseSpec | None = None
    uncertainty: Mapping[str, Distribution] = field(default_factory=dict)
    description: str = ""

    @property
    def known_events(self) -> frozenset[str]:
        """Events an outcomes file may contain: declared ones and those the terms use."""
        return frozenset(self.events) | {o.event for o in self.outcomes} | {t.event for t in self.cohort_terms}

    def outcome(self, outcome_id: str) -> OutcomeDefinition:
        for o in self.outcomes:
            if o.id == outcome_id:
                return o
        raise KeyError(outcome_id)

    def shares_of(self, item: OutcomeDefinition | CohortTerm) -> Shares:
        """The item's payer shares; an item without shares is paid wholly by the first payer."""
        return item.payers or ((self.payers[0].id, Decimal(1)),)

    def __hash__(self) -> int:
        return hash((self.name, self.period_start, self.outcomes, self.cohort_terms))
