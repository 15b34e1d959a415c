"""Reads of the market for pages and API, scoped through market.access, with a constant number
of queries for every list whatever its length."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import Access
from accounts.roles import Perm
from registry.choices import Kind
from registry.models import Organisation

from . import access as ma
from .models import Award, Bid, Posting, Question, public_q

BIDDING_KINDS = (Kind.SOCIAL_ENTERPRISE, Kind.COMPANY, Kind.EMPLOYMENT_ACTOR, Kind.VOLUNTARY)


def _with_counts(postings: QuerySet[Posting]) -> QuerySet[Posting]:
    return postings.select_related("buyer", "municipality").annotate(
        n_interests=Count("interests", distinct=True),
        n_questions=Count("questions", distinct=True),
        n_lots=Count("lots", distinct=True),
    )


def posting_list(access: Access, *, kind: str = "", status: str = "", mine: bool = False) -> QuerySet[Posting]:
    postings = ma.postings_managed_by(access) if mine else ma.postings_visible_to(access)
    if kind:
        postings = postings.filter(kind=kind)
    if status:
        postings = postings.filter(status=status)
    return _with_counts(postings).order_by("-published_at", "bid_deadline", "pk")


def public_postings() -> QuerySet[Posting]:
    """What anyone may see without login (models.public_q)."""
    return _with_counts(Posting.objects.filter(public_q())).order_by("-published_at", "pk")


def public_posting(public_id) -> Posting:
    return get_object_or_404(public_postings(), public_id=public_id)


def posting_parts(posting: Posting) -> dict:
    """Lots, documents (without their content), clauses and answered-or-open questions."""
    return {
        "lots": list(posting.lots.all()),
        "documents": list(posting.documents.defer("content")),
        "clauses": list(posting.clauses.all()),
        "questions": list(posting.questions.all()),
        "awards": list(Award.objects.filter(posting=posting).select_related("bid__bidder", "lot")),
    }


def answered_questions(posting: Posting) -> QuerySet[Question]:
    return posting.questions.exclude(answer="")


def bids_on(access: Access, posting: Posting, *, now=None) -> QuerySet[Bid]:
    """The bids on `posting` the user may see (own; all of them for the buyer after the deadline)."""
    members = Prefetch("consortium__members", queryset=Organisation.objects.only("pk", "name"))
    return (
        ma.bids_visible_to(access, now=now or timezone.now())
        .filter(posting=posting)
        .select_related("bidder", "lot", "consortium", "award")
        .prefetch_related(members)
        .order_by("lot__number", "-score", "submitted_at", "pk")
    )


def interests_on(posting: Posting):
    return posting.interests.select_related("organisation").order_by("organisation__name")


def bidder_choices(access: Access, posting: Posting | None = None) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=ma.bidder_ids(access, posting)).order_by("name")


def partner_choices(access: Access, posting: Posting) -> QuerySet[Organisation]:
    """Registry organisations that may join a consortium: enterprises in the municipalities of
    the user's own organisations or of the posting, never the buyer."""
    municipality_ids = set(
        Organisation.objects.filter(pk__in=access.organisation_ids).values_list("municipality_id", flat=True)
    ) | {posting.municipality_id}
    return (
        Organisation.objects.filter(municipality_id__in=municipality_ids, kind__in=BIDDING_KINDS)
        .exclude(pk=posting.buyer_id)
        .order_by("name")
    )


def buyer_choices(access: Access) -> QuerySet[Organisation]:
    buy = Q(pk__in=access.organisations_with(Perm.MARKET_BUY), kind=Kind.MUNICIPAL_UNIT)
    own = Q(pk__in=access.organisations_with(Perm.MARKET_POST_OWN))
    return Organisation.objects.filter(buy | own).order_by("name")
