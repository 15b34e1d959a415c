"""Interest, bids, evaluation and award pages. A bid is seen by its bidder and consortium
members; the buyer sees bids only after the bid deadline (market.access.bids_visible_to)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from core.forms import add_service_errors

from . import access as ma
from . import selectors, services_bids
from .eligibility import eligibility_for
from .forms import AwardForm, BidForm, EvaluationForm, OrganisationChoiceForm


@login_required
@require_POST
def interest_add(request, public_id):
    access = access_for(request)
    posting = ma.posting_get(access, public_id)
    form = OrganisationChoiceForm(request.POST, organisations=selectors.bidder_choices(access, posting))
    if not form.is_valid():
        raise Http404
    try:
        services_bids.interest_add(by=request.user, posting=posting, organisation=form.cleaned_data["organisation"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Jeres interesse er registreret. Køberen kan se den."))
    return redirect("market:detail", public_id=posting.public_id)


@login_required
def bid_create(request, public_id):
    access = access_for(request)
    posting = ma.posting_get(access, public_id)
    bidders = selectors.bidder_choices(access, posting)
    if not bidders.exists():
        raise Http404
    form = BidForm(
        request.POST or None, bidders=bidders, partners=selectors.partner_choices(access, posting),
        lots=posting.lots.all(),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bid = services_bids.bid_submit(
                by=request.user, posting=posting, bidder=data["bidder"], price=data["price"],
                description=data["description"], lot=data.get("lot"), members=list(data["members"]),
                consortium_name=data["consortium_name"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tilbuddet er afgivet. Køberen kan først se det efter fristen for tilbud."))
            return redirect("market:bid", public_id=bid.public_id)
    eligibility = [(org, eligibility_for([org.pk])) for org in bidders] if posting.reserved else []
    return render(request, "market/bid_form.html", {"form": form, "posting": posting, "eligibility": eligibility})


@login_required
def bid_detail(request, public_id):
    access = access_for(request)
    bid = ma.bid_get(access, public_id)
    posting = bid.posting
    can_manage = ma.can_manage(access, posting)
    members = list(bid.consortium.members.order_by("name")) if bid.consortium else []
    context = {
        "bid": bid, "posting": posting, "members": members, "can_manage": can_manage,
        "combined": eligibility_for([m.pk for m in members]) if members else None,
        "evaluation_form": EvaluationForm(initial={"score": bid.score, "evaluation": bid.evaluation}),
        "award_form": AwardForm(), "opened": timezone.now() >= posting.bid_deadline,
        "award": getattr(bid, "award", None),
    }  # fmt: skip
    return render(request, "market/bid_detail.html", context)


def _bid_for_buyer(request, public_id):
    access = access_for(request)
    bid = ma.bid_get(access, public_id)
    if not ma.can_manage(access, bid.posting):
        raise Http404
    return bid


@login_required
@require_POST
def bid_evaluate(request, public_id):
    bid = _bid_for_buyer(request, public_id)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services_bids.bid_evaluate(
                by=request.user, bid=bid, score=form.cleaned_data["score"], evaluation=form.cleaned_data["evaluation"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Evalueringen er gemt."))
    else:
        messages.error(request, _("Point skal være et tal mellem 0 og 100."))
    return redirect("market:bid", public_id=bid.public_id)


@login_required
@require_POST
def bid_award(request, public_id):
    bid = _bid_for_buyer(request, public_id)
    form = AwardForm(request.POST)
    if form.is_valid():
        try:
            services_bids.award_bid(by=request.user, bid=bid, justification=form.cleaned_data["justification"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Opslaget er tildelt %(name)s.") % {"name": bid.bidder.name})
    else:
        messages.error(request, _("Begrund tildelingen."))
    return redirect("market:bid", public_id=bid.public_id)
