"""Who sees and changes which partnership, slot, request and matching run. Built on
accounts.access.Access; anything not visible answers 404, as if it did not exist.

- PARTNERSHIP_VIEW_ALL (caseworker, provider, procurement, consultant, analyst, admin): every
  partnership of the municipalities where they hold it;
- PARTNERSHIP_VIEW alone (company contacts): only partnerships their own organisation is a
  member of, and (COMPANY_REQUEST) only their own organisation's requests and slots;
- the single point of contact: users of the member organisation with that role answer the
  partnership's requests (or anyone with PARTNERSHIP_EDIT);
- PARTNERSHIP_EDIT (consultant, admin): edit partnerships, members, targets and any slot; a
  company contact may offer slots for its own organisation when it is a host company;
- PLACEMENT_MATCH (caseworker, admin): run, adjust and confirm matchings.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import CompanyRequest, MatchingRun, MemberRole, Partnership, PartnershipMember, PlacementSlot


def _company_ids(access: Access) -> list[int]:
    return access.organisations_with(Perm.COMPANY_REQUEST)


def _scope(access: Access) -> Q:
    return Q(municipality_id__in=access.municipalities_with(Perm.PARTNERSHIP_VIEW_ALL)) | Q(
        memberships__organisation_id__in=access.organisations_with(Perm.PARTNERSHIP_VIEW)
    )


def can_list(access: Access) -> bool:
    return access.has(Perm.PARTNERSHIP_VIEW)


def partnerships_visible_to(access: Access) -> QuerySet[Partnership]:
    ids = Partnership.objects.filter(_scope(access)).values("pk")
    return Partnership.objects.filter(pk__in=ids)


def partnership_get(access: Access, public_id) -> Partnership:
    return get_object_or_404(partnerships_visible_to(access).select_related("municipality"), public_id=public_id)


def sees_everything(access: Access, partnership: Partnership) -> bool:
    """Municipal staff see all of a partnership; a company contact only its own part."""
    return access.has(Perm.PARTNERSHIP_VIEW_ALL, partnership.municipality_id)


def can_edit(access: Access, partnership: Partnership) -> bool:
    return access.has(Perm.PARTNERSHIP_EDIT, partnership.municipality_id)


def partnership_for_edit(access: Access, public_id, refuse=None) -> Partnership:
    partnership = partnership_get(access, public_id)
    return permitted(access, partnership, can_edit, **({"refuse": refuse} if refuse else {}))


def single_point(partnership: Partnership) -> PartnershipMember | None:
    return (
        partnership.memberships.filter(role=MemberRole.SINGLE_POINT).select_related("organisation").first()
    )


def is_single_point(access: Access, partnership: Partnership) -> bool:
    return partnership.memberships.filter(
        role=MemberRole.SINGLE_POINT, organisation_id__in=access.organisation_ids
    ).exists()


def can_answer(access: Access, partnership: Partnership) -> bool:
    return can_edit(access, partnership) or is_single_point(access, partnership)


def can_match(access: Access, partnership: Partnership) -> bool:
    return access.has(Perm.PLACEMENT_MATCH, partnership.municipality_id)


# --- Slots -------------------------------------------------------------------------------------


def slots_visible_to(access: Access) -> QuerySet[PlacementSlot]:
    return PlacementSlot.objects.filter(
        Q(partnership__municipality_id__in=access.municipalities_with(Perm.PARTNERSHIP_VIEW_ALL))
        | Q(company_id__in=_company_ids(access))
    )


def host_companies_for(access: Access, partnership: Partnership) -> list[int]:
    """Organisations the user may offer slots for in this partnership."""
    hosts = partnership.memberships.filter(role=MemberRole.HOST_COMPANY)
    if not can_edit(access, partnership):
        hosts = hosts.filter(organisation_id__in=_company_ids(access))
    return list(hosts.values_list("organisation_id", flat=True))


def can_offer_slots(access: Access, partnership: Partnership) -> bool:
    return bool(host_companies_for(access, partnership))


def slot_get(access: Access, public_id) -> PlacementSlot:
    return get_object_or_404(
        slots_visible_to(access).select_related("partnership", "company", "phase"), public_id=public_id
    )


def can_edit_slot(access: Access, slot: PlacementSlot) -> bool:
    return can_edit(access, slot.partnership) or slot.company_id in _company_ids(access)


def slot_for_edit(access: Access, public_id, refuse=None) -> PlacementSlot:
    return permitted(access, slot_get(access, public_id), can_edit_slot, **({"refuse": refuse} if refuse else {}))


# --- Company requests --------------------------------------------------------------------------


def requests_visible_to(access: Access) -> QuerySet[CompanyRequest]:
    """Municipal staff with PARTNERSHIP_EDIT and the single point of contact see a partnership's
    requests; a company contact sees only its own organisation's."""
    spoc_partnerships = PartnershipMember.objects.filter(
        role=MemberRole.SINGLE_POINT, organisation_id__in=access.organisation_ids
    ).values("partnership_id")
    return CompanyRequest.objects.filter(
        Q(partnership__municipality_id__in=access.municipalities_with(Perm.PARTNERSHIP_EDIT))
        | Q(partnership_id__in=spoc_partnerships)
        | Q(company_id__in=_company_ids(access))
    )


def request_get(access: Access, public_id) -> CompanyRequest:
    return get_object_or_404(
        requests_visible_to(access).select_related("partnership", "company"), public_id=public_id
    )


def companies_requesting(access: Access) -> list[int]:
    return _company_ids(access)


# --- Matching runs -----------------------------------------------------------------------------


def runs_visible_to(access: Access) -> QuerySet[MatchingRun]:
    return MatchingRun.objects.filter(
        partnership__municipality_id__in=access.municipalities_with(Perm.PLACEMENT_MATCH)
    )


def run_get(access: Access, public_id) -> MatchingRun:
    return get_object_or_404(runs_visible_to(access).select_related("partnership"), public_id=public_id)
