"""Every form page, as each demo role meets it, at 1366, 768 and 390 px (Debian's chromium via
Playwright): the layout bugs axe does not see.

- Every visible form control has a size, lies inside <main> and is what a click at its centre
  reaches (document.elementFromPoint is the control or its label). A checkbox drawn over the
  logo, or a 0×0 group of target-group boxes, fails here.
- No page scrolls sideways at 390 px (scrollWidth <= clientWidth); wide tables scroll inside
  their own region.
- A decimal comma survives a save ("0,5" is 0.5, shown back as 0,5).
- An empty required field gets the dkfds error summary, never the browser's own bubble.

The pages are found by following the links a role sees (menu and main area), one page per URL
pattern (ids replaced), so new apps are walked without being listed here. One browser, one tab
per role, each page loaded once and resized.

Run: TEST_DB_NAME=… .venv/bin/pytest tests/browser/test_forms_layout.py -m browser
"""

import re
import time
from collections import deque
from decimal import Decimal
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from tests.browser.test_browser import CHROMIUM, CHROMIUM_ARGS, pytestmark  # noqa: F401 — same markers

WIDTHS = (1366, 768, 390)
ROLES = ("sagsbehandler", "leverandoer", "virksomhed", "indkoeber", "konsulent", "analytiker", "admin")
PASSWORD = "brobyg-demo-2026"  # noqa: S105 — the documented demo password (demo/users.py)
MAX_PAGES_PER_ROLE = 45
SKIP = re.compile(
    r"(/api/|/i18n/|logout|log-ud|eksport|export|\.(csv|xlsx|pdf|ics|json|txt|zip)$|/(pdf|xlsx|csv|ics|excel)/?$|"
    r"/download|/fil/|/feed|"
    r"healthz|readyz|/static/|/media/|/konto/passkey/)",
    re.I,
)
IDS = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "{id}"),
    (re.compile(r"\d{4}-[wW]\d{1,2}"), "{week}"),
    (re.compile(r"\d{4}-[hH][12]"), "{half}"),
    (re.compile(r"/\d+(?=/|$)"), "/{n}"),
]

# Users never see which source document a rule came from ("seed 001 §1", "som i seed 003").
SOURCE_REFERENCE = re.compile(r"\bseed[ -]?0\d\d\b[^.\n]{0,12}", re.I)

# Runs in the page: every visible control of <main>, scrolled into view, checked.
CHECK_CONTROLS = """() => {
  const main = document.querySelector("main");
  const problems = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.type ? "[" + el.type + "]" : "") +
    (el.id ? "#" + el.id : el.name ? "[name=" + el.name + "]" : "") +
    (el.labels && el.labels.length ? " «" + el.labels[0].textContent.trim().slice(0, 40) + "»" : "");
  const controls = main.querySelectorAll("input:not([type=hidden]), select, textarea, button");
  let checked = 0;
  for (const el of controls) {
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    checked += 1;
    el.scrollIntoView({block: "center", inline: "center"});
    const r = el.getBoundingClientRect();
    const m = main.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) {
      problems.push(describe(el) + " has no size (" + r.width + "×" + r.height + ")");
      continue;
    }
    if (r.left < m.left - 1 || r.right > m.right + 1 || r.top < m.top - 1 || r.bottom > m.bottom + 1) {
      problems.push(describe(el) + " lies outside main (at " + Math.round(r.left) + "," + Math.round(r.top) + ")");
      continue;
    }
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    const labelled = hit && el.labels && Array.from(el.labels).some((label) => label.contains(hit));
    if (!hit || !(hit === el || el.contains(hit) || labelled)) {
      problems.push(describe(el) + " is covered by " + (hit ? hit.tagName.toLowerCase() +
        (hit.className && typeof hit.className === "string" ? "." + hit.className.split(" ")[0] : "") : "nothing"));
    }
  }
  window.scrollTo(0, 0);
  return {checked, problems};
}"""
SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
LINKS = """() => Array.from(document.querySelectorAll("header nav a[href]:not([download]), main a[href]:not([download])"))
  .map((a) => a.href)"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def pattern(path: str) -> str:
    for regex, placeholder in IDS:
        path = regex.sub(placeholder, path)
    return path


def log_in(browser, base: str, username: str):
    context = browser.new_context(locale="da-DK", viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a loaded machine: 2 cores shared by several test runs
    page.goto(base + "/konto/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "/login/" not in page.url, f"{username} could not log in"
    return context, page


def walk(page, base: str, checked: set[str], report: dict) -> None:
    """Breadth-first over the links one role sees, one page per URL pattern; a pattern another
    role's walk already checked is only passed through (its links may differ by role)."""
    queue = deque([base + "/"])
    seen: set[str] = set()
    visited = 0
    while queue and visited < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        path = urlsplit(url).path
        key = pattern(path)
        if key in seen:
            continue
        seen.add(key)
        response = page.goto(url)
        if response is None or response.status >= 400 or urlsplit(page.url).netloc != urlsplit(base).netloc:
            continue
        page.wait_for_load_state("load")
        visited += 1
        if key not in checked:
            checked.add(key)
            started = time.monotonic()
            check_page(page, key, report)
            report["timings"].append((round(time.monotonic() - started, 2), key))
        for link in page.evaluate(LINKS):
            link = urldefrag(link).url
            path = urlsplit(link).path
            if link.startswith(base) and not SKIP.search(path) and pattern(path) not in seen:
                queue.append(link)


def check_page(page, key: str, report: dict) -> None:
    report["pages"] += 1
    source_reference = SOURCE_REFERENCE.search(page.inner_text("body"))
    if source_reference:
        report["problems"].append(f"{key}: a source-document reference shows: «{source_reference.group(0)}»")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(50)  # dkfds re-lays its menu on resize
        result = page.evaluate(CHECK_CONTROLS)
        if result["checked"]:
            report["form_pages"].add(key)
        report["controls"] += result["checked"]
        report["problems"] += [f"{key} @ {width}px: {problem}" for problem in result["problems"]]
        if width == 390:
            scroll, client = page.evaluate(SIDEWAYS)
            if scroll > client:
                report["problems"].append(f"{key} @ 390px: the page scrolls sideways ({scroll} > {client} px)")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_every_form_control_of_every_page_is_visible_inside_main_and_reachable(demo, live_server, browser):
    base = live_server.url
    seen: set[str] = set()
    report = {"pages": 0, "controls": 0, "form_pages": set(), "problems": [], "timings": []}
    for username in ROLES:
        context, page = log_in(browser, base, username)
        try:
            walk(page, base, seen, report)
        finally:
            context.close()
    summary = f"{report['pages']} pages, {len(report['form_pages'])} with controls, {report['controls']} checks"
    print(summary, sorted(report["timings"], reverse=True)[:10])
    assert len(report["form_pages"]) >= 40, f"the walk found too few form pages: {summary}"
    assert not report["problems"], summary + "\n" + "\n".join(report["problems"])


def test_a_decimal_comma_survives_a_save(demo, live_server, browser):
    from playwright.sync_api import expect

    from agreements.models import AgreementService, Deliverable

    service = AgreementService.objects.filter(agreement__municipality__code="0621").first()
    assert service is not None
    context, page = log_in(browser, live_server.url, "indkoeber")
    try:
        page.goto(live_server.url + f"/rammeaftaler/{service.agreement.public_id}/ydelser/{service.public_id}/rediger/")
        form = page.locator("main form[action$='/leverancer/']")
        form.locator("input[name$='name']").fill("Browsertest leverance")
        form.locator("input[name$='target']").fill("0,5")
        for select in form.locator("select").all():
            if not select.input_value():
                select.select_option(index=1)
        if form.locator("input[name$='unit']").count():
            form.locator("input[name$='unit']").fill("forløb")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("load")
        expect(page.locator("main .alert").first).to_contain_text("Leverancen er tilføjet.")
        assert Deliverable.objects.get(service=service, name="Browsertest leverance").target == Decimal("0.5")
        expect(page.locator("main")).to_contain_text("0,5")
    finally:
        context.close()


def test_an_empty_required_field_gets_the_error_summary_not_a_browser_bubble(demo, live_server, browser):
    from playwright.sync_api import expect

    context, page = log_in(browser, live_server.url, "konsulent")
    try:
        page.goto(live_server.url + "/register/ny/")
        assert page.evaluate("document.querySelector('main form[method=post]').noValidate")
        page.locator("main form[method=post] button[type=submit]").first.click()
        page.wait_for_load_state("load")
        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_visible()
        expect(summary).to_contain_text("Navn")
        page.wait_for_function("document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
    finally:
        context.close()
