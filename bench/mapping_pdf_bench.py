"""Time the mapping report PDF of the largest municipalities in the national bench database
(filled by bench/generate_registry.py) and measure the peak memory of the process that makes it,
on both paths, as a consultant of that municipality:

- direct: GET /kortlaegning/<slug>/pdf/ answers with the PDF (three runs; the median time);
- job: the background job (core.pdf_jobs) as the worker runs it (the test settings' immediate
  backend runs it in this process, with no request around it), then the download of the stored
  file (one run: the time from starting the job to the file).

Each path runs in a fresh child process, so its peak resident set (ru_maxrss) is that path's
own. Beside it the floor measured in the same run: a child that starts Django, logs in and
renders a one-page PDF with the same renderer (what any PDF costs), and the resident set of the
child before its first request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/mapping_pdf_bench.py \
        [--municipalities koebenhavn aarhus kolding]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_MB = 250


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child(path: str, slug: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobyg.settings.test")
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:0] = [here, os.path.dirname(here)]  # bench helpers, then this checkout's apps
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from registry_bench import bench_user

    from core import pdf_jobs
    from core.models import Job
    from core.pdf import render_pdf
    from mapping.pdf import pdf_rows, report_pdf_job
    from mapping.selectors import mapping_report
    from tenants.models import Municipality

    municipality = Municipality.objects.get(slug=slug)
    client = Client()
    user = bench_user(f"bench-konsulent-{municipality.code}", "consultant", [municipality])
    client.force_login(user)
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="pdf-bench-")
    baseline = _rss_mb()
    times, content, queries = [], b"", 0
    if path == "floor":
        started = time.perf_counter()
        content = render_pdf("core/pdf_base.html", {})
        times.append((time.perf_counter() - started) * 1000)
    elif path == "direct":
        settings.PDF_BACKGROUND_ROWS = 10**9
        for _run in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(f"/kortlaegning/{slug}/pdf/")
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            content, queries = response.content, len(captured.captured_queries)
    else:
        settings.PDF_BACKGROUND_ROWS = 0
        Job.objects.filter(kind="mapping.pdf.report_pdf_job").delete()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            # What the worker runs (the immediate backend runs it here, with no request around
            # it), then the download of the stored file.
            job = pdf_jobs.start(report_pdf_job, by=user, municipality_id=municipality.pk)
            response = client.get(f"/kortlaegning/{slug}/pdf/{job.public_id}/hent/")
            assert response.status_code == 200, response.status_code
            content = b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    assert content.startswith(b"%PDF")
    return {
        "times": times,
        "peak_mb": _peak_mb(),
        # the layout process of the job path (core.pdf_child); 0 for the direct path
        "layout_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "baseline_mb": baseline,
        "queries": queries,
        "kb": len(content) // 1024,
        "rows": pdf_rows(mapping_report(municipality)) if path != "floor" else 0,
    }


def enqueue_child(slug: str) -> dict:
    """Store the job for the worker (database backend, as in production)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "brobyg.settings.dev"
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:0] = [here, os.path.dirname(here)]
    import django

    django.setup()
    from registry_bench import bench_user

    from core import pdf_jobs
    from mapping.pdf import report_pdf_job
    from tenants.models import Municipality

    municipality = Municipality.objects.get(slug=slug)
    user = bench_user(f"bench-konsulent-{municipality.code}", "consultant", [municipality])
    job = pdf_jobs.enqueue(report_pdf_job, by=user, municipality_id=municipality.pk)
    return {"job": str(job.public_id)}


def worker_run(slug: str) -> dict:
    """One `manage.py run_worker` process runs the job; its peak RSS is read when it exits."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobyg.settings.dev", "PYTHONWARNINGS": "ignore"}
    job_id = _run_child("enqueue", slug)["job"]
    manage = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "manage.py")
    started = time.perf_counter()
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True);"
        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, manage, "run_worker", "--batch", "--max-tasks", "1", "--no-startup-delay"]
    out = subprocess.run(
        [sys.executable, "-c", code, *command], capture_output=True, text=True, check=True, env=env
    )  # noqa: S603
    elapsed = (time.perf_counter() - started) * 1000
    return {"ms": elapsed, "peak_mb": int(out.stdout.split()[-1]) / 1024, "job": job_id}


def _run_child(path: str, slug: str) -> dict:
    out = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, os.path.abspath(__file__), "--child", path, slug],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", nargs="+", default=["koebenhavn", "aarhus", "kolding"])
    parser.add_argument("--child", nargs=2, metavar=("PATH", "SLUG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    if args.child:
        print(json.dumps(enqueue_child(args.child[1]) if args.child[0] == "enqueue" else child(*args.child)))
        return
    floor = _run_child("floor", args.municipalities[0])
    print(
        f"Floor: a one-page PDF in a fresh process peaks at {floor['peak_mb']:.0f} MB "
        f"(resident before rendering {floor['baseline_mb']:.0f} MB); target {TARGET_MB} MB.\n"
    )
    print(
        "| municipality | path | rows | median (ms) | min–max (ms) | queries | size | peak RSS (MB) | floor (MB) | target met |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for slug in args.municipalities:
        for path in ("direct", "job"):
            r = _run_child(path, slug)
            times = r["times"]
            print(
                f"| {slug} | {path} | {r['rows']:,} | {statistics.median(times):,.0f} "
                f"| {min(times):,.0f}–{max(times):,.0f} | {r['queries']} | {r['kb']} KB "
                f"| {r['peak_mb']:.0f} | {r['layout_mb']:.0f} | {floor['peak_mb']:.0f} "
                f"| {'yes' if max(r['peak_mb'], r['layout_mb']) < TARGET_MB else 'no'} |"
            )
    for slug in args.municipalities[:1]:
        w = worker_run(slug)
        print(
            f"\nWorker: `manage.py run_worker --batch --max-tasks 1` ran the {slug} PDF job in "
            f"{w['ms']:,.0f} ms (process start included) and peaked at {w['peak_mb']:.0f} MB "
            f"(target {TARGET_MB} MB: {'met' if w['peak_mb'] < TARGET_MB else 'not met'})."
        )
    with open("/proc/loadavg") as loadavg:
        print(f"\nload average: {loadavg.read().strip()}")


if __name__ == "__main__":
    main()
