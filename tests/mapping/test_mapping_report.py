"""The mapping report's figures equal direct SQL counts on the same data, and the report takes
the same number of queries however many rows there are.

The expected numbers are computed here with raw SQL through connection.cursor(), straight from
the tables (assessments, staffing rows, positions), independent of the ORM selectors and of the
denormalised fields on Organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mapping.selectors import mapping_report
from mapping.testing import build_mapping_world
from registry import services as registry_services
from registry.choices import Kind
from registry.testing import make_organisation

# The RSV status derived in SQL from the assessment rows (the rule of registry.rules.derive_rsv_status).
STATUS_SQL = """
    CASE WHEN o.rsv_registered THEN 'registered'
         WHEN (SELECT COUNT(*) FROM registry_criterionassessment a
               WHERE a.organisation_id = o.id AND a.status = 'met') = 5 THEN 'meets'
         WHEN EXISTS (SELECT 1 FROM registry_criterionassessment a
               WHERE a.organisation_id = o.id AND a.status IN ('met', 'not_met')) THEN 'partly'
         ELSE 'not_assessed' END
"""
HAS_ASSESSMENT = "EXISTS (SELECT 1 FROM registry_criterionassessment a WHERE a.organisation_id = o.id)"
LATEST_STAFFING = """
    registry_staffing s JOIN registry_organisation o ON o.id = s.organisation_id
    WHERE o.municipality_id = %s
      AND s.year = (SELECT MAX(s2.year) FROM registry_staffing s2 WHERE s2.organisation_id = s.organisation_id)
"""


def sql(query: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def as_dict(rows) -> dict:
    """Report rows → {key: value}, leaving out zeros (SQL GROUP BY has no zero groups)."""
    return {row.key: row.value for row in rows if row.value}


@pytest.fixture
def mapped(world):
    consultant = world.users["consultant"]
    build_mapping_world(world.kolding, by=consultant, count=40)
    build_mapping_world(world.aarhus, by=world.outsiders["consultant"], count=13, start=5, label="Aarhus")
    # at the limits of reserved contracts: exactly 30 % counts, 29 % does not
    for name, special in (("Præcis 30 ApS", 30), ("Næsten 30 ApS", 29)):
        org = make_organisation(world.kolding, name=name, kind=Kind.SOCIAL_ENTERPRISE)
        registry_services.staffing_set(
            by=consultant, organisation=org, year=2025, data={"employees_total": 100, "fleksjob": special}
        )
    return world


def test_it_counts_organisations_by_kind_and_sector_like_sql(mapped):
    m = mapped.kolding.pk
    report = mapping_report(mapped.kolding)
    by_kind = dict(
        sql("SELECT kind, COUNT(*) FROM registry_organisation WHERE municipality_id = %s GROUP BY kind", m)
    )
    by_sector = dict(
        sql(
            "SELECT sector, COUNT(*) FROM registry_organisation WHERE municipality_id = %s GROUP BY sector", m
        )
    )
    assert as_dict(report.by_kind) == by_kind
    assert as_dict(report.by_sector) == by_sector
    assert (
        report.total_organisations
        == sql("SELECT COUNT(*) FROM registry_organisation WHERE municipality_id = %s", m)[0][0]
    )
    assert report.total_organisations == 48  # the six of the world fixture, the forty built here and two more


def test_it_counts_target_groups_through_the_link_table_like_sql(mapped):
    m = mapped.kolding.pk
    report = mapping_report(mapped.kolding)
    expected = dict(
        sql(
            """SELECT tg.code, COUNT(*) FROM registry_organisation_target_groups link
               JOIN registry_organisation o ON o.id = link.organisation_id
               JOIN registry_targetgroup tg ON tg.id = link.targetgroup_id
               WHERE o.municipality_id = %s GROUP BY tg.code""",
            m,
        )
    )
    without = sql(
        """SELECT COUNT(*) FROM registry_organisation o WHERE o.municipality_id = %s AND NOT EXISTS
           (SELECT 1 FROM registry_organisation_target_groups link WHERE link.organisation_id = o.id)""",
        m,
    )[0][0]
    assert as_dict(report.by_target_group) == expected
    assert sum(expected.values()) > len(expected)  # some organisations serve several groups
    assert report.without_target_group == without


def test_it_counts_social_enterprises_and_assessed_organisations_by_rsv_status_like_sql(mapped):
    m = mapped.kolding.pk
    report = mapping_report(mapped.kolding)
    se = dict(
        sql(
            f"SELECT {STATUS_SQL} AS st, COUNT(*) FROM registry_organisation o "  # noqa: S608
            "WHERE o.municipality_id = %s AND o.kind = 'social_enterprise' GROUP BY st",
            m,
        )
    )
    assessed = dict(
        sql(
            f"SELECT {STATUS_SQL} AS st, COUNT(*) FROM registry_organisation o WHERE o.municipality_id = %s AND {HAS_ASSESSMENT} GROUP BY st",  # noqa: S608
            m,
        )
    )
    assert as_dict(report.social_enterprises_by_status) == se
    assert as_dict(report.assessed_by_status) == assessed
    assert len(assessed) >= 3  # the world has several statuses, so the comparison means something
    assert report.assessed == sum(assessed.values())


def test_it_counts_each_criterion_like_sql(mapped):
    m = mapped.kolding.pk
    report = mapping_report(mapped.kolding)
    per_status = {
        (criterion, status): n
        for criterion, status, n in sql(
            """SELECT a.criterion, a.status, COUNT(*) FROM registry_criterionassessment a
               JOIN registry_organisation o ON o.id = a.organisation_id
               WHERE o.municipality_id = %s GROUP BY a.criterion, a.status""",
            m,
        )
    }
    unknown = dict(
        sql(
            f"""SELECT c.criterion, COUNT(o.id) FROM (VALUES (1), (2), (3), (4), (5)) AS c(criterion)
                LEFT JOIN registry_organisation o ON o.municipality_id = %s AND {HAS_ASSESSMENT}
                  AND NOT EXISTS (SELECT 1 FROM registry_criterionassessment a2 WHERE a2.organisation_id = o.id
                                  AND a2.criterion = c.criterion AND a2.status IN ('met', 'not_met'))
                GROUP BY c.criterion""",  # noqa: S608
            m,
        )
    )
    for row in report.criteria:
        assert row.met == per_status.get((row.criterion, "met"), 0), row
        assert row.not_met == per_status.get((row.criterion, "not_met"), 0), row
        assert row.unknown == unknown[row.criterion], row
    assert [r.value for r in report.criteria_met] == [c.met for c in report.criteria]


def test_it_lists_the_potentials_like_sql(mapped):
    m = mapped.kolding.pk
    report = mapping_report(mapped.kolding)
    expected = {
        name
        for (name,) in sql(
            f"""SELECT o.name FROM registry_organisation o WHERE o.municipality_id = %s
                AND o.kind NOT IN ('social_enterprise', 'municipal_unit', 'council') AND {STATUS_SQL} IN ('meets', 'partly')""",  # noqa: S608
            m,
        )
    }
    assert {o.name for o in report.potentials} == expected
    assert expected


def test_it_counts_jobs_on_special_terms_from_each_latest_year_like_sql(mapped):
    m = mapped.kolding.pk
    st = mapping_report(mapped.kolding).special_terms
    (row,) = sql(
        f"""SELECT COUNT(*), SUM(s.employees_total),
                   SUM(s.fleksjob + s.skaanejob + s.wage_subsidy + s.other_special),
                   SUM(s.fleksjob), SUM(s.skaanejob), SUM(s.wage_subsidy), SUM(s.other_special), SUM(s.interns),
                   COUNT(*) FILTER (WHERE s.employees_total > 0 AND
                       (s.fleksjob + s.skaanejob + s.wage_subsidy + s.other_special)::numeric / s.employees_total >= 0.30)
            FROM {LATEST_STAFFING}""",  # noqa: S608
        m,
    )
    assert (
        st.organisations_with_staffing,
        st.employees_total,
        st.employees_special,
        st.fleksjob,
        st.skaanejob,
        st.wage_subsidy,
        st.other_special,
        st.interns,
        st.reserved_eligible,
    ) == row
    older = sql(
        "SELECT SUM(s.employees_total) FROM registry_staffing s JOIN registry_organisation o ON o.id = s.organisation_id WHERE o.municipality_id = %s",
        m,
    )[0][0]
    assert older > st.employees_total  # older years exist and are left out
    assert 0 < st.reserved_eligible < st.organisations_with_staffing
    assert sum(r.value for r in st.breakdown) == st.employees_special


def test_it_counts_structures_like_sql(mapped):
    report = mapping_report(mapped.kolding)
    expected = dict(
        sql(
            """SELECT subkind, COUNT(*) FROM registry_organisation WHERE municipality_id = %s
               AND kind IN ('municipal_unit', 'council') AND subkind <> '' GROUP BY subkind""",
            mapped.kolding.pk,
        )
    )
    assert as_dict(report.structures) == expected


def test_it_places_stakeholders_in_quadrants_like_sql(mapped):
    m = mapped.kolding.pk
    report = mapping_report(mapped.kolding)
    expected = dict(
        sql(
            """SELECT CASE WHEN p.influence >= 3 AND p.interest >= 3 THEN 'manage'
                           WHEN p.influence >= 3 THEN 'satisfy'
                           WHEN p.interest >= 3 THEN 'inform' ELSE 'monitor' END AS q, COUNT(*)
               FROM mapping_stakeholderposition p JOIN registry_organisation o ON o.id = p.organisation_id
               WHERE o.municipality_id = %s GROUP BY q""",
            m,
        )
    )
    unplaced = sql(
        """SELECT COUNT(*) FROM registry_organisation o LEFT JOIN mapping_stakeholderposition p
           ON p.organisation_id = o.id WHERE o.municipality_id = %s AND p.id IS NULL""",
        m,
    )[0][0]
    assert {q.key: len(q.stakeholders) for q in report.quadrants if q.stakeholders} == expected
    assert len(expected) == 4
    assert report.placed == sum(expected.values())
    assert report.unplaced == unplaced
    assert [q.label for q in report.quadrants] == [
        "Hold tilfreds",
        "Håndtér tæt",
        "Overvåg",
        "Hold informeret",
    ]


def test_it_lists_local_cases_with_their_organisations_like_sql(mapped):
    report = mapping_report(mapped.kolding)
    expected = {}
    for title, name in sql(
        """SELECT c.title, o.name FROM mapping_localcase c
           JOIN mapping_localcase_organisations link ON link.localcase_id = c.id
           JOIN registry_organisation o ON o.id = link.organisation_id WHERE c.municipality_id = %s""",
        mapped.kolding.pk,
    ):
        expected.setdefault(title, set()).add(name)
    assert {c.title: {o.name for o in c.organisations.all()} for c in report.cases} == expected
    assert not any(c.title.startswith("Aarhus") for c in report.cases)


def test_it_shows_no_other_municipality_in_the_figures(mapped):
    kolding, aarhus = mapping_report(mapped.kolding), mapping_report(mapped.aarhus)
    assert (
        aarhus.total_organisations
        == sql("SELECT COUNT(*) FROM registry_organisation WHERE municipality_id = %s", mapped.aarhus.pk)[0][
            0
        ]
    )
    names = {s.name for q in kolding.quadrants for s in q.stakeholders}
    assert not any(name.startswith("Aarhus") for name in names)


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def test_its_query_count_does_not_grow_with_the_number_of_rows(world, client_for):
    consultant = world.users["consultant"]
    build_mapping_world(world.kolding, by=consultant, count=15)
    client = client_for(consultant)
    url = reverse("mapping:detail", args=["kolding"])

    def report():
        r = mapping_report(world.kolding)
        [list(c.organisations.all()) for c in r.cases]

    small_report, small_page = _queries(report), _queries(lambda: client.get(url))
    build_mapping_world(world.kolding, by=consultant, count=30, start=15)
    large_report, large_page = _queries(report), _queries(lambda: client.get(url))
    assert small_report == large_report <= 13
    assert small_page == large_page


def test_the_page_shows_the_figures_and_an_accessible_chart_with_a_table(mapped, client_for):
    response = client_for(mapped.users["analyst"]).get(reverse("mapping:detail", args=["kolding"]))
    body = response.content.decode()
    report = mapping_report(mapped.kolding)
    assert response.status_code == 200
    assert f"Registret rummer {report.total_organisations} organisationer i Kolding Kommune." in body
    assert (
        body.count('role="img"') == body.count('<table class="table table--compact chart-table">') + 1
    )  # the criteria chart's table is the criteria table
    assert 'aria-labelledby="chart-kind-title chart-kind-desc"' in body
    assert "style=" not in body.split("<main", 1)[1]
    for heading in (
        "Aktørerne i kommunen",
        "Interessentanalyse",
        "Lokale cases: effekter, metoder og innovation",
    ):
        assert heading in body
