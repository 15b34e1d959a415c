"""Who sees and changes what on the market. Built on accounts.access.Access.

- Postings that are published (or later) are public: anyone with MARKET_VIEW sees them (and the
  public pages show them without login). A draft is seen only by those who may manage it.
- Managing a posting (edit, publish, documents, answers, open bids, evaluate, award, invite):
  a municipal tender or task needs MARKET_BUY in its municipality; a subcontract task or CSR
  purchase belongs to the company that posted it (MARKET_POST_OWN in that organisation).
- Bidding: the organisations in which the user holds MARKET_BID, never the buyer itself.
- A bid is seen by its bidder and the consortium's members; the buyer sees bids only once the
  bid deadline has passed (sealed bids). Everything else answers 404, as if it did not exist.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import COMPANY_KINDS, MUNICIPAL_KINDS, Bid, Posting, Status


def _manage_scope(access: Access) -> Q:
    return Q(kind__in=MUNICIPAL_KINDS, municipality_id__in=access.municipalities_with(Perm.MARKET_BUY)) | Q(
        kind__in=COMPANY_KINDS, buyer_id__in=access.organisations_with(Perm.MARKET_POST_OWN)
    )


def can_list(access: Access) -> bool:
    return access.has(Perm.MARKET_VIEW)


def can_post(access: Access) -> bool:
    return access.has(Perm.MARKET_BUY) or bool(access.organisations_with(Perm.MARKET_POST_OWN))


def postings_visible_to(access: Access) -> QuerySet[Posting]:
    if not access.has(Perm.MARKET_VIEW):
        return Posting.objects.none()
    return Posting.objects.filter(~Q(status=Status.DRAFT) | _manage_scope(access))


def postings_managed_by(access: Access) -> QuerySet[Posting]:
    return Posting.objects.filter(_manage_scope(access))


def posting_get(access: Access, public_id) -> Posting:
    return get_object_or_404(
        postings_visible_to(access).select_related("municipality", "buyer"), public_id=public_id
    )


def can_manage(access: Access, posting: Posting) -> bool:
    if posting.kind in MUNICIPAL_KINDS:
        return access.has(Perm.MARKET_BUY, posting.municipality_id)
    return posting.buyer_id in access.organisations_with(Perm.MARKET_POST_OWN)


def posting_for_manage(access: Access, public_id) -> Posting:
    return permitted(access, posting_get(access, public_id), can_manage)


def bidder_ids(access: Access, posting: Posting | None = None) -> list[int]:
    """The organisations the user may bid or show interest for (not the buyer itself)."""
    ids = access.organisations_with(Perm.MARKET_BID)
    return [i for i in ids if posting is None or i != posting.buyer_id]


def bids_visible_to(access: Access, *, now=None) -> QuerySet[Bid]:
    """Own bids (as bidder or consortium member) and, after the deadline, the bids on postings
    the user manages. Sealed: before the deadline the buyer's part is empty."""
    now = now or timezone.now()
    own = access.organisation_ids
    managed = Q(posting__in=postings_managed_by(access), posting__bid_deadline__lte=now)
    return Bid.objects.filter(Q(bidder_id__in=own) | Q(consortium__members__in=own) | managed).distinct()


def bid_get(access: Access, public_id) -> Bid:
    return get_object_or_404(
        bids_visible_to(access).select_related("posting", "bidder", "lot", "consortium"), public_id=public_id
    )


def social_value_municipalities(access: Access) -> list[int]:
    """Social value bought (aggregates, no names of citizens): procurement, and those who read
    the municipality's reports (consultant, analyst), where they also see the market."""
    viewing = set(access.municipalities_with(Perm.MARKET_VIEW))
    return sorted(viewing & (set(access.municipalities_with(Perm.MARKET_BUY)) | set(access.municipalities_with(Perm.REPORT_VIEW))))
