"""Pure rules of the registry: no database, easy to test."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import CriterionStatus, RsvStatus

RESERVED_CONTRACT_SHARE = Decimal("0.30")  # udbudsloven § 20: at least 30 % disadvantaged workers


def special_terms_share(total: int, special: int) -> Decimal | None:
    """Share of employees on special terms, 4 decimals; None when there are no employees."""
    if total <= 0:
        return None
    return (Decimal(special) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def reserved_contract_eligible(share: Decimal | None) -> bool:
    return share is not None and share >= RESERVED_CONTRACT_SHARE


@dataclass(frozen=True)
class Reasonableness:
    ordinary: int
    allowed: int  # persons in wage subsidy or internship the rule allows in total
    used: int
    remaining: int


def reasonableness_capacity(*, ordinary: int, subsidised_now: int) -> Reasonableness:
    """Rimelighedskrav: 1 person per 5 ordinary employees up to 50 (always at least 1), plus 1
    per further 10 ordinary employees. Employees themselves on public support are not ordinary.

    >>> reasonableness_capacity(ordinary=0, subsidised_now=0).allowed
    1
    >>> reasonableness_capacity(ordinary=50, subsidised_now=0).allowed
    10
    >>> reasonableness_capacity(ordinary=75, subsidised_now=3).remaining
    9
    """
    ordinary = max(0, ordinary)
    allowed = max(1, min(ordinary, 50) // 5) + max(0, ordinary - 50) // 10
    return Reasonableness(ordinary=ordinary, allowed=allowed, used=subsidised_now, remaining=max(0, allowed - subsidised_now))


def derive_rsv_status(*, registered: bool, statuses: list[str]) -> tuple[str, int]:
    """The derived status and the number of criteria met.

    registered in RSV → registered; all five met → meets; anything assessed (met or not met)
    → partly; nothing assessed (all unknown or missing) → not assessed."""
    met = sum(1 for s in statuses if s == CriterionStatus.MET)
    if registered:
        return RsvStatus.REGISTERED, met
    if met == 5:
        return RsvStatus.MEETS, met
    if any(s in (CriterionStatus.MET, CriterionStatus.NOT_MET) for s in statuses):
        return RsvStatus.PARTLY, met
    return RsvStatus.NOT_ASSESSED, met
