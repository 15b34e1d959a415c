"""The market's personas on top of tests/conftest.py's world: Kolding's procurement as buyer,
two social enterprises on either side of the § 20 share with a bidding user each, and an
Aarhus enterprise."""

from types import SimpleNamespace

import pytest

from accounts.roles import Role
from accounts.testing import make_user
from market.testing import make_enterprise


@pytest.fixture
def market(world):
    m = SimpleNamespace(world=world)
    m.buyer, m.buyer_user = world.procurement, world.users[Role.PROCUREMENT]
    by = m.buyer_user
    m.eligible = make_enterprise(world.kolding, by=by, total=1000, special=300, name="Rengøring med Hjerte ApS")
    m.short = make_enterprise(world.kolding, by=by, total=1000, special=299, name="Næsten Nok ApS")
    m.partner = make_enterprise(world.kolding, by=by, total=10, special=4, name="Grøn Partner ApS")
    m.aarhus_enterprise = make_enterprise(world.aarhus, by=by, total=10, special=5, name="Aarhus Social ApS")
    m.eligible_user = make_user("bidder_eligible", organisation=m.eligible, role=Role.PROVIDER)
    m.short_user = make_user("bidder_short", organisation=m.short, role=Role.PROVIDER)
    m.aarhus_user = make_user("bidder_aarhus", organisation=m.aarhus_enterprise, role=Role.PROVIDER)
    return m
