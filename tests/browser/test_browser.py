"""A person's path through Brobyg in headless Chromium (Debian's `chromium`, driven by
Playwright): log in, search the registry, open an organisation, preview an import; axe checks
the main pages (no serious or critical violations) and the skip link works from the keyboard.

Run: TEST_DB_NAME=… .venv/bin/pytest tests/browser -m browser
"""

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import PASSWORD

CHROMIUM = os.environ.get("BROBYG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "registry_import_sample.csv"
SCREENSHOTS = os.environ.get("BROBYG_SCREENSHOTS")  # a folder: save a picture of every page checked
BLOCKING = ("serious", "critical")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
        reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)",
    ),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


class Accessibility:
    """Runs axe on each page and collects the serious and critical violations."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.checked: list[str] = []
        self.violations: list[str] = []

    def check(self, page, name: str) -> None:
        page.wait_for_load_state("load")
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(Path(SCREENSHOTS) / f"{len(self.checked):02d}-{name}.png"), full_page=True
            )
        results = self.axe.run(page)
        self.checked.append(name)
        for violation in results.response["violations"]:
            if violation.get("impact") in BLOCKING:
                targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
                self.violations.append(
                    f"[{name}] {violation['impact']} {violation['id']}: {violation['help']} → {targets}"
                )

    def assert_clean(self) -> None:
        report = "\n".join(self.violations)
        print(f"axe checked: {', '.join(self.checked)}\n{report}")
        assert not self.violations, f"serious/critical accessibility violations:\n{report}"


def sample_csv(tmp_path) -> Path:
    """The shipped sample, or a small valid file of our own when it is not there."""
    if SAMPLE.exists():
        return SAMPLE
    path = tmp_path / "import.csv"
    path.write_text(
        "navn;type;cvr;sektor;kommunekode\n"
        "Browser Café ApS;social_enterprise;24256790;Privat;0621\n"
        "Browser Tømrer A/S;company;61056416;Privat;0621\n",
        encoding="utf-8",
    )
    return path


def log_in(page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base + reverse("home:home"))


def test_a_consultant_searches_opens_an_organisation_and_previews_an_import(
    world, live_server, page, tmp_path
):
    from playwright.sync_api import expect

    base = live_server.url
    axe = Accessibility()

    page.goto(base + reverse("accounts:login"))
    expect(page.locator("h1")).to_have_text("Log ind på Brobyg")
    axe.check(page, "login")
    log_in(page, base, world.users[Role.CONSULTANT].username)
    axe.check(page, "home")

    # Keyboard: the skip link is the first Tab stop and moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skipnav')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    # Search the registry (htmx swaps the results in place).
    page.goto(base + reverse("registry:list"))
    expect(page.locator("#organisation-table")).to_contain_text("Kolding Tømrer A/S")
    axe.check(page, "registry-list")
    page.fill("#id_q", "Café")
    page.locator("form[role=search] button[type=submit]").click()
    rows = page.locator("#organisation-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Café Bro ApS")
    assert "q=Caf" in page.url  # the search is in the address, so it can be shared and reloaded
    expect(page.locator("#organisation-table")).not_to_contain_text("Aarhus")
    page.set_viewport_size({"width": 375, "height": 800})  # a phone: the table scrolls in its region
    axe.check(page, "registry-list-narrow")
    # the registry sits in the "Aktører" group of the menu, marked as the current section
    expect(page.locator("header nav").get_by_role("button", name="Aktører").first).to_be_visible()
    expect(page.locator("header nav a[aria-current]").first).to_have_attribute("href", reverse("registry:list"))
    expect(page.locator("header").get_by_role("button", name="Log ud")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})

    # Open the organisation, then its edit form.
    rows.first.get_by_role("link", name="Café Bro ApS").click()
    expect(page.locator("h1")).to_have_text("Café Bro ApS")
    axe.check(page, "organisation-detail")
    page.get_by_role("link", name="Redigér", exact=True).click()
    expect(page.locator("#id_name")).to_have_value("Café Bro ApS")
    axe.check(page, "organisation-edit")

    # An edit with a bad CVR: the error summary takes focus and names the field.
    page.fill("#id_cvr", "12345678")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("[data-error-summary]")).to_contain_text("CVR-nummer")
    page.wait_for_function(
        "document.activeElement && document.activeElement.hasAttribute('data-error-summary')"
    )
    axe.check(page, "organisation-edit-errors")
    page.fill("#id_cvr", world.social_enterprise.cvr)
    page.fill("#id_city", "Kolding")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main .alert")).to_contain_text("Ændringerne er gemt.")

    # Import: upload, then the preview (nothing is stored before confirmation).
    page.goto(base + reverse("registry:import"))
    axe.check(page, "import")
    page.set_input_files("#id_file", str(sample_csv(tmp_path)))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url("**/register/import/*/")
    expect(page.locator("h1")).to_contain_text("Import af")
    expect(page.locator("main")).to_contain_text("Opsummering")
    axe.check(page, "import-preview")

    # The mapping report.
    page.goto(base + reverse("mapping:report"))
    expect(page.locator("h1")).to_be_visible()
    axe.check(page, "mapping-report")

    # The audit log, as the administrator.
    page.locator("header form[action$='/logout/'] button").click()
    page.wait_for_url(base + reverse("accounts:login"))
    log_in(page, base, world.users[Role.ADMIN].username)
    page.goto(base + reverse("audit:list"))
    expect(page.locator("main table")).to_contain_text("registry.organisation.update")
    expect(page.locator("main table")).to_contain_text("kolding_consultant")
    axe.check(page, "audit-log")

    axe.assert_clean()
