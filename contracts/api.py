"""Outcome contracts in the JSON API: contracts with their terms in Danish, runs (settlement,
plan against actual, business case, simulation), a settlement's ledger totals and payment
lines, approvals (four eyes) and the business case from recorded rows. The same services and
access rules (contracts.access) as the pages: a contract or run of a municipality where the user
lacks contracts.view answers 404; settling and approving need contracts.settle there (403).
Participants appear by their pseudonymous enrolment id only, never a name or CPR number.

Mounted by brobyg/api.py: api.add_router("/", "contracts.api.router", tags=["Resultatkontrakter"])."""

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from accounts.access import access_for
from accounts.roles import Perm
from core.api_bodies import StrictBody, iso_date
from core.api_errors import READ_ERRORS, WRITE_ERRORS

from . import access as ca
from . import labels, selectors, services
from . import services_payments as payments
from .models import RunKind, SettlementRun
from .terms import terms

router = Router()
TAGS = ["Resultatkontrakter"]


class ContractOut(Schema):
    public_id: uuid.UUID
    name: str
    municipality: str
    version: int
    terms: dict[str, Any] = Field(description="Vilkårene med danske navne (som siden Kontraktvilkår)")


class RunOut(Schema):
    public_id: uuid.UUID
    contract: uuid.UUID
    kind: str = Field(examples=["settle"])
    kind_name: str
    label: str
    as_of: datetime.date
    version: int
    total: Decimal
    run_at: datetime.datetime
    approvals: list[dict[str, Any]] = Field(description="Godkendelser til betaling (afregninger)")
    approved: bool
    result: dict[str, Any] | None = None


class PaymentLineOut(Schema):
    subject: str = Field(description="Pseudonymt forløbs-id eller kohorte")
    cohort: str
    outcome: str
    outcome_name: str
    payer: str
    payer_name: str
    event_date: datetime.date
    due_date: datetime.date | None
    amount: Decimal
    reason: str
    reason_name: str


class RunIn(StrictBody):
    kind: Literal["settle", "plan_vs_actual"]
    as_of: datetime.date
    label: str = Field("", max_length=200)
    idempotency_key: str = Field("", max_length=64, description="Samme nøgle to gange giver den samme kørsel")

    _as_of = field_validator("as_of", mode="before")(iso_date)


def _contract_out(contract) -> dict:
    version = services.current_version(contract)
    return {"public_id": contract.public_id, "name": contract.name, "municipality": contract.municipality.name,
            "version": version.number, "terms": _jsonable(terms(services.validate_yaml(version.yaml_text)))}


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal | datetime.date):
        return str(value)
    return value


def _run_out(run: SettlementRun, *, full: bool = False) -> dict:
    state = payments.approval_state(run)
    return {"public_id": run.public_id, "contract": run.contract.public_id, "kind": run.kind,
            "kind_name": run.get_kind_display(), "label": run.label, "as_of": run.as_of,
            "version": run.version.number, "total": run.total, "run_at": run.run_at, "approved": state["approved"],
            "approvals": [{"step": a.step, "by": str(a.approved_by), "at": a.approved_at.isoformat()}
                          for a in state["approvals"]],
            "result": run.result if full else None}


@router.get("/contracts", response={200: list[ContractOut], **READ_ERRORS}, tags=TAGS, summary="Resultatkontrakter")
def contract_list(request):
    access = access_for(request)
    return [_contract_out(c) for c in selectors.contract_list(access)]


@router.get("/contracts/{public_id}", response={200: ContractOut, **READ_ERRORS}, tags=TAGS,
            summary="Resultatkontrakt med vilkår")
def contract_read(request, public_id: uuid.UUID):
    return _contract_out(ca.contract_get(access_for(request), public_id))


@router.get("/contracts/{public_id}/runs", response={200: list[RunOut], **READ_ERRORS}, tags=TAGS,
            summary="Kontraktens kørsler")
def run_list(request, public_id: uuid.UUID):
    contract = ca.contract_get(access_for(request), public_id)
    runs = selectors.runs_of(contract).select_related("contract").prefetch_related("approvals__approved_by")
    return [_run_out(r) for r in runs]


@router.post("/contracts/{public_id}/runs", response={201: RunOut, **WRITE_ERRORS}, tags=TAGS,
             summary="Afregn eller sammenlign plan og faktisk")
def run_create(request, public_id: uuid.UUID, payload: RunIn):
    access = access_for(request)
    contract = ca.contract_get(access, public_id)
    if not ca.can_settle(access, contract):
        raise PermissionDenied
    if payload.kind == RunKind.SETTLE:
        run = services.run_settlement(by=request.user, contract=contract, as_of=payload.as_of, label=payload.label,
                                      idempotency_key=payload.idempotency_key)
    else:
        run = services.run_plan_vs_actual(by=request.user, contract=contract, as_of=payload.as_of,
                                          label=payload.label)
    return Status(201, _run_out(run, full=True))


@router.get("/runs/{public_id}", response={200: RunOut, **READ_ERRORS}, tags=TAGS,
            summary="Kørsel med resultat (afregning, plan mod faktisk, business case, simulering)")
def run_read(request, public_id: uuid.UUID):
    return _run_out(ca.run_get(access_for(request), public_id), full=True)


@router.get("/runs/{public_id}/payments", response={200: list[PaymentLineOut], **READ_ERRORS}, tags=TAGS,
            summary="Afregningens betalingslinjer (reguleringer mod det godkendte)")
def run_payments(request, public_id: uuid.UUID):
    run = ca.run_get(access_for(request), public_id)
    names_of = selectors.run_labels(run)
    return [{"subject": e.subject, "cohort": e.cohort, "outcome": e.outcome,
             "outcome_name": names_of["outcomes"].get(e.outcome, e.outcome), "payer": e.payer,
             "payer_name": names_of["parties"].get(e.payer, e.payer), "event_date": e.event_date,
             "due_date": e.due_date, "amount": e.amount, "reason": e.reason, "reason_name": labels.rule(e.reason)}
            for e in payments.payment_entries(run)]


@router.post("/runs/{public_id}/approve", response={200: RunOut, **WRITE_ERRORS}, tags=TAGS,
             summary="Godkend afregningen til betaling (én af to brugere)")
def run_approve(request, public_id: uuid.UUID):
    access = access_for(request)
    run = ca.run_get(access, public_id)
    if not access.has(Perm.CONTRACT_SETTLE, run.municipality_id):
        raise PermissionDenied
    payments.run_approve(by=request.user, run=run)
    return _run_out(run, full=False)
