"""Page costs of the load mix one request at a time (issue 18): wall and CPU time, SQL queries
and SQL time per page, and a pyinstrument profile of the costliest pages. Same database and
settings as run.py (run that first: it seeds bench_load).

    python bench/load/profile_pages.py --runs 5 --profile 3
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402 - the bench's environment and users
from mix import discover_pages, shape  # noqa: E402


@dataclass
class Result:
    role: str
    path: str
    weight: float  # the page's share of its role's requests in the load mix, in pages
    wall: float
    cpu: float  # this process (Django), ms
    db_cpu: float  # the PostgreSQL backend serving it, ms
    queries: int
    sql: float
    size: int
    client: object
    calls: int  # Python function calls of one request (cProfile): the same whatever the machine does


def mix_summary(results: list[Result]) -> str:
    """CPU per request of the whole mix: each role's pages weighted as locust draws them, the
    five roles alike (the same number of users each)."""
    by_role: dict = {}
    for r in results:
        by_role.setdefault(r.role, []).append(r)

    def mean(rows, value):
        return sum(value(r) * r.weight for r in rows) / sum(r.weight for r in rows)

    django = statistics.mean(mean(rows, lambda r: r.cpu) for rows in by_role.values())
    db = statistics.mean(mean(rows, lambda r: r.db_cpu) for rows in by_role.values())
    calls = statistics.mean(mean(rows, lambda r: r.calls) for rows in by_role.values())
    return (
        f"mix CPU per request: Django {django:.1f} ms + PostgreSQL {db:.1f} ms = {django + db:.1f} ms"
        f"\nmix Python calls per request: {calls:,.0f} (a count that does not drift with the machine's speed)"
    )


def python_calls(client, path: str) -> int:
    """Function calls of one request as cProfile counts them."""
    profile = cProfile.Profile()
    profile.enable()
    client.get(path)
    profile.disable()
    return pstats.Stats(profile).total_calls


def backend_pid(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def cpu_ns(pid: int) -> int:
    """CPU time of a local process in nanoseconds (the scheduler's own count, not clock ticks)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=int, default=3, help="profile the N costliest pages")
    parser.add_argument("--html", type=Path, help="write the profiles as HTML files into this folder")
    parser.add_argument("--details", type=int, default=3, help="detail pages measured per kind and role")
    parser.add_argument("--only", help="measure only pages whose shape (ids as <id>) matches this regex")
    args = parser.parse_args(argv)

    os.environ.update(run.environment(args.database, 0))
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    sys.path.insert(0, str(run.ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    users = {u.username: u for u in get_user_model().objects.filter(username__in=run.USERNAMES.values())}
    results = []
    for role, username in run.USERNAMES.items():
        client = Client()
        client.force_login(users[username])
        for path, weight in discover_pages(client, role, args.details):
            if args.only and not re.search(args.only, shape(path)):
                continue
            client.get(path)  # warm-up
            backend = backend_pid(connection)
            walls, cpus, db_cpus = [], [], []
            for _ in range(args.runs):
                wall, cpu, db_cpu = time.perf_counter(), time.process_time(), cpu_ns(backend)
                client.get(path)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                db_cpus.append((cpu_ns(backend) - db_cpu) / 1e9)
            with CaptureQueriesContext(connection) as queries:
                size = len(client.get(path).content)
            sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            results.append(
                Result(
                    role,
                    path,
                    weight,
                    statistics.median(walls) * 1000,
                    statistics.median(cpus) * 1000,
                    statistics.median(db_cpus) * 1000,
                    len(queries),
                    sql_ms,
                    size,
                    client,
                    python_calls(client, path),
                )
            )

    anonymous = Client()
    anonymous.get("/healthz")
    cpus = []
    for _ in range(50):
        cpu = time.process_time()
        anonymous.get("/healthz")
        cpus.append(time.process_time() - cpu)
    print(f"/healthz: median CPU {statistics.median(cpus) * 1000:.2f} ms")
    print(
        f"{'role':12} {'page':42} {'weight':>6} {'wall ms':>8} {'CPU ms':>7} {'DB CPU':>7} {'queries':>7} {'SQL ms':>7} {'KB':>5} {'calls':>8}"
    )
    for r in sorted(results, key=lambda r: -r.cpu):
        print(
            f"{r.role:12} {shape(r.path)[:42]:42} {r.weight:6.1f} {r.wall:8.1f} {r.cpu:7.1f} {r.db_cpu:7.1f}"
            f" {r.queries:7d} {r.sql:7.1f} {r.size / 1024:5.0f} {r.calls:8d}"
        )
    print(f"\nmedian CPU per page {statistics.median(r.cpu for r in results):.1f} ms")
    if not args.only:
        print(mix_summary(results))

    for r in sorted(results, key=lambda r: -r.cpu)[: args.profile]:
        role, path, client = r.role, r.path, r.client
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(3):
                client.get(path)
        print(f"\n===== {role} {path}")
        print(profiler.output_text(color=False))
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            (args.html / f"{role}-{shape(path).strip('/').replace('/', '_') or 'home'}.html").write_text(
                profiler.output_html()
            )


if __name__ == "__main__":
    main()
