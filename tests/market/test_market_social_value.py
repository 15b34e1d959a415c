"""Social value bought, computed from recorded rows: the contract's kroner per year, the
supplier's special-terms jobs from its staffing rows, placements from pathways; page and Excel."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from accounts.roles import Role
from market.social_value import social_value, totals_by_year
from market.testing import award, close_now, make_posting, submit_bid
from pathways.services_attendance import placement_create
from pathways.testing import enrol
from registry.services import staffing_set


@pytest.fixture
def contract(market):
    """A two-year contract from 1 July 2026 for 731.000 kr., awarded to the 30 % enterprise."""
    by = market.buyer_user
    posting = make_posting(
        market.buyer, by=by, contract_start=datetime.date(2026, 7, 1), contract_end=datetime.date(2028, 6, 30)
    )
    bid = submit_bid(posting, market.eligible, by=market.eligible_user, price="731.000")
    close_now(posting, by=by)
    award(bid, by=by)
    staffing_set(by=by, organisation=market.eligible, year=2026, data={"employees_total": 20, "fleksjob": 4, "skaanejob": 2})
    caseworker = market.world.users[Role.CASEWORKER]
    enrolment = enrol(caseworker=caseworker, municipality=market.world.kolding, provider=market.world.provider,
                      start=datetime.date(2026, 8, 3))  # fmt: skip
    placement_create(by=caseworker, enrolment=enrolment, company=market.eligible, support_person="Bo",
                     start=datetime.date(2026, 9, 1), end=datetime.date(2026, 10, 12))  # fmt: skip
    return posting


def test_the_contract_is_split_over_its_years_with_jobs_and_placements(market, contract):
    rows = social_value(market.world.kolding.pk)
    assert [r.year for r in rows] == [2026, 2027, 2028]
    y2026 = rows[0]
    # 184 of 731 days (2028 is a leap year) fall in 2026
    assert y2026.contract_kroner == Decimal("184000.00")
    assert sum(r.contract_kroner for r in rows) == Decimal("731000.00")
    # 6 special-terms jobs × 1.924 h × 184/365 of the year
    assert (y2026.special_jobs, y2026.special_hours) == (6, Decimal("5819.44"))
    assert rows[1].special_jobs is None  # no staffing recorded for 2027: shown as unknown, not 0
    assert (y2026.placements, y2026.placement_weeks, y2026.citizens) == (1, Decimal("6.0"), 1)
    assert totals_by_year(rows)[0]["placements"] == 1


def test_another_municipality_has_no_social_value_from_kolding(market, contract):
    assert social_value(market.world.aarhus.pk) == []


def test_the_page_and_excel_for_procurement(market, contract, client_for):
    client = client_for(market.buyer_user)
    page = client.get("/udbud/social-vaerdi/").content.decode()
    assert "184.000,00 kr." in page
    response = client.get("/udbud/social-vaerdi/excel/?kommune=0621")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A2"].value == 2026 and sheet["D2"].value == 184000


@pytest.mark.parametrize(("role", "status"), [(Role.PROCUREMENT, 200), (Role.ANALYST, 200), (Role.CONSULTANT, 200),
                                              (Role.PROVIDER, 404), (Role.COMPANY, 404), (Role.CASEWORKER, 404)])  # fmt: skip
def test_who_sees_social_value(market, client_for, role, status):
    assert client_for(market.world.users[role]).get("/udbud/social-vaerdi/").status_code == status


def test_an_outsider_cannot_ask_for_kolding(market, client_for):
    client = client_for(market.world.outsiders[Role.PROCUREMENT])
    assert client.get("/udbud/social-vaerdi/?kommune=0621").status_code == 404
