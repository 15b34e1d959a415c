"""Page costs of the load mix one request at a time (issue 18): wall and CPU time, SQL queries
and SQL time per page, and a pyinstrument profile of the costliest pages. Same database and
settings as run.py (run that first: it seeds bench_load).

    python bench/load/profile_pages.py --runs 5 --profile 3
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402 - the bench's environment and users
from locustfile import HREF, MIX, UUID, shape  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=int, default=3, help="profile the N costliest pages")
    parser.add_argument("--html", type=Path, help="write the profiles as HTML files into this folder")
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
        starts, detail_patterns = MIX[role]
        patterns = [re.compile(p.format(id=UUID.pattern)) for p in detail_patterns]
        pages = []
        for path in starts:
            response = client.get(path, follow=True)
            if response.status_code != 200:
                print(f"{role} {path}: {response.status_code}", file=sys.stderr)
                continue
            pages.append(
                response.request["PATH_INFO"]
                + (f"?{response.request['QUERY_STRING']}" if response.request.get("QUERY_STRING") else "")
            )
            text = response.content.decode()
            for pattern in patterns:
                pages += [h for h in dict.fromkeys(HREF.findall(text)) if pattern.match(h)][:1]
        for path in pages:
            client.get(path)  # warm-up
            walls, cpus = [], []
            for _ in range(args.runs):
                wall, cpu = time.perf_counter(), time.process_time()
                client.get(path)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            with CaptureQueriesContext(connection) as queries:
                size = len(client.get(path).content)
            sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            results.append(
                (
                    role,
                    path,
                    statistics.median(walls) * 1000,
                    statistics.median(cpus) * 1000,
                    len(queries),
                    sql_ms,
                    size,
                    client,
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
    print(f"{'role':12} {'page':42} {'wall ms':>8} {'CPU ms':>8} {'queries':>8} {'SQL ms':>7} {'KB':>6}")
    for role, path, wall, cpu, count, sql_ms, size, _ in sorted(results, key=lambda r: -r[3]):
        print(
            f"{role:12} {shape(path)[:42]:42} {wall:8.1f} {cpu:8.1f} {count:8d} {sql_ms:7.1f} {size / 1024:6.0f}"
        )
    print(
        f"\nmedian CPU per page {statistics.median(r[3] for r in results):.1f} ms; mean {statistics.mean(r[3] for r in results):.1f} ms"
    )

    for role, path, *_, client in sorted(results, key=lambda r: -r[3])[: args.profile]:
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
