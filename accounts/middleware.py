"""Session middleware of the accounts app: the absolute session lifetime (the idle timeout is
the cookie age, 30 min renewed on every request; this adds the hard limit of 12 hours after
login), the second factor, and no caching of anything a signed-in user receives."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.cache import patch_cache_control

from . import mfa

SESSION_STARTED_KEY = "brobyg_login_at"
SESSION_SEEN_KEY = "brobyg_seen_at"


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                # A session from before this middleware (or without the login signal): the
                # clock starts now rather than never.
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)  # flushes the session; request.user becomes anonymous
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API answers 401 on its own
                return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
            # The idle timeout (SESSION_COOKIE_AGE) is renewed by saving the session, at most
            # every SESSION_REFRESH_SECONDS: not on every request, which cost a write each.
            if now - request.session.get(SESSION_SEEN_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[SESSION_SEEN_KEY] = now  # modified: saved with a new expiry
        return self.get_response(request)


class SecondFactorMiddleware:
    """A signed-in user who still owes the second factor (accounts/mfa.py) reaches only the
    login, enrolment and verification pages; everything else sends them there, with `next`.
    The JSON API is exempt: it authenticates by token only and ignores the session."""

    OPEN_PREFIXES = ("/konto/login/", "/konto/logout/", "/konto/totrin/", "/konto/passkey/", "/static/", "/i18n/", "/api/")
    # pages for the public (no login): they show nothing a half-signed-in user may not see
    OPEN_PREFIXES += ("/arrangementer/offentlig/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.OPEN_PREFIXES) or not mfa.needs_second_factor(request):
            return self.get_response(request)
        step = "accounts:mfa_verify" if mfa.enrolled_in_session(request) else "accounts:mfa_enrol"
        url = f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)


class NoStoreMiddleware:
    """Nothing a signed-in user or an API client receives is kept by a browser or a proxy cache:
    pages, CSV/XLSX/PDF exports and API JSON alike (issue 11, finding 6)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
