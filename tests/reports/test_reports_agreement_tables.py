# ruff: noqa: S608 - fixed SQL text, values passed as parameters
"""The agreement tables (network outcomes, youth host frequency and income, deliverables with
the grant per unit) equal direct SQL over the registrations."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection

from agreements.models import NETWORK_OUTCOMES, Frequency, YouthIncome
from agreements.testing import seed003_agreement
from pathways.testing import make_programme
from reports import periods as P
from reports.tables import TABLES, Scope

PERIOD = P.half_year(2026, 1)
PREVIOUS = P.half_year(2025, 2)


def rows(query, **params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


@pytest.fixture
def services(world):
    programme = make_programme(provider=world.provider)
    return seed003_agreement(municipality=world.kolding, provider=world.provider, programme=programme)


def _build(key, services):
    return TABLES[key].build(Scope(municipality_id=None, services=tuple(services)), [PERIOD, PREVIOUS])


@pytest.mark.parametrize("index, period", [(0, PERIOD), (1, PREVIOUS)])
def test_network_outcomes_equal_sql(services, index, period):
    (table,) = _build("network_outcomes", services)
    network = services[1]
    found = {
        (outcome, direct): n
        for outcome, direct, n in rows(
            "SELECT outcome, direct, COUNT(*) FROM agreements_networkoutcome WHERE service_id = %(s)s"
            " AND date BETWEEN %(a)s AND %(b)s GROUP BY outcome, direct",
            s=network.pk,
            a=period.start,
            b=period.end,
        )
    }
    assert sum(found.values()) > 10
    for outcome in NETWORK_OUTCOMES:
        total = found.get((outcome.value, True), 0) + found.get((outcome.value, False), 0)
        assert table.cell(outcome.value, "count", index).value == total
        assert table.cell(outcome.value, "direct", index).value == found.get((outcome.value, True), 0)
    assert table.cell("total", "count", index).value == sum(found.values())


@pytest.mark.parametrize("index, period", [(0, PERIOD), (1, PREVIOUS)])
def test_youth_income_and_frequency_equal_sql(services, index, period):
    (income,) = _build("youth_income", services)
    (frequency,) = _build("youth_frequency", services)
    youth = services[2]
    p = {"s": youth.pk, "a": period.start, "b": period.end}
    active = "FROM agreements_youthuser u WHERE u.service_id = %(s)s AND u.registered <= %(b)s AND (u.left IS NULL OR u.left >= %(a)s)"
    by_income = dict(rows("SELECT income, COUNT(*) " + active + " GROUP BY income", **p))
    latest = (
        "(SELECT f.frequency FROM agreements_youthfrequency f WHERE f.user_id = u.id AND f.period_start <= %(b)s"
        " AND f.period_end >= %(a)s ORDER BY f.period_start DESC LIMIT 1)"
    )
    by_freq = dict(rows(f"SELECT COALESCE({latest}, 'unknown') AS fq, COUNT(*) {active} GROUP BY fq", **p))
    total = sum(by_income.values())
    assert total > 10
    for value in YouthIncome.values:
        assert income.cell(value, "count", index).value == by_income.get(value, 0)
    for value in [*Frequency.values, "unknown"]:
        n = by_freq.get(value, 0)
        assert frequency.cell(value, "count", index).value == n
        expected = (Decimal(n) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert frequency.cell(value, "percent", index).value == expected
    assert income.cell("total", "count", index).value == total


def test_deliverables_show_targets_actuals_and_grant_per_unit(services):
    (table,) = _build("deliverables", services)
    kitchen, _network, youth = services
    started = rows(
        "SELECT COUNT(*) FROM pathways_enrolment WHERE programme_id = %(p)s AND start_date BETWEEN %(a)s AND %(b)s",
        p=kitchen.programme_id,
        a=PERIOD.start,
        b=PERIOD.end,
    )[0][0]
    hours = rows(
        "SELECT AVG(staffed_hours) FROM agreements_weeklyregistration WHERE service_id = %(s)s AND week BETWEEN %(a)s AND %(b)s",
        s=youth.pk,
        a=PERIOD.start,
        b=PERIOD.end,
    )[0][0]
    youth_row = next(r for r in table.rows if r.key.startswith(f"{youth.pk}:") and "Sociale" in r.label)
    assert youth_row.cells[0].value == 20
    assert youth_row.cells[1].value == hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    grant = (Decimal(700000) * PERIOD.days / Decimal("365.25")).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    assert table.row(f"{kitchen.pk}:grant").cells[1].value == grant
    per_unit = table.row(f"{kitchen.pk}:per_unit").cells[1].value
    assert per_unit == ((grant / started).quantize(Decimal("1"), rounding=ROUND_HALF_UP) if started else None)
    assert PERIOD.days == (datetime.date(2026, 6, 30) - datetime.date(2026, 1, 1)).days + 1
