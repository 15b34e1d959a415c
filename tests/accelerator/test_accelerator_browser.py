"""The selection and social-model pages in headless Chromium: axe finds no serious or critical
violation on the application page (scores, decision, an error summary) and the social model
(readiness, tables, forms). Run with -m browser."""

import pytest
from django.urls import reverse

from accelerator import services_recruitment
from accelerator.testing import application, world_cohorts
from accounts.roles import Role
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_selection_and_social_model_pages_pass_axe(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    rows = world_cohorts(world)
    applied = application(rows["cohort"], world.social_enterprise)
    services_recruitment.score_set(
        by=world.users[Role.ADMIN], application=applied,
        data={"criterion": "commercial", "score": 4, "justification": "Sund drift"},
    )  # fmt: skip
    base, axe = live_server.url, Accessibility()
    log_in(page, base, world.users[Role.CONSULTANT].username)

    page.goto(base + reverse("accelerator:application", args=[applied.public_id]))
    expect(page.locator("h1")).to_contain_text("Café Bro ApS")
    axe.check(page, "accelerator-application")
    page.select_option("#id_criterion", "social")
    page.fill("#id_score", "8")
    page.locator("form[action$='vurdering/'] button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("helt tal fra 1 til 5")
    axe.check(page, "accelerator-application-errors")

    page.goto(base + reverse("accelerator:social_model", args=[rows["own"].social_model.public_id]))
    expect(page.locator("#readiness")).to_contain_text("Ikke klar")
    page.fill("#id_task-description", "Pakning af ordrer")
    page.fill("#id_task-hours_per_week", "10")
    page.fill("#id_task-citizens", "2")
    page.locator("form[action$='/task/'] button[type=submit]").click()
    expect(page.locator("#tasks")).to_contain_text("Pakning af ordrer")
    axe.check(page, "accelerator-social-model")
    axe.assert_clean()
