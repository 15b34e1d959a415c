"""Brobyg outcome-payments engine: payment-by-results contracts, settled and simulated.

A framework-free package (numpy, PyYAML, jsonschema): no Django inside. Load a contract with
:func:`load_contract`, outcomes with :func:`read_outcomes` (or build :class:`Outcomes` from
:class:`OutcomeRecord` rows), then :func:`settle`, :func:`business_case` and :func:`simulate`.
Algorithms and worked examples: ``docs/algorithms/outcome-payments.md``.
"""

from .adjustments import AdjustmentLine, Adjustments, PaidLine, adjust
from .business_case import BusinessCase, business_case
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
from .loading import contract_schema, load_contract
from .outcomes_file import OutcomeRecord, Outcomes, read_outcomes
from .settlement import CutOff, LedgerLine, Settlement, settle
from .simulation import Simulation, TornadoBar, simulate
from .staircase import refund_rate, split_saving
from .validation import ContractError, InputError, Issue, OutcomesError

__all__ = [
    "DANISH_REFUND_STAIRCASE",
    "AdjustmentLine",
    "Adjustments",
    "PaidLine",
    "adjust",
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
