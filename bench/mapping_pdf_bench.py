"""Time the mapping report PDF of the largest municipalities in the national bench database
(filled by bench/generate_registry.py): three runs each, as a consultant of that municipality.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/mapping_pdf_bench.py
"""

import os
import statistics
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobyg.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from registry_bench import bench_user

    from tenants.models import Municipality

    print("| municipality | median (ms) | min–max (ms) | queries | size |")
    print("|---|---:|---:|---:|---:|")
    for slug in ["koebenhavn", "aarhus", "kolding"]:
        municipality = Municipality.objects.get(slug=slug)
        client = Client()
        client.force_login(bench_user(f"bench-konsulent-{municipality.code}", "consultant", [municipality]))
        times = []
        for _run in range(3):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(f"/kortlaegning/{slug}/pdf/")
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        print(
            f"| {municipality.name} | {statistics.median(times):,.0f} | {min(times):,.0f}–{max(times):,.0f} "
            f"| {len(queries.captured_queries)} | {len(response.content) // 1024} KB |"
        )


if __name__ == "__main__":
    main()
