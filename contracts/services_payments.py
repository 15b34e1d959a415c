"""Settlement with memory and four-eyes payment approval.

- A settlement run stores its fresh ledger and, as kind "adj" lines, the adjustments against
  what the contract's *approved* runs paid (adapter.settle_with_memory): the first run's
  adjustments are all its lines; a later run pays only the differences (a late outcome, a
  corrected exit), each with its reason. Nothing already paid is rewritten.
- A run counts as paid once two different users have approved it (PaymentApproval: one row
  per user and per step, database constraints). Approving is serialised per contract (row lock),
  and a run computed before another run of the contract was approved is stale: its
  adjustments were made against an older history, so it is refused and must be run again.
- Runs and approvals are append-only (model guard + PostgreSQL triggers).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from .models import (
    APPROVALS_NEEDED,
    EntryKind,
    LedgerEntry,
    OutcomeContract,
    PaymentApproval,
    RunKind,
    SettlementRun,
)

PAID_FIELDS = ("subject", "cohort", "outcome", "payer", "event_date", "amount", "rule", "due_date")


def approved_runs(contract: OutcomeContract) -> QuerySet[SettlementRun]:
    """The contract's settlement runs with both approvals."""
    return (SettlementRun.objects.filter(contract=contract, kind=RunKind.SETTLE)
            .annotate(n_approvals=Count("approvals")).filter(n_approvals__gte=APPROVALS_NEEDED))


def paid_lines(contract: OutcomeContract) -> list[dict]:
    """Every payment line of the approved runs (their adjustment lines: extra payments and
    clawbacks), in run and ledger order."""
    return list(LedgerEntry.objects.filter(run__in=approved_runs(contract).values("pk"), kind=EntryKind.ADJUSTMENT)
                .order_by("run__run_at", "run_id", "position").values(*PAID_FIELDS))


def latest_approved_id(contract: OutcomeContract) -> int | None:
    """The id of the run whose approval completed last (the basis a new run adjusts against)."""
    last = (PaymentApproval.objects.filter(run__contract=contract, step=APPROVALS_NEEDED)
            .order_by("-approved_at", "-pk").values_list("run_id", flat=True).first())
    return last


def approval_state(run: SettlementRun) -> dict:
    approvals = list(run.approvals.select_related("approved_by").order_by("step"))
    return {"approvals": approvals, "approved": len(approvals) >= APPROVALS_NEEDED,
            "approved_by_ids": {a.approved_by_id for a in approvals}}


@transaction.atomic
def run_approve(*, by, run: SettlementRun) -> PaymentApproval:
    """One of the two approvals of a settlement run's payment lines (four eyes)."""
    if run.kind != RunKind.SETTLE:
        raise ValidationError(_("Kun en afregning kan godkendes til betaling."))
    OutcomeContract.objects.select_for_update().get(pk=run.contract_id)  # one approval at a time per contract
    done = list(run.approvals.values_list("approved_by_id", flat=True))
    if by.pk in done:
        raise ValidationError(_("Du har allerede godkendt denne afregning; den anden godkendelse skal komme fra "
                                "en anden bruger."))
    if len(done) >= APPROVALS_NEEDED:
        raise ValidationError(_("Afregningen er allerede godkendt og kan ikke ændres."))
    if run.params.get("basis") != latest_approved_id(run.contract):
        raise ValidationError(_("En anden afregning af kontrakten er godkendt, efter denne blev kørt. Kør "
                                "afregningen igen, så reguleringerne regnes mod det, der nu er betalt."))
    try:
        with transaction.atomic():
            approval = PaymentApproval.objects.create(run=run, step=len(done) + 1, approved_by=by)
    except IntegrityError:  # the same user, or the same step, from a request at the same moment
        raise ValidationError(_("Afregningen er netop godkendt i en anden forespørgsel; genindlæs siden.")) from None
    record(actor=by, action=AuditAction.UPDATE, event="contracts.run.approve", obj=run,
           municipality_id=run.municipality_id,
           changes={"step": approval.step, "of": APPROVALS_NEEDED, "amount": run.result.get("adjustments", {})
                    .get("total")})
    return approval


def payment_entries(run: SettlementRun) -> QuerySet[LedgerEntry]:
    """The run's payment lines (adjustments) in ledger order."""
    return LedgerEntry.objects.filter(run=run, kind=EntryKind.ADJUSTMENT).order_by("position")


def require_approved(run: SettlementRun) -> None:
    if not approval_state(run)["approved"]:
        raise ValidationError(_("Betalingslinjerne kan først hentes, når afregningen er godkendt af to brugere."))


def pending_runs(contract: OutcomeContract) -> QuerySet[SettlementRun]:
    return (SettlementRun.objects.filter(contract=contract, kind=RunKind.SETTLE)
            .annotate(n_approvals=Count("approvals")).filter(~Q(n_approvals__gte=APPROVALS_NEEDED)))
