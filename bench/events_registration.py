"""Concurrent public registrations against the real server on loopback (issue 14).

Starts gunicorn with the project's config on 127.0.0.1, creates one published event with
--seats seats, lets --requests visitors each fetch the registration page (form and CSRF
cookie), then fires all their registrations at once from --clients threads. Reports
throughput, median and p95 latency of the registrations, errors, and checks the database:
exactly --seats registered, the rest waitlisted in time order, no address twice.

    python bench/events_registration.py --requests 500 --seats 100 --clients 100

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_events, created and
migrated if missing) and brobyg.settings.dev with the in-memory e-mail backend.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobyg.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_events")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_event(seats: int):
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from events.testing import make_event
    from registry.choices import Kind
    from registry.testing import make_organisation
    from tenants.models import Municipality

    call_command("migrate", verbosity=0)
    kolding = Municipality.objects.get(code="0621")
    organiser = make_organisation(kolding, name=f"Bench-arrangør {time.time_ns()}", kind=Kind.MUNICIPAL_UNIT, cvr="")
    return make_event(kolding, organiser, title="Bench: offentlig tilmelding", capacity=seats,
                      starts_at=timezone.now() + timezone.timedelta(days=30))  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "BROBYG_ADDR": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--config", "brobyg/gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def fetch_form(port: int, path: str) -> tuple[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    cookie = next(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    return cookie, TOKEN.search(body).group(1).decode()


def register(port: int, path: str, cookie: str, token: str, i: int) -> tuple[float, int]:
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "name": f"Deltager {i}", "email": f"d{i}@example.org"})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                                      "Referer": f"http://127.0.0.1:{port}{path}"})  # fmt: skip
    response = conn.getresponse()
    response.read()
    return time.perf_counter() - start, response.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--clients", type=int, default=100, help="threads sending at once")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    event = setup_event(args.seats)
    path = f"/arrangementer/offentlig/{event.public_id}/"
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            forms = list(pool.map(lambda _i: fetch_form(port, path), range(args.requests)))
        barrier = threading.Barrier(args.clients)

        def run(i):
            if i < args.clients:
                barrier.wait()
            return register(port, path, *forms[i], i)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            results = list(pool.map(run, range(args.requests)))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    from events.models import Signup, SignupStatus

    times = sorted(t for t, _s in results)
    errors = sum(1 for _t, s in results if s != 302)
    rows = list(Signup.objects.filter(event=event).order_by("created_at", "pk").values_list("status", "email"))
    statuses = [s for s, _e in rows]
    registered, waiting = statuses.count(SignupStatus.REGISTERED), statuses.count(SignupStatus.WAITLISTED)
    in_order = statuses == [SignupStatus.REGISTERED] * registered + [SignupStatus.WAITLISTED] * waiting
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"| {args.requests} tilmeldinger, {args.clients} samtidige klienter, {args.workers}×{args.threads} gunicorn "
          f"| {args.requests / wall:.0f} pr. s | {statistics.median(times) * 1000:.0f} ms | {p95 * 1000:.0f} ms "
          f"| {errors} | {registered} af {args.seats} | {waiting} | {'ja' if in_order else 'NEJ'} "
          f"| {max(0, registered - args.seats)} | {len(rows) - len({e for _s, e in rows})} |")  # fmt: skip
    if errors or registered != min(args.seats, args.requests) or not in_order or len(rows) != args.requests:
        raise SystemExit("FEJL: fejlsvar, overbooking eller forkert rækkefølge")


if __name__ == "__main__":
    main()
