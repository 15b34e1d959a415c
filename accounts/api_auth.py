"""Bearer-token authentication for the JSON API.

Only the token counts: a browser session is ignored, so the API has no CSRF exposure (a forged
cross-site request cannot attach an Authorization header). A revoked token, an unknown token and
a token of a deactivated user all answer 401; so does an expired token, with a message saying so.
A read token answers 403 on every write (any method but GET, HEAD and OPTIONS)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .models import ApiToken, TokenScope
from .services import token_mark_used

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenExpired(AuthenticationError):
    """A known token past its expiry: 401 like any refused token, but the client is told why."""

    def __init__(self):
        super().__init__(401, _("API-nøglen er udløbet. Opret en ny på din profilside."))


class ReadOnlyToken(PermissionDenied):
    pass

# last_used_at is written at most this often per token, so a busy client does not cause a
# write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def touch_last_used(token: ApiToken, now=None) -> bool:
    """Record that the token was used; returns True when a row was written."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return False
    token_mark_used(token, now)
    return True


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bb_…` with a token from accounts.models.ApiToken.issue()."""

    def authenticate(self, request, token: str):
        raw = token.strip()
        if not raw:
            return None
        api_token = ApiToken.find(raw)
        if api_token is None or not api_token.user.is_active:
            return None
        if api_token.is_expired:
            raise TokenExpired()
        if api_token.scope == TokenScope.READ and request.method not in SAFE_METHODS:
            raise ReadOnlyToken(_("API-nøglen må kun læse."))
        touch_last_used(api_token)
        # The token's user replaces whatever the session middleware put there, so that
        # accounts.access.access_for(request) and the audit trail see the token's owner.
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user
