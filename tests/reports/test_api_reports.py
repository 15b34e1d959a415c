"""Evaluation reports in the JSON API: the definitions of the user's municipality only, and a
report's tables protected exactly like the page (an analyst sees "<5" and "x" where the page
shows them, and never the hidden figure; a caseworker who may see the rows sees every figure)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements.testing import seed003_agreement
from pathways.testing import make_programme
from reports.models import PeriodKind, ReportDefinition
from reports.suppression import PRIMARY

pytestmark = pytest.mark.django_db
PERIOD = "2026-H1"


@pytest.fixture
def definition(world):
    programme = make_programme(provider=world.provider)
    services = seed003_agreement(municipality=world.kolding, provider=world.provider, programme=programme)
    definition = ReportDefinition.objects.create(
        municipality=world.kolding, name="Halvårsrapport", tables=["network_outcomes", "youth_income"],
        period_kind=PeriodKind.HALF_YEAR, compare_previous=True,
    )  # fmt: skip
    definition.services.set(services)
    return definition


def _cells(tables):
    """(table, row, column) → (value, hidden) of the API's tables."""
    return {
        (t["key"], t["section"], r["key"], i): (c["value"], c["hidden"])
        for t in tables for r in t["rows"] for i, c in enumerate(r["cells"])
    }  # fmt: skip


def _page_cells(report):
    """The same of the page's report, as the API writes numbers (strings for decimals)."""
    return {
        (t.key, t.section, r.key, i): (None if c.hidden else _json(c.value), c.hidden)
        for t in report.tables for r in t.rows for i, c in enumerate(r.cells)
    }  # fmt: skip


def _json(value):
    return value if value is None or isinstance(value, int) else str(value)


def test_definitions_are_listed_for_the_municipality_only(world, api_for, definition):
    body = api_for(world.users[Role.ANALYST]).get("/api/v1/reports").json()
    assert body["count"] == 1 and body["items"][0]["tables"][0]["key"] == "network_outcomes"
    detail = api_for(world.users[Role.ANALYST]).get(f"/api/v1/reports/{definition.public_id}").json()
    assert {s["name"] for s in detail["services"]} == {"Køkkenforløb", "Ledige med Drive", "Ung værtsfunktion"}
    assert detail["periods"][0]["key"].count("-H") == 1
    outsider = api_for(world.outsiders[Role.ANALYST])
    assert outsider.get("/api/v1/reports").json()["count"] == 0
    assert outsider.get(f"/api/v1/reports/{definition.public_id}").status_code == 404
    assert outsider.get(f"/api/v1/reports/{definition.public_id}/tables?period={PERIOD}").status_code == 404
    assert api_for(world.users[Role.PROVIDER]).get(f"/api/v1/reports/{definition.public_id}").status_code == 404


def test_an_analyst_sees_the_figures_suppressed_exactly_like_the_page(world, api_for, client_for, definition):
    analyst = world.users[Role.ANALYST]
    body = api_for(analyst).get(f"/api/v1/reports/{definition.public_id}/tables?period={PERIOD}").json()
    page = client_for(analyst).get(reverse("reports:report", args=[definition.public_id]), {"periode": PERIOD})
    assert body["protected"] is True and page.context["report"].protected is True
    assert [p["key"] for p in body["periods"]] == ["2026-H1", "2025-H2"]
    api_cells = _cells(body["tables"])
    assert api_cells == _page_cells(page.context["report"])
    hidden = [cell for cell, (value, mark) in api_cells.items() if mark]
    assert any(api_cells[c][1] == PRIMARY for c in hidden) and all(api_cells[c][0] is None for c in hidden)

    # Who may see the rows sees the figures the analyst was refused, as on the page.
    caseworker = world.users[Role.CASEWORKER]
    full = api_for(caseworker).get(f"/api/v1/reports/{definition.public_id}/tables?period={PERIOD}").json()
    assert full["protected"] is False and not any(mark for _v, mark in _cells(full["tables"]).values())
    assert all(_cells(full["tables"])[c][0] is not None for c in hidden)


def test_a_period_the_report_does_not_have_answers_422_naming_it(world, api_for, definition):
    response = api_for(world.users[Role.ANALYST]).get(f"/api/v1/reports/{definition.public_id}/tables?period=2026")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "period"
