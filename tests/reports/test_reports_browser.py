"""The report pages in headless Chromium: axe finds no serious or critical violation on the
report (charts, tables, period chooser), the rows behind a figure and the definition form; a
figure's link opens its rows. Run: TEST_DB_NAME=… .venv/bin/pytest tests/test_reports_browser.py -m browser
"""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements.testing import seed003_agreement
from pathways.testing import make_programme, pathway_data
from reports.models import ReportDefinition
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_report_pages_pass_axe_and_figures_open_their_rows(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    programme = make_programme(provider=world.provider)
    services = seed003_agreement(municipality=world.kolding, provider=world.provider, programme=programme)
    pathway_data(
        municipality=world.kolding, programme=programme, by=world.users[Role.CASEWORKER], citizens=40,
        start=datetime.date(2025, 7, 1), end=datetime.date(2026, 6, 30), seed=41,
    )  # fmt: skip
    definition = ReportDefinition.objects.create(
        municipality=world.kolding,
        name="Browserrapport",
        tables=[
            "participation",
            "exits",
            "composition",
            "deliverables",
            "network_outcomes",
            "youth_frequency",
        ],
    )
    definition.services.set(services)
    base = live_server.url
    axe = Accessibility()
    log_in(page, base, world.users[Role.ADMIN].username)

    page.goto(base + reverse("reports:report", args=[definition.public_id]) + "?periode=2026-H1")
    expect(page.locator("h1")).to_have_text("Browserrapport")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    axe.check(page, "report")

    page.locator("#tabel-2-tbl tr.total-row a").first.click()
    expect(page.locator("h1")).to_have_text("Rækkerne bag tallet")
    axe.check(page, "report-rows")

    page.goto(base + reverse("reports:edit", args=[definition.public_id]))
    page.locator("main form button[type=submit]").click()
    page.goto(base + reverse("reports:create"))
    page.select_option("#id_period_kind", "custom")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Ny rapport")
    axe.check(page, "definition-form-errors")
    axe.assert_clean()
