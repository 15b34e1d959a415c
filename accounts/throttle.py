"""Login throttling with growing delays instead of a lock-out (issue 11, finding 8).

Failed logins are counted twice: per username, whatever the IP address (a password guessed at
one account from many machines), and per IP address, whatever the username (one password tried
against many accounts). Past a few free failures each further try must wait twice as long as
the one before, up to a cap; a try during the wait is refused unchecked and not counted, so
nobody can keep an account locked, only slowed. A success clears the username's count (never
the IP's: an attacker with one valid account must not reset their own counter); counts are
forgotten after an hour without failures. The real client IP comes from core.middleware.client_ip.

Our own small layer rather than django-axes: axes locks a (username, IP) pair for a fixed
cool-off, which is exactly what let anyone lock any account behind a shared proxy IP.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.middleware import client_ip

from .models import LoginThrottle, ThrottleScope


@dataclass(frozen=True)
class Policy:
    free: int  # failures before any wait
    base_seconds: int  # the first wait; each failure after that doubles it
    cap_seconds: int


def policies() -> dict[str, Policy]:
    config = settings.LOGIN_THROTTLE
    return {scope: Policy(**config[scope]) for scope in (ThrottleScope.USER, ThrottleScope.IP)}


def forget_after() -> timedelta:
    return timedelta(seconds=settings.LOGIN_THROTTLE["forget_after_seconds"])


def wait_seconds(failures: int, last_failure_at: datetime, now: datetime, policy: Policy) -> int:
    """Pure: seconds still to wait before the next try (0: go ahead)."""
    if failures < policy.free:
        return 0
    delay = min(policy.cap_seconds, policy.base_seconds * 2 ** min(failures - policy.free, 30))
    return max(0, math.ceil((last_failure_at + timedelta(seconds=delay) - now).total_seconds()))


def _keys(request, username: str | None) -> dict[str, str]:
    keys = {}
    if username:
        keys[ThrottleScope.USER] = username.strip().lower()[:150]
    ip = client_ip(request) if request is not None else None
    if ip:
        keys[ThrottleScope.IP] = ip
    return keys


def wait_for(request, username: str | None) -> int:
    """The longest wait any of the request's counters asks for."""
    now = timezone.now()
    keys = _keys(request, username)
    rows = LoginThrottle.objects.filter(
        scope__in=list(keys), key__in=list(keys.values()), last_failure_at__gte=now - forget_after()
    )
    rules = policies()
    return max(
        [wait_seconds(r.failures, r.last_failure_at, now, rules[r.scope]) for r in rows if keys.get(r.scope) == r.key],
        default=0,
    )


def record_failure(request, username: str | None) -> None:
    now = timezone.now()
    for scope, key in _keys(request, username).items():
        with transaction.atomic():
            row, created = LoginThrottle.objects.select_for_update().get_or_create(
                scope=scope, key=key, defaults={"failures": 1, "last_failure_at": now}
            )
            if not created:
                row.failures = 1 if row.last_failure_at < now - forget_after() else row.failures + 1
                row.last_failure_at = now
                row.save(update_fields=["failures", "last_failure_at"])


def record_success(username: str) -> None:
    LoginThrottle.objects.filter(scope=ThrottleScope.USER, key=username.strip().lower()[:150]).delete()
