"""gunicorn settings for Brobyg (scripts/serve.sh; systemd unit in docs/deploy.md).

Sync workers: one process per core plus one, each serving one request at a time and holding one
database connection (CONN_MAX_AGE in the production settings), so the web tier holds at most
`workers` connections whatever the traffic. Slow clients are the reverse proxy's to buffer
(docs/deploy.md); long work (imports, large PDFs) runs in the task worker. Every value can be set
from the environment (GUNICORN_WORKER_CLASS=gthread with GUNICORN_THREADS for threads)."""

import json
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


wsgi_app = "brobyg.wsgi:application"
bind = os.environ.get("BROBYG_ADDR", "127.0.0.1:8000")
# Pages spend most of their time in Python (templates, the ORM), so threads of one process wait
# for each other's GIL, and a busy gthread worker still accepts connections it cannot serve yet.
# Measured on 2 cores (bench/load/run.py, docs/performance.md): 3 sync workers served the page
# mix at 71 requests/s, p95 0.5 s; 4 gthread workers × 4 threads at 44 requests/s, p95 1.6 s.
workers = _int("WEB_CONCURRENCY", min(multiprocessing.cpu_count() + 1, 9))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = _int("GUNICORN_THREADS", 1)  # gthread only
timeout = _int("GUNICORN_TIMEOUT", 60)  # large reports and PDFs; imports run in the task worker
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory of large exports), but not often: a new worker costs about
# 5 s of CPU to start (imports, URLconf, templates; brobyg/warmup.py), which every 2,000 requests
# slowed the server measurably (docs/performance.md, "workers warmed").
max_requests = _int("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = max_requests // 10
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
    connections = workers * (threads if worker_class == "gthread" else 1)
    server.log.info(
        "Brobyg: %d %s workers x %d thread(s) = at most %d database connections from the web tier "
        "(plus one per task worker); PostgreSQL's max_connections must exceed that.",
        workers,
        worker_class,
        threads if worker_class == "gthread" else 1,
        connections,
    )


def post_worker_init(worker):
    # URLconf, templates and catalogues loaded before the first request, not inside it, and kept
    # out of the garbage collector's full scans (brobyg/warmup.py).
    from brobyg.warmup import warm

    worker.log.info("Brobyg: worker %s ready, %d templates compiled", worker.pid, warm())
