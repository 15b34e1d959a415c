"""Test helpers every app may use (imports no app)."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connections


def run_concurrently(work: Callable[[int], Any], n: int = 20) -> list[Any]:
    """Run work(i) in n real threads that start together (a barrier), each on its own database
    connection; returns each call's result, or the exception it raised. For tests marked
    django_db(transaction=True): the threads must see committed rows."""
    barrier = threading.Barrier(n)

    def one(i: int) -> Any:
        try:
            barrier.wait()
            return work(i)
        except Exception as error:  # noqa: BLE001 - the caller inspects what each thread got
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))
