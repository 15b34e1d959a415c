"""Builders for tests, benchmarks and the demo: enterprises with staffing on record, postings
in any state, bids alone or in consortium. Everything goes through the services. The one home
of each market builder (CONTRIBUTING.md)."""

import datetime

from django.utils import timezone

from registry.choices import Kind
from registry.services import staffing_set
from registry.testing import make_organisation

from . import services, services_bids
from .models import Bid, Posting, Status


def make_enterprise(municipality, *, by, total: int, special: int, integration: bool = True, year: int = 2025, **fields):
    """A social-economic enterprise (RSV-registered when `integration`) whose latest staffing
    has `special` of `total` employees in fleksjob."""
    defaults = {"kind": Kind.SOCIAL_ENTERPRISE if integration else Kind.COMPANY, "rsv_registered": integration}
    defaults.update(fields)
    organisation = make_organisation(municipality, **defaults)
    staffing_set(by=by, organisation=organisation, year=year, data={"employees_total": total, "fleksjob": special})
    organisation.refresh_from_db()
    return organisation


def posting_data(**overrides) -> dict:
    """Valid data for a cleaning tender with its deadlines 30 and 20 days ahead."""
    now = timezone.now()
    data = {
        "kind": "tender", "title": "Rengøring af rådhuset", "description": "Daglig rengøring af 4.000 m².",
        "cpv_codes": ["90911200-8"], "keywords": ["rengøring"], "estimated_value": "1.250.000",
        "procedure": "open", "reserved": False, "question_deadline": now + datetime.timedelta(days=20),
        "bid_deadline": now + datetime.timedelta(days=30), "contract_start": (now + datetime.timedelta(days=60)).date(),
        "contract_end": (now + datetime.timedelta(days=60 + 730)).date(),
    }  # fmt: skip
    data.update(overrides)
    return data


def make_posting(buyer, *, by, status: str = Status.PUBLISHED, **overrides) -> Posting:
    """A posting by `buyer`, moved along the lifecycle to `status` (closing and awarding need
    the deadline passed: pass `bid_deadline` in the past after publishing with time_machine,
    or use `close_now`)."""
    posting = services.posting_create(by=by, buyer=buyer, data=posting_data(**overrides))
    if status != Status.DRAFT:
        posting = services.posting_move(by=by, posting=posting, target=Status.PUBLISHED)
    if status == Status.CANCELLED:
        posting = services.posting_move(by=by, posting=posting, target=Status.CANCELLED)
    return posting


def close_now(posting: Posting, *, by) -> Posting:
    """Close a published posting as if its bid deadline had just passed."""
    return services.posting_move(by=by, posting=posting, target=Status.CLOSED, now=posting.bid_deadline + datetime.timedelta(minutes=1))


def submit_bid(posting: Posting, bidder, *, by, price="100.000", members=(), lot=None, now=None) -> Bid:
    return services_bids.bid_submit(
        by=by, posting=posting, bidder=bidder, price=price, description="Vi leverer med egne medarbejdere.",
        members=list(members), lot=lot, now=now,
    )  # fmt: skip


def award(bid: Bid, *, by, justification: str = "Bedste forhold mellem pris og kvalitet.") -> None:
    after = bid.posting.bid_deadline + datetime.timedelta(minutes=5)
    services_bids.award_bid(by=by, bid=bid, justification=justification, now=after)


