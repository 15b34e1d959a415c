"""Where the current request comes from, for audit rows written deep inside services."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip: str | None = None
    user_agent: str = ""
    path: str = ""
    channel: str = "web"  # web | api | command


_current: ContextVar[RequestOrigin] = ContextVar("brobyg_request_origin", default=RequestOrigin(channel="command"))


def current_origin() -> RequestOrigin:
    return _current.get()


def set_origin(origin: RequestOrigin):
    return _current.set(origin)


def reset_origin(token) -> None:
    _current.reset(token)
