"""Brobyg outcome-payments engine: payment-by-results contracts, settled and simulated.

A framework-free package (numpy, PyYAML, jsonschema): no Django inside. Load a contract with
:func:`load_contract`, outcomes with :func:`read_outcomes` (or build :class:`Outcomes` from
:class:`OutcomeRecord` rows), then :func:`settle`, :func:`business_case` and :func:`simulate`.
Against what was paid: :func:`adjust`; from recorded rows (:class:`RecordedData`):
:func:`plan_vs_actual`, :func:`observed_rates` and :func:`calibrate`; for exchange:
:func:`indigo_project`.
Algorithms and worked examples: ``docs/algorithms/outcome-payments.md``.
"""

from .actuals import CitizenSaving, CohortComparison, PlanVsActual, plan_vs_actual
from .adjustments import AdjustmentLine, Adjustments, PaidLine, adjust
from .business_case import BusinessCase, business_case
from .calibration import CalibratedInput, Calibration, Observed, ObservedRate, calibrate, observed_rates
from .cohort import CohortResult
from .contract import (
    DANISH_REFUND_STAIRCASE,
    UNCERTAIN_INPUTS,
    BusinessCaseSpec,
    CohortTerm,
    Companies,
    Contract,
    Distribution,
    DropOff,
    ExpectedPayment,
    FixedCost,
    Intake,
    OutcomeDefinition,
    Party,
    Payer,
    Phase,
    Schedule,
    StairStep,
    Stream,
)
from .indigo import indigo_project
from .loading import contract_schema, load_contract
from .outcomes_file import OutcomeRecord, Outcomes, read_outcomes
from .records import (
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
from .settlement import CutOff, LedgerLine, Settlement, settle
from .simulation import Simulation, TornadoBar, simulate
from .staircase import refund_rate, split_saving
from .validation import ContractError, InputError, Issue, OutcomesError

__all__ = [
    "DANISH_REFUND_STAIRCASE",
    "ActualCost",
    "ActualPayment",
    "AdjustmentLine",
    "Adjustments",
    "AttendedWeeks",
    "CalibratedInput",
    "Calibration",
    "CitizenSaving",
    "CohortComparison",
    "ExitRecord",
    "FollowUpRecord",
    "Observed",
    "ObservedRate",
    "PaidLine",
    "Participation",
    "PlanVsActual",
    "RecordedData",
    "RecordsError",
    "SupportSpell",
    "adjust",
    "calibrate",
    "indigo_project",
    "observed_rates",
    "plan_vs_actual",
    "UNCERTAIN_INPUTS",
    "BusinessCase",
    "BusinessCaseSpec",
    "CohortResult",
    "CohortTerm",
    "Companies",
    "Contract",
    "ContractError",
    "CutOff",
    "Distribution",
    "DropOff",
    "ExpectedPayment",
    "FixedCost",
    "InputError",
    "Intake",
    "Issue",
    "LedgerLine",
    "OutcomeDefinition",
    "OutcomeRecord",
    "Outcomes",
    "OutcomesError",
    "Party",
    "Payer",
    "Phase",
    "Schedule",
    "Settlement",
    "Simulation",
    "StairStep",
    "Stream",
    "TornadoBar",
    "business_case",
    "contract_schema",
    "load_contract",
    "read_outcomes",
    "refund_rate",
    "settle",
    "simulate",
    "split_saving",
]
