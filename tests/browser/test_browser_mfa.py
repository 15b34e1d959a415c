"""The second factor in headless Chromium (issue 11): with the production requirement on, a
caseworker enrols an authenticator app by its QR-code secret, keeps the recovery codes and logs
in again with a code from the app (computed here with pyotp); a provider enrols a passkey on
Chromium's virtual authenticator and verifies the next login with it. axe checks every page of
the flow at desktop (1366 px) and phone (390 px) width.

Run: TEST_DB_NAME=… .venv/bin/pytest tests/browser/test_browser_mfa.py -m browser
"""

import re
from datetime import timedelta

import pyotp
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import PASSWORD
from audit.models import AuditEvent
from pathways.testing import make_citizen
from tests.browser.test_browser import Accessibility, browser, page, pytestmark  # noqa: F401 (fixtures)

WIDTHS = {"desktop": 1366, "phone": 390}


def check_both_widths(axe: Accessibility, page, name: str) -> None:  # noqa: F811
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        axe.check(page, f"{name}-{label}")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def password_step(page, base: str, username: str, next_url: str = "") -> None:  # noqa: F811
    page.goto(base + reverse("accounts:login") + (f"?next={next_url}" if next_url else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()


def log_out(page) -> None:  # noqa: F811
    page.locator("main form[action$='/logout/'] button, header form[action$='/logout/'] button").first.click()


def test_a_caseworker_enrols_an_authenticator_app_and_logs_in_with_it(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    base = live_server.url
    axe = Accessibility()
    caseworker = world.users[Role.CASEWORKER]
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, name="Amira Holm")
    citizen_url = reverse("pathways:citizen", args=[citizen.public_id])

    with override_settings(MFA_REQUIRED=True):
        page.goto(base + reverse("accounts:login"))
        expect(page.locator("main")).not_to_contain_text("hurtige logins")
        password_step(page, base, caseworker.username, next_url=citizen_url)
        page.wait_for_url(re.compile(r".*/konto/totrin/opsaet/\?next=.*"))
        expect(page.locator("h1")).to_have_text("Opsæt totrinsbekræftelse")
        expect(page.locator("svg.mfa-qr")).to_be_visible()
        expect(page.locator("header nav")).to_have_count(0)  # nothing to open before the second factor
        check_both_widths(axe, page, "mfa-enrol")

        secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
        app = pyotp.TOTP(secret)  # the user's authenticator app
        page.fill("#id_code", "000000" if app.now() != "000000" else "111111")
        page.locator("main form button.button-primary").click()
        expect(page.locator("[data-error-summary]")).to_contain_text("Koden passer ikke")
        check_both_widths(axe, page, "mfa-enrol-error")

        with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=True):  # past the 1 s wait after a failure
            page.fill("#id_code", app.now())
            page.locator("main form button.button-primary").click()
            expect(page.locator("h1")).to_have_text("Dine gendannelseskoder")
            codes = page.locator("ol.mfa-codes li").all_inner_texts()
            assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
            check_both_widths(axe, page, "mfa-recovery-codes")
            page.get_by_role("link", name="Jeg har gemt koderne — fortsæt").click()
            page.wait_for_url(base + citizen_url)
            expect(page.locator("h1")).to_contain_text("Amira Holm")
            log_out(page)

        # The next login, 30 seconds later: a fresh code from the app.
        with time_machine.travel(timezone.now() + timedelta(seconds=32), tick=True):
            password_step(page, base, caseworker.username)
            page.wait_for_url(re.compile(r".*/konto/totrin/\?next=.*"))
            expect(page.locator("h1")).to_have_text("Bekræft at det er dig")
            check_both_widths(axe, page, "mfa-verify")
            page.fill("#id_code", app.now())
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_url(base + reverse("home:home"))
            page.goto(base + citizen_url)
            expect(page.locator("h1")).to_contain_text("Amira Holm")
            page.goto(base + reverse("accounts:profile"))
            expect(page.locator("main")).to_contain_text("10 ubrugte gendannelseskoder")
            check_both_widths(axe, page, "profile")

    axe.assert_clean()


def test_a_provider_enrols_a_passkey_and_verifies_the_next_login_with_it(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    base = live_server.url
    axe = Accessibility()
    provider = world.users[Role.PROVIDER]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    with override_settings(MFA_REQUIRED=True, OTP_WEBAUTHN_RP_ID="localhost", OTP_WEBAUTHN_ALLOWED_ORIGINS=[base]):
        password_step(page, base, provider.username)
        page.wait_for_url(re.compile(r".*/konto/totrin/opsaet/.*"))
        page.get_by_role("button", name="Tilføj adgangsnøgle").click()
        expect(page.locator("h1")).to_have_text("Dine gendannelseskoder")
        page.get_by_role("link", name="Jeg har gemt koderne — fortsæt").click()
        page.wait_for_url(base + reverse("home:home"))
        log_out(page)

        password_step(page, base, provider.username)
        page.wait_for_url(re.compile(r".*/konto/totrin/\?next=.*"))
        check_both_widths(axe, page, "mfa-verify-passkey")
        page.get_by_role("button", name="Bekræft med adgangsnøgle").click()
        page.wait_for_url(base + reverse("home:home"))
        page.goto(base + reverse("accounts:profile"))
        expect(page.locator("main")).to_contain_text("Adgangsnøgle")
    kinds = AuditEvent.objects.filter(actor=provider, event__startswith="accounts.mfa.").values_list("event", "changes__kind")
    assert {("accounts.mfa.enrol", "passkey"), ("accounts.mfa.verify", "passkey")} <= set(kinds)

    axe.assert_clean()


def test_the_demo_login_page_and_an_administrators_reset(world, live_server, page):  # noqa: F811
    """Without the requirement (the development settings) the login page names the quick demo
    logins; the administrator resets a caseworker's second factor from the users page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    base = live_server.url
    axe = Accessibility()
    caseworker = world.users[Role.CASEWORKER]
    TOTPDevice.objects.create(user=caseworker, name="authenticator", confirmed=True)
    with override_settings(DEMO_QUICK_LOGINS=True):
        page.goto(base + reverse("accounts:login"))
        expect(page.locator("main .alert-info")).to_contain_text("hurtige logins uden totrinsbekræftelse")
        check_both_widths(axe, page, "login-demo")
    password_step(page, base, world.users[Role.ADMIN].username)
    page.wait_for_url(base + reverse("home:home"))
    page.goto(base + reverse("accounts:users"))
    row = page.locator("tbody tr", has_text=caseworker.username)
    expect(row).to_contain_text("Opsat")
    check_both_widths(axe, page, "users")
    row.get_by_role("button", name=f"Nulstil totrinsbekræftelse for {caseworker.username}").click()
    expect(page.locator("main .alert")).to_contain_text(f"Totrinsbekræftelsen for {caseworker.username} er nulstillet.")
    expect(page.locator("tbody tr", has_text=caseworker.username)).to_contain_text("Ikke opsat")
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert AuditEvent.objects.filter(event="accounts.mfa.reset", actor=world.users[Role.ADMIN]).count() == 1
    axe.assert_clean()
