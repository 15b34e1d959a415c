"""The second factor (issue 11, finding 1): with MFA_REQUIRED (the production settings) a
password-only session opens no page with personal data; the user enrols an authenticator app
(QR code) or a passkey at the first login, gets recovery codes once, and is asked for a code at
every later login. An administrator of the same municipality resets a lost device, audited."""

import base64
import re

import pyotp
import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import mfa
from accounts.models import ApiToken
from accounts.roles import Role
from accounts.testing import PASSWORD
from audit.models import AuditEvent
from pathways.testing import make_citizen
from tests.core.test_security import EVENT_HANDLER, INLINE_SCRIPT, STYLE_ATTRIBUTE, STYLE_BLOCK

LOGIN = reverse("accounts:login")
ENROL = reverse("accounts:mfa_enrol")
VERIFY = reverse("accounts:mfa_verify")

required = override_settings(MFA_REQUIRED=True)


def password_login(username: str) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password step itself succeeds"
    return client


def totp_now(device: TOTPDevice) -> str:
    """What the user's authenticator app shows: RFC 6238 computed by pyotp, not by django-otp."""
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()


def forgive(device) -> None:
    """django-otp makes a device wait 1, 2, 4 … seconds after each failure; the tests do not."""
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


def enrol_totp(client: Client, user) -> list[str]:
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    forgive(device)
    response = client.post(ENROL, {"code": totp_now(device), "next": "/"})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode())


@pytest.fixture
def citizen_url(world):
    caseworker = world.users[Role.CASEWORKER]
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    return reverse("pathways:citizen", args=[citizen.public_id])


@required
def test_a_password_only_session_cannot_open_a_citizen_page(world, citizen_url):
    client = password_login("kolding_caseworker")
    response = client.get(citizen_url)
    assert response.status_code == 302
    assert response.url.startswith(ENROL) and "next=" in response.url
    assert "borgere" not in client.get(reverse("home:home")).content.decode()  # the home page neither
    assert client.get(reverse("registry:list")).status_code == 302


@pytest.mark.parametrize("role", list(Role))
@required
def test_every_role_must_enrol_at_first_login(world, role):
    client = password_login(world.users[role].username)
    assert client.get(reverse("accounts:profile")).url.startswith(ENROL)


@required
def test_enrolment_shows_a_qr_code_as_inline_svg_and_the_secret_without_inline_styles(world):
    client = password_login("kolding_caseworker")
    body = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=world.users[Role.CASEWORKER], confirmed=False)
    assert "<svg" in body and 'class="mfa-qr"' in body
    assert mfa.secret_for_typing(device) in body
    for pattern in (INLINE_SCRIPT, STYLE_ATTRIBUTE, STYLE_BLOCK, EVENT_HANDLER):
        match = pattern.search(body)
        # the only <script> without src is django-otp-webauthn's JSON configuration (not executed)
        assert match is None or 'type="application/json"' in match.group(0), match.group(0)


@required
def test_enrolling_an_authenticator_app_shows_ten_recovery_codes_once_and_opens_the_citizen_page(world, citizen_url):
    caseworker = world.users[Role.CASEWORKER]
    client = password_login(caseworker.username)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    wrong = client.post(ENROL, {"code": "000000" if totp_now(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Koden passer ikke" in wrong.content.decode()
    codes = enrol_totp(client, caseworker)
    assert len(set(codes)) == 10
    assert client.get(citizen_url).status_code == 200
    assert AuditEvent.objects.filter(event="accounts.mfa.enrol", actor=caseworker, changes__kind="totp").count() == 1
    assert AuditEvent.objects.filter(event="accounts.mfa.recovery_codes", actor=caseworker).exists()
    # the codes are not shown again: the profile says how many are left, never which
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "10 ubrugte gendannelseskoder" in profile and codes[0] not in profile


@required
def test_the_next_login_asks_for_a_code_from_the_app(world, citizen_url):
    caseworker = world.users[Role.CASEWORKER]
    enrol_totp(password_login(caseworker.username), caseworker)
    device = TOTPDevice.objects.get(user=caseworker, confirmed=True)
    device.last_t = -1  # the code used at enrolment may be used once more in this test minute
    device.save()
    client = password_login(caseworker.username)
    response = client.get(citizen_url)
    assert response.url == f"{VERIFY}?next={citizen_url.replace('/', '%2F')}"
    refused = client.post(VERIFY, {"code": "12345", "next": citizen_url})
    assert refused.status_code == 200 and client.get(citizen_url).status_code == 302
    assert AuditEvent.objects.filter(event="accounts.mfa.verify_failed", object_label=caseworker.username).exists()
    forgive(device)
    accepted = client.post(VERIFY, {"code": totp_now(device), "next": citizen_url})
    assert accepted.status_code == 302 and accepted.url == citizen_url
    assert client.get(citizen_url).status_code == 200
    assert AuditEvent.objects.filter(event="accounts.mfa.verify", actor=caseworker, changes__kind="totp").exists()


@required
def test_a_recovery_code_works_once(world, citizen_url):
    caseworker = world.users[Role.CASEWORKER]
    codes = enrol_totp(password_login(caseworker.username), caseworker)
    first = password_login(caseworker.username)
    assert first.post(VERIFY, {"code": codes[3].upper(), "next": citizen_url}).url == citizen_url
    assert first.get(citizen_url).status_code == 200
    again = password_login(caseworker.username)
    assert again.post(VERIFY, {"code": codes[3], "next": citizen_url}).status_code == 200
    assert again.get(citizen_url).status_code == 302
    assert StaticDevice.objects.get(user=caseworker).token_set.count() == 9


@required
def test_a_password_alone_cannot_add_a_device_to_an_enrolled_account(world):
    caseworker = world.users[Role.CASEWORKER]
    enrol_totp(password_login(caseworker.username), caseworker)
    attacker = password_login(caseworker.username)
    assert attacker.get(ENROL).url.startswith(VERIFY)
    assert attacker.post(ENROL, {"code": "123456"}).url.startswith(VERIFY)
    passkey = attacker.post(reverse("otp_webauthn:credential-registration-begin"))
    assert passkey.status_code == 403 and passkey.json()["code"] == "user_not_verified"
    assert attacker.post(reverse("accounts:mfa_recovery_codes")).url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1


@required
def test_a_user_without_a_device_may_start_registering_a_passkey(world):
    client = password_login("kolding_provider")
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["name"] == "Brobyg" and options["user"]["name"] == "kolding_provider"


def test_a_passkey_counts_as_enrolment_and_recovery_codes_alone_do_not(world):
    """The registration ceremony itself runs in the browser test (a virtual authenticator)."""
    provider = world.users[Role.PROVIDER]
    mfa.recovery_codes_issue(user=provider, by=provider)
    assert not mfa.is_enrolled(provider)
    WebAuthnCredential.objects.create(user=provider, name="YubiKey", credential_id=b"id-1", public_key=b"key", sign_count=0)
    assert mfa.is_enrolled(provider)


@required
def test_an_htmx_request_is_sent_to_the_second_factor_by_header(world):
    client = password_login("kolding_consultant")
    response = client.get(reverse("registry:list"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"].startswith(ENROL)


@required
def test_the_api_authenticates_by_token_and_is_not_held_up_by_the_second_factor(world):
    _token, raw = ApiToken.issue(user=world.users[Role.CONSULTANT], name="integration")
    response = Client().get("/api/v1/organisations", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_without_the_requirement_an_enrolled_user_is_still_asked_for_the_device(world, client):
    consultant = world.users[Role.CONSULTANT]
    TOTPDevice.objects.create(user=consultant, name="authenticator", confirmed=True)
    client = password_login(consultant.username)
    assert client.get(reverse("registry:list")).url.startswith(VERIFY)
    other = password_login("kolding_analyst")  # no device: the demo's quick login
    assert other.get(reverse("registry:list")).status_code == 200


def test_the_login_page_names_the_demo_quick_logins_only_under_the_development_settings(db, client):
    from brobyg.settings import dev

    assert dev.DEMO_QUICK_LOGINS is True
    assert "hurtige logins" not in client.get(LOGIN).content.decode()  # the test settings: not the demo
    with override_settings(DEMO_QUICK_LOGINS=True):
        assert "hurtige logins uden totrinsbekræftelse" in client.get(LOGIN).content.decode()
        with override_settings(MFA_REQUIRED=True):
            assert "hurtige logins" not in client.get(LOGIN).content.decode()


@required
def test_an_administrator_resets_a_users_second_factor_with_an_audit_row(world):
    caseworker = world.users[Role.CASEWORKER]
    enrol_totp(password_login(caseworker.username), caseworker)
    TOTPDevice.objects.create(user=world.users[Role.ADMIN], name="authenticator", confirmed=True)
    verified_admin = Client()
    verified_admin.force_login(world.users[Role.ADMIN])
    _verify_session(verified_admin, world.users[Role.ADMIN])
    users_page = verified_admin.get(reverse("accounts:users")).content.decode()
    assert "Nulstil" in users_page
    response = verified_admin.post(reverse("accounts:user_mfa_reset", args=[caseworker.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert not StaticDevice.objects.filter(user=caseworker).exists()
    event = AuditEvent.objects.get(event="accounts.mfa.reset")
    assert event.actor == world.users[Role.ADMIN] and event.municipality == world.kolding
    assert event.changes["devices_removed"] == 2
    assert password_login(caseworker.username).get(reverse("registry:list")).url.startswith(ENROL)


@required
def test_an_administrator_of_another_municipality_cannot_reset(world):
    caseworker = world.users[Role.CASEWORKER]
    enrol_totp(password_login(caseworker.username), caseworker)
    outsider = world.outsiders[Role.ADMIN]
    TOTPDevice.objects.create(user=outsider, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(outsider)
    _verify_session(client, outsider)
    assert client.post(reverse("accounts:user_mfa_reset", args=[caseworker.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert not AuditEvent.objects.filter(event="accounts.mfa.reset").exists()


def _verify_session(client: Client, user) -> None:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    response = client.post(VERIFY, {"code": totp_now(device), "next": "/"})
    assert response.status_code == 302, response.content.decode()[:500]
