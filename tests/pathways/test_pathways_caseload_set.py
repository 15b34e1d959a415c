"""The caseload's citizens equal a set computed by hand from the stated rules, for every role in
two municipalities, a caseworker of both and a user who is caseworker in one and provider staff
in the other; with every referral and enrolment status, and with each status filter.

The rules (pathways.access's docstring), computed here over plain Python records:
- a user sees a citizen of a municipality where they hold CITIZEN_VIEW, with all their
  referrals and enrolments;
- provider staff (PATHWAY_RUN) see a citizen with a sent or accepted referral to a programme of
  their organisation, those referrals, and the enrolments on those programmes;
- the caseload lists the seen citizens with a seen open referral (sent or waiting) or a seen
  open enrolment (active or paused); the status filter "sent" keeps open referrals, "active"
  and "paused" enrolments in that status."""

import datetime
import itertools
from dataclasses import dataclass, field

import pytest

from accounts.access import Access
from accounts.models import Membership
from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from accounts.testing import make_user
from pathways import access as pa
from pathways import citizen_page, services, testing
from pathways.models import Citizen, Enrolment, Referral
from pathways.selectors import caseload
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

# Each citizen's history: (programme key, referral status, enrolment status or None).
REFERRAL_ONLY = ["sent", "waiting", "declined", "withdrawn"]
ENROLLED = ["active", "paused", "exited"]
MIXED = [
    # an exited enrolment with the own provider, then a referral elsewhere still open
    [("own", "accepted", "exited"), ("other_org", "sent", None)],
    # an enrolment elsewhere, then a referral to the own provider still open
    [("other_org", "accepted", "active"), ("own", "sent", None)],
    # declined by the own provider, then enrolled elsewhere
    [("own", "declined", None), ("other_org", "accepted", "paused")],
    # on the own provider's waiting list after an exited enrolment there
    [("own", "accepted", "exited"), ("own", "waiting", None)],
]
STATUS_FILTERS = [{}, {"status": "sent"}, {"status": "active"}, {"status": "paused"}]


@dataclass
class Record:
    """A citizen as the rules see it."""

    pk: int
    municipality_id: int
    referrals: list[tuple[int, str]] = field(default_factory=list)  # (provider, status)
    enrolments: list[tuple[int, str]] = field(default_factory=list)  # (provider, status)


_waiting_positions = itertools.count(1)


def _case(citizen, programme, referral_status, enrolment_status, by):
    """One referral (and enrolment) in the given statuses: sent, accepted and the decisions
    through the services; the waiting list and later enrolment states set directly (the test
    concerns the filter, not the transitions)."""
    referral = refer(citizen=citizen, programme=programme, by=by)
    team = programme.teams.get()
    if referral_status == "accepted":
        enrolment = services.referral_accept(by=None, referral=referral, team=team)
        Enrolment.objects.filter(pk=enrolment.pk).update(status=enrolment_status)
    elif referral_status == "declined":
        services.referral_decline(by=None, referral=referral, reason="Ingen plads")
    elif referral_status == "withdrawn":
        services.referral_withdraw(by=by, referral=referral)
    elif referral_status == "waiting":
        Referral.objects.filter(pk=referral.pk).update(
            status="waiting", team=team, waiting_position=next(_waiting_positions)
        )


@pytest.fixture
def population(world):
    programmes = {
        "own": make_programme(provider=world.provider, capacity=None),
        "other_org": make_programme(provider=world.social_enterprise, capacity=None),
        "aarhus": make_programme(provider=world.aarhus_company, capacity=None),
    }
    histories = [[(key, status, None)] for key in programmes for status in REFERRAL_ONLY]
    histories += [[(key, "accepted", status)] for key in programmes for status in ENROLLED]
    histories += [*MIXED, []]
    records = []
    for municipality, by in (
        (world.kolding, world.users[Role.CASEWORKER]),
        (world.aarhus, world.outsiders[Role.CASEWORKER]),
    ):
        for history in histories:
            citizen = make_citizen(municipality=municipality, by=by)
            record = Record(citizen.pk, municipality.pk)
            for key, referral_status, enrolment_status in history:
                _case(citizen, programmes[key], referral_status, enrolment_status, by)
                provider = programmes[key].provider_id
                record.referrals.append((provider, referral_status))
                if enrolment_status:
                    record.enrolments.append((provider, enrolment_status))
            records.append(record)
    return records


def expected(user, records: list[Record], status: str | None) -> set[int]:
    memberships = Membership.objects.filter(user=user).values_list("organisation_id", "organisation__municipality_id", "role")
    municipal = {m for _o, m, role in memberships if Perm.CITIZEN_VIEW in ROLE_PERMISSIONS[role]}
    runs = {o for o, _m, role in memberships if Perm.PATHWAY_RUN in ROLE_PERMISSIONS[role]}
    referral_open = {"sent", "waiting"} if status in (None, "sent") else set()
    enrolment_open = {status} if status in ("active", "paused") else set() if status else {"active", "paused"}
    listed = set()
    for r in records:
        wide = r.municipality_id in municipal
        seen = wide or any(p in runs and s in ("sent", "accepted") for p, s in r.referrals)
        referral = any(s in referral_open and (wide or (p in runs and s in ("sent", "accepted"))) for p, s in r.referrals)
        enrolment = any(s in enrolment_open and (wide or p in runs) for p, s in r.enrolments)
        if seen and (referral or enrolment):
            listed.add(r.pk)
    return listed


def users(world):
    both = make_user("caseworker_of_both", organisation=world.jobcentre, role=Role.CASEWORKER)
    Membership.objects.create(user=both, organisation=world.aarhus_jobcentre, role=Role.CASEWORKER)
    mixed = make_user("aarhus_caseworker_kolding_provider", organisation=world.aarhus_jobcentre, role=Role.CASEWORKER)
    Membership.objects.create(user=mixed, organisation=world.provider, role=Role.PROVIDER)
    return [*world.users.values(), *world.outsiders.values(), world.nobody, both, mixed]


@pytest.mark.parametrize("params", STATUS_FILTERS, ids=lambda p: p.get("status", "all"))
def test_the_caseload_is_the_hand_computed_set(world, population, params):
    for user in users(world):
        want = expected(user, population, params.get("status"))
        qs = caseload(Access(user), params)
        assert {c.pk for c in qs} == want, user.username
        assert qs.count() == len(want), user.username


def test_the_population_distinguishes_the_roles(world, population):
    """Guard against a vacuous test: the users see different, non-empty caseloads."""
    seen = {frozenset(expected(u, population, None)) for u in users(world)}
    assert len(seen) >= 5 and frozenset() in seen


def test_the_caseload_sorts_by_the_first_open_referral_and_start(world):
    """The date columns' sorts (their subqueries are built only for these sorts)."""
    cw = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider, capacity=None)
    other = make_programme(provider=world.social_enterprise, capacity=None)
    late, early, enrolled = (make_citizen(municipality=world.kolding, by=cw, name=n) for n in ("C", "B", "A"))
    for citizen, day in ((late, 20), (early, 10)):
        Referral.objects.filter(pk=refer(citizen=citizen, programme=programme, by=cw).pk).update(
            created_at=datetime.datetime(2026, 1, day, tzinfo=datetime.UTC)
        )
    later_start = services.referral_accept(by=None, referral=refer(citizen=late, programme=other, by=cw), team=other.teams.get())
    first_start = services.referral_accept(by=None, referral=refer(citizen=enrolled, programme=programme, by=cw), team=programme.teams.get())
    Enrolment.objects.filter(pk=later_start.pk).update(start_date=datetime.date(2026, 3, 2))
    Enrolment.objects.filter(pk=first_start.pk).update(start_date=datetime.date(2026, 2, 2))

    def names(sort):
        return [c.name for c in caseload(Access(cw), {"sort": sort})]

    assert names("referred") == ["B", "C", "A"]  # A has no open referral: last
    assert names("start") == ["A", "C", "B"]  # B has no enrolment: last
    assert names("-referred") == ["C", "B", "A"]  # empty values last either way
    assert names("-start") == ["C", "A", "B"]
    assert names("name") == names("") == ["A", "B", "C"]


def test_a_citizens_referrals_and_enrolments_are_those_of_the_scopes(world, population):
    """The citizen page's rule (pathways.access.providers_only, as querysets in
    pathways.testing.referrals_of / enrolments_of without the scope's join, and in plain SQL in
    pathways.citizen_page) gives, for every user and every citizen the user sees, the rows of
    the scoped querysets for that citizen."""
    compared = 0
    for user in users(world):
        access = Access(user)
        visible = set(pa.citizens_visible_to(access).values_list("pk", flat=True))
        for citizen in Citizen.objects.all():  # the citizen pages' plain-SQL read of the same scope
            found = citizen_page.citizen(access, citizen.public_id)
            assert (found.pk if found else None) == (citizen.pk if citizen.pk in visible else None), user.username
        for citizen in pa.citizens_visible_to(access):
            scoped = set(pa.referrals_visible_to(access).filter(citizen=citizen).values_list("pk", flat=True))
            assert set(testing.referrals_of(access, citizen).values_list("pk", flat=True)) == scoped, user.username
            scoped = set(pa.enrolments_visible_to(access).filter(citizen=citizen).values_list("pk", flat=True))
            assert set(testing.enrolments_of(access, citizen).values_list("pk", flat=True)) == scoped, user.username
            want = list(testing.referrals_of(access, citizen).order_by("-created_at", "-pk").values_list("pk", flat=True))
            assert [r.pk for r in citizen_page.referrals(access, citizen)] == want, user.username
            want = list(testing.enrolments_of(access, citizen).values_list("pk", flat=True))
            assert [e.pk for e in citizen_page.enrolments(access, citizen)] == want, user.username
            compared += 1
    assert compared > len(population)  # several users, each seeing citizens
    assert Citizen.objects.count() == len(population)
