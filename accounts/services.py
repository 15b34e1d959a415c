"""Administration of users, memberships and API tokens. Audited like every write: a user's
own changes (tokens) once per municipality the user works in, so each municipality's
administrator sees them."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from .auditing import record_for_each_municipality
from .models import TOKEN_DEFAULT_DAYS, ApiToken, Membership, TokenScope, User


@transaction.atomic
def user_invite(*, by, username: str, email: str, first_name: str, last_name: str, organisation, role: str, request=None) -> User:
    """Create a user without a usable password and e-mail them a link to choose one."""
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    record(
        actor=by,
        action=AuditAction.CREATE,
        event="accounts.user.invite",
        obj=user,
        municipality_id=organisation.municipality_id,
        changes={"username": username, "organisation": organisation.name, "role": role},
    )
    # The invitation is the ordinary password-reset e-mail; sent after commit so a rollback
    # never leaves an e-mail about a user that does not exist.
    transaction.on_commit(lambda: _send_set_password_mail(user, request))
    return user


def _send_set_password_mail(user: User, request) -> None:
    """Django's reset form skips users without a usable password, so build the same link here."""
    context = {
        "protocol": "https" if request is not None and request.is_secure() else "http",
        "domain": request.get_host() if request is not None else "127.0.0.1:8000",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "user": user,
    }
    body = render_to_string("registration/password_reset_email.txt", context)
    send_mail("Brobyg: vælg din adgangskode", body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def membership_add(*, by, user: User, organisation, role: str) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    record(
        actor=by,
        action=AuditAction.CREATE,
        event="accounts.membership.add",
        obj=membership,
        municipality_id=organisation.municipality_id,
        changes={"user": user.username, "organisation": organisation.name, "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, by, membership: Membership) -> None:
    record(
        actor=by,
        action=AuditAction.DELETE,
        event="accounts.membership.remove",
        obj=membership,
        municipality_id=membership.organisation.municipality_id,
        changes={"user": membership.user.username, "organisation": membership.organisation.name, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def user_set_active(*, by, user: User, active: bool, municipality_id: int) -> None:
    """Deactivate (never delete: the audit trail keeps pointing at the user) or reactivate."""
    if not active and user == by:
        raise ValidationError(_("Du kan ikke deaktivere dig selv."))
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        event="accounts.user.activate" if active else "accounts.user.deactivate",
        obj=user,
        municipality_id=municipality_id,
        changes={"is_active": [not active, active]},
    )


# --- API tokens ------------------------------------------------------------------------------


@transaction.atomic
def token_issue(*, by: User, name: str, scope: str = TokenScope.WRITE, days: int = TOKEN_DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new API token of the acting user; returns it with the raw value, shown once and never
    stored or audited (only its prefix)."""
    token, raw = ApiToken.issue(user=by, name=name, scope=scope, days=days)
    record_for_each_municipality(
        by, actor=by, action=AuditAction.CREATE, event="accounts.token.issue", obj=token,
        changes={"name": token.name, "prefix": token.prefix, "scope": token.scope, "expires_at": token.expires_at.isoformat()},
    )  # fmt: skip
    return token, raw


@transaction.atomic
def token_revoke(*, by: User, token: ApiToken) -> None:
    """Revoke one of the acting user's tokens; a revoked token answers 401 from then on."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return
    locked.revoked_at = token.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    record_for_each_municipality(
        by, actor=by, action=AuditAction.UPDATE, event="accounts.token.revoke", obj=locked,
        changes={"name": locked.name, "prefix": locked.prefix},
    )  # fmt: skip


def token_mark_used(token: ApiToken, now) -> None:
    """When the token was last used, at most once a minute (accounts.api_auth). Bookkeeping,
    not a change anybody makes, so no audit row: the request itself is the trace."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
