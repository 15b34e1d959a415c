"""The market demo: Kolding's reserved cleaning tender awarded with social clauses, a catering
task, two company subcontract tasks and a CSR purchase; bids alone and in consortium; loading
twice gives the same rows."""

import pytest

from demo.seed import seed_demo
from market.models import Award, Bid, Posting, Status


@pytest.fixture
def seeded(db):
    seed_demo()


def test_the_market_demo_has_the_five_postings_of_the_issue(seeded):
    kinds = sorted(Posting.objects.values_list("kind", flat=True))
    assert kinds == ["csr_purchase", "subcontract", "subcontract", "task", "tender"]
    tender = Posting.objects.get(kind="tender")
    assert tender.reserved and tender.status == Status.AWARDED and tender.clauses.count() == 2
    assert Award.objects.get().bid.bidder.name == "Rent & Rummeligt ApS"


def test_the_demo_has_bids_alone_and_in_consortium(seeded):
    assert Bid.objects.filter(consortium__isnull=True).exists()
    assert Bid.objects.filter(consortium__isnull=False).exists()


def test_loading_the_demo_twice_gives_the_same_market_rows(seeded):
    before = (Posting.objects.count(), Bid.objects.count(), Award.objects.count())
    seed_demo()
    assert (Posting.objects.count(), Bid.objects.count(), Award.objects.count()) == before
