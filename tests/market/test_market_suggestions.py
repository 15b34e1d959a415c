"""Supplier suggestions rank a hand-built set in the expected order, with reasons, in one
query whatever the registry's size; invitations go out by e-mail in a background job."""

import pytest
from django.core import mail

from market.models import Invitation, Status
from market.services_invite import invite_suppliers
from market.suggestions import suggestions_for
from market.testing import award, close_now, make_enterprise, make_posting, submit_bid
from registry.choices import Kind
from registry.models import Contact, Tag
from registry.testing import make_organisation


@pytest.fixture
def hand_built(market):
    """Five candidates for a cleaning tender in Kolding; points per docs/market.md."""
    kolding, aarhus, by = market.world.kolding, market.world.aarhus, market.buyer_user
    c = {}
    # 40 industry + 20 RSV + 15 share + 10 Kolding + 10 tag = 95
    c["best"] = make_enterprise(kolding, by=by, total=10, special=5, name="A Rent ApS", industry_code="812100")
    c["best"].tags.add(Tag.objects.create(municipality=kolding, name="Rengøring"))
    # 40 industry + 20 RSV + 15 share (Aarhus) = 75
    c["far"] = make_enterprise(aarhus, by=by, total=10, special=5, name="B Rent Aarhus ApS", industry_code="812200")
    # 40 industry + 10 Kolding = 50 (an ordinary cleaning company)
    c["company"] = make_organisation(kolding, name="C Rengøring A/S", kind=Kind.COMPANY, industry_code="812100")
    # 20 RSV + 15 share + 10 Kolding = 45 (a social enterprise in catering)
    c["catering"] = make_enterprise(kolding, by=by, total=10, special=5, name="D Køkken ApS", industry_code="562100")
    # an ordinary company in another trade in Aarhus scores nothing and is left out
    c["none"] = make_organisation(aarhus, name="E Tømrer A/S", kind=Kind.COMPANY, industry_code="433200")
    return c


def _names(rows):
    return [r.organisation.name for r in rows]


def test_the_hand_built_set_comes_out_in_the_expected_order(market, hand_built):
    posting = make_posting(market.buyer, by=market.buyer_user, keywords=["rengøring"])
    rows = [r for r in suggestions_for(posting) if r.organisation in hand_built.values()]
    assert _names(rows) == ["A Rent ApS", "B Rent Aarhus ApS", "C Rengøring A/S", "D Køkken ApS"]
    assert [r.points for r in rows] == [95, 75, 50, 45]
    assert rows[0].reasons == [
        "branchekoden 812100 leverer det, CPV-koderne køber", "tags matcher opslagets nøgleord",
        "registreret socialøkonomisk virksomhed", "50,0 % ansatte på særlige vilkår (2025)", "i samme kommune",
    ]  # fmt: skip


def test_a_reserved_posting_suggests_only_eligible_enterprises(market, hand_built):
    posting = make_posting(market.buyer, by=market.buyer_user, reserved=True)
    names = _names(suggestions_for(posting))
    assert "C Rengøring A/S" not in names and "Næsten Nok ApS" not in names
    assert {"A Rent ApS", "B Rent Aarhus ApS", "D Køkken ApS"} <= set(names)


def test_a_past_award_raises_a_supplier(market, hand_built):
    earlier = make_posting(market.buyer, by=market.buyer_user, title="Tidligere rengøring")
    bid = submit_bid(earlier, hand_built["catering"], by=market.buyer_user)
    close_now(earlier, by=market.buyer_user)
    award(bid, by=market.buyer_user)
    posting = make_posting(market.buyer, by=market.buyer_user)
    row = next(r for r in suggestions_for(posting) if r.organisation == hand_built["catering"])
    assert row.points == 45 + 5 and "har fået tildelt opgaver før" in row.reasons


def test_suggestions_take_one_query_whatever_the_registry_size(market, hand_built, django_assert_num_queries):
    posting = make_posting(market.buyer, by=market.buyer_user, keywords=["rengøring"])
    posting.buyer  # noqa: B018 - loaded, as the page does
    with django_assert_num_queries(1):
        suggestions_for(posting)
    for n in range(20):
        make_enterprise(market.world.kolding, by=market.buyer_user, total=10, special=5, industry_code="812100", name=f"Ny {n}")
    with django_assert_num_queries(1):
        assert len(suggestions_for(posting)) == 25


def test_invitations_are_mailed_in_the_background_once_per_enterprise(market, hand_built):
    posting = make_posting(market.buyer, by=market.buyer_user)
    Contact.objects.create(organisation=hand_built["best"], name="Anne", email="anne@arent.dk")
    invite_suppliers(by=market.buyer_user, posting=posting, organisations=[hand_built["best"], hand_built["far"]])
    invite_suppliers(by=market.buyer_user, posting=posting, organisations=[hand_built["best"]])
    statuses = dict(Invitation.objects.values_list("organisation__name", "status"))
    assert statuses == {"A Rent ApS": Invitation.Sent.SENT, "B Rent Aarhus ApS": Invitation.Sent.NO_ADDRESS}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anne@arent.dk"]
    assert posting.title in mail.outbox[0].body


def test_the_suggestions_page_is_for_the_buyer_only(market, hand_built, client_for):
    posting = make_posting(market.buyer, by=market.buyer_user)
    page = client_for(market.buyer_user).get(f"/udbud/{posting.public_id}/forslag/")
    assert page.status_code == 200 and "A Rent ApS" in page.content.decode()
    assert client_for(market.eligible_user).get(f"/udbud/{posting.public_id}/forslag/").status_code == 404
    assert client_for(market.world.outsiders["procurement"]).get(f"/udbud/{posting.public_id}/forslag/").status_code == 404


def test_the_invite_page_invites_the_checked_suggestions(market, hand_built, client_for):
    posting = make_posting(market.buyer, by=market.buyer_user)
    client_for(market.buyer_user).post(f"/udbud/{posting.public_id}/forslag/inviter/", {"organisation": [hand_built["best"].pk]})
    assert list(posting.invitations.values_list("organisation__name", flat=True)) == ["A Rent ApS"]
    assert posting.status == Status.PUBLISHED
