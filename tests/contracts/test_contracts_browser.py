"""The contract pages in headless Chromium: the editor saves a contract as a new version, a
settlement is approved by two users (four eyes), and axe finds no serious or critical violation
on the detail, terms, editor, ledger and plan-vs-actual pages.
Run: TEST_DB_NAME=… .venv/bin/pytest tests/contracts/test_contracts_browser.py -m browser"""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from contracts.services import current_version, run_plan_vs_actual, run_settlement
from contracts.testing import growth_world
from demo.contracts import GROWTH_CONTRACT_YAML
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_editor_saves_and_a_second_user_approves_the_settlement(world, live_server, browser):  # noqa: F811
    from playwright.sync_api import expect

    gw = growth_world(world, yaml_text=GROWTH_CONTRACT_YAML)
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=datetime.date(2026, 12, 31))
    plan = run_plan_vs_actual(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=datetime.date(2026, 12, 31))
    base = live_server.url
    axe = Accessibility()

    first = browser.new_context(locale="da-DK", viewport={"width": 1366, "height": 900}).new_page()
    first.set_default_timeout(20_000)
    log_in(first, base, world.users[Role.PROCUREMENT].username)
    first.goto(base + reverse("contracts:detail", args=[gw.contract.public_id]))
    axe.check(first, "contract-detail")
    first.goto(base + reverse("contracts:terms", args=[gw.contract.public_id]))
    expect(first.locator("#terms-outcomes")).to_contain_text("Start i ordinært, ustøttet job")
    axe.check(first, "contract-terms")
    first.goto(base + reverse("contracts:edit", args=[gw.contract.public_id]))
    axe.check(first, "contract-editor")
    first.fill("#id_o-0-price", "30000")
    first.locator("#contract-editor button[type=submit]").click()
    expect(first.locator("h1")).to_contain_text("Kontraktvilkår")
    assert current_version(gw.contract).number == 2

    first.goto(base + reverse("contracts:run", args=[run.public_id]))
    first.locator("#approve").click()
    expect(first.locator("#approval-state")).to_contain_text("Mangler én godkendelse")
    axe.check(first, "ledger-one-approval")
    first.goto(base + reverse("contracts:run", args=[plan.public_id]))
    expect(first.locator("#verdict")).to_be_visible()
    axe.check(first, "plan-vs-actual")
    first.close()

    second = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}).new_page()
    second.set_default_timeout(20_000)
    log_in(second, base, world.users[Role.ANALYST].username)
    second.goto(base + reverse("contracts:run", args=[run.public_id]))
    second.locator("#approve").click()
    expect(second.locator("#approval-state")).to_contain_text("Godkendt til betaling")
    axe.check(second, "ledger-approved-phone")
    second.close()
    axe.assert_clean()
