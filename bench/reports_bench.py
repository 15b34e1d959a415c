"""Benchmark the evaluation report's tables at national scale: the report of the provider with
the most enrolments (five years of data, 2022–2026) and the national aggregate (every
municipality and programme), each for a year compared with the year before and a half-year
compared with the half-year before; then the provider's report as PDF and Excel. Prints the
median of --runs after --warmup, and the SQL queries of one more run, as a Markdown table.

Each report is measured beside its floor in the same run: one hand-written SQL statement
(`floor_sql`) computing the same figures, which the script first checks are identical to the
report's (it stops if they differ). The two are timed alternately (report, floor, report …)
so that the shared machine's load hits both alike; the ratio is the median of the per-pair
ratios.

    python bench/reports_bench.py [--runs 5] [--warmup 1]

Uses the `bench` database when bench/generate_pathways.py has filled it (DATABASE_URL default
postgres://postgres@127.0.0.1:5432/bench). Reads only: the report definition is an unsaved
object, so the bench database needs no reports migration. When the database holds no
attendance rows, `--citizens N` migrates it and generates a modest dataset itself (one
provider's programme with N citizens over 2022–2026, pathways.testing.pathway_data).
"""

import argparse
import datetime
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from registry_bench import Result, markdown, measure, setup_django  # noqa: E402

PATHWAY_TABLES = ["participation", "exits", "composition"]


def has_pathways() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('pathways_attendanceweek') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pathways_attendanceweek)")
        return cursor.fetchone()[0]


def generate(citizens: int) -> None:
    from django.core.management import call_command

    from accounts.models import User
    from pathways.testing import make_programme, pathway_data
    from registry.choices import Kind
    from registry.models import Organisation
    from tenants.models import Municipality

    call_command("migrate", verbosity=0)
    municipality = Municipality.objects.get(code="0621")
    provider = Organisation.objects.create(
        municipality=municipality, name="Bench-køkken", kind=Kind.SOCIAL_ENTERPRISE
    )
    user, _ = User.objects.get_or_create(username="bench-rapport")
    programme = make_programme(provider=provider)
    print(f"… generating {citizens} citizens", file=sys.stderr, flush=True)
    pathway_data(
        municipality=municipality, programme=programme, by=user, citizens=citizens,
        start=datetime.date(2022, 1, 1), end=datetime.date(2026, 6, 30), seed=1,
    )  # fmt: skip


def busiest_provider():
    """(municipality id, provider id, its programme ids, enrolments) with the most enrolments."""
    from django.db.models import Count

    from pathways.models import Enrolment, Programme

    top = (
        Enrolment.objects.values("citizen__municipality_id", "programme__provider_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    programmes = tuple(
        Programme.objects.filter(provider_id=top["programme__provider_id"]).values_list("pk", flat=True)
    )
    return top["citizen__municipality_id"], top["programme__provider_id"], programmes, top["n"]


# --- The floor: one hand-written SQL statement computing the same figures ------------------


def floor_sql(scope, periods) -> str:
    """One statement: the scope's enrolments overlapping the periods with citizen and exit, their
    hygiene and course milestones grouped by enrolment once, every count of the three tables per
    period, and the attendance sums per period. Written for PostgreSQL by hand, without the ORM."""
    from pathways.models import ExitOutcome, MilestoneKind
    from reports.tables.pathway import EXIT_OUTCOMES

    def day(d) -> str:
        return f"DATE '{d.isoformat()}'"

    # Dates and ids are inlined (dates in ISO form, ids as integers): some appear twice.
    values = [f"({index}, {day(p.start)}, {day(p.end)})" for index, p in enumerate(periods)]
    first, last = day(min(p.start for p in periods)), day(max(p.end for p in periods))
    where = []
    if scope.municipality_id is not None:
        where.append(f"c.municipality_id = {int(scope.municipality_id)}")
    if scope.programme_ids is not None:
        where.append(f"e.programme_id IN ({', '.join(str(int(i)) for i in scope.programme_ids)})")
    exited = "en.exit_date BETWEEN p.s AND p.e"
    continues = "(en.exit_date IS NULL OR en.exit_date > p.e)"  # start_date <= p.e: the join
    outcomes = ",\n".join(
        f"COUNT(*) FILTER (WHERE {exited} AND en.outcome = '{o.value}') AS \"exits:{o.value}\""
        for o in EXIT_OUTCOMES
    )
    composition = {
        "total": "TRUE",
        "ethnic:danish": "en.ethnic", "ethnic:other": "NOT en.ethnic", "ethnic:unknown": "en.ethnic IS NULL",
        "gender:male": "en.gender = 'male'", "gender:female": "en.gender = 'female'",
        "gender:other": "en.gender NOT IN ('male', 'female')",
        "insured:yes": "en.insured", "insured:no": "NOT en.insured", "insured:unknown": "en.insured IS NULL",
    }  # fmt: skip
    distinct = ",\n".join(
        f'COUNT(DISTINCT en.citizen_id) FILTER (WHERE {cond}) AS "composition:{key}"'
        for key, cond in composition.items()
    )
    # Attendance of the scope's enrolments, whether or not they overlap the periods (as the report).
    hours_scope = (
        ""
        if not where
        else "AND a.enrolment_id IN (SELECT e.id FROM pathways_enrolment e JOIN pathways_citizen c"
        " ON c.id = e.citizen_id WHERE " + " AND ".join(where) + ")"
    )
    sql = f"""
WITH p(i, s, e) AS (VALUES {", ".join(values)}),
en AS (
  SELECT e.id, e.citizen_id, e.start_date, x.exit_date, x.outcome, c.gender, c.insured,
         c.ethnic_danish_background AS ethnic
  FROM pathways_enrolment e
  JOIN pathways_citizen c ON c.id = e.citizen_id
  LEFT JOIN pathways_exit x ON x.enrolment_id = e.id
  WHERE e.start_date <= {last} AND (x.exit_date IS NULL OR x.exit_date >= {first})
  {"".join(" AND " + w for w in where)}
),
m AS (
  SELECT ms.enrolment_id,
         MIN(ms.achieved_on) FILTER (WHERE ms.kind = '{MilestoneKind.HYGIENE_CERTIFICATE.value}') AS hygiene,
         MIN(ms.achieved_on) FILTER (WHERE ms.kind = '{MilestoneKind.COURSE_CERTIFICATE.value}') AS certificate
  FROM pathways_milestone ms JOIN en ON en.id = ms.enrolment_id
  WHERE ms.kind IN ('{MilestoneKind.HYGIENE_CERTIFICATE.value}', '{MilestoneKind.COURSE_CERTIFICATE.value}')
  GROUP BY ms.enrolment_id
),
counts AS (
  SELECT p.i,
    COUNT(*) FILTER (WHERE {exited}) AS "participation:exits",
    COUNT(*) FILTER (WHERE {exited} AND m.hygiene <= en.exit_date) AS "participation:hygiene",
    COUNT(*) FILTER (WHERE {exited} AND m.certificate <= en.exit_date) AS "participation:certificate",
    COUNT(*) FILTER (WHERE {continues}) AS "exits:continues",
    COUNT(*) FILTER (WHERE {exited} OR {continues}) AS "exits:total",
    {outcomes},
    {distinct}
  FROM en LEFT JOIN m ON m.enrolment_id = en.id
  JOIN p ON en.start_date <= p.e AND (en.exit_date IS NULL OR en.exit_date >= p.s)
  GROUP BY p.i
),
hours AS (  -- per period one range scan of the weeks (LATERAL), no grouping by period
  SELECT p.i, h.* FROM p CROSS JOIN LATERAL (
    SELECT SUM(a.attended_hours) AS attended, SUM(a.excused_hours + a.unexcused_hours) AS absent,
           COUNT(DISTINCT a.enrolment_id) AS "participation:attendance"
    FROM pathways_attendanceweek a WHERE a.week BETWEEN p.s AND p.e {hours_scope}
  ) h
)
SELECT * FROM p LEFT JOIN counts USING (i) LEFT JOIN hours USING (i) ORDER BY i"""
    assert ExitOutcome.CONTINUES not in EXIT_OUTCOMES
    return sql


def floor_figures(scope, periods) -> list[dict]:
    from django.db import connection

    sql = floor_sql(scope, periods)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def report_figures(tables) -> list[dict]:
    """The counts of unprotected tables by drill key, per period (the attendance row's count
    is the persons with attendance)."""
    figures: list[dict] = [{}, {}]
    for table in tables:
        for row in table.rows:
            for column, cell in enumerate(row.cells):
                if cell.drill:  # count cells; each period has a count and a percent column
                    figures[column // 2][cell.drill] = cell.value
    return figures


def same_figures(scope, periods) -> str:
    """Compare the report's counts and attendance rate with the floor's; raise on a difference
    (the floor must compute the same figures for the ratio to mean anything)."""
    from reports.selectors import build_tables
    from reports.tables.base import percent

    tables = build_tables(replace(scope, memo={}), PATHWAY_TABLES, periods, protected=False)
    for index, (mine, floor) in enumerate(
        zip(report_figures(tables), floor_figures(scope, periods), strict=True)
    ):
        differ = {k: (v, floor[k]) for k, v in mine.items() if v != floor[k]}
        rate = tables[0].row("attendance").cells[2 * index + 1].value
        attended, absent = floor["attended"] or 0, floor["absent"] or 0
        if rate != percent(attended, attended + absent):
            differ["attendance rate"] = (rate, percent(attended, attended + absent))
        if differ:
            raise SystemExit(f"The report and the hand-written SQL differ ({periods[index].label}): {differ}")
    return f"{sum(len(f) for f in report_figures(tables))} tal ens"


def paired(label: str, who: str, call, floor_call, runs: int, warmup: int):
    """Time `call` and `floor_call` alternately (A, B, A, B …), so that a change in the shared
    machine's load hits both alike; returns both Results and the median of the per-pair
    ratios."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"… {label} ({who})", file=sys.stderr, flush=True)
    for _ in range(warmup):
        call(), floor_call()
    times, floor_times, note = [], [], ""
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        note = floor_call() or ""
        floor_times.append(time.perf_counter() - started)
    counts = []
    for fn in (call, floor_call):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        counts.append(len(ctx.captured_queries))
    ratio = statistics.median(a / b for a, b in zip(times, floor_times, strict=True))
    print(f"   median {statistics.median(times) * 1000:.0f} ms, {ratio:.2f}× the floor", file=sys.stderr)
    return (
        Result(label, who, times, counts[0], f"{ratio:.2f}× gulvet"),
        Result(f"{label}: gulv", who, floor_times, counts[1], note),
        ratio,
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument(
        "--citizens", type=int, default=0, help="generate this many when the database is empty"
    )
    args = parser.parse_args(argv)
    setup_django()

    from reports import periods as P
    from reports.excel import report_xlsx
    from reports.models import ReportDefinition
    from reports.pdf import report_pdf
    from reports.selectors import Report, build_tables
    from reports.tables import Scope
    from tenants.models import Municipality

    if not has_pathways():
        if not args.citizens:
            sys.exit(
                "The bench database holds no pathways: run bench/generate_pathways.py or pass --citizens N."
            )
        generate(args.citizens)

    municipality_id, provider_id, programme_ids, enrolments = busiest_provider()
    provider_scope = Scope(municipality_id=municipality_id, programme_ids=programme_ids)
    national = Scope(municipality_id=None)
    year, half = P.year(2025), P.half_year(2026, 1)
    who = f"leverandør {provider_id} ({enrolments} forløb)"
    results, ratios = [], []
    for label, scope, subject in (
        ("Leverandørens rapport", provider_scope, who),
        ("Landsgennemsnit", national, "alle"),
    ):
        for period in (year, half):
            periods = [period, period.previous()]
            title = f"{label}: 3 forløbstabeller, {period.label} mod {periods[1].label}"
            checked = same_figures(scope, periods)
            report, floor, ratio = paired(
                title,
                subject,
                lambda s=scope, p=periods: build_tables(replace(s, memo={}), PATHWAY_TABLES, p, protected=True),  # a build's own memo
                lambda s=scope, p=periods, c=checked: floor_figures(s, p) and c,
                args.runs,
                args.warmup,
            )
            results += [report, floor]
            ratios.append(
                f"- {title}: {report.median_ms:.0f} ms / {floor.median_ms:.0f} ms (medianer);"
                f" median af parvise forhold {ratio:.2f}× ({'nået' if ratio <= 1.2 else 'ikke nået'})"
            )
    definition = ReportDefinition(
        municipality=Municipality.objects.get(pk=municipality_id), name="Bench-rapport", tables=PATHWAY_TABLES
    )

    def export(render):
        report = Report(
            definition,
            [year, year.previous()],
            build_tables(replace(provider_scope, memo={}), PATHWAY_TABLES, [year, year.previous()], protected=True),
            True,
        )
        return f"{len(render(report)) // 1024} KiB"

    results.append(
        measure("Leverandørens rapport som PDF (år)", who, lambda: export(report_pdf), args.runs, args.warmup)
    )
    results.append(
        measure(
            "Leverandørens rapport som Excel (år)", who, lambda: export(report_xlsx), args.runs, args.warmup
        )
    )
    print(markdown(results))
    print()
    print("Rapporten i forhold til den håndskrevne SQL (mål: højst 1,2×), målt skiftevis:")
    print("\n".join(ratios))


if __name__ == "__main__":
    main()
