"""A full team puts an accepted referral on its waiting list instead of refusing; when a place
frees, the waiting referrals are accepted in queue order. Race-safe: the team row is locked and
the queue position is unique per team in the database; 20 providers accepting at once onto a
team of 5 places give exactly 5 enrolments and a queue numbered 1–15."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from pathways import services
from pathways.models import Enrolment, Referral, ReferralStatus, Team
from pathways.services_running import enrolment_exit
from pathways.services_waiting import waiting_list
from pathways.testing import make_citizen, make_programme, refer

TODAY = timezone.localdate()


def small_team(world, places: int) -> Team:
    programme = make_programme(provider=world.provider, team_start=TODAY + datetime.timedelta(days=7))
    return Team.objects.create(programme=programme, name="Lille hold", start_date=TODAY - datetime.timedelta(days=7), capacity=places)


def referrals(world, team, n: int) -> list[Referral]:
    cw = world.users[Role.CASEWORKER]
    return [
        refer(citizen=make_citizen(municipality=world.kolding, by=cw, caseworker=cw), programme=team.programme, by=cw)
        for _ in range(n)
    ]


@pytest.mark.django_db
def test_a_full_team_queues_the_referral_and_an_exit_promotes_the_first_in_line(world):
    provider = world.users[Role.PROVIDER]
    team = small_team(world, 1)
    first, second, third = referrals(world, team, 3)
    enrolment = services.referral_accept(by=provider, referral=first, team=team, wait_if_full=True)
    assert services.referral_accept(by=provider, referral=second, team=team, wait_if_full=True) is None
    assert services.referral_accept(by=provider, referral=third, team=team, wait_if_full=True) is None
    assert [(r.pk, r.waiting_position) for r in waiting_list(team)] == [(second.pk, 1), (third.pk, 2)]
    enrolment_exit(by=provider, enrolment=enrolment, exit_date=TODAY, outcome="dropout")
    second.refresh_from_db()
    assert second.status == ReferralStatus.ACCEPTED and second.waiting_position is None
    assert Enrolment.objects.get(referral=second).start_date == TODAY
    assert [r.pk for r in waiting_list(team)] == [third.pk]
    assert AuditEvent.objects.filter(event="pathways.referral.promote", object_id=str(second.pk)).exists()


@pytest.mark.django_db
def test_a_waiting_referral_can_be_withdrawn_and_leaves_the_queue(world):
    team = small_team(world, 0)
    (referral,) = referrals(world, team, 1)
    services.referral_accept(by=world.users[Role.PROVIDER], referral=referral, team=team, wait_if_full=True)
    services.referral_withdraw(by=world.users[Role.CASEWORKER], referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN and referral.waiting_position is None


@pytest.mark.django_db
def test_without_waiting_a_full_team_is_still_refused_naming_the_team(world):
    from django.core.exceptions import ValidationError

    team = small_team(world, 0)
    (referral,) = referrals(world, team, 1)
    with pytest.raises(ValidationError) as error:
        services.referral_accept(by=world.users[Role.PROVIDER], referral=referral, team=team)
    assert "team" in error.value.message_dict


@pytest.mark.django_db
def test_the_database_refuses_two_referrals_at_the_same_place_in_a_queue(world):
    team = small_team(world, 0)
    a, b = referrals(world, team, 2)
    Referral.objects.filter(pk=a.pk).update(status="waiting", team=team, waiting_position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=b.pk).update(status="waiting", team=team, waiting_position=1)


@pytest.mark.django_db
def test_the_inbox_offers_only_teams_not_started_or_rolling_with_free_places_shown(world, client_for):
    from pathways.models import Intake

    team = small_team(world, 2)
    team.programme.intake = Intake.FIXED
    team.programme.save(update_fields=["intake"])
    future = team.programme.teams.exclude(pk=team.pk).get()  # the template's team starts next week
    referrals(world, team, 1)
    html = client_for(world.users[Role.PROVIDER]).get(reverse("pathways:inbox")).content.decode()
    assert f'value="{future.pk}"' in html
    assert f'value="{team.pk}"' not in html  # fixed intake, started last week


@pytest.mark.django_db
def test_accepting_onto_a_full_team_from_the_inbox_queues_instead_of_failing(world, client_for):
    team = small_team(world, 0)
    team.start_date = TODAY + datetime.timedelta(days=14)
    team.save(update_fields=["start_date"])
    (referral,) = referrals(world, team, 1)
    response = client_for(world.users[Role.PROVIDER]).post(
        reverse("pathways:referral_accept", args=[referral.public_id]), {f"a{referral.pk}-team": team.pk}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.waiting_position) == ("waiting", 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_20_providers_accepting_at_once_fill_5_places_and_queue_15_in_order(world):
    provider = world.users[Role.PROVIDER]
    team = small_team(world, 5)
    pending = referrals(world, team, 20)

    def accept(referral):
        try:
            return services.referral_accept(by=provider, referral=referral, team=team, wait_if_full=True)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(accept, pending))
    assert sum(1 for r in results if r is not None) == 5
    assert Enrolment.objects.filter(team=team).count() == 5
    queue = waiting_list(team)
    assert [r.waiting_position for r in queue] == list(range(1, 16))
    # a place frees: the first in line is promoted, the rest keep their order
    enrolment_exit(by=provider, enrolment=Enrolment.objects.filter(team=team).first(), exit_date=TODAY, outcome="dropout")
    assert Enrolment.objects.filter(referral=queue[0]).exists()
    assert [r.pk for r in waiting_list(team)] == [r.pk for r in queue[1:]]
