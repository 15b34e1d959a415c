from django.conf import settings
from django.utils import translation

from brobyg.client_ip import client_ip as real_client_ip

from .request_context import RequestOrigin, reset_origin, set_origin


def client_ip(request) -> str | None:
    # REMOTE_ADDR, or the trusted reverse proxy's header (TRUSTED_PROXY_IPS, CLIENT_IP_HEADER);
    # never a forwarding header from anyone else. See brobyg/client_ip.py.
    return real_client_ip(request)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = RequestOrigin(
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
            path=request.path[:300],
            channel="api" if request.path.startswith("/api/") else "web",
        )
        token = set_origin(origin)
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)


class DanishFirstLocaleMiddleware:
    """Danish unless the user chose otherwise (language cookie set by set_language). Unlike
    Django's LocaleMiddleware, the browser's Accept-Language is ignored: a Danish public
    platform speaks Danish to a caseworker whose browser happens to be English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the thread's previous language afterwards, so nothing rendered
        # later in the same thread (another request, a test, a command) inherits this choice.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
