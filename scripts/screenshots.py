"""Screenshots of each demo role's home page at 1366 and 390 px, for the README.

Run against a running demo server (scripts/demo.sh, or `manage.py seed_demo` + runserver):

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000] [--out docs/screenshots]

Playwright drives Debian's chromium (BROBYG_CHROMIUM, default /usr/bin/chromium), as the browser
tests do. Each role logs in with the demo password (BROBYG_DEMO_PASSWORD, default the documented
demo password of demo/users.py) and its home page is saved as home-<role>-<width>.png, the whole
page. The demo server must not require a second factor (the dev settings do not).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("BROBYG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PASSWORD = os.environ.get("BROBYG_DEMO_PASSWORD", "brobyg-demo-2026")
# (file name part, demo user): one per role in Kolding, as demo/users.py creates them.
ROLES = [
    ("caseworker", "sagsbehandler"),
    ("provider", "leverandoer"),
    ("company", "virksomhed"),
    ("procurement", "indkoeber"),
    ("consultant", "konsulent"),
    ("analyst", "analytiker"),
    ("admin", "admin"),
]
WIDTHS = {1366: 900, 390: 844}  # width → viewport height (a laptop, a phone)


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/", wait_until="domcontentloaded")  # the login page when logged out
    if page.locator("#id_username").count() == 0:  # already logged in
        return
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")  # submits the login form (not the language switch)
    page.wait_for_load_state("networkidle")
    if page.locator("#id_username").count():
        raise SystemExit(f"Could not log in as {username}: is the demo loaded, and the password right?")


def shoot(base_url: str, out: Path, roles: list[tuple[str, str]]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for role, username in roles:
                for width, height in WIDTHS.items():
                    context = browser.new_context(
                        locale="da-DK", viewport={"width": width, "height": height},
                        device_scale_factor=1, is_mobile=width < 600,
                    )  # fmt: skip
                    page = context.new_page()
                    page.set_default_timeout(60_000)
                    log_in(page, base_url, username)
                    page.goto(f"{base_url}/", wait_until="networkidle")
                    path = out / f"home-{role}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
                    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
                    context.close()
        finally:
            browser.close()
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=f"http://{os.environ.get('BROBYG_ADDR', '127.0.0.1:8000')}")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--role", action="append", help="only these roles (caseworker, provider, …)")
    args = parser.parse_args(argv)
    roles = [r for r in ROLES if not args.role or r[0] in args.role]
    shoot(args.base_url.rstrip("/"), args.out, roles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
