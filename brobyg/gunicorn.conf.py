"""gunicorn settings for Brobyg (scripts/serve.sh; systemd unit in docs/deploy.md).

gthread workers: a few processes, each with a fixed pool of threads. Each thread keeps one
database connection (CONN_MAX_AGE in the production settings), so the web tier holds at most
workers × threads connections, whatever the traffic (runserver's thread per request did not).
Every value can be set from the environment."""

import json
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


wsgi_app = "brobyg.wsgi:application"
bind = os.environ.get("BROBYG_ADDR", "127.0.0.1:8000")
# Pages are mostly database-bound: 2 processes per core (at most 8), 4 threads each.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count(), 8))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 60)  # large reports and PDFs; imports run in the task worker
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (memory of large exports)
max_requests_jitter = 200
limit_request_line = 8190
# The reverse proxy on this machine may set X-Forwarded-Proto/-For (docs/deploy.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log as JSON lines without personal data: no client IP, no query string (searches
# carry names and CPR numbers), no referer or user agent; the path holds ids only.
accesslog = "-"
access_log_format = json.dumps(
    {
        "at": "%(t)s",
        "logger": "gunicorn.access",
        "method": "%(m)s",
        "path": "%(U)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
    }
)
errorlog = "-"
# No runtime control socket (gunicornc): systemd restarts and reloads the service.
control_socket_disable = True
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def on_starting(server):
    connections = workers * threads
    server.log.info(
        "Brobyg: %d workers x %d threads = at most %d database connections from the web tier "
        "(plus one per task worker); PostgreSQL's max_connections must exceed that.",
        workers,
        threads,
        connections,
    )
