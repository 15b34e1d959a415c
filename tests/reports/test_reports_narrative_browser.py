"""In headless Chromium: the provider writes the service's narrative on its page and sees it on
the service page; an analyst's report with the service tables and the narratives has no serious
or critical axe violation. Run: TEST_DB_NAME=… .venv/bin/pytest tests/reports/test_reports_narrative_browser.py
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements.models import ServiceNarrative
from agreements.testing import seed003_agreement
from pathways.testing import make_programme
from reports.models import ReportDefinition
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PERIOD = "?start=2026-01-01&end=2026-06-30"


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def services(world):
    programme = make_programme(provider=world.provider)
    return seed003_agreement(municipality=world.kolding, provider=world.provider, programme=programme)


def test_the_provider_writes_the_narrative_in_the_browser(world, live_server, page, services):  # noqa: F811
    from playwright.sync_api import expect

    network = services[1]
    base, axe = live_server.url, Accessibility()
    log_in(page, base, world.users[Role.PROVIDER].username)
    page.goto(base + reverse("agreements:narrative", args=[network.public_id]) + PERIOD)
    expect(page.locator("h1")).to_have_text("Beretning for perioden")
    axe.check(page, "narrative form")
    page.fill("#id_experiences", "Netværket voksede i halvåret.")
    page.fill("#id_opportunities", "Et spiremiljø for iværksættere.")
    page.get_by_role("button", name="Gem beretningen").click()
    expect(page.locator("main")).to_contain_text("Netværket voksede i halvåret.")
    axe.check(page, "service page with narrative")
    assert ServiceNarrative.objects.get(service=network).opportunities == "Et spiremiljø for iværksættere."
    axe.assert_clean()


def test_the_report_with_service_tables_and_narratives_passes_axe(world, live_server, page, services):  # noqa: F811
    from playwright.sync_api import expect

    definition = ReportDefinition.objects.create(
        municipality=world.kolding,
        name="Ydelsesrapport",
        tables=["meeting_place_weeks", "network_programme", "youth_home_support", "narratives"],
    )
    definition.services.set(services)
    base, axe = live_server.url, Accessibility()
    log_in(page, base, world.users[Role.ANALYST].username)
    page.goto(base + reverse("reports:report", args=[definition.public_id]) + "?periode=2026-H1")
    expect(page.locator("h1")).to_have_text("Ydelsesrapport")
    expect(page.locator("main")).to_contain_text("Netværkets ugeprogram efter ugedag")
    expect(page.locator("main")).to_contain_text("Der er ikke skrevet en beretning for perioden.")
    axe.check(page, "report with service tables")
    axe.assert_clean()
