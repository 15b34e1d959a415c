"""Who sees, edits and settles which outcome contract. Built on accounts.access.Access.

- CONTRACT_VIEW: the contracts and runs of the municipalities where the user holds it;
- CONTRACT_EDIT: new partnerships, contracts and versions there; CONTRACT_SETTLE: runs there;
- the citizens' names in a ledger only with CITIZEN_VIEW in the contract's municipality
  (everybody else sees the enrolment's pseudonymous id).
Another municipality's contract or run answers 404, as if it did not exist.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Access
from accounts.roles import Perm

from .models import OutcomeContract, SettlementRun


def contracts_visible_to(access: Access) -> QuerySet[OutcomeContract]:
    return OutcomeContract.objects.filter(municipality_id__in=access.municipalities_with(Perm.CONTRACT_VIEW))


def contract_get(access: Access, public_id, perm: Perm = Perm.CONTRACT_VIEW) -> OutcomeContract:
    """The contract if the user holds `perm` in its municipality; 404 otherwise."""
    return get_object_or_404(
        OutcomeContract.objects.select_related("municipality", "partnership", "agreement"),
        public_id=public_id,
        municipality_id__in=access.municipalities_with(perm),
    )


def can_edit(access: Access, contract: OutcomeContract) -> bool:
    return access.has(Perm.CONTRACT_EDIT, contract.municipality_id)


def can_settle(access: Access, contract: OutcomeContract) -> bool:
    return access.has(Perm.CONTRACT_SETTLE, contract.municipality_id)


def runs_visible_to(access: Access) -> QuerySet[SettlementRun]:
    return SettlementRun.objects.filter(municipality_id__in=access.municipalities_with(Perm.CONTRACT_VIEW))


def run_get(access: Access, public_id) -> SettlementRun:
    return get_object_or_404(
        runs_visible_to(access).select_related("contract", "version", "municipality", "run_by"),
        public_id=public_id,
    )


def can_see_names(access: Access, run: SettlementRun) -> bool:
    return access.has(Perm.CITIZEN_VIEW, run.municipality_id)
