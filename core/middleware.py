import ipaddress
from functools import lru_cache

from django.conf import settings
from django.utils import translation

from .request_context import RequestOrigin, reset_origin, set_origin

# The client's real IP address (issue 11). Behind a reverse proxy every request comes from the
# proxy, so its header must be read, but only when the request really came from a proxy we
# trust: a header sent by anyone else is a lie the client can tell.
#   TRUSTED_PROXY_IPS  addresses or networks of our own proxies, e.g. "127.0.0.1,10.0.0.0/8"
#   CLIENT_IP_HEADER   the header they set: "X-Forwarded-For" (the right-most hop that is not
#                      one of ours is the client) or a single-address header such as "X-Real-IP"
# Without both settings REMOTE_ADDR is the client. Audit rows and login throttling use this.

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXY_IPS", ())))
    if not header or not _trusted(remote, networks):
        return str(remote) if remote else None
    hops = [_address(part) for part in request.META.get("HTTP_" + header.upper().replace("-", "_"), "").split(",") if part.strip()]
    # From the right: each trusted proxy appended the address it saw; the first one not ours is
    # the client. Anything left of it was written by the client and proves nothing.
    for hop in reversed(hops):
        if hop is None:
            break  # garbage in the header: the proxy's own address, not a guess
        if not _trusted(hop, networks):
            return str(hop)
    return str(remote)


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
