"""The client's real IP address. Behind a reverse proxy every request comes from the proxy, so
the proxy's header must be read, but only when the request really came from a proxy we trust:
a header sent by anyone else is a lie the client can tell (issue 11, finding 8).

    TRUSTED_PROXY_IPS   addresses or networks of our own proxies, e.g. "127.0.0.1,10.0.0.0/8"
    CLIENT_IP_HEADER    the header they set: "X-Forwarded-For" (right-most untrusted hop is the
                        client) or a single-address header such as "X-Real-IP"

Without both settings REMOTE_ADDR is the client. Login throttling (accounts/throttle.py) and the
audit log (core.middleware.RequestContextMiddleware) use this one function."""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXY_IPS", ())))
    if not header or not _trusted(remote, networks):
        return str(remote) if remote else None
    meta_key = "HTTP_" + header.upper().replace("-", "_")
    hops = [_parse(part) for part in request.META.get(meta_key, "").split(",") if part.strip()]
    # Read from the right: each trusted proxy appended the address it saw; the first address not
    # ours is the client. Anything left of it was written by the client and proves nothing.
    for hop in reversed(hops):
        if hop is None:
            break  # garbage in the header: fall back to the proxy's own address
        if not _trusted(hop, networks):
            return str(hop)
    return str(remote)
