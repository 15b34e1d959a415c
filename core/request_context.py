"""Where the current request comes from, for audit rows written deep inside services."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip: str | None = None
    user_agent: str = ""
    path: str = ""
    channel: str = "web"  # web | api | command


_COMMAND = RequestOrigin(channel="command")
_current: ContextVar[RequestOrigin | None] = ContextVar("brobyg_request_origin", default=None)


def current_origin() -> RequestOrigin:
    """The origin of the current request; outside a request (commands, jobs) the command line."""
    return _current.get() or _COMMAND


def set_origin(origin: RequestOrigin):
    return _current.set(origin)


def reset_origin(token) -> None:
    _current.reset(token)
