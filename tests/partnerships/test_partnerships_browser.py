"""The caseworker's matching in headless Chromium: open the partnership, run a matching, lock a
pair, confirm; axe finds no serious or critical violation on the partnership page, the matching
page, the proposal (at 1366 and 390 px) and the slot form with errors.
Run: TEST_DB_NAME=… .venv/bin/pytest tests/partnerships/test_partnerships_browser.py -m browser
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from partnerships.models import MatchPair, PairState
from partnerships.testing import make_partnership, make_slot, make_staffing, waiting_participants
from pathways.models import Placement
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in the test thread; the ORM use here is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_caseworker_runs_a_matching_locks_a_pair_and_confirms(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    partnership = make_partnership(world)
    make_staffing(world.company, ordinary=20)
    make_slot(world, partnership, places=2)
    waiting_participants(world, 3, postcodes=("6000", "6040", "9000"))
    base = live_server.url
    axe = Accessibility()
    log_in(page, base, world.users[Role.CASEWORKER].username)

    page.goto(base + reverse("partnerships:detail", args=[partnership.public_id]))
    expect(page.locator("h1")).to_have_text("Vækstpartnerskab Kolding")
    axe.check(page, "partnership")

    page.get_by_role("link", name="Matchning").click()
    expect(page.locator("h1")).to_have_text("Matchning af borgere til praktikpladser")
    axe.check(page, "matching")
    page.get_by_role("button", name="Beregn forslag").click()
    expect(page.locator("#pair-table")).to_be_visible()
    expect(page.locator("#unmatched-list")).to_contain_text("Deltager 3")
    axe.check(page, "proposal-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    axe.check(page, "proposal-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.locator("#pair-table button", has_text="Lås").first.click()
    expect(page.locator("#pair-table")).to_contain_text("Låst")
    assert MatchPair.objects.filter(state=PairState.LOCKED).count() == 1
    page.get_by_role("button", name="Bekræft og opret placeringer").click()
    expect(page.locator(".alert-success, [role=status]").first).to_contain_text("placeringer er oprettet")
    assert Placement.objects.count() == 2

    page.context.clear_cookies()
    log_in(page, base, world.users[Role.CONSULTANT].username)
    page.goto(base + reverse("partnerships:slot_create", args=[partnership.public_id]))
    page.fill("#id_places", "-1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Antal pladser")
    axe.check(page, "slot-form-errors")
    axe.assert_clean()
