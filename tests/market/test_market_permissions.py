"""Who sees and does what: roles × own / other municipality, pages and services' scopes.
Drafts are seen only by those who manage them; everything else is 404, never 403."""

import pytest

from accounts.roles import Role
from market.models import Status
from market.testing import make_posting


@pytest.fixture
def postings(market):
    by = market.buyer_user
    return {
        "draft": make_posting(market.buyer, by=by, status=Status.DRAFT, title="Kladde til udbud"),
        "published": make_posting(market.buyer, by=by, title="Offentligt udbud"),
    }


VIEWERS = [Role.PROVIDER, Role.COMPANY, Role.PROCUREMENT, Role.CONSULTANT, Role.ANALYST, Role.ADMIN]


@pytest.mark.parametrize("role", list(Role))
def test_the_board_is_for_market_roles_only(market, client_for, role):
    status = client_for(market.world.users[role]).get("/udbud/").status_code
    assert status == (200 if role in VIEWERS else 404)


def test_a_user_without_roles_sees_nothing(market, client_for, postings):
    client = client_for(market.world.nobody)
    assert client.get("/udbud/").status_code == 404
    assert client.get(f"/udbud/{postings['published'].public_id}/").status_code == 404


@pytest.mark.parametrize("role", VIEWERS)
def test_a_draft_is_seen_only_by_who_manages_it(market, client_for, postings, role):
    draft = postings["draft"]
    expected = 200 if role in (Role.PROCUREMENT, Role.ADMIN) else 404
    assert client_for(market.world.users[role]).get(f"/udbud/{draft.public_id}/").status_code == expected
    assert client_for(market.world.outsiders[role]).get(f"/udbud/{draft.public_id}/").status_code == 404


@pytest.mark.parametrize("role", VIEWERS)
def test_a_published_posting_is_seen_by_every_market_role_anywhere(market, client_for, postings, role):
    published = postings["published"]
    assert client_for(market.world.users[role]).get(f"/udbud/{published.public_id}/").status_code == 200
    assert client_for(market.world.outsiders[role]).get(f"/udbud/{published.public_id}/").status_code == 200


@pytest.mark.parametrize("role", VIEWERS)
def test_only_kolding_procurement_manages_kolding_tenders(market, client_for, postings, role):
    draft = postings["draft"]
    expected = 200 if role in (Role.PROCUREMENT, Role.ADMIN) else 404
    assert client_for(market.world.users[role]).get(f"/udbud/{draft.public_id}/rediger/").status_code == expected
    assert client_for(market.world.outsiders[role]).get(f"/udbud/{draft.public_id}/rediger/").status_code == 404
    response = client_for(market.world.outsiders[role]).post(f"/udbud/{draft.public_id}/status/published/")
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_company_manages_its_own_subcontract_task_only(market, client_for):
    company_user = market.world.users[Role.COMPANY]
    task = make_posting(market.world.company, by=company_user, status=Status.DRAFT, kind="subcontract", cpv_codes=[])
    assert client_for(company_user).get(f"/udbud/{task.public_id}/rediger/").status_code == 200
    assert client_for(market.buyer_user).get(f"/udbud/{task.public_id}/rediger/").status_code == 404
    assert client_for(market.world.outsiders[Role.COMPANY]).get(f"/udbud/{task.public_id}/").status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.CONSULTANT, Role.ANALYST])
def test_roles_without_market_posting_rights_cannot_create(market, client_for, role):
    assert client_for(market.world.users[role]).get("/udbud/nyt/").status_code == 404


@pytest.mark.parametrize("role", [Role.PROCUREMENT, Role.CONSULTANT, Role.ANALYST])
def test_roles_without_bidding_rights_get_no_bid_page(market, client_for, postings, role):
    published = postings["published"]
    assert client_for(market.world.users[role]).get(f"/udbud/{published.public_id}/tilbud/nyt/").status_code == 404


def test_the_board_lists_in_a_constant_number_of_queries(market, client_for, django_assert_max_num_queries):
    client = client_for(market.buyer_user)
    for n in range(3):
        make_posting(market.buyer, by=market.buyer_user, title=f"Udbud {n}")
    with django_assert_max_num_queries(12) as few:
        client.get("/udbud/")
    for n in range(15):
        make_posting(market.buyer, by=market.buyer_user, title=f"Flere {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/udbud/").status_code == 200
