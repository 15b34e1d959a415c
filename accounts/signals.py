"""Logins, logouts and failed logins go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import AuditAction
from audit.services import record

from .middleware import SESSION_STARTED_KEY


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    import time

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = time.time()
    record(actor=user, action=AuditAction.LOGIN, event="accounts.login", obj=user, object_label=user.get_username())


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action=AuditAction.LOGOUT, event="accounts.logout", obj=user, object_label=user.get_username())


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(actor=None, action=AuditAction.LOGIN_FAILED, event="accounts.login_failed", object_type="accounts.user", object_label=username)
