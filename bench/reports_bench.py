"""Benchmark the evaluation report's tables at national scale: the report of the provider with
the most enrolments (five years of data, 2022–2026) and the national aggregate (every
municipality and programme), each for a year compared with the year before and a half-year
compared with the half-year before; then the provider's report as PDF and Excel. Prints the
median of --runs after --warmup, and the SQL queries of one more run, as a Markdown table.

    python bench/reports_bench.py [--runs 5] [--warmup 1]

Uses the `bench` database when bench/generate_pathways.py has filled it (DATABASE_URL default
postgres://postgres@127.0.0.1:5432/bench). Reads only: the report definition is an unsaved
object, so the bench database needs no reports migration. When the database holds no
attendance rows, `--citizens N` migrates it and generates a modest dataset itself (one
provider's programme with N citizens over 2022–2026, pathways.testing.pathway_data).
"""

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from registry_bench import markdown, measure, setup_django  # noqa: E402

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
    results = []
    for label, scope, subject in (
        ("Leverandørens rapport", provider_scope, who),
        ("Landsgennemsnit", national, "alle"),
    ):
        for period in (year, half):
            periods = [period, period.previous()]
            results.append(
                measure(
                    f"{label}: 3 forløbstabeller, {period.label} mod {periods[1].label}",
                    subject,
                    lambda s=scope, p=periods: build_tables(s, PATHWAY_TABLES, p, protected=True) and "",
                    args.runs,
                    args.warmup,
                )
            )
    definition = ReportDefinition(
        municipality=Municipality.objects.get(pk=municipality_id), name="Bench-rapport", tables=PATHWAY_TABLES
    )

    def export(render):
        report = Report(
            definition,
            [year, year.previous()],
            build_tables(provider_scope, PATHWAY_TABLES, [year, year.previous()], protected=True),
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


if __name__ == "__main__":
    main()
