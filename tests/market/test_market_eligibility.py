"""Reserved tenders (udbudsloven § 20): eligibility from the registry's staffing rows, worked
numbers at 29.9 % and 30 %, a consortium's combined share, and the refused bid's reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from market.eligibility import eligibility_for
from market.models import Bid
from market.rules import StaffingFigures, reserved_eligibility
from market.testing import make_enterprise, make_posting, submit_bid


def test_299_of_1000_is_29_9_percent_and_not_enough():
    verdict = reserved_eligibility([StaffingFigures("A", True, 2025, 1000, 299)])
    assert verdict.share == Decimal("0.2990") and not verdict.eligible
    assert "29,9 %" in verdict.reasons[0]


def test_300_of_1000_is_30_percent_and_enough():
    verdict = reserved_eligibility([StaffingFigures("A", True, 2025, 1000, 300)])
    assert verdict.share == Decimal("0.3000") and verdict.eligible and verdict.year == 2025


def test_a_consortium_sums_its_members_staff():
    # 2 of 10 (20 %) + 4 of 10 (40 %) = 6 of 20 = 30 %
    verdict = reserved_eligibility([StaffingFigures("A", True, 2024, 10, 2), StaffingFigures("B", True, 2025, 10, 4)])
    assert (verdict.total, verdict.special, verdict.share, verdict.eligible) == (20, 6, Decimal("0.3000"), True)
    assert verdict.year == 2024  # the oldest figure the share rests on


def test_a_member_without_integration_aim_or_staffing_makes_the_consortium_ineligible():
    verdict = reserved_eligibility([StaffingFigures("A", True, 2025, 10, 9), StaffingFigures("B", False, None, None, None)])
    assert not verdict.eligible and len(verdict.reasons) == 2


def test_eligibility_is_read_from_the_registry_staffing_rows(market):
    assert eligibility_for([market.eligible.pk]).eligible
    short = eligibility_for([market.short.pk])
    assert not short.eligible and short.share == Decimal("0.2990") and short.year == 2025
    assert eligibility_for([market.short.pk, market.partner.pk]).share == Decimal("0.3000")  # 303 / 1010


def test_an_ordinary_company_does_not_have_integration_as_its_main_aim(market):
    company = make_enterprise(market.world.kolding, by=market.buyer_user, total=10, special=5, integration=False)
    assert not eligibility_for([company.pk]).eligible


def test_a_reserved_tender_refuses_an_ineligible_bid_with_the_reason(market):
    posting = make_posting(market.buyer, by=market.buyer_user, reserved=True)
    with pytest.raises(ValidationError) as error:
        submit_bid(posting, market.short, by=market.short_user)
    messages = error.value.message_dict["bidder"]
    assert "§ 20" in messages[0] and "29,9 %" in messages[1]
    assert not Bid.objects.exists()


def test_a_reserved_tender_accepts_the_30_percent_enterprise_and_keeps_the_figures(market):
    posting = make_posting(market.buyer, by=market.buyer_user, reserved=True)
    bid = submit_bid(posting, market.eligible, by=market.eligible_user)
    assert (bid.special_share, bid.staffing_year) == (Decimal("0.3000"), 2025)


def test_the_short_enterprise_qualifies_together_with_a_partner(market):
    posting = make_posting(market.buyer, by=market.buyer_user, reserved=True)
    bid = submit_bid(posting, market.short, by=market.short_user, members=[market.partner])
    assert bid.special_share == Decimal("0.3000")  # 303 of 1010
    assert set(bid.consortium.members.all()) == {market.short, market.partner}


def test_the_posting_page_shows_the_share_and_year(market, client_for):
    posting = make_posting(market.buyer, by=market.buyer_user, reserved=True)
    page = client_for(market.short_user).get(f"/udbud/{posting.public_id}/").content.decode()
    assert "29,9 %" in page and "2025" in page
