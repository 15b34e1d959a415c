"""Every "at most one" rule of the pathways holds under 20 concurrent requests (real threads,
each on its own PostgreSQL connection): exactly one effect, the others a clear refusal."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.roles import Role
from accounts.testing import api_client
from core.lifecycle import IllegalTransition
from core.testing import run_concurrently
from pathways.models import Citizen, Enrolment, Exit, Referral
from pathways.services import citizen_create, referral_accept
from pathways.services_running import enrolment_exit
from pathways.testing import make_citizen, make_programme, refer, sample_cpr

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
N = 20


def test_twenty_concurrent_api_referrals_of_one_citizen_to_one_programme_make_one(world):
    caseworker = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider)
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    authorization = api_client(caseworker).authorization
    body = json.dumps({"citizen": str(citizen.public_id), "programme": str(programme.public_id)})

    def post(_i):
        client = Client(headers={"Authorization": authorization})
        return client.post("/api/v1/referrals", data=body, content_type="application/json")

    responses = run_concurrently(post, N)
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [422] * (N - 1)
    refused = next(r for r in responses if r.status_code == 422).json()
    assert "allerede en åben visitation" in json.dumps(refused, ensure_ascii=False)
    assert Referral.objects.filter(citizen=citizen, programme=programme, status="sent").count() == 1


def test_twenty_concurrent_creations_of_one_cpr_make_one_citizen(world):
    caseworker = world.users[Role.CASEWORKER]
    cpr = sample_cpr(datetime.date(1988, 4, 2))

    def create(i):
        return citizen_create(
            by=caseworker, municipality=world.kolding, cpr=cpr, data={"name": f"Ane {i}"}, caseworker=caseworker
        )

    results = run_concurrently(create, N)
    assert sum(isinstance(r, Citizen) for r in results) == 1
    assert all(isinstance(r, ValidationError) and "cpr" in r.message_dict for r in results if not isinstance(r, Citizen))
    assert Citizen.objects.filter(municipality=world.kolding).count() == 1


def test_twenty_concurrent_accepts_of_one_referral_make_one_enrolment(world):
    caseworker = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider)
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    referral = refer(citizen=citizen, programme=programme, by=caseworker)
    team = programme.teams.get()

    results = run_concurrently(
        lambda _i: referral_accept(by=world.users[Role.PROVIDER], referral=referral, team=team), N
    )
    assert sum(isinstance(r, Enrolment) for r in results) == 1
    # the others are refused by the lifecycle (409 in the API), never a server error
    assert all(isinstance(r, IllegalTransition) for r in results if not isinstance(r, (Enrolment, Exit))), results
    assert Enrolment.objects.filter(referral=referral).count() == 1


def test_twenty_concurrent_exits_of_one_enrolment_make_one_exit(world):
    caseworker = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider)
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    enrolment = referral_accept(
        by=None, referral=refer(citizen=citizen, programme=programme, by=caseworker), team=programme.teams.get()
    )

    def leave(_i):
        return enrolment_exit(
            by=caseworker, enrolment=enrolment, exit_date=enrolment.start_date + datetime.timedelta(days=30),
            outcome="dropout",
        )  # fmt: skip

    results = run_concurrently(leave, N)
    assert sum(isinstance(r, Exit) for r in results) == 1
    # the others are refused by the lifecycle (409 in the API), never a server error
    assert all(isinstance(r, IllegalTransition) for r in results if not isinstance(r, (Enrolment, Exit))), results
    assert Exit.objects.filter(enrolment=enrolment).count() == 1
