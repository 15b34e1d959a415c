"""Benchmark the registry at national scale, against the database that generate_registry.py
filled. Times (median of --runs after --warmup) the list page, search, filters, the mapping
report and its PDF, the CSV/XLSX export and a 10,000-row import, as a consultant of the largest
municipality and as an analyst with access to three municipalities; counts the SQL queries per
page. Prints a Markdown table.

    python bench/registry_bench.py [--runs 5] [--warmup 1] [--explain] [--import-rows 10000]
    python bench/registry_bench.py --import-only --import-rows 50000 --import-runs 3

Same environment as generate_registry.py (DJANGO_SETTINGS_MODULE=brobyg.settings.test,
DATABASE_URL default postgres://postgres@127.0.0.1:5432/bench). The import runs inside a
transaction that is rolled back, so the database stays as generated.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANALYST_MUNICIPALITIES = ("0101", "0751", "0461")  # København, Aarhus, Odense


@dataclass
class Result:
    label: str
    who: str
    times: list[float]
    queries: int | None
    note: str = ""
    slowest_sql: str = ""
    slowest_ms: float = 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else float("nan")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobyg.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    import django

    django.setup()


def bench_user(username: str, role: str, municipalities):
    """A user with `role` in one municipal unit of each municipality (created once)."""
    from accounts.models import Membership, User
    from registry.models import Organisation

    account, _ = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.example"}
    )
    for municipality in municipalities:
        unit = (
            Organisation.objects.filter(municipality=municipality, kind="municipal_unit")
            .order_by("pk")
            .first()
        )
        Membership.objects.get_or_create(user=account, organisation=unit, role=role)
    return account


def largest_municipality():
    from django.db.models import Count

    from tenants.models import Municipality

    return Municipality.objects.annotate(n=Count("organisations")).order_by("-n", "code").first()


def smallest_municipality():
    from django.db.models import Count

    from tenants.models import Municipality

    return (
        Municipality.objects.annotate(n=Count("organisations")).filter(n__gt=0).order_by("n", "code").first()
    )


def bench_users():
    """A consultant of the largest municipality and an analyst in three."""
    from accounts.roles import Role
    from tenants.models import Municipality

    largest = largest_municipality()
    consultant = bench_user("bench-konsulent", Role.CONSULTANT, [largest])
    analyst = bench_user(
        "bench-analytiker", Role.ANALYST, Municipality.objects.filter(code__in=ANALYST_MUNICIPALITIES)
    )
    return largest, consultant, analyst


def measure(label: str, who: str, call, runs: int, warmup: int) -> Result:
    """call() performs the operation (and reads the whole response); it returns a note."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"… {label} ({who})", file=sys.stderr, flush=True)
    times = []
    note = ""
    try:
        for _ in range(warmup):
            call()
        for _ in range(runs):
            started = time.perf_counter()
            note = call() or ""
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as ctx:
            call()
    except Exception as error:  # a failing page is a finding, not the end of the benchmark
        print(f"   failed: {error!r}", file=sys.stderr, flush=True)
        return Result(label, who, [], None, f"fejler: {type(error).__name__}: {str(error)[:120]}")
    print(f"   median {statistics.median(times) * 1000:.0f} ms", file=sys.stderr, flush=True)
    slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]), default={"sql": "", "time": "0"})
    return Result(
        label, who, times, len(ctx.captured_queries), note, slowest["sql"], float(slowest["time"]) * 1000
    )


def page(client, url: str):
    def call() -> str:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return f"{len(body) / 1024:,.0f} KB".replace(",", ".")

    return call


def page_results(
    largest, consultant, analyst, runs: int, warmup: int, skip_pdf: bool = False
) -> list[Result]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from registry.models import Organisation

    as_consultant, as_analyst = Client(), Client()
    as_consultant.force_login(consultant)
    as_analyst.force_login(analyst)
    listing = reverse("registry:list")
    sample_cvr = (
        Organisation.objects.filter(municipality=largest)
        .exclude(cvr="")
        .order_by("pk")
        .values_list("cvr", flat=True)[100]
    )
    c, a = f"konsulent ({largest.name})", "analytiker (3 kommuner)"
    pages = [
        ("Liste, side 1, sorteret efter navn", c, as_consultant, listing),
        ("Liste, side 1, sorteret efter andel særlige vilkår", c, as_consultant, f"{listing}?sort=-share"),
        ("Liste, side 100", c, as_consultant, f"{listing}?page=100"),
        ("Fritekstsøgning «værksted»", c, as_consultant, f"{listing}?q=v%C3%A6rksted"),
        ("CVR-søgning (4 første cifre)", c, as_consultant, f"{listing}?q={sample_cvr[:4]}"),
        (
            "Filtre: type + RSV-status + andel ≥ 30 %",
            c,
            as_consultant,
            f"{listing}?kind=social_enterprise&rsv_status=registered&share_min=30",
        ),
        ("Liste, side 1, sorteret efter navn", a, as_analyst, listing),
        ("Fritekstsøgning «værksted»", a, as_analyst, f"{listing}?q=v%C3%A6rksted"),
        (
            "Filtre: type + RSV-status + andel ≥ 30 %",
            a,
            as_analyst,
            f"{listing}?kind=social_enterprise&rsv_status=registered&share_min=30",
        ),
    ]
    results = [measure(label, who, page(client, url), runs, warmup) for label, who, client, url in pages]
    results += export_results(as_consultant, as_analyst, c, a, runs, warmup)
    try:
        reverse("mapping:detail", args=[largest.slug])
    except NoReverseMatch:
        return results + [
            Result("Kortlægningsrapport", c, [], None, "sprunget over: mapping:detail findes ikke endnu")
        ]
    smallest = smallest_municipality()
    as_smallest = Client()
    as_smallest.force_login(bench_user(f"bench-konsulent-{smallest.code}", "consultant", [smallest]))
    s = f"konsulent ({smallest.name})"
    results.append(
        measure(
            "Kortlægningsrapport (side)",
            c,
            page(as_consultant, reverse("mapping:detail", args=[largest.slug])),
            runs,
            warmup,
        )
    )
    if not skip_pdf:
        # One run for the largest municipality: WeasyPrint takes minutes there.
        results.append(
            measure(
                "Kortlægningsrapport (PDF)",
                c,
                page(as_consultant, reverse("mapping:pdf", args=[largest.slug])),
                1,
                0,
            )
        )
        results.append(
            measure(
                "Kortlægningsrapport (PDF)",
                s,
                page(as_smallest, reverse("mapping:pdf", args=[smallest.slug])),
                runs,
                warmup,
            )
        )
    return results


def export_results(as_consultant, as_analyst, c: str, a: str, runs: int, warmup: int) -> list[Result]:
    from django.urls import NoReverseMatch, reverse

    try:
        csv_url, xlsx_url = (
            reverse("registry:export", args=["csv"]),
            reverse("registry:export", args=["xlsx"]),
        )
    except NoReverseMatch:
        return [Result("Eksport", c, [], None, "sprunget over: registry:export findes ikke")]
    return [
        measure("Eksport CSV, hele kommunen", c, page(as_consultant, csv_url), runs, warmup),
        measure(
            "Eksport XLSX, hele kommunen (med kontakter)",
            c,
            page(as_consultant, xlsx_url),
            max(1, runs // 2),
            warmup,
        ),
        measure("Eksport CSV, 3 kommuner", a, page(as_analyst, csv_url), runs, warmup),
    ]


def run_import(content: bytes, *, consultant, municipality_id: int) -> tuple[float, float, dict]:
    """The two checks of an import inside the caller's transaction: the preview's
    (validate_content keeping the first rows, as job_validate) and the confirm's, which checks
    every row again and stores in one pass (apply_content, as job_apply), with the deferred
    foreign-key checks a commit would run. Returns (preview seconds, confirm seconds, counts)."""
    from django.db import connection

    from accounts.access import Access
    from registry.import_apply import PREVIEW_ROWS, apply_content
    from registry.importing import validate_content

    access = Access(consultant)
    started = time.perf_counter()
    plan = validate_content(
        content, "csv", access=access, default_municipality_id=municipality_id, keep_rows=PREVIEW_ROWS
    )
    validated = time.perf_counter()
    if not plan.valid:
        raise RuntimeError(f"the file is invalid: {plan.errors[:3]}")
    plan, counts = apply_content(
        content, "csv", access=access, default_municipality_id=municipality_id, by=consultant,
        file_name="bench.csv", municipality_id=municipality_id,
    )  # fmt: skip
    if counts is None:
        raise RuntimeError(f"the file is invalid: {plan.errors[:3]}")
    with connection.cursor() as cursor:  # the deferred foreign-key checks a commit would run
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return validated - started, time.perf_counter() - validated, counts


def copy_floor(content: bytes) -> float:
    """The floor: a plain COPY of the same file into a bare table with the same columns, all
    text, no validation (rolled back)."""
    from django.db import connection, transaction

    columns = ", ".join(f"{name} text" for name in IMPORT_HEADERS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE bench_import_floor ({columns}) ON COMMIT DROP")
        started = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_import_floor FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
        ) as copy:
            # The bytes as they are, without the BOM, a megabyte at a time: decoding and
            # encoding the whole file made 2 copies of it, counted in the import's RSS growth.
            view = memoryview(content)[3 if content.startswith(b"\xef\xbb\xbf") else 0 :]
            for start in range(0, len(view), 1 << 20):
                copy.write(bytes(view[start : start + (1 << 20)]))
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_results(largest, consultant, rows: int, runs: int, import_file: str = "") -> list[Result]:
    """Validation + storing of `rows` new organisations (each run rolled back), beside a plain
    COPY of the same file measured in the same run; rows/s, the ratio and the growth of the
    process's peak RSS during the import."""
    from django.db import transaction

    if import_file:
        content = Path(import_file).read_bytes()
        rows = content.count(b"\n") - 1
    else:
        content = import_csv(largest.code, rows)
    who = f"konsulent ({largest.name})"
    label = f"Import {rows:,} rækker".replace(",", ".")
    validate_times, apply_times, total_times, floor_times, note = [], [], [], [], ""
    rss_before = peak_rss_mb()
    for _ in range(runs):
        floor_times.append(copy_floor(content))
        started = time.perf_counter()
        try:
            with transaction.atomic():
                validate_s, apply_s, counts = run_import(
                    content, consultant=consultant, municipality_id=largest.pk
                )
                transaction.set_rollback(True)
        except RuntimeError as error:
            return [Result(label, who, [], None, str(error)[:300])]
        total_times.append(time.perf_counter() - started)
        validate_times.append(validate_s)
        apply_times.append(apply_s)
        note = ", ".join(f"{k} {v}" for k, v in counts.items())
    rss_growth = peak_rss_mb() - rss_before
    total, floor = statistics.median(total_times), statistics.median(floor_times)
    confirm = statistics.median(apply_times)
    size = f"{len(content) / 1024 / 1024:.1f} MB CSV"
    print(
        f"IMPORT {rows} rows: preview check {statistics.median(validate_times):.2f} s, "
        f"confirm (check + store) {confirm:.2f} s = {rows / confirm:,.0f} rows/s, "
        f"both {total:.2f} s = {rows / total:,.0f} rows/s; "
        f"COPY floor {floor:.3f} s = {rows / floor:,.0f} rows/s; ratio {total / floor:.1f}x; "
        f"peak RSS +{rss_growth:.0f} MB (ru_maxrss {peak_rss_mb():.0f} MB); "
        f"loadavg {Path('/proc/loadavg').read_text().split()[:3]}",
        flush=True,
    )
    return [
        Result(f"{label}: kontrol (forhåndsvisning)", who, validate_times, None, size),
        Result(f"{label}: kontrol og gem (én transaktion)", who, apply_times, None, f"{note}; {rows / confirm:,.0f} rækker/s"),
        Result(
            f"{label}: i alt",
            who,
            total_times,
            None,
            f"{rows / total:,.0f} rækker/s; {total / floor:.1f}× COPY; RSS +{rss_growth:.0f} MB",
        ),
        Result(f"{label}: gulv, COPY af samme fil", who, floor_times, None, f"{rows / floor:,.0f} rækker/s"),
    ]


IMPORT_HEADERS = [
    "navn", "type", "undertype", "cvr", "p_nummer", "virksomhedsform", "sektor", "branchekode", "adresse",
    "postnr", "by", "kommunekode", "hjemmeside", "formaal", "maalgrupper", "tags", "rsv_registreret", "rsv_dato",
    "kriterie_1", "kriterie_2", "kriterie_3", "kriterie_4", "kriterie_5", "personale_aar", "ansatte_i_alt",
    "fleksjob", "skaanejob", "loentilskud", "andre_saerlige", "praktik",
]  # fmt: skip


def import_csv(code: str, rows: int) -> bytes:
    """A CSV in the layout of registry.columns with `rows` new organisations (fresh CVR numbers)
    for municipality `code`, made by the demo generator."""
    import csv
    import io
    import random

    from demo.generator import generate_municipality
    from registry.models import Organisation

    used = set(Organisation.objects.exclude(cvr="").values_list("cvr", flat=True))
    specs = generate_municipality(
        random.Random(f"bench-import:{code}"), code, rows + rows // 2, used_cvrs=used
    )
    specs = [s for s in specs if s.cvr and s.kind != "municipal_unit"][:rows]
    if len(specs) < rows:
        raise RuntimeError("not enough generated organisations with a CVR number")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(IMPORT_HEADERS)
    for s in specs:
        statuses = {a.criterion: a.status for a in s.assessments}
        latest = s.staffing[0] if s.staffing else None
        staffing = (
            [
                latest.year,
                latest.employees_total,
                latest.fleksjob,
                latest.skaanejob,
                latest.wage_subsidy,
                latest.other_special,
                latest.interns,
            ]
            if latest
            else [""] * 7
        )
        writer.writerow(
            [
                s.name, s.kind, s.subkind, s.cvr, s.p_number, s.legal_form, s.sector, s.industry_code, s.street,
                s.postcode, s.city, code, s.website, s.purpose, ", ".join(s.target_groups), ", ".join(s.tags),
                "ja" if s.rsv_registered else "nej",
                s.rsv_registered_on.strftime("%d-%m-%Y") if s.rsv_registered_on else "",
                *(statuses.get(n, "") for n in range(1, 6)),
                *staffing,
            ]
        )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def vacuum() -> None:
    """Clean up dead rows (the rolled-back imports leave them) and refresh planner statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def markdown(results: list[Result]) -> str:
    lines = [
        "| Handling | Bruger | Median (ms) | Min–maks (ms) | SQL-forespørgsler | Note |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        if not r.times:
            lines.append(f"| {r.label} | {r.who} | – | – | – | {r.note} |")
            continue
        spread = f"{min(r.times) * 1000:.0f}–{max(r.times) * 1000:.0f}"
        queries = "–" if r.queries is None else str(r.queries)
        lines.append(f"| {r.label} | {r.who} | {r.median_ms:.0f} | {spread} | {queries} | {r.note} |")
    return "\n".join(lines)


def _shorten(line: str, width: int = 200) -> str:
    """Plan lines with long IN lists (prefetches) cut to a readable width."""
    return line if len(line) <= width else line[:width] + " …"


def explain(results: list[Result], threshold_ms: float) -> None:
    from django.db import connection

    for r in results:
        if r.slowest_sql and r.slowest_ms >= threshold_ms:
            print(
                f"\n### {r.label} — {r.who}: slowest query {r.slowest_ms:.0f} ms\n\n{_shorten(r.slowest_sql, 600)}\n"
            )
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + r.slowest_sql)
                print("\n".join(_shorten(row[0]) for row in cursor.fetchall()))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--import-rows", type=int, default=10000)
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--import-only", action="store_true", help="only the import (no pages)")
    parser.add_argument(
        "--import-file",
        default="",
        help="import this CSV (written by --save-import-file) instead of generating one in this "
        "process, so that the peak RSS is the import's own",
    )
    parser.add_argument("--save-import-file", default="", help="write the generated import CSV here and stop")
    parser.add_argument("--skip-pdf", action="store_true", help="leave out the mapping report PDF (slow)")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of each slow page"
    )
    parser.add_argument("--explain-threshold", type=float, default=50.0, help="ms (default %(default)s)")
    args = parser.parse_args(argv)
    setup_django()
    from registry.models import Organisation

    largest, consultant, analyst = bench_users()
    if args.save_import_file:
        Path(args.save_import_file).write_bytes(import_csv(largest.code, args.import_rows))
        return
    total = Organisation.objects.count()
    in_largest = Organisation.objects.filter(municipality=largest).count()
    print(f"{total:,} organisations; {largest.name}: {in_largest:,}".replace(",", "."))
    vacuum()
    results = (
        []
        if args.import_only
        else page_results(largest, consultant, analyst, args.runs, args.warmup, args.skip_pdf)
    )
    if args.import_rows:
        results += import_results(largest, consultant, args.import_rows, args.import_runs, args.import_file)
        vacuum()
    print()
    print(markdown(results))
    if args.explain:
        explain(results, args.explain_threshold)


if __name__ == "__main__":
    main()
