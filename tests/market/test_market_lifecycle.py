"""The posting lifecycle: the transition table, every illegal move refused by the service,
and the date rules for publishing and closing."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from core.lifecycle import IllegalTransition
from market import services
from market.models import Posting, Status
from market.rules import POSTING_LIFECYCLE
from market.testing import close_now, make_posting

LEGAL = {
    ("draft", "published"), ("draft", "cancelled"), ("published", "closed"), ("published", "cancelled"),
    ("closed", "awarded"), ("closed", "cancelled"),
}  # fmt: skip


def test_the_table_lists_exactly_the_legal_moves():
    pairs = {(a, b) for a, b in itertools.product(Status.values, repeat=2) if POSTING_LIFECYCLE.can(a, b)}
    assert pairs == LEGAL


ILLEGAL = sorted(set(itertools.product(Status.values, repeat=2)) - LEGAL)


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_illegal_move_is_refused_and_changes_nothing(market, current, target):
    posting = make_posting(market.buyer, by=market.buyer_user, status=Status.DRAFT)
    Posting.objects.filter(pk=posting.pk).update(status=current)
    with pytest.raises(IllegalTransition):
        services.posting_move(by=market.buyer_user, posting=posting, target=target)
    posting.refresh_from_db()
    assert posting.status == current


def test_publishing_records_the_time_and_an_audit_row(market):
    posting = make_posting(market.buyer, by=market.buyer_user)
    assert posting.status == Status.PUBLISHED and posting.published_at is not None
    assert AuditEvent.objects.filter(event="market.posting.published", object_id=str(posting.pk)).count() == 1


def test_a_posting_whose_bid_deadline_has_passed_cannot_be_published(market):
    posting = make_posting(market.buyer, by=market.buyer_user, status=Status.DRAFT)
    later = posting.bid_deadline + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        services.posting_move(by=market.buyer_user, posting=posting, target=Status.PUBLISHED, now=later)
    assert "bid_deadline" in error.value.message_dict


def test_closing_for_bids_waits_for_the_deadline(market):
    posting = make_posting(market.buyer, by=market.buyer_user)
    with pytest.raises(ValidationError):
        services.posting_move(by=market.buyer_user, posting=posting, target=Status.CLOSED)
    assert close_now(posting, by=market.buyer_user).status == Status.CLOSED


def test_award_is_not_a_plain_move(market):
    posting = close_now(make_posting(market.buyer, by=market.buyer_user), by=market.buyer_user)
    with pytest.raises(ValidationError):
        services.posting_move(by=market.buyer_user, posting=posting, target=Status.AWARDED)


def test_an_illegal_move_on_the_page_shows_a_danish_message(market, client_for):
    posting = make_posting(market.buyer, by=market.buyer_user, status=Status.CANCELLED)
    response = client_for(market.buyer_user).post(f"/udbud/{posting.public_id}/status/published/", follow=True)
    assert "kan ikke skifte til den status" in response.content.decode()
    posting.refresh_from_db()
    assert posting.status == Status.CANCELLED
