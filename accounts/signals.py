"""Logins, logouts and failed logins go to the audit log, one row per municipality the user
works in (accounts/auditing.py). A failed login for a username that does not exist belongs to no
municipality (kept, but shown to no tenant). Failures and successes also feed login throttling."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import AuditAction
from audit.services import record

from . import throttle
from .auditing import record_for_each_municipality
from .mfa import ENROLLED_SESSION_KEY, is_enrolled
from .middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = request.session[SESSION_SEEN_KEY] = time.time()
        # Looked up once per login, so the second-factor middleware costs no query per request.
        request.session[ENROLLED_SESSION_KEY] = is_enrolled(user)
    throttle.record_success(user.get_username())
    record_for_each_municipality(user, action=AuditAction.LOGIN, event="accounts.login", actor=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_for_each_municipality(user, action=AuditAction.LOGOUT, event="accounts.logout", actor=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    throttle.record_failure(request, username)
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        record_for_each_municipality(user, action=AuditAction.LOGIN_FAILED, event="accounts.login_failed", actor=None)
    else:
        record(actor=None, action=AuditAction.LOGIN_FAILED, event="accounts.login_failed", object_type="accounts.user", object_label=username)

