"""Background work without a queue: a daemon thread per job.

Good enough for the few long jobs Brobyg has (large imports). The job function must record its
own outcome (e.g. an ImportJob's status), because nobody waits for the thread. Tests and
commands set settings.JOBS_RUN_INLINE = True so the job runs before the call returns.
"""

import contextvars
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


def run_in_background(fn: Callable[..., object], *args) -> None:
    """Run fn(*args) in a daemon thread (inline when settings.JOBS_RUN_INLINE).

    The thread gets a copy of the caller's context variables, so audit rows written by the job
    still name the request's IP and channel, and closes its database connection at the end."""
    if getattr(settings, "JOBS_RUN_INLINE", False):
        fn(*args)
        return
    context = contextvars.copy_context()

    def target() -> None:
        close_old_connections()
        try:
            context.run(fn, *args)
        except Exception:
            logger.exception("Background job %s failed", getattr(fn, "__name__", fn))
        finally:
            connection.close()

    threading.Thread(target=target, name=f"brobyg-job-{getattr(fn, '__name__', 'fn')}", daemon=True).start()
