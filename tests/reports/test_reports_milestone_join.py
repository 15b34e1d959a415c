"""The participation table's milestone figures (hygiene certificate, certificate on exit) come
from one join to the milestones grouped by enrolment. On a hand-built set of edge cases — no
milestone, several of one kind, one after the exit, one on the exit day, an exit outside the
periods, an open pathway, other kinds only — the counts are those the cases define, equal the
rows the drill (an EXISTS per row) lists behind them, and the report's query count does not
grow with the number of enrolments or milestones."""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from core.db_router import reading_from_replica
from pathways.models import ExitOutcome, Milestone, MilestoneKind
from pathways.testing import enrol, make_programme, record_exit
from reports import periods as P
from reports.drill import rows_behind
from reports.tables import TABLES, Scope
from reports.tables.base import percent

H1_2026 = P.half_year(2026, 1)
PERIODS = [H1_2026, H1_2026.previous()]
HYGIENE, COURSE = MilestoneKind.HYGIENE_CERTIFICATE, MilestoneKind.COURSE_CERTIFICATE
D = datetime.date


@dataclass
class Case:
    name: str
    exit_on: datetime.date | None
    milestones: list[tuple[str, datetime.date]]

    def exited_in(self, period) -> bool:
        return self.exit_on is not None and period.start <= self.exit_on <= period.end

    def reached(self, kind, period) -> bool:
        """Exited in the period with a milestone of `kind` on or before the exit date."""
        return self.exited_in(period) and any(k == kind and on <= self.exit_on for k, on in self.milestones)


CASES = [
    Case("hygiene before exit", D(2026, 3, 31), [(HYGIENE, D(2026, 2, 1))]),
    Case("no milestone", D(2026, 3, 31), []),
    Case("hygiene after exit", D(2026, 3, 31), [(HYGIENE, D(2026, 4, 15))]),
    Case(
        "several, certificate on the exit day",
        D(2026, 3, 31),
        [(HYGIENE, D(2026, 1, 10)), (HYGIENE, D(2026, 5, 1)), (COURSE, D(2026, 3, 31))],
    ),
    Case(
        "three of each kind",
        D(2026, 6, 30),
        [
            (HYGIENE, D(2025, 9, 1)),
            (HYGIENE, D(2026, 1, 5)),
            (HYGIENE, D(2026, 6, 30)),
            (COURSE, D(2026, 2, 2)),
            (COURSE, D(2026, 3, 3)),
            (COURSE, D(2026, 7, 1)),
        ],
    ),  # fmt: skip
    Case(
        "exit in the previous period", D(2025, 12, 15), [(HYGIENE, D(2025, 11, 1)), (COURSE, D(2025, 12, 16))]
    ),
    Case("exit in the previous period, no milestone", D(2025, 10, 1), []),
    Case("exit after both periods", D(2026, 8, 1), [(HYGIENE, D(2026, 2, 1)), (COURSE, D(2026, 2, 1))]),
    Case("exit before both periods", D(2025, 6, 30), [(HYGIENE, D(2025, 3, 1))]),
    Case("still under way", None, [(HYGIENE, D(2026, 2, 1)), (COURSE, D(2026, 3, 1))]),
    Case(
        "other kinds only",
        D(2026, 5, 5),
        [(MilestoneKind.OTHER_CERTIFICATE, D(2026, 4, 1)), (MilestoneKind.OTHER, D(2026, 4, 1))],
    ),
]


def build(world, programme, cases, *, copies=1):
    caseworker = world.users[Role.CASEWORKER]
    for case in cases:
        for _ in range(copies):
            enrolment = enrol(
                caseworker=caseworker, municipality=world.kolding, programme=programme, start=D(2025, 1, 6)
            )
            for kind, on in case.milestones:
                Milestone.objects.create(enrolment=enrolment, kind=kind, achieved_on=on)
            if case.exit_on:
                record_exit(enrolment, on=case.exit_on, outcome=ExitOutcome.ORDINARY_EMPLOYMENT)


@pytest.fixture
def programme(world):
    return make_programme(provider=world.provider, team_start=D(2025, 1, 6), capacity=None)


def participation(world, programme):
    scope = Scope(municipality_id=world.kolding.pk, programme_ids=(programme.pk,))
    (table,) = TABLES["participation"].build(scope, PERIODS)
    return scope, table


def test_milestone_counts_are_those_the_cases_define(world, programme):
    build(world, programme, CASES)
    build(in_aarhus(world), programme, CASES)  # noise the scope excludes: the same cases in Aarhus
    _scope, table = participation(world, programme)
    for index, period in enumerate(PERIODS):
        exits = sum(c.exited_in(period) for c in CASES)
        hygiene = sum(c.reached(HYGIENE, period) for c in CASES)
        certificate = sum(c.reached(COURSE, period) for c in CASES)
        assert table.cell("exits", "count", index).value == exits
        assert table.cell("hygiene", "count", index).value == hygiene
        assert table.cell("certificate", "count", index).value == certificate
        assert table.cell("hygiene", "percent", index).value == percent(hygiene, exits)
        assert table.cell("certificate", "percent", index).value == percent(certificate, exits)
    # The cases exercise both periods, and not every exit reached each milestone.
    for period in PERIODS:
        assert 0 < sum(c.reached(HYGIENE, period) for c in CASES) < sum(c.exited_in(period) for c in CASES)


def test_the_counts_equal_the_rows_the_drill_lists(world, programme):
    build(world, programme, CASES)
    scope, table = participation(world, programme)
    for index, period in enumerate(PERIODS):
        for key in ("exits", "hygiene", "certificate"):
            rows = rows_behind(scope, period, f"participation:{key}")
            assert table.cell(key, "count", index).value == rows.count(), (key, period)


def test_queries_do_not_grow_with_enrolments_or_milestones(world, programme):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            participation(world, programme)
        return len(ctx.captured_queries)

    build(world, programme, CASES[:2])
    few = queries()
    build(world, programme, CASES, copies=3)
    _scope, table = participation(world, programme)
    assert table.cell("hygiene", "count", 0).value > 3  # the larger set is counted
    assert queries() == few


@pytest.mark.django_db(databases=["default", "replica"])
def test_report_connections_run_without_jit(world, programme):
    """JIT compilation cost up to 1.5 s of a 2 s report query: every PostgreSQL connection the
    report may read from (the primary, and the replica when one is configured) has it off
    (settings.POSTGRES_SESSION_OPTIONS), including inside reading_from_replica()."""
    aliases = [a for a in settings.DATABASES if connections[a].vendor == "postgresql"]
    assert aliases
    try:
        with reading_from_replica():
            participation(world, programme)
            for alias in aliases:
                with connections[alias].cursor() as cursor:
                    cursor.execute("SHOW jit")
                    assert cursor.fetchone()[0] == "off", alias
    finally:
        # The test mirror has no transaction of its own: close it, or it keeps the test
        # database open past the run's teardown.
        for alias in aliases:
            if alias != "default":
                connections[alias].close()


def in_aarhus(world) -> SimpleNamespace:
    """`world` seen from Aarhus: its caseworker refers Aarhus citizens."""
    return SimpleNamespace(kolding=world.aarhus, users=world.outsiders)


def test_the_three_pathway_tables_share_one_count_query_per_build(world, programme):
    """Participation, exits and composition read one count query (and one for the hours), and
    the counts live only as long as the build: a new build sees an exit recorded since."""
    build(world, programme, CASES)

    def three_tables():
        scope = Scope(municipality_id=world.kolding.pk, programme_ids=(programme.pk,))
        with CaptureQueriesContext(connection) as ctx:
            tables = [
                TABLES[key].build(scope, PERIODS)[0] for key in ("participation", "exits", "composition")
            ]
        return tables, len(ctx.captured_queries)

    (participation_table, exits_table, composition), queries = three_tables()
    with CaptureQueriesContext(connection) as ctx:
        TABLES["participation"].build(
            Scope(municipality_id=world.kolding.pk, programme_ids=(programme.pk,)), PERIODS
        )
    assert queries == len(ctx.captured_queries)  # exits and composition added none
    exits_before = exits_table.cell("total", "count", 0).value
    assert exits_before == composition.cell("total", "count", 0).value  # one citizen per enrolment here
    assert participation_table.cell("exits", "count", 0).value == sum(c.exited_in(PERIODS[0]) for c in CASES)

    enrolment = enrol(
        caseworker=world.users[Role.CASEWORKER],
        municipality=world.kolding,
        programme=programme,
        start=D(2025, 1, 6),
    )
    record_exit(enrolment, on=PERIODS[0].start, outcome=ExitOutcome.ORDINARY_EMPLOYMENT)
    (participation_after, exits_after, _composition), _queries = three_tables()
    assert exits_after.cell("total", "count", 0).value == exits_before + 1
    assert (
        participation_after.cell("exits", "count", 0).value
        == participation_table.cell("exits", "count", 0).value + 1
    )
