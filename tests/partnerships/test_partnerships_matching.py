"""Matching runs end to end: the proposal with reasons, lock and reject then re-run, confirm
creating the placements in one audited transaction, unmatched participants with why, and the
bad-input and permission cases."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from partnerships.models import MatchingRun, MatchPair, PairState, RunStatus
from partnerships.services_matching import pair_set, run_confirm, run_create, run_rerun
from partnerships.testing import make_partnership, make_slot, make_staffing, waiting_participants
from pathways.models import Placement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def setup(world):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=20)  # 4 allowed
    make_staffing(world.social_enterprise, ordinary=10)  # 2 allowed
    lager = make_slot(world, p, world.company, places=2, trade="lager", postcode="6000")
    cafe = make_slot(world, p, world.social_enterprise, places=1, title="Café", trade="café", postcode="7100")
    people = waiting_participants(world, 4, postcodes=("6000", "6040", "6070", "9000"), wishes="café")
    return p, lager, cafe, people


def test_a_run_proposes_pairs_with_reasons_and_lists_the_unmatched_with_why(world, setup):
    p, lager, cafe, people = setup
    run = run_create(by=world.users["caseworker"], partnership=p, start=TODAY, max_km=40)
    pairs = run.pairs.filter(state=PairState.PROPOSED)
    assert pairs.count() == 3
    assert pairs.filter(slot=lager).count() <= 2 and pairs.filter(slot=cafe).count() <= 1
    assert all("km" in pair.reason for pair in pairs)
    assert pairs.filter(slot=cafe, wish_rank=1).exists()
    aalborg = run.pairs.get(enrolment=people[3])
    assert aalborg.state == PairState.UNMATCHED and "40 km" in aalborg.reason
    assert AuditEvent.objects.filter(event="partnerships.matching.create", object_id=str(run.pk)).exists()


def test_a_run_without_open_slots_is_refused_naming_the_slots(world):
    p = make_partnership(world)
    waiting_participants(world, 1)
    with pytest.raises(ValidationError) as error:
        run_create(by=world.users["caseworker"], partnership=p, start=TODAY, max_km=40)
    assert "Praktikpladser" in error.value.message_dict["slots"][0]
    assert not MatchingRun.objects.exists()


def test_a_locked_pair_stays_and_a_rejected_pair_is_not_proposed_again(world, setup):
    p, lager, cafe, people = setup
    run = run_create(by=world.users["caseworker"], partnership=p, start=TODAY, max_km=40)
    first, second = run.pairs.filter(state=PairState.PROPOSED).order_by("pk")[:2]
    pair_set(by=world.users["caseworker"], pair=first, state=PairState.LOCKED)
    pair_set(by=world.users["caseworker"], pair=second, state=PairState.REJECTED)
    run_rerun(by=world.users["caseworker"], run=run)
    assert run.pairs.get(pk=first.pk).state == PairState.LOCKED
    assert not run.pairs.filter(enrolment=second.enrolment, slot=second.slot, state=PairState.PROPOSED).exists()
    assert run.pairs.filter(state__in=[PairState.PROPOSED, PairState.LOCKED], slot=lager).count() <= 2


def test_confirm_creates_the_placements_in_one_audited_transaction(world, setup):
    p, lager, cafe, people = setup
    run = run_create(by=world.users["caseworker"], partnership=p, start=TODAY, max_km=40)
    placements = run_confirm(by=world.users["caseworker"], run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.CONFIRMED and len(placements) == 3
    assert Placement.objects.filter(company=world.company).count() == 2
    assert Placement.objects.get(company=world.social_enterprise).support_person == "Jens Jensen"
    assert AuditEvent.objects.filter(event="pathways.placement.create").count() == 3
    assert AuditEvent.objects.filter(event="partnerships.matching.confirm").exists()
    with pytest.raises(ValidationError):
        run_confirm(by=world.users["caseworker"], run=run)


def test_confirm_that_would_break_the_rimelighedskrav_stores_nothing(world, setup):
    p, lager, cafe, people = setup
    run = run_create(by=world.users["caseworker"], partnership=p, start=TODAY, max_km=40)
    make_staffing(world.company, ordinary=3)  # now only 1 allowed, two pairs proposed
    with pytest.raises(ValidationError) as error:
        run_confirm(by=world.users["caseworker"], run=run)
    assert "rimelighedskravet" in error.value.messages[0]
    assert not Placement.objects.exists()
    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSED


def test_the_caseworker_runs_locks_and_confirms_through_the_pages(world, setup, client_for):
    p, lager, cafe, people = setup
    client = client_for(world.users["caseworker"])
    response = client.post(reverse("partnerships:runs", args=[p.public_id]), {"start": TODAY.isoformat(), "max_km": 40})
    run = MatchingRun.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("partnerships:run", args=[run.public_id])).text
    assert "Deltager 4" in page and "Ikke matchede borgere" in page
    pair = run.pairs.filter(state=PairState.PROPOSED).first()
    client.post(reverse("partnerships:pair_state", args=[pair.public_id, "locked"]))
    assert MatchPair.objects.get(pk=pair.pk).state == PairState.LOCKED
    client.post(reverse("partnerships:confirm", args=[run.public_id]))
    assert Placement.objects.count() == 3


@pytest.mark.parametrize("who", ["company", "consultant"])
def test_only_matchers_of_the_municipality_see_runs(world, setup, client_for, who):
    p = setup[0]
    run = run_create(by=world.users["caseworker"], partnership=p, start=TODAY, max_km=40)
    assert client_for(world.users[who]).get(reverse("partnerships:run", args=[run.public_id])).status_code == 404
    assert client_for(world.outsiders["caseworker"]).get(reverse("partnerships:run", args=[run.public_id])).status_code == 404
    assert client_for(world.outsiders["caseworker"]).get(reverse("partnerships:runs", args=[p.public_id])).status_code == 404


def test_the_run_page_costs_the_same_queries_for_few_or_many_pairs(world, setup, client_for, django_assert_max_num_queries):
    p = setup[0]
    client = client_for(world.users["caseworker"])
    run = run_create(by=world.users["caseworker"], partnership=p, start=TODAY, max_km=40)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("partnerships:run", args=[run.public_id]))
    waiting_participants(world, 6, postcodes=("6000",))
    run2 = run_create(by=world.users["caseworker"], partnership=p, start=TODAY, max_km=40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("partnerships:run", args=[run2.public_id]))


def test_a_profile_whose_postcode_cannot_be_placed_is_refused_naming_the_postcode(world, client_for):
    p = make_partnership(world)
    enrolment = waiting_participants(world, 1)[0]
    enrolment.match_profile.delete()
    url = reverse("partnerships:profile", args=[p.public_id, enrolment.public_id])
    response = client_for(world.users["caseworker"]).post(url, {"postcode": "0042", "max_km": 30, "readiness": "ready"})
    assert response.status_code == 200 and "Adressen kan ikke placeres" in response.text
    response = client_for(world.users["caseworker"]).post(url, {"postcode": "6000", "max_km": 30, "readiness": "ready"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event="partnerships.profile.save").exists()
