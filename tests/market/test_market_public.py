"""Public pages without login show published postings only; OCDS release packages validate
against the OCDS 1.1 schema; the Atom feed lists what is published."""

import json

import pytest
from django.test import Client

from market import services
from market.models import Status
from market.testing import award, close_now, make_posting, submit_bid

from .ocds_official import release_package_validator


@pytest.fixture
def board(market):
    by = market.buyer_user
    draft = make_posting(market.buyer, by=by, status=Status.DRAFT, title="Hemmelig kladde")
    cancelled_draft = make_posting(market.buyer, by=by, status=Status.DRAFT, title="Droppet kladde")
    services.posting_move(by=by, posting=cancelled_draft, target=Status.CANCELLED)
    published = make_posting(market.buyer, by=by, title="Rengøring af skoler", reserved=True)
    awarded = make_posting(market.buyer, by=by, title="Kantinedrift", cpv_codes=["55510000-8"])
    services.clause_add(by=by, posting=awarded, data={"kind": "fleksjob_hours", "quantity": 500})
    bid = submit_bid(awarded, market.eligible, by=market.eligible_user, price="750.000,50")
    close_now(awarded, by=by)
    award(bid, by=by)
    return {"draft": draft, "cancelled_draft": cancelled_draft, "published": published, "awarded": awarded}


def test_the_public_list_needs_no_login_and_shows_nothing_unpublished(board):
    page = Client().get("/udbud/offentlig/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Rengøring af skoler" in text and "Kantinedrift" in text
    assert "Hemmelig kladde" not in text and "Droppet kladde" not in text


def test_a_draft_is_404_on_every_public_url(board):
    client, draft = Client(), board["draft"]
    for url in (f"/udbud/offentlig/{draft.public_id}/", f"/udbud/offentlig/{draft.public_id}/ocds.json"):
        assert client.get(url).status_code == 404


def test_the_public_posting_page_shows_the_award_but_no_price_of_other_bids(board):
    text = Client().get(f"/udbud/offentlig/{board['awarded'].public_id}/").content.decode()
    assert "Kantinedrift" in text and "Rengøring med Hjerte ApS" in text and "Timer i fleksjob" in text


def test_the_ocds_package_validates_against_the_ocds_1_1_schema(board):
    response = Client().get("/udbud/offentlig/ocds.json")
    package = json.loads(response.content)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in release_package_validator().iter_errors(package)]
    assert errors == []
    titles = {r["tender"]["title"]: r for r in package["releases"]}
    assert set(titles) == {"Rengøring af skoler", "Kantinedrift"}
    awarded = titles["Kantinedrift"]
    assert awarded["tag"] == ["award"] and awarded["awards"][0]["value"] == {"amount": 750000.5, "currency": "DKK"}
    assert awarded["tender"]["items"][0]["classification"] == {"scheme": "CPV", "id": "55510000", "description": "Kantinevirksomhed"}
    assert titles["Rengøring af skoler"]["tender"]["value"] == {"amount": 1250000, "currency": "DKK"}


def test_the_published_schema_refuses_a_package_that_breaks_it(board):
    package = json.loads(Client().get("/udbud/offentlig/ocds.json").content)
    release = package["releases"][0]
    del release["ocid"]
    release["tag"] = ["udbud"]
    release["tender"]["status"] = "open"
    release["tender"]["value"]["amount"] = "1.250.000"
    paths = {"/".join(map(str, e.absolute_path)) for e in release_package_validator().iter_errors(package)}
    assert {"releases/0", "releases/0/tag/0", "releases/0/tender/status", "releases/0/tender/value/amount"} <= paths


def test_the_ocds_download_is_an_attachment(board):
    response = Client().get(f"/udbud/offentlig/{board['published'].public_id}/ocds.json?download=1")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert len(json.loads(response.content)["releases"]) == 1


def test_the_atom_feed_lists_published_postings_only(board):
    response = Client().get("/udbud/offentlig/feed/")
    text = response.content.decode()
    assert response.status_code == 200 and "application/atom+xml" in response["Content-Type"]
    assert "Rengøring af skoler" in text and "Hemmelig kladde" not in text
