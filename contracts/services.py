"""Writes: contracts and versions, and runs (settlement, business case,
simulation). Each is atomic and writes its audit row in the same transaction. Runs are computed
in full before anything is stored, so a failing run leaves nothing behind."""

import datetime
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accelerator.models import Participant
from accelerator.outcome_events import company_events
from audit.models import AuditAction
from audit.services import record
from partnerships import services as partnership_services
from partnerships.models import Partnership
from pathways.models import Enrolment

from . import adapter
from . import services_payments as payments
from .models import (
    ContractVersion,
    EntryKind,
    LedgerEntry,
    OutcomeContract,
    RunKind,
    SettlementRun,
)


def _contract_errors(error: adapter.InputError) -> list[str]:
    out = []
    for i in error.issues:
        where = []
        if i.line:
            where.append(_("linje %(line)s") % {"line": i.line})
        if i.key:
            where.append(_("nøgle %(key)s") % {"key": i.key})
        if i.row:
            where.append(_("række %(row)s") % {"row": i.row})
        if i.column:
            where.append(_("kolonne %(column)s") % {"column": i.column})
        out.append(f"{', '.join(where)}: {i.message}" if where else i.message)
    return out


def validate_yaml(yaml_text: str):
    """The parsed contract, or ValidationError on `yaml_text` naming key and line."""
    try:
        return adapter.parse(yaml_text)
    except adapter.ContractError as error:
        raise ValidationError({"yaml_text": _contract_errors(error)}) from None


def partnership_create(*, by, municipality, name: str, members, start: datetime.date,
                       end: datetime.date | None = None) -> Partnership:
    """Kept for the contract form: partnerships now live in partnerships/ (members as "other"
    partners; roles are set on the partnership's page)."""
    return partnership_services.partnership_create(
        by=by, municipality=municipality, name=name, start=start, end=end, members=members)


def _check_attachment(municipality, partnership, agreement, programmes) -> None:
    if (partnership is None) == (agreement is None):
        raise ValidationError({"partnership": [_("Vælg enten et partnerskab eller en rammeaftale.")]})
    if (partnership or agreement).municipality_id != municipality.pk:
        raise ValidationError({"partnership": [_("Partnerskab eller rammeaftale skal høre til kommunen.")]})
    if any(p.provider.municipality_id != municipality.pk for p in programmes):
        raise ValidationError({"programmes": [_("Forløbene skal høre til kommunen.")]})


@transaction.atomic
def contract_create(*, by, municipality, name: str, yaml_text: str, cohort_by: str, programmes=(),
                    partnership: Partnership | None = None, agreement=None, note: str = "") -> OutcomeContract:
    programmes = list(programmes)
    _check_attachment(municipality, partnership, agreement, programmes)
    validate_yaml(yaml_text)
    contract = OutcomeContract.objects.create(
        municipality=municipality, name=name, partnership=partnership, agreement=agreement)
    contract.programmes.set(programmes)
    version = _add_version(contract, by=by, yaml_text=yaml_text, cohort_by=cohort_by, note=note, number=1)
    record(actor=by, action=AuditAction.CREATE, event="contracts.contract.create", obj=contract,
           changes={"name": name, "version": 1, "fingerprint": version.fingerprint,
                    "programmes": [p.pk for p in programmes]})
    return contract


def _add_version(contract, *, by, yaml_text, cohort_by, note, number) -> ContractVersion:
    return ContractVersion.objects.create(
        contract=contract, number=number, yaml_text=yaml_text, fingerprint=adapter.text_fingerprint(yaml_text),
        cohort_by=cohort_by, note=note, uploaded_by=by)


@transaction.atomic
def contract_revise(*, by, contract: OutcomeContract, yaml_text: str, cohort_by: str, programmes=None,
                    note: str = "") -> ContractVersion:
    """A new version; the old one and the runs made with it stay as they were."""
    contract = OutcomeContract.objects.select_for_update().get(pk=contract.pk)
    validate_yaml(yaml_text)
    before = sorted(contract.programmes.values_list("pk", flat=True))
    if programmes is not None:
        programmes = list(programmes)
        _check_attachment(contract.municipality, contract.partnership, contract.agreement, programmes)
        contract.programmes.set(programmes)
    latest = contract.versions.order_by("-number").first()
    version = _add_version(contract, by=by, yaml_text=yaml_text, cohort_by=cohort_by, note=note,
                           number=(latest.number if latest else 0) + 1)
    changes: dict[str, Any] = {"version": version.number, "fingerprint": version.fingerprint}
    if programmes is not None:
        changes["programmes"] = [before, sorted(p.pk for p in programmes)]
    record(actor=by, action=AuditAction.UPDATE, event="contracts.contract.revise", obj=contract, changes=changes)
    return version


def current_version(contract: OutcomeContract) -> ContractVersion:
    return contract.versions.order_by("-number").first()


def enrolments_of(contract: OutcomeContract):
    return Enrolment.objects.filter(programme__in=contract.programmes.all(),
                                    citizen__municipality_id=contract.municipality_id)


def company_rows(contract: OutcomeContract, known_events, as_of: datetime.date) -> list:
    """The company side of a two-sided contract (seed 001 §4): the accelerator companies of the
    contract's partnership and their recorded results, as engine rows."""
    if contract.partnership_id is None:
        return []
    companies = Participant.objects.filter(
        organisation__partnership_memberships__partnership_id=contract.partnership_id
    ).distinct()
    return [adapter.Row(**asdict(e)) for e in company_events(companies, known_events=known_events, as_of=as_of)]


def outcome_rows_of(contract: OutcomeContract, version, parsed, as_of: datetime.date) -> list:
    """Both sides: the citizens' pathways and, where the contract names company events, the
    accelerator companies' results."""
    rows = adapter.outcome_rows(enrolments_of(contract), cohort_by=version.cohort_by,
                                known_events=parsed.known_events, as_of=as_of)
    return rows + company_rows(contract, parsed.known_events, as_of)


def _run_create(*, by, contract, version, kind, as_of, label, params, rows, result, fingerprint,
                totals: dict[str, Decimal], idempotency_key: str = "") -> SettlementRun:
    run = SettlementRun.objects.create(
        contract=contract, version=version, municipality_id=contract.municipality_id, kind=kind, label=label,
        as_of=as_of, params=params, input_fingerprint=fingerprint, idempotency_key=idempotency_key,
        engine_fingerprint=result.get("fingerprint", ""), participants=result.get("participants", 0),
        outcome_rows=len(rows), result=result, run_by=by, **totals)
    record(actor=by, action=AuditAction.CREATE, event=f"contracts.run.{kind}", obj=run,
           municipality_id=contract.municipality_id,
           changes={"contract": contract.name, "version": version.number, "as_of": as_of.isoformat(),
                    "input_fingerprint": fingerprint, "params": params, "total": str(totals.get("total", ""))})
    return run


@transaction.atomic
def run_settlement(*, by, contract: OutcomeContract, as_of: datetime.date, label: str = "",
                   idempotency_key: str = "") -> SettlementRun:
    """A settlement with memory: the fresh ledger and the adjustment lines (what this run pays)
    against the approved runs. The same `idempotency_key` twice gives the first run back."""
    if idempotency_key:
        existing = SettlementRun.objects.filter(contract=contract, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    version = current_version(contract)
    parsed = validate_yaml(version.yaml_text)
    rows = outcome_rows_of(contract, version, parsed, as_of)
    basis = payments.latest_approved_id(contract)
    paid = adapter.paid_lines(payments.paid_lines(contract))
    try:
        result = adapter.settle_with_memory(parsed, rows, as_of, paid)
    except adapter.InputError as error:
        raise ValidationError({"as_of": _contract_errors(error)}) from None
    params = {"basis": basis}
    fingerprint = adapter.input_fingerprint(yaml_text=version.yaml_text, cohort_by=version.cohort_by, rows=rows,
                                            kind=RunKind.SETTLE, as_of=as_of, params=params)
    totals = {"total": Decimal(result["total"]), "total_due": Decimal(result["total_due"]),
              "cut_total": sum((Decimal(v) for v in result["totals"]["cut_off_by_reason"].values()), Decimal(0))}
    try:
        with transaction.atomic():
            run = _run_create(by=by, contract=contract, version=version, kind=RunKind.SETTLE, as_of=as_of,
                              label=label, params=params, rows=rows, result=result, fingerprint=fingerprint,
                              totals=totals, idempotency_key=idempotency_key)
    except IntegrityError:  # the same submission arrived twice at once: the first one stands
        return SettlementRun.objects.get(contract=contract, idempotency_key=idempotency_key)
    participants = {r.participant_id for r in rows}
    LedgerEntry.objects.bulk_create(_entries(run, result, participants), batch_size=2000)
    return run


def _entries(run, result, participants):
    for i, ln in enumerate(result["lines"]):
        yield LedgerEntry(
            run=run, kind=EntryKind.PAID, subject=ln["subject"], is_cohort=ln["subject"] not in participants,
            cohort=ln["cohort"], outcome=ln["outcome"], rule=ln["rule"], payer=ln["payer"],
            event_date=ln["event_date"], evidence_date=ln["evidence_date"], period=ln["period"],
            due_date=ln["due_date"], amount=Decimal(ln["amount"]), position=i)
    for i, c in enumerate(result["cut_offs"]):
        yield LedgerEntry(
            run=run, kind=EntryKind.CUT, subject=c["subject"], is_cohort=c["subject"] not in participants,
            cohort=c["cohort"], outcome=c["outcome"], rule=c["reason"], payer=c["payer"] or "",
            event_date=c["event_date"], evidence_date=c["evidence_date"], amount=Decimal(c["amount"]),
            detail=(c["detail"] or "")[:300], position=i)
    for i, a in enumerate(result.get("adjustments", {}).get("lines", [])):
        yield LedgerEntry(
            run=run, kind=EntryKind.ADJUSTMENT, subject=a["subject"], is_cohort=a["subject"] not in participants,
            cohort=a["cohort"], outcome=a["outcome"], rule=a["rule"], payer=a["payer"], event_date=a["event_date"],
            evidence_date=a["event_date"], due_date=a["due_date"], amount=Decimal(a["amount"]),
            reason=a["reason"], detail=(a["detail"] or "")[:300], position=i)


def _needs_business_case(parsed) -> None:
    if parsed.business_case is None:
        raise ValidationError(_("Kontrakten har ingen business case (nøglen business_case mangler)."))


@transaction.atomic
def run_business_case(*, by, contract: OutcomeContract, overrides: dict[str, float] | None = None,
                      label: str = "", as_of: datetime.date | None = None) -> SettlementRun:
    version = current_version(contract)
    parsed = validate_yaml(version.yaml_text)
    _needs_business_case(parsed)
    overrides = {k: float(v) for k, v in (overrides or {}).items() if v is not None}
    result = adapter.business_case(parsed, overrides)
    as_of = as_of or datetime.date.today()
    params = {"overrides": overrides}
    fingerprint = adapter.input_fingerprint(yaml_text=version.yaml_text, cohort_by=version.cohort_by, rows=[],
                                            kind=RunKind.BUSINESS_CASE, as_of=as_of, params=params)
    return _run_create(by=by, contract=contract, version=version, kind=RunKind.BUSINESS_CASE, as_of=as_of,
                       label=label, params=params, rows=[], result=result, fingerprint=fingerprint,
                       totals={"total": Decimal(str(round(result["payments_total"], 2)))})


@transaction.atomic
def run_simulation(*, by, contract: OutcomeContract, runs: int, seed: int, label: str = "",
                   as_of: datetime.date | None = None, calibrate: bool = False) -> SettlementRun:
    """Synchronous: the engine does 10 000 runs of the demo contract in about 0.1 s; runs are
    capped at adapter.MAX_SIMULATION_RUNS. With `calibrate`, the rates are first updated with
    what the recorded rows up to `as_of` show (engine: outcomes.calibrate, at least 10 trials)."""
    version = current_version(contract)
    parsed = validate_yaml(version.yaml_text)
    _needs_business_case(parsed)
    runs = max(1, min(int(runs), adapter.MAX_SIMULATION_RUNS))
    as_of = as_of or datetime.date.today()
    params: dict[str, Any] = {"runs": runs, "seed": seed}
    if calibrate:
        try:
            data = adapter.recorded_data(enrolments_of(contract), cohort_by=version.cohort_by, contract=parsed,
                                         as_of=as_of, payments=approved_payments(contract))
        except adapter.InputError as error:
            raise ValidationError({"as_of": _contract_errors(error)}) from None
        calibrated = adapter.calibrated_simulation(parsed, data, as_of, runs, seed)
        result = {**calibrated["simulation"], "calibration": calibrated["calibration"]}
        params.update(calibrate=True, recorded=adapter.recorded_fingerprint(data))
    else:
        result = adapter.simulate(parsed, runs, seed)
    fingerprint = adapter.input_fingerprint(yaml_text=version.yaml_text, cohort_by=version.cohort_by, rows=[],
                                            kind=RunKind.SIMULATE, as_of=as_of, params=params)
    return _run_create(by=by, contract=contract, version=version, kind=RunKind.SIMULATE, as_of=as_of,
                       label=label, params=params, rows=[], result=result, fingerprint=fingerprint,
                       totals={"total": Decimal(str(round(result["payments"]["P50"], 2)))})


@transaction.atomic
def run_plan_vs_actual(*, by, contract: OutcomeContract, as_of: datetime.date, label: str = "") -> SettlementRun:
    """The business case from the recorded rows up to `as_of` (enrolments, attendance, exits,
    follow-ups, benefit history, approved payments) beside the forecast of the version in force."""
    version = current_version(contract)
    parsed = validate_yaml(version.yaml_text)
    _needs_business_case(parsed)
    try:
        data = adapter.recorded_data(enrolments_of(contract), cohort_by=version.cohort_by, contract=parsed,
                                     as_of=as_of, payments=approved_payments(contract))
        result = adapter.plan_vs_actual(parsed, data, as_of)
    except adapter.InputError as error:
        raise ValidationError({"as_of": _contract_errors(error)}) from None
    params = {"recorded": adapter.recorded_fingerprint(data)}
    fingerprint = adapter.input_fingerprint(yaml_text=version.yaml_text, cohort_by=version.cohort_by, rows=[],
                                            kind=RunKind.PLAN_VS_ACTUAL, as_of=as_of, params=params)
    result["participants"] = data.n
    return _run_create(by=by, contract=contract, version=version, kind=RunKind.PLAN_VS_ACTUAL, as_of=as_of,
                       label=label, params=params, rows=[], result=result, fingerprint=fingerprint,
                       totals={"total": Decimal(result["gain"])})


def approved_payments(contract: OutcomeContract) -> list[dict[str, Any]]:
    """The payment lines of the contract's approved settlements (extra payments and clawbacks)."""
    return payments.paid_lines(contract)


def run_exported(*, by, run: SettlementRun, fmt: str) -> None:
    record(actor=by, action=AuditAction.EXPORT, event="contracts.run.export", obj=run,
           municipality_id=run.municipality_id, changes={"format": fmt})


def terms_exported(*, by, contract: OutcomeContract, version: ContractVersion) -> None:
    record(actor=by, action=AuditAction.EXPORT, event="contracts.terms.export", obj=contract,
           municipality_id=contract.municipality_id, changes={"version": version.number, "format": "pdf"})
