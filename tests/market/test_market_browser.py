"""The market in headless Chromium: procurement creates and publishes a reserved tender, an
enterprise that reaches 30 % bids on it; axe finds no serious or critical violation on the
board, the form (with errors), the posting page and the bid form.
Run: TEST_DB_NAME=… .venv/bin/pytest tests/market/test_market_browser.py -m browser
"""

import pytest
from django.urls import reverse

from market.models import Bid, Posting
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in the test thread; the ORM use here is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_procurement_publishes_a_reserved_tender_and_an_enterprise_bids(market, live_server, browser):  # noqa: F811
    from playwright.sync_api import expect

    base, axe = live_server.url, Accessibility()
    buyer = browser.new_context(locale="da-DK", viewport={"width": 1366, "height": 900}).new_page()
    log_in(buyer, base, market.buyer_user.username)
    buyer.goto(base + reverse("market:index"))
    axe.check(buyer, "market-board")
    buyer.goto(base + reverse("market:create"))
    buyer.fill("#id_title", "Rengøring af skoler")
    buyer.fill("#id_description", "Daglig rengøring")
    buyer.fill("#id_cpv_codes", "90911200-8")
    buyer.fill("#id_estimated_value", "mange penge")
    buyer.fill("#id_bid_deadline", "2030-01-01T12:00")
    buyer.check("#id_reserved")
    buyer.click("main form button[type=submit]")
    expect(buyer.locator(".error-summary")).to_contain_text("Beløbet må kun indeholde cifre")
    axe.check(buyer, "market-form-errors")
    buyer.fill("#id_estimated_value", "1.250.000")
    buyer.click("main form button[type=submit]")
    expect(buyer.locator("h1")).to_contain_text("Rengøring af skoler")
    buyer.click("main button:has-text(\"Offentliggør\")")
    expect(buyer.locator(".alert-success, .alert")).to_contain_text("offentliggjort")
    axe.check(buyer, "market-posting-buyer")
    posting = Posting.objects.get()
    assert posting.status == "published" and posting.reserved

    bidder = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}).new_page()
    log_in(bidder, base, market.eligible_user.username)
    bidder.goto(base + reverse("market:detail", args=[posting.public_id]))
    expect(bidder.locator("#h-elig")).to_be_visible()
    axe.check(bidder, "market-posting-bidder")
    bidder.click("main a:has-text(\"Afgiv tilbud\")")
    axe.check(bidder, "market-bid-form")
    bidder.fill("#id_price", "1.150.000")
    bidder.fill("#id_description", "Vi gør rent med faste hold.")
    bidder.click("main form button[type=submit]")
    expect(bidder.locator("h1")).to_contain_text("Tilbud: Rengøring med Hjerte ApS")
    assert Bid.objects.get().price == 1150000
    axe.check(bidder, "market-bid")
    buyer.goto(base + reverse("market:public_list"))
    axe.check(buyer, "market-public-list")
    axe.assert_clean()
