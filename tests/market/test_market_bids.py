"""Interest and bids: sealed until the deadline (time_machine), refused after it, one bid per
enterprise per posting even when two arrive at once, evaluation and award with justification."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.access import Access
from audit.models import AuditEvent
from market import access as ma
from market import services_bids
from market.models import Bid, Posting, Status
from market.testing import award, close_now, make_posting, submit_bid


def _deadline_posting(market):
    return make_posting(market.buyer, by=market.buyer_user)


def test_no_bidder_sees_another_bidders_bid(market, client_for):
    posting = _deadline_posting(market)
    mine = submit_bid(posting, market.eligible, by=market.eligible_user, price="500.000")
    theirs = submit_bid(posting, market.short, by=market.short_user, price="400.000")
    assert list(ma.bids_visible_to(Access(market.eligible_user))) == [mine]
    with time_machine.travel(posting.bid_deadline + datetime.timedelta(days=1)):
        assert list(ma.bids_visible_to(Access(market.eligible_user))) == [mine]
        client = client_for(market.eligible_user)
        assert client.get(f"/udbud/tilbud/{theirs.public_id}/").status_code == 404
        page = client.get(f"/udbud/{posting.public_id}/").content.decode()
        assert "500.000,00 kr." in page and "400.000,00 kr." not in page


def test_the_buyer_sees_no_bid_before_the_deadline_and_all_after(market, client_for):
    posting = _deadline_posting(market)
    bid = submit_bid(posting, market.eligible, by=market.eligible_user, price="500.000")
    with time_machine.travel(posting.bid_deadline - datetime.timedelta(minutes=1)):
        client = client_for(market.buyer_user)  # logged in inside the travel: sessions expire
        assert not ma.bids_visible_to(Access(market.buyer_user)).exists()
        assert client.get(f"/udbud/tilbud/{bid.public_id}/").status_code == 404
        page = client.get(f"/udbud/{posting.public_id}/").content.decode()
        assert "500.000,00 kr." not in page and "Tilbuddene er lukkede" in page
    with time_machine.travel(posting.bid_deadline + datetime.timedelta(minutes=1)):
        assert list(ma.bids_visible_to(Access(market.buyer_user))) == [bid]
        client = client_for(market.buyer_user)
        assert "500.000,00 kr." in client.get(f"/udbud/{posting.public_id}/").content.decode()


def test_a_bid_after_the_deadline_is_refused_with_the_deadline_named(market):
    posting = _deadline_posting(market)
    with pytest.raises(ValidationError) as error:
        submit_bid(posting, market.eligible, by=market.eligible_user, now=posting.bid_deadline + datetime.timedelta(seconds=1))
    assert "Fristen for tilbud var" in error.value.messages[0]
    assert not Bid.objects.exists()


def test_the_bid_page_names_a_price_with_letters(market, client_for):
    posting = _deadline_posting(market)
    response = client_for(market.eligible_user).post(
        f"/udbud/{posting.public_id}/tilbud/nyt/",
        {"bidder": market.eligible.pk, "price": "billigt", "description": "Vi kan."},
    )
    assert "Pris (kr.): Beløbet må kun indeholde cifre" in response.content.decode()
    assert not Bid.objects.exists()


def test_a_second_bid_by_the_same_enterprise_is_refused(market):
    posting = _deadline_posting(market)
    submit_bid(posting, market.eligible, by=market.eligible_user)
    with pytest.raises(ValidationError) as error:
        submit_bid(posting, market.eligible, by=market.eligible_user)
    assert "allerede afgivet tilbud" in error.value.message_dict["bidder"][0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_bids_at_the_same_moment_by_one_enterprise_make_one_bid(market):
    posting = _deadline_posting(market)
    posting_id, bidder, user = posting.pk, market.eligible, market.eligible_user
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            fresh = Posting.objects.get(pk=posting_id)
            barrier.wait()
            submit_bid(fresh, bidder, by=user)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.message_dict["bidder"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Bid.objects.filter(posting_id=posting_id).count() == 1
    assert sorted(outcomes)[1] == "ok" and "allerede afgivet tilbud" in sorted(outcomes)[0]


def test_interest_is_shown_to_the_buyer_at_once(market, client_for):
    posting = _deadline_posting(market)
    services_bids.interest_add(by=market.eligible_user, posting=posting, organisation=market.eligible)
    services_bids.interest_add(by=market.eligible_user, posting=posting, organisation=market.eligible)
    assert posting.interests.count() == 1
    assert market.eligible.name in client_for(market.buyer_user).get(f"/udbud/{posting.public_id}/").content.decode()


def test_the_buyer_evaluates_and_awards_with_a_justification(market):
    posting = _deadline_posting(market)
    bid = submit_bid(posting, market.eligible, by=market.eligible_user)
    with pytest.raises(ValidationError):
        services_bids.bid_evaluate(by=market.buyer_user, bid=bid, score=80, evaluation="God")
    close_now(posting, by=market.buyer_user)
    bid.refresh_from_db()
    after = posting.bid_deadline + datetime.timedelta(minutes=2)
    services_bids.bid_evaluate(by=market.buyer_user, bid=bid, score=80, evaluation="God kvalitet", now=after)
    with pytest.raises(ValidationError) as error:
        services_bids.award_bid(by=market.buyer_user, bid=bid, justification=" ", now=after)
    assert "justification" in error.value.message_dict
    award(bid, by=market.buyer_user)
    posting.refresh_from_db()
    assert posting.status == Status.AWARDED
    assert AuditEvent.objects.filter(event="market.award.create").count() == 1


def test_a_posting_with_lots_is_awarded_when_every_lot_is(market):
    from market import services

    posting = make_posting(market.buyer, by=market.buyer_user, status=Status.DRAFT)
    lot1 = services.lot_add(by=market.buyer_user, posting=posting, data={"title": "Rådhuset"})
    lot2 = services.lot_add(by=market.buyer_user, posting=posting, data={"title": "Skolerne"})
    posting = services.posting_move(by=market.buyer_user, posting=posting, target=Status.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        submit_bid(posting, market.eligible, by=market.eligible_user)
    assert "lot" in error.value.message_dict
    bid1 = submit_bid(posting, market.eligible, by=market.eligible_user, lot=lot1)
    bid2 = submit_bid(posting, market.eligible, by=market.eligible_user, lot=lot2)
    close_now(posting, by=market.buyer_user)
    award(bid1, by=market.buyer_user)
    posting.refresh_from_db()
    assert posting.status == Status.CLOSED
    award(bid2, by=market.buyer_user)
    posting.refresh_from_db()
    assert posting.status == Status.AWARDED


def test_the_buyer_cannot_bid_on_its_own_company_posting(market):
    company, user = market.world.company, market.world.users["company"]
    posting = make_posting(company, by=user, kind="subcontract", cpv_codes=[])
    with pytest.raises(ValidationError) as error:
        submit_bid(posting, company, by=user)
    assert "bidder" in error.value.message_dict
