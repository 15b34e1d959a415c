"""The second login factor (django-otp): an authenticator app (TOTP), one-time recovery codes and
passkeys/security keys (django-otp-webauthn).

Who must use it: with settings.MFA_REQUIRED (production) every user, whatever their roles: each
role sees personal data of some kind (citizens for caseworkers, providers, company contacts and
administrators; pseudonymised citizen rows for analysts, which are still personal data; contact
persons in the registry for everyone), and an administrator can grant any role to an account at
any time. A user who has enrolled a device is asked for it even where it is not required.

A session is "verified" when django-otp's OTPMiddleware finds the device that verified it
(request.user.is_verified()); accounts.middleware.SecondFactorMiddleware sends every other
request of such a user to enrolment or verification. Every enrolment, reset and new set of
recovery codes is audited."""

import base64
import re

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from audit.models import AuditAction
from audit.services import record

from .auditing import record_for_each_municipality

ENROLLED_SESSION_KEY = "brobyg_mfa_enrolled"
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"


# --- Reads -----------------------------------------------------------------------------------


def is_enrolled(user) -> bool:
    """A confirmed TOTP device or passkey (recovery codes alone do not count: they are the way
    back in when the real device is lost)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def enrolled_expression():
    """is_enrolled as an SQL expression, for a list of users in one query."""
    confirmed = {"user": OuterRef("pk"), "confirmed": True}
    return Exists(TOTPDevice.objects.filter(**confirmed)) | Exists(WebAuthnCredential.objects.filter(**confirmed))


def enrolled_in_session(request) -> bool:
    """is_enrolled, remembered in the session so a user without any device (the demo) costs no
    query per request. Enrolment and verification pages refresh it."""
    if ENROLLED_SESSION_KEY not in request.session:
        request.session[ENROLLED_SESSION_KEY] = is_enrolled(request.user)
    return request.session[ENROLLED_SESSION_KEY]


def remember_enrolment(request) -> bool:
    request.session[ENROLLED_SESSION_KEY] = enrolled = is_enrolled(request.user)
    return enrolled


def needs_second_factor(request) -> bool:
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return settings.MFA_REQUIRED or enrolled_in_session(request)


def devices(user) -> dict:
    """What the profile and verification pages show: the confirmed devices by kind and how
    many recovery codes are left."""
    recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    return {
        "totp": list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at")),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")),
        "recovery_left": recovery.token_set.count() if recovery else 0,
    }


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no style attribute, so the CSP holds), for the
    authenticator app to scan. The same secret is shown as text for typing in."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title="QR-kode til godkendelsesapp", svgclass="mfa-qr", lineclass=None
    )


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, as authenticator apps ask for it."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "").lower()


# --- Writes ----------------------------------------------------------------------------------


def audit(user, *, by, event: str, changes: dict | None = None, action=AuditAction.UPDATE) -> None:
    record_for_each_municipality(user, action=action, event=event, actor=by, changes=changes)


def totp_pending(user) -> TOTPDevice:
    """The unconfirmed authenticator device being enrolled (one per user; a fresh secret each
    time enrolment starts over is not needed: the secret never left the user's own session)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_DEVICE_NAME).first()
    return device or TOTPDevice.objects.create(user=user, confirmed=False, name=TOTP_DEVICE_NAME)


@transaction.atomic
def totp_confirm(request, *, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a first code; the session becomes verified. Returns new
    recovery codes when the user had none (shown once), [] when they had, None on a wrong code."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit(user, by=user, event="accounts.mfa.enrol", changes={"kind": "totp"})
    otp_login(request, device)
    remember_enrolment(request)
    if StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME, token_set__isnull=False).exists():
        return []
    return recovery_codes_issue(user=user, by=user)


@transaction.atomic
def recovery_codes_issue(*, user, by) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones; only their hashes'
    equivalent (django-otp stores them to compare) stays, and each works once."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit(user, by=by, event="accounts.mfa.recovery_codes", changes={"count": RECOVERY_CODE_COUNT})
    return [f"{code[:4]}-{code[4:]}" for code in codes]


@transaction.atomic
def verify(request, *, code: str):
    """Check a code from the authenticator app or a recovery code against the user's devices
    (django-otp throttles each device after failures). Returns the device or None."""
    user = request.user
    token = normalise_code(code)
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        # verify_token counts failures and refuses a device for a growing time after them
        if isinstance(device, TOTPDevice | StaticDevice) and device.verify_token(token):
            otp_login(request, device)
            kind = "recovery_code" if isinstance(device, StaticDevice) else "totp"
            audit(user, by=user, event="accounts.mfa.verify", action=AuditAction.LOGIN, changes={"kind": kind})
            return device
    audit(user, by=None, event="accounts.mfa.verify_failed", action=AuditAction.LOGIN_FAILED)
    return None


@transaction.atomic
def mfa_reset(*, by, user, municipality_id: int) -> int:
    """An administrator removes every second-factor device of a user of their municipality (a
    lost phone); the user enrols again at the next login. Returns how many devices went."""
    removed = 0
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    record(
        actor=by,
        action=AuditAction.UPDATE,
        event="accounts.mfa.reset",
        obj=user,
        object_label=user.get_username(),
        municipality_id=municipality_id,
        changes={"devices_removed": removed},
    )
    return removed
