"""The mapping pages in headless Chromium: axe finds no serious or critical violation on the
report (charts, tables, grid), the stakeholder editor (also after an htmx swap) and the case
form with errors. Run: TEST_DB_NAME=… .venv/bin/pytest tests/test_mapping_browser.py -m browser
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from mapping.testing import build_mapping_world
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in the test thread; the ORM use here is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_mapping_pages_pass_axe_and_the_editor_works_with_htmx(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    build_mapping_world(world.kolding, by=world.users[Role.CONSULTANT], count=12)
    base = live_server.url
    axe = Accessibility()
    log_in(page, base, world.users[Role.CONSULTANT].username)

    page.goto(base + reverse("mapping:report"))
    expect(page.locator("h1")).to_contain_text("Kortlægning af socialøkonomien i Kolding Kommune")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    axe.check(page, "mapping-report")

    page.get_by_role("link", name="Redigér interessentanalysen").click()
    expect(page.locator("h1")).to_have_text("Interessentanalyse")
    axe.check(page, "mapping-stakeholders")
    page.select_option("#id_organisation", label="Kolding Tømrer A/S")
    page.select_option("#id_influence", "5")
    page.select_option("#id_interest", "2")
    page.locator("#stakeholder-editor form.stakeholder-form button[type=submit]").first.click()
    expect(page.locator("#stakeholder-editor [role=status]")).to_contain_text(
        "Kolding Tømrer A/S er placeret"
    )
    assert page.url.endswith(reverse("mapping:stakeholders", args=["kolding"]))  # swapped in place
    expect(page.locator(".quadrant-satisfy").first).to_contain_text("Kolding Tømrer A/S")
    axe.check(page, "mapping-stakeholders-after-htmx")

    page.goto(base + reverse("mapping:case_create", args=["kolding"]))
    page.fill("#id_year", "1800")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Titel")
    axe.check(page, "mapping-case-errors")

    axe.assert_clean()
