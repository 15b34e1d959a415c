"""Pure rules of the registry: no database, easy to test.

The field rules of an organisation have their one owner here: `organisation_errors` is called
by the model's clean() (so the services, and through them the form and the API, enforce it)
and by the import parser, which only maps the errors to its rows and columns."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .choices import RSV_INELIGIBLE_LEGAL_FORMS, SUBKINDS_BY_KIND, CriterionStatus, RsvStatus

TAG_MAX_LENGTH = 60


# --- Organisation fields -------------------------------------------------------------------


def subkind_fits(kind: str, subkind: str) -> bool:
    """A subkind belongs to one kind (municipal units, councils); no subkind always fits, and
    an unknown or missing kind is reported on its own field, not here."""
    return not subkind or not kind or subkind in SUBKINDS_BY_KIND.get(kind, set())


def organisation_errors(*, kind: str, subkind: str, cvr: str, rsv_registered: bool) -> dict[str, str]:
    """The cross-field rules of an organisation, as {model field: Danish message}; empty when
    every rule holds. Single fields (CVR check digit, P-number, industry code) are checked by
    registry.validators."""
    errors = {}
    if not subkind_fits(kind, subkind):
        errors["subkind"] = _("Undertypen passer ikke til aktørtypen.")
    if rsv_registered and not cvr:
        errors["cvr"] = _("Kun virksomheder med CVR-nummer kan registreres i RSV.")
    return errors


def rsv_legal_form_problem(legal_form: str) -> bool:
    """Personally owned firms, partnerships with personal liability and public authorities
    cannot register in RSV (a warning on the organisation's page, not an error)."""
    return legal_form in RSV_INELIGIBLE_LEGAL_FORMS


def can_register_in_rsv(*, cvr: str, legal_form: str) -> bool:
    """Only legal persons with a CVR number can register."""
    return bool(cvr) and legal_form != "" and not rsv_legal_form_problem(legal_form)


def tag_names(names: Iterable[str]) -> list[str]:
    """Tags as stored: trimmed, at most 60 characters, no blanks, each once, sorted."""
    return sorted({name.strip()[:TAG_MAX_LENGTH] for name in names if name.strip()})


# --- Staffing and RSV status -----------------------------------------------------------------

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
