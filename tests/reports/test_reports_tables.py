# ruff: noqa: S608 - fixed SQL text, values passed as parameters
"""Every table's figures equal direct SQL over the same rows (raw SQL written independently of
the builders), the previous period is the half-year before, and the report runs a constant
number of queries whatever the data size."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from pathways.models import ExitOutcome
from pathways.testing import make_programme, pathway_data
from registry.choices import Kind
from registry.testing import make_organisation
from reports import periods as P
from reports.models import ReportDefinition
from reports.selectors import build_report
from reports.tables import TABLES, Scope

H1_2026 = P.half_year(2026, 1)
H2_2025 = (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
BASE = """FROM pathways_enrolment e JOIN pathways_citizen c ON c.id = e.citizen_id
          LEFT JOIN pathways_exit x ON x.enrolment_id = e.id
          WHERE c.municipality_id = %(m)s AND e.programme_id = %(p)s"""


def sql(query: str, **params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def one(query: str, **params):
    return sql(query, **params)[0][0]


def pct(n, d):
    if not d:
        return None
    return (Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@pytest.fixture
def data(world):
    staff = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider)
    other_provider = make_organisation(world.kolding, name="Anden leverandør", kind=Kind.EMPLOYMENT_ACTOR)
    other = make_programme(provider=other_provider)
    start, end = datetime.date(2025, 1, 1), datetime.date(2026, 6, 30)
    pathway_data(
        municipality=world.kolding, programme=programme, by=staff, citizens=120, start=start, end=end, seed=3
    )
    # Noise the report must not count: another programme, and citizens of another municipality.
    pathway_data(
        municipality=world.kolding, programme=other, by=staff, citizens=20, start=start, end=end, seed=4
    )
    pathway_data(
        municipality=world.aarhus, programme=programme, by=staff, citizens=20, start=start, end=end, seed=5
    )
    return programme


def _scope(world, programme):
    return Scope(municipality_id=world.kolding.pk, programme_ids=(programme.pk,))


def _build(world, programme, key):
    (table,) = TABLES[key].build(_scope(world, programme), [H1_2026, H1_2026.previous()])
    return table


def _params(world, programme, s, e):
    return {"m": world.kolding.pk, "p": programme.pk, "s": s, "e": e}


@pytest.mark.parametrize("period_index, dates", [(0, (H1_2026.start, H1_2026.end)), (1, H2_2025)])
def test_participation_equals_sql(world, data, period_index, dates):
    table = _build(world, data, "participation")
    p = _params(world, data, *dates)
    attended_persons = one(
        "SELECT COUNT(*) "
        + BASE
        + " AND EXISTS (SELECT 1 FROM pathways_attendanceweek a WHERE a.enrolment_id = e.id"
        " AND a.week BETWEEN %(s)s AND %(e)s)",
        **p,
    )
    hours = sql(
        "SELECT SUM(a.attended_hours), SUM(a.excused_hours + a.unexcused_hours) FROM pathways_attendanceweek a"
        " JOIN pathways_enrolment e ON e.id = a.enrolment_id JOIN pathways_citizen c ON c.id = e.citizen_id"
        " WHERE c.municipality_id = %(m)s AND e.programme_id = %(p)s AND a.week BETWEEN %(s)s AND %(e)s",
        **p,
    )[0]
    exits = one("SELECT COUNT(*) " + BASE + " AND x.exit_date BETWEEN %(s)s AND %(e)s", **p)

    def with_milestone(kind):
        return one(
            "SELECT COUNT(*) " + BASE + " AND x.exit_date BETWEEN %(s)s AND %(e)s AND EXISTS (SELECT 1 FROM"
            " pathways_milestone ms WHERE ms.enrolment_id = e.id AND ms.kind = %(k)s AND ms.achieved_on <= x.exit_date)",
            k=kind,
            **p,
        )

    hygiene, certificate = with_milestone("hygiene"), with_milestone("course_certificate")
    assert exits > 10 and hygiene > 0 and certificate > 0  # the data exercises the table
    assert table.cell("attendance", "count", period_index).value == attended_persons
    assert table.cell("attendance", "percent", period_index).value == pct(hours[0], hours[0] + hours[1])
    assert table.cell("exits", "count", period_index).value == exits
    assert table.cell("hygiene", "count", period_index).value == hygiene
    assert table.cell("hygiene", "percent", period_index).value == pct(hygiene, exits)
    assert table.cell("certificate", "count", period_index).value == certificate
    assert table.cell("certificate", "percent", period_index).value == pct(certificate, exits)


@pytest.mark.parametrize("period_index, dates", [(0, (H1_2026.start, H1_2026.end)), (1, H2_2025)])
def test_exits_by_outcome_equal_sql(world, data, period_index, dates):
    table = _build(world, data, "exits")
    p = _params(world, data, *dates)
    by_outcome = dict(
        sql(
            "SELECT x.outcome, COUNT(*) "
            + BASE
            + " AND x.exit_date BETWEEN %(s)s AND %(e)s GROUP BY x.outcome",
            **p,
        )
    )
    continues = one(
        "SELECT COUNT(*) " + BASE + " AND e.start_date <= %(e)s AND (x.id IS NULL OR x.exit_date > %(e)s)",
        **p,
    )
    total = sum(by_outcome.values()) + continues
    assert total > 20
    assert table.cell("continues", "count", period_index).value == continues
    assert table.cell("total", "count", period_index).value == total
    for outcome in ExitOutcome:
        if outcome == ExitOutcome.CONTINUES:
            continue
        n = by_outcome.get(outcome.value, 0)
        assert table.cell(outcome.value, "count", period_index).value == n, outcome
        assert table.cell(outcome.value, "percent", period_index).value == pct(n, total)


@pytest.mark.parametrize("period_index, dates", [(0, (H1_2026.start, H1_2026.end)), (1, H2_2025)])
def test_composition_equals_sql(world, data, period_index, dates):
    table = _build(world, data, "composition")
    p = _params(world, data, *dates)
    active = BASE + " AND e.start_date <= %(e)s AND (x.id IS NULL OR x.exit_date >= %(s)s)"
    total = one("SELECT COUNT(DISTINCT c.id) " + active, **p)
    expected = {
        "ethnic:danish": "c.ethnic_danish_background IS TRUE",
        "ethnic:other": "c.ethnic_danish_background IS FALSE",
        "ethnic:unknown": "c.ethnic_danish_background IS NULL",
        "gender:male": "c.gender = 'male'",
        "gender:female": "c.gender = 'female'",
        "gender:other": "c.gender NOT IN ('male', 'female')",
        "insured:yes": "c.insured IS TRUE",
        "insured:no": "c.insured IS FALSE",
        "insured:unknown": "c.insured IS NULL",
    }
    assert total > 20
    assert table.cell("total", "count", period_index).value == total
    for key, condition in expected.items():
        n = one(f"SELECT COUNT(DISTINCT c.id) {active} AND {condition}", **p)
        assert table.cell(key, "count", period_index).value == n, key
        assert table.cell(key, "percent", period_index).value == pct(n, total), key


def test_previous_period_of_a_half_year_is_the_half_year_before():
    assert H1_2026.previous() == P.Period(P.HALF_YEAR, *H2_2025)
    assert P.half_year(2025, 2).previous() == P.half_year(2025, 1)
    assert P.year(2015).previous() == P.year(2014)
    custom = P.custom(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert custom.previous() == P.custom(datetime.date(2026, 1, 29), datetime.date(2026, 2, 28))
    for key in ("2026-H1", "2015", "2026-03-01_2026-03-31"):
        assert P.parse(key).key == key


def test_report_compares_with_the_previous_period_only_when_asked(world, data):
    definition = ReportDefinition.objects.create(
        municipality=world.kolding, name="Køkken", tables=["exits"], compare_previous=False
    )
    definition.programmes.set([data])
    report = build_report(definition, H1_2026, protected=False)
    assert report.periods == [H1_2026]
    assert len(report.tables[0].columns) == 2
    definition.compare_previous = True
    report = build_report(definition, H1_2026, protected=False)
    assert report.periods == [H1_2026, H1_2026.previous()]
    assert len(report.tables[0].columns) == 4


def test_report_queries_do_not_grow_with_the_data(world):
    staff = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider)
    definition = ReportDefinition.objects.create(
        municipality=world.kolding, name="Alt", tables=["participation", "exits", "composition"]
    )
    definition.programmes.set([programme])
    start, end = datetime.date(2025, 7, 1), datetime.date(2026, 6, 30)
    counts = []
    for seed, n in ((11, 10), (12, 90)):
        pathway_data(
            municipality=world.kolding,
            programme=programme,
            by=staff,
            citizens=n,
            start=start,
            end=end,
            seed=seed,
        )
        definition = ReportDefinition.objects.get(pk=definition.pk)
        with CaptureQueriesContext(connection) as ctx:
            build_report(definition, H1_2026, protected=True)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 12


def test_national_aggregate_counts_every_municipality_and_programme(world, data):
    (participation,) = TABLES["participation"].build(Scope(municipality_id=None), [H1_2026])
    (exits,) = TABLES["exits"].build(Scope(municipality_id=None), [H1_2026])
    p = {"s": H1_2026.start, "e": H1_2026.end}
    hours = sql(
        "SELECT COUNT(DISTINCT enrolment_id), SUM(attended_hours), SUM(excused_hours + unexcused_hours)"
        " FROM pathways_attendanceweek WHERE week BETWEEN %(s)s AND %(e)s",
        **p,
    )[0]
    total = one(
        "SELECT COUNT(*) FROM pathways_enrolment e LEFT JOIN pathways_exit x ON x.enrolment_id = e.id"
        " WHERE e.start_date <= %(e)s AND (x.id IS NULL OR x.exit_date >= %(s)s)",
        **p,
    )
    assert participation.cell("attendance", "count").value == hours[0]
    assert participation.cell("attendance", "percent").value == pct(hours[1], hours[1] + hours[2])
    assert exits.cell("total", "count").value == total > _build(world, data, "exits").cell("total", "count").value
