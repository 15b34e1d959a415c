"""Absolute session lifetime. The idle timeout is the cookie age (30 min, renewed on every
request); this adds the hard limit of 12 hours after login."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url

SESSION_STARTED_KEY = "brobyg_login_at"


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
        return self.get_response(request)
