"""Background job kinds used by the tests of core.tasks (importable by a worker process)."""

import time
from pathlib import Path

from django.db import OperationalError

from core.tasks import background_job

failures_seen: list[dict] = []
calls: dict[str, int] = {}


def remember_failure(**kwargs) -> None:
    failures_seen.append(kwargs)


@background_job(label="Tæl")
def count_to(progress, *, n: int) -> dict:
    for i in range(1, n + 1):
        progress(i, n)
    return {"counted": n}


@background_job(max_attempts=3, on_failure=remember_failure)
def flaky(progress, *, key: str, fail_times: int) -> str:
    """Loses its database connection the first `fail_times` calls for `key`."""
    calls[key] = calls.get(key, 0) + 1
    if calls[key] <= fail_times:
        raise OperationalError("server closed the connection unexpectedly")
    return "ok"


@background_job(on_failure=remember_failure)
def broken(progress, *, key: str) -> None:
    calls[key] = calls.get(key, 0) + 1
    raise ValueError("a bug, not a transient error")


@background_job(max_attempts=3)
def wait_for_file(progress, *, path: str, started: str) -> str:
    """Signals that it runs (creates `started`), then waits until `path` exists."""
    Path(started).touch()
    deadline = time.monotonic() + 120
    while not Path(path).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(path)
        time.sleep(0.1)
    return "released"
