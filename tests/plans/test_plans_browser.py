"""The strategy page and a budget edit in headless Chromium: axe finds no serious or critical
violation on the strategy page (chart, indicator table, initiatives), the project budget, the
activity form with errors, and the budget after the edit. Run with -m browser."""

import pytest

from accounts.roles import Role
from plans.testing import make_strategy, rsv_goal, seed002_project
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_strategy_page_and_a_budget_edit_pass_axe(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    strategy = make_strategy(world.kolding, goals=[rsv_goal()])
    project = seed002_project(world.kolding)
    base = live_server.url
    axe = Accessibility()
    log_in(page, base, world.users[Role.CONSULTANT].username)

    page.goto(f"{base}/strategi/{strategy.public_id}/")
    expect(page.locator("h1")).to_have_text("Socialøkonomisk strategi og handleplan")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    axe.check(page, "plans-strategy")

    page.goto(f"{base}/strategi/projekter/{project.public_id}/")
    expect(page.locator(".alert-warning").first).to_contain_text("Oplyst 290 timer, posterne giver 275 timer")
    axe.check(page, "plans-project")
    page.get_by_role("link", name="Ny aktivitet").first.click()
    page.fill("#id_name", "Ekstra dialogmøde")
    page.fill("#id_hours", "ti")
    page.fill("#id_hourly_rate", "825")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Timer")
    axe.check(page, "plans-activity-errors")
    page.fill("#id_hours", "10")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#project-totals")).to_contain_text("548.625,00 kr.")
    axe.check(page, "plans-project-after-edit")

    axe.assert_clean()
