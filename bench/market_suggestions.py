"""Benchmark supplier suggestions against the national registry (50,000 organisations filled
by generate_registry.py): for a reserved cleaning tender and an open catering task posted by
Kolding's procurement, time market.suggestions.suggestions_for (median of --runs after
--warmup) and count its SQL queries. Target: under 300 ms, a constant number of queries.
Prints a Markdown table (docs/market.md, "Performance").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/generate_registry.py --organisations 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/market_suggestions.py [--runs 7] [--warmup 2]

The postings are created inside a transaction that is rolled back: the database stays as generated.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobyg.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    import django

    django.setup()


def measure(func, *, runs: int, warmup: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        rows = func()
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        rows = func()
    return times, len(queries.captured_queries), len(rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args(argv)
    setup_django()

    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from market import services
    from market.suggestions import suggestions_for
    from registry.models import Organisation
    from tenants.models import Municipality

    kolding = Municipality.objects.get(code="0621")
    total = Organisation.objects.count()
    buyer = Organisation.objects.filter(municipality=kolding, kind="municipal_unit", subkind="procurement").first()
    buyer = buyer or Organisation.objects.filter(municipality=kolding, kind="municipal_unit").order_by("pk").first()
    rows = []
    with transaction.atomic():
        user, _ = User.objects.get_or_create(username="bench_market", defaults={"email": "bench@bench.example"})
        deadline = timezone.now() + datetime.timedelta(days=30)
        cases = {
            "Reserved cleaning tender (§ 20)": {"kind": "tender", "title": "Rengøring", "description": "Bench",
                "cpv_codes": ["90911200-8", "90919300-5"], "keywords": ["Rengøring", "Fleksjob"], "reserved": True,
                "bid_deadline": deadline},
            "Catering task, open to all": {"kind": "task", "title": "Frokost", "description": "Bench",
                "cpv_codes": ["55520000-1"], "keywords": ["Café og mad"], "bid_deadline": deadline},
        }  # fmt: skip
        for label, data in cases.items():
            posting = services.posting_create(by=user, buyer=buyer, data=data)
            posting = type(posting).objects.select_related("buyer").get(pk=posting.pk)
            times, queries, found = measure(lambda p=posting: suggestions_for(p), runs=args.runs, warmup=args.warmup)
            rows.append((label, statistics.median(times) * 1000, min(times) * 1000, max(times) * 1000, queries, found))
        transaction.set_rollback(True)
    print(f"Registry: {total:,} organisations. Runs: {args.runs} after {args.warmup} warm-up.\n")
    print("| Posting | Median (ms) | Min–max (ms) | SQL queries | Suggestions |")
    print("|---|---:|---:|---:|---:|")
    for label, median, low, high, queries, found in rows:
        print(f"| {label} | {median:,.0f} | {low:,.0f}–{high:,.0f} | {queries} | {found} |")


if __name__ == "__main__":
    main()
