"""Supplier suggestions: registry enterprises ranked for a posting, each with its reasons.

One SQL query whatever the size of the registry: the points of every reason are summed in
the database (market.rules.WEIGHTS), the top rows come back with the flags that earned them,
and the reasons are worded from those flags without another query. Searches the national
registry (a supplier may sit in any municipality; the buyer's own and nearby ones score more).
For a reserved posting only enterprises that reach the § 20 share on their own are suggested
(consortia are formed by the bidders)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from registry.choices import Kind, RsvStatus
from registry.models import Organisation
from registry.rules import RESERVED_CONTRACT_SHARE

from .eligibility import integration_aim_q
from .models import Award, Posting
from .rules import WEIGHTS, industry_prefixes

SUPPLIER_KINDS = (Kind.SOCIAL_ENTERPRISE, Kind.COMPANY)


@dataclass(frozen=True)
class Suggestion:
    organisation: Organisation
    points: int
    reasons: list[str]


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _points(flag: str, weight: int) -> Case:
    return Case(When(**{flag: True}, then=Value(weight)), default=Value(0), output_field=IntegerField())


def suggestion_queryset(posting: Posting, *, buyer_postcode: str = ""):
    """The ranked queryset (unsliced), annotated with `points` and the flags behind them."""
    industry = Q(pk__in=[])
    for prefix in industry_prefixes(posting.cpv_codes):
        industry |= Q(industry_code__startswith=prefix)
    keywords = sorted({k.lower() for k in posting.keywords})
    # Uncorrelated subqueries: PostgreSQL runs each once into a hash (no work per organisation).
    tagged = (
        Organisation.tags.through.objects.annotate(tag_lower=Lower("tag__name"))
        .filter(tag_lower__in=keywords)
        .values("organisation_id")
    )
    suppliers = Award.objects.order_by().values("bid__bidder_id")
    rows = (
        Organisation.objects.filter(kind__in=SUPPLIER_KINDS)
        .exclude(pk=posting.buyer_id)
        .annotate(
            industry_match=_flag(industry),
            same_municipality=_flag(Q(municipality_id=posting.municipality_id)),
            nearby=_flag(Q(postcode__startswith=buyer_postcode[:2])) if len(buyer_postcode) >= 2 else Value(False),
            reaches_share=_flag(Q(special_share__gte=RESERVED_CONTRACT_SHARE)),
            tag_match=_flag(Q(pk__in=Subquery(tagged))) if keywords else Value(False),
            delivered_before=_flag(Q(pk__in=Subquery(suppliers))),
        )
    )
    if posting.reserved:
        rows = rows.filter(integration_aim_q(), special_share__gte=RESERVED_CONTRACT_SHARE)
    rsv_points = Case(
        When(rsv_status=RsvStatus.REGISTERED, then=Value(WEIGHTS["rsv_registered"])),
        When(rsv_status=RsvStatus.MEETS, then=Value(WEIGHTS["rsv_meets"])),
        default=Value(0),
        output_field=IntegerField(),
    )
    points = ExpressionWrapper(
        _points("industry_match", WEIGHTS["industry"]) + _points("tag_match", WEIGHTS["tag"]) + rsv_points
        + _points("reaches_share", WEIGHTS["share"]) + _points("same_municipality", WEIGHTS["municipality"])
        + _points("nearby", WEIGHTS["nearby"]) + _points("delivered_before", WEIGHTS["award"]),
        output_field=IntegerField(),
    )  # fmt: skip
    return (
        rows.annotate(points=points)  # no "points > 0" in SQL: it would compute every point twice
        .select_related("municipality")
        .only("pk", "public_id", "name", "industry_code", "rsv_status", "special_share", "staffing_year",
              "postcode", "city", "municipality__name", "municipality_id")  # fmt: skip
        .order_by("-points", "name", "pk")
    )


def _reasons(org) -> list[str]:
    reasons = []
    if org.industry_match:
        reasons.append(_("branchekoden %(code)s leverer det, CPV-koderne køber") % {"code": org.industry_code})
    if org.tag_match:
        reasons.append(_("tags matcher opslagets nøgleord"))
    if org.rsv_status == RsvStatus.REGISTERED:
        reasons.append(_("registreret socialøkonomisk virksomhed"))
    elif org.rsv_status == RsvStatus.MEETS:
        reasons.append(_("opfylder kriterierne for socialøkonomiske virksomheder"))
    if org.reaches_share:
        share = f"{Decimal(org.special_share) * 100:.1f}".replace(".", ",")
        reasons.append(_("%(share)s %% ansatte på særlige vilkår (%(year)s)") % {"share": share, "year": org.staffing_year})
    if org.same_municipality:
        reasons.append(_("i samme kommune"))
    elif org.nearby:
        reasons.append(_("i nærheden"))
    if org.delivered_before:
        reasons.append(_("har fået tildelt opgaver før"))
    return reasons


def suggestions_for(posting: Posting, *, limit: int = 25) -> list[Suggestion]:
    """The `limit` best suppliers for the posting, best first (one query)."""
    postcode = posting.buyer.postcode
    rows = suggestion_queryset(posting, buyer_postcode=postcode)[:limit]
    return [Suggestion(organisation=org, points=org.points, reasons=_reasons(org)) for org in rows if org.points > 0]
