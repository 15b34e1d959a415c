"""Writes of interest, bids (alone or in consortium), evaluation and award. Keyword-only,
taking the acting user, atomic, audited. One bid per enterprise per posting is a database
constraint; a second bid submitted at the same moment gets the same Danish error as a late
duplicate. Reserved postings (udbudsloven § 20) refuse an ineligible bidder with the reason."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.services import record
from registry.models import Organisation

from . import rules
from .eligibility import eligibility_for
from .models import Award, Bid, Consortium, Interest, Lot, Posting, Status

DUPLICATE = gettext_lazy("Virksomheden har allerede afgivet tilbud på dette opslag.")


@transaction.atomic
def interest_add(*, by, posting: Posting, organisation: Organisation) -> Interest:
    if posting.status != Status.PUBLISHED:
        raise ValidationError(_("Der kan kun vises interesse for et offentliggjort opslag."))
    interest, created = Interest.objects.get_or_create(posting=posting, organisation=organisation)
    if created:
        record(
            actor=by, action=AuditAction.CREATE, event="market.interest.create", obj=interest,
            municipality_id=posting.municipality_id, object_label=f"{organisation} – {posting}",
        )  # fmt: skip
    return interest


def _check_bid(posting: Posting, *, lot: Lot | None, bidder: Organisation, members: list[Organisation], now) -> None:
    if posting.status != Status.PUBLISHED or now > posting.bid_deadline:
        deadline = formats.date_format(timezone.localtime(posting.bid_deadline), "d-m-Y H:i")
        raise ValidationError({"__all__": [_("Fristen for tilbud var %(deadline)s; der kan ikke længere afgives tilbud.") % {"deadline": deadline}]})
    errors = {}
    if posting.lots.exists() and lot is None:
        errors["lot"] = [_("Vælg den delkontrakt, tilbuddet gælder.")]
    if lot is not None and lot.posting_id != posting.pk:
        errors["lot"] = [_("Delkontrakten hører ikke til opslaget.")]
    everyone = [bidder, *members]
    if posting.buyer_id in {o.pk for o in everyone}:
        errors["bidder"] = [_("Køberen kan ikke byde på sit eget opslag.")]
    if len({o.pk for o in everyone}) != len(everyone):
        errors["members"] = [_("En virksomhed kan kun deltage én gang i konsortiet.")]
    if errors:
        raise ValidationError(errors)
    if posting.reserved or (lot is not None and lot.reserved):
        verdict = eligibility_for([o.pk for o in everyone])
        if not verdict.eligible:
            intro = _("Opslaget er forbeholdt virksomheder efter udbudslovens § 20.")
            raise ValidationError({"bidder": [intro, *verdict.reasons]})


@transaction.atomic
def bid_submit(
    *, by, posting: Posting, bidder: Organisation, price, description: str, lot: Lot | None = None,
    members: list[Organisation] = (), consortium_name: str = "", now=None,
) -> Bid:  # fmt: skip
    """Submit a bid alone (no members) or as the lead of a consortium with `members`."""
    now = now or timezone.now()
    members = list(members)
    errors = {}
    try:
        amount = rules.parse_kroner(price)
    except ValueError as error:
        errors["price"] = [_("Pris: %(error)s") % {"error": error}]
    else:
        if amount is None:
            errors["price"] = [_("Angiv prisen i kroner.")]
    if not (description or "").strip():
        errors["description"] = [_("Beskriv tilbuddet.")]
    _check_bid(posting, lot=lot, bidder=bidder, members=members, now=now)
    if errors:
        raise ValidationError(errors)
    if Bid.objects.filter(posting=posting, lot=lot, bidder=bidder).exists():
        raise ValidationError({"bidder": [DUPLICATE]})
    verdict = eligibility_for([bidder.pk, *(m.pk for m in members)])
    consortium = None
    if members:
        consortium = Consortium.objects.create(name=(consortium_name or "").strip() or _("Konsortium ved %(lead)s") % {"lead": bidder.name})
        consortium.members.set([bidder, *members])
    try:
        with transaction.atomic():
            bid = Bid.objects.create(
                posting=posting, lot=lot, bidder=bidder, consortium=consortium, price=amount,
                description=description.strip(), special_share=verdict.share, staffing_year=verdict.year,
                submitted_by=by, submitted_at=now,
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError({"bidder": [DUPLICATE]}) from None
    record(
        actor=by, action=AuditAction.CREATE, event="market.bid.submit", obj=bid, municipality_id=posting.municipality_id,
        changes={"members": [None, [m.name for m in members]], "lot": [None, lot.number if lot else None]},
    )  # fmt: skip  -- the price stays out of the audit trail until the bids are opened
    return bid


def _require_opened(posting: Posting, now) -> None:
    if now < posting.bid_deadline or posting.status != Status.CLOSED:
        raise ValidationError(_("Tilbuddene kan først vurderes, når opslaget er lukket for tilbud."))


@transaction.atomic
def bid_evaluate(*, by, bid: Bid, score, evaluation: str, now=None) -> Bid:
    _require_opened(Posting.objects.get(pk=bid.posting_id), now or timezone.now())  # fresh: the status matters
    if score is not None and not (0 <= score <= 100):
        raise ValidationError({"score": [_("Point skal være mellem 0 og 100.")]})
    before = {"score": str(bid.score) if bid.score is not None else None, "evaluation": bid.evaluation}
    bid.score, bid.evaluation = score, (evaluation or "").strip()
    bid.save(update_fields=["score", "evaluation"])
    record(
        actor=by, action=AuditAction.UPDATE, event="market.bid.evaluate", obj=bid,
        municipality_id=bid.posting.municipality_id,
        changes={"score": [before["score"], str(score) if score is not None else None], "evaluation": [before["evaluation"], bid.evaluation]},
    )  # fmt: skip
    return bid


@transaction.atomic
def award_bid(*, by, bid: Bid, justification: str, now=None) -> Award:
    """Award the posting (or the bid's lot) to `bid`. The posting moves to awarded when every
    lot has its award (or, without lots, at once)."""
    now = now or timezone.now()
    posting = Posting.objects.select_for_update().get(pk=bid.posting_id)
    _require_opened(posting, now)
    if not (justification or "").strip():
        raise ValidationError({"justification": [_("Begrund tildelingen.")]})
    try:
        with transaction.atomic():
            award = Award.objects.create(
                posting=posting, lot=bid.lot, bid=bid, justification=justification.strip(), awarded_by=by, awarded_at=now
            )
    except IntegrityError:
        raise ValidationError(_("Opslaget eller delkontrakten er allerede tildelt.")) from None
    record(
        actor=by, action=AuditAction.CREATE, event="market.award.create", obj=award, municipality_id=posting.municipality_id,
        changes={"bidder": [None, bid.bidder.name], "justification": [None, award.justification]},
    )  # fmt: skip
    lots = posting.lots.count()
    if lots == 0 or Award.objects.filter(posting=posting).count() >= lots:
        rules.POSTING_LIFECYCLE.check(posting.status, Status.AWARDED)
        posting.status = Status.AWARDED
        posting.save(update_fields=["status", "updated_at"])
        record(
            actor=by, action=AuditAction.UPDATE, event="market.posting.awarded", obj=posting,
            changes={"status": [Status.CLOSED, Status.AWARDED]},
        )  # fmt: skip
    return award
