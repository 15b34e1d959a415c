"""Load benchmark: the page mix of five logged-in roles against /healthz on the same production
server in the same run (issue 18). See bench/README.md ("Load") for what it does.

    python bench/load/run.py --users 30 --seconds 60          # database bench_load, made if missing
    python bench/load/run.py --reseed                          # drop and re-seed the database first
    python bench/load/run.py --users 200 --rate 100            # pages offered at 100/s (open loop;
                                                               # enough users that slow answers
                                                               # do not hold the rate back)
"""

import argparse
import base64
import csv
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
USERNAMES = {  # the demo users (demo/users.py) of the five roles of the mix
    "caseworker": "sagsbehandler",
    "provider": "leverandoer",
    "consultant": "konsulent",
    "analyst": "analytiker",
    "procurement": "indkoeber",
}
PHASES = {"pages": ["Caseworker", "Provider", "Consultant", "Analyst", "Procurement"], "healthz": ["Healthz"]}


def _bench_key(label: str) -> str:
    # Fixed per bench database (its CPR numbers are encrypted with it); never a production key.
    return base64.b64encode(hashlib.sha256(f"brobyg-load-bench-{label}".encode()).digest()).decode()


def environment(database: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(HERE)]),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        SECRET_KEY=_bench_key("secret-key") + "-load-bench-only",
        FIELD_ENCRYPTION_KEYS="bench:" + _bench_key("field"),
        BLIND_INDEX_KEY=_bench_key("index"),
        AUDIT_LOG=str(Path(tempfile.gettempdir()) / "brobyg-bench-audit.log"),
        ALLOWED_HOSTS="127.0.0.1",
        BROBYG_ADDR=f"127.0.0.1:{port}",
        GUNICORN_LOG_LEVEL="warning",
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def psql(sql: str) -> str:
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def prepare(env: dict, database: str, reseed: bool) -> None:
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") == "1"
    if exists and reseed:
        psql(f'DROP DATABASE "{database}"')
        exists = False
    if not exists:
        psql(f'CREATE DATABASE "{database}"')
        manage(env, "migrate", "-v", "0")
        manage(env, "seed_demo")
    else:
        manage(env, "migrate", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def log_in_and_find_pages(env: dict, per_role: int, path: Path) -> None:
    """Log the users in through Django (force_login: the login signal, the session row), so the
    measurement holds no password hashing, and find each role's pages of the mix once
    (mix.discover_pages: its start pages and the detail pages linked from them that the role may
    open). The load generator's users then only request pages: had each of them looked for its
    own pages, as they did until 4 December, 200 users' probing (≈ 1,200 requests) would fall in
    the measured minute of an open-loop run, on top of the rate offered."""
    code = f"""
import json, django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from mix import DETAILS_PER_PATTERN, discover_pages
names = {USERNAMES!r}
users = {{u.username: u for u in get_user_model().objects.filter(username__in=names.values())}}
sessions, pages = {{}}, {{}}
for role, name in names.items():
    keys = []
    for _ in range({per_role}):
        client = Client(HTTP_HOST='127.0.0.1')  # the host the server allows
        client.force_login(users[name])
        keys.append(client.session.session_key)
    sessions[role] = keys
    pages[role] = [path for path, _ in discover_pages(client, role, DETAILS_PER_PATTERN)]
json.dump({{"sessions": sessions, "pages": pages}}, open({str(path)!r}, "w"))
"""
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)


NGINX_CONF = """\
# The reverse proxy of docs/deploy.md section 4, without TLS: it reads each answer from gunicorn
# at once and hands it on, so a slow client never holds a sync worker.
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    log_format timing '$msec $request_uri $status $request_time $upstream_connect_time $upstream_header_time';
    access_log {work}/nginx-access.log timing buffer=64k;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    server {{
        listen 127.0.0.1:{listen};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_read_timeout 75s;
        }}
    }}
}}
"""


def start_proxy(work: Path, listen: int, upstream: int) -> subprocess.Popen:
    """nginx in front of gunicorn, as in production (docs/deploy.md): started from a
    configuration in the run's folder, stopped with the server."""
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, listen=listen, upstream=upstream))
    return subprocess.Popen(["nginx", "-c", str(conf), "-p", str(work)], stderr=subprocess.DEVNULL)


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def run_locust(env: dict, host: str, classes: list[str], users: int, seconds: int, prefix: Path) -> dict:
    subprocess.run(
        [PYTHON, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
         "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--reset-stats",
         "--host", host, "--csv", str(prefix), "--loglevel", "WARNING", *classes],
        cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    return {
        "rows": [r for r in rows if r["Name"] != "Aggregated"],
        "total": next(r for r in rows if r["Name"] == "Aggregated"),
    }


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> dict[str, float]:
    """CPU seconds so far: the whole machine (busy), the load generator (locust runs are waited
    for, so they count among this process's children) and the rest of the machine."""
    with open("/proc/stat") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"busy": (sum(fields[:8]) - idle) / TICK, "locust": children.ru_utime + children.ru_stime}


def cpu_share(before: dict, after: dict, seconds: float) -> str:
    """Cores kept busy in a phase: all, by the load generator, by the server and PostgreSQL."""
    busy = (after["busy"] - before["busy"]) / seconds
    locust = (after["locust"] - before["locust"]) / seconds
    return f"CPU {busy:.2f} cores busy: load generator {locust:.2f}, server and database {busy - locust:.2f}"


def figures(row: dict) -> str:
    return (
        f"{float(row['Requests/s']):8.1f} req/s  p50 {row['50%']:>5} ms  p95 {row['95%']:>5} ms  "
        f"p99 {row['99%']:>5} ms  requests {row['Request Count']:>6}  errors {row['Failure Count']}"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--reseed", action="store_true", help="drop the database and seed the demo again")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--warmup", type=int, default=15, help="seconds of unmeasured page mix first (0: none)")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: brobyg/gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS (default: brobyg/gunicorn.conf.py's)")
    parser.add_argument(
        "--rate", type=float, help="offer this many page requests/s in all (open loop; the issue's p95 at 100/s)"
    )
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="send the load through nginx in front of gunicorn (docs/deploy.md), on --port + 1",
    )
    parser.add_argument(
        "--client",
        choices=["requests", "fast"],
        default="requests",
        help="locust's HttpUser (python-requests) or FastHttpUser (geventhttpclient, less CPU per request)",
    )
    args = parser.parse_args(argv)

    env = environment(args.database, args.port)
    env["BENCH_CLIENT"] = args.client
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    if args.rate:
        env["BENCH_RATE_PER_USER"] = str(args.rate / args.users)
    prepare(env, args.database, args.reseed)
    work = Path(tempfile.mkdtemp(prefix="brobyg-load-"))
    sessions = work / "sessions.json"
    log_in_and_find_pages(env, per_role=max(1, args.users // len(USERNAMES)), path=sessions)
    env["BENCH_SESSIONS"] = str(sessions)

    host = f"http://127.0.0.1:{args.port}"
    with open(work / "gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--config", "brobyg/gunicorn.conf.py", "--access-logfile", str(work / "access.log")],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    proxy = None
    if args.proxy:
        proxy = start_proxy(work, args.port + 1, args.port)
        host = f"http://127.0.0.1:{args.port + 1}"
    try:
        wait_until_up(f"{host}/healthz")
        results, loads, cpu = {}, {}, {}
        if args.warmup:
            # An unmeasured run of the page mix first: every worker has loaded its templates and
            # warmed its caches, as a server in use has; /healthz, measured second, is warm too.
            run_locust(env, host, PHASES["pages"], args.users, args.warmup, work / "warmup")
        for phase, classes in PHASES.items():
            before, start = cpu_seconds(), time.monotonic()
            results[phase] = run_locust(env, host, classes, args.users, args.seconds, work / phase)
            cpu[phase] = cpu_share(before, cpu_seconds(), time.monotonic() - start)
            loads[phase] = os.getloadavg()
    finally:
        for process in (proxy, server):
            if process:
                process.terminate()
                process.wait(timeout=30)

    offered = f", pages offered at {args.rate:g} requests/s (open loop)" if args.rate else ""
    offered += " through nginx" if args.proxy else ""
    print(
        f"\n{args.users} users ({args.client} client), {args.seconds} s per phase{offered}, server {host};"
        f" logs and CSVs in {work}\n"
    )
    print("Pages of the mix (sorted by median):")
    for row in sorted(results["pages"]["rows"], key=lambda r: -float(r["Median Response Time"] or 0)):
        print(f"  {row['Name'][:40]:40} {figures(row)}")
    print()
    for phase in PHASES:
        one, five, _ = loads[phase]
        print(f"{phase:8} {figures(results[phase]['total'])}  load average {one:.2f} / {five:.2f}")
        print(f"{'':8} {cpu[phase]}")
    pages = float(results["pages"]["total"]["Requests/s"])
    floor = float(results["healthz"]["total"]["Requests/s"])
    ratio = pages / floor if floor else 0
    print(f"\npage mix / healthz = {ratio:.3f} (1/{1 / ratio:.1f}); target ≥ 1/8 = 0.125" if ratio else "")


if __name__ == "__main__":
    main()
