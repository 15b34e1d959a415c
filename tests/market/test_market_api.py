"""The market's JSON API: the same permissions, sealing and errors as the pages."""

import datetime

import time_machine

from accounts.roles import Role
from market.models import Bid, Posting
from market.testing import make_posting

URL = "/api/v1/market/postings"


def _body(market, **overrides):
    body = {
        "buyer": str(market.buyer.public_id), "kind": "tender", "title": "Rengøring", "description": "Daglig",
        "cpv_codes": ["90911200-8"], "estimated_value": "1.250.000", "bid_deadline": "2030-01-01T12:00:00+01:00",
        "reserved": True,
    }  # fmt: skip
    body.update(overrides)
    return body


def test_procurement_creates_and_publishes_a_reserved_tender(market, api_for):
    api = api_for(market.buyer_user)
    created = api.post(URL, _body(market), content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "draft" and data["estimated_value"] == "1250000.00" and data["allowed"] == ["cancelled", "published"]
    published = api.post(f"{URL}/{data['public_id']}/status/published")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert api.post(f"{URL}/{data['public_id']}/status/published").status_code == 409


def test_bad_value_and_cpv_answer_422_naming_the_field(market, api_for):
    api = api_for(market.buyer_user)
    response = api.post(URL, _body(market, estimated_value="en million", cpv_codes=["12345678-9"]), content_type="application/json")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"estimated_value", "cpv_codes"} <= fields
    assert not Posting.objects.exists()


def test_a_bidder_cannot_create_postings_and_aarhus_cannot_see_a_kolding_draft(market, api_for):
    assert api_for(market.eligible_user).post(URL, _body(market), content_type="application/json").status_code in (403, 422)
    draft = make_posting(market.buyer, by=market.buyer_user, status="draft")
    assert api_for(market.world.outsiders[Role.PROCUREMENT]).get(f"{URL}/{draft.public_id}").status_code == 404
    assert api_for(market.world.users[Role.ANALYST]).get(f"{URL}/{draft.public_id}").status_code == 404


def test_bids_through_the_api_are_sealed_and_checked_for_section_20(market, api_for):
    posting = make_posting(market.buyer, by=market.buyer_user, reserved=True)
    refused = api_for(market.short_user).post(
        f"{URL}/{posting.public_id}/bids",
        {"bidder": str(market.short.public_id), "price": "900.000", "description": "Vi kan"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "bidder"
    together = api_for(market.short_user).post(
        f"{URL}/{posting.public_id}/bids",
        {"bidder": str(market.short.public_id), "price": "900.000", "description": "Vi kan",
         "members": [str(market.partner.public_id)]},
        content_type="application/json",
    )  # fmt: skip
    assert together.status_code == 201, together.content
    assert together.json()["special_share"] == "0.3000" and together.json()["members"] == ["Grøn Partner ApS", "Næsten Nok ApS"]
    assert api_for(market.buyer_user).get(f"{URL}/{posting.public_id}/bids").json() == []
    assert api_for(market.eligible_user).get(f"/api/v1/market/bids/{together.json()['public_id']}").status_code == 404
    with time_machine.travel(posting.bid_deadline + datetime.timedelta(minutes=1)):
        assert len(api_for(market.buyer_user).get(f"{URL}/{posting.public_id}/bids").json()) == 1


def test_a_price_with_letters_answers_422(market, api_for):
    posting = make_posting(market.buyer, by=market.buyer_user)
    response = api_for(market.eligible_user).post(
        f"{URL}/{posting.public_id}/bids", {"bidder": str(market.eligible.public_id), "price": "gratis", "description": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "price"
    assert not Bid.objects.exists()


def test_interest_through_the_api(market, api_for):
    posting = make_posting(market.buyer, by=market.buyer_user)
    response = api_for(market.eligible_user).post(
        f"{URL}/{posting.public_id}/interest", {"organisation": str(market.eligible.public_id)}, content_type="application/json"
    )
    assert response.status_code == 204 and posting.interests.count() == 1


def test_the_list_shows_published_postings_to_market_roles(market, api_for):
    make_posting(market.buyer, by=market.buyer_user)
    make_posting(market.buyer, by=market.buyer_user, status="draft")
    assert api_for(market.world.outsiders[Role.PROVIDER]).get(URL).json()["count"] == 1
    assert api_for(market.buyer_user).get(URL).json()["count"] == 2
    assert api_for(market.world.users[Role.CASEWORKER]).get(URL).status_code in (403, 404)
