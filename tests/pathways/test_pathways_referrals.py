"""Referral and enrolment lifecycles through the services: legal moves work, illegal moves
raise IllegalTransition and leave the state unchanged; every move is audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from core.lifecycle import IllegalTransition
from pathways import services
from pathways.models import CheckpointDue, Enrolment, Referral, Team
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


@pytest.fixture
def setup(world):
    caseworker, provider = world.users["caseworker"], world.users["provider"]
    programme = make_programme(provider=world.provider, team_start=START)
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    referral = refer(citizen=citizen, programme=programme, by=caseworker)
    return world, caseworker, provider, programme, citizen, referral


def test_accepting_places_on_a_team_and_creates_the_enrolment_and_due_dates(setup):
    _w, _cw, provider, programme, citizen, referral = setup
    team = programme.teams.get()
    enrolment = services.referral_accept(by=provider, referral=referral, team=team)
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.team == team and referral.decided_by == provider
    assert enrolment.citizen == citizen and enrolment.start_date == START and enrolment.status == "active"
    dues = {d.checkpoint.due_week: d.due for d in enrolment.checkpoints_due.select_related("checkpoint")}
    # By the end of week N = start + 7N − 1 days.
    assert dues == {
        1: datetime.date(2026, 1, 11),
        7: datetime.date(2026, 2, 22),
        8: datetime.date(2026, 3, 1),
        13: datetime.date(2026, 4, 5),
    }
    assert (
        AuditEvent.objects.filter(event="pathways.referral.accept", object_id=str(referral.pk)).count() == 1
    )


def test_a_wished_start_after_the_team_start_becomes_the_start_date(setup):
    _w, caseworker, provider, programme, _c, _r = setup
    other = make_citizen(municipality=_w.kolding, by=caseworker)
    referral = refer(
        citizen=other, programme=programme, by=caseworker, wished_start=datetime.date(2026, 2, 2)
    )
    enrolment = services.referral_accept(by=provider, referral=referral, team=programme.teams.get())
    assert enrolment.start_date == datetime.date(2026, 2, 2)


def test_declining_requires_a_reason_naming_the_field(setup):
    _w, _cw, provider, _p, _c, referral = setup
    with pytest.raises(ValidationError) as error:
        services.referral_decline(by=provider, referral=referral, reason="  ")
    assert "decline_reason" in error.value.message_dict
    referral.refresh_from_db()
    assert referral.status == "sent"


@pytest.mark.parametrize(
    "first, second",
    [
        ("decline", "accept"),
        ("decline", "withdraw"),
        ("withdraw", "accept"),
        ("withdraw", "decline"),
        ("accept", "decline"),
        ("accept", "withdraw"),
        ("accept", "accept"),
    ],
)
def test_a_decided_referral_refuses_any_further_move(setup, first, second):
    _w, caseworker, provider, programme, _c, referral = setup
    team = programme.teams.get()
    moves = {
        "accept": lambda: services.referral_accept(by=provider, referral=referral, team=team),
        "decline": lambda: services.referral_decline(by=provider, referral=referral, reason="Ingen plads"),
        "withdraw": lambda: services.referral_withdraw(by=caseworker, referral=referral),
    }
    moves[first]()
    before = Referral.objects.values().get(pk=referral.pk)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(IllegalTransition):
        moves[second]()
    assert Referral.objects.values().get(pk=referral.pk) == before
    assert Enrolment.objects.count() == (1 if first == "accept" else 0)
    assert AuditEvent.objects.count() == audit_before


def test_a_stale_instance_cannot_slip_an_illegal_move_past_the_database(setup):
    _w, caseworker, provider, _p, _c, referral = setup
    stale = Referral.objects.get(pk=referral.pk)
    services.referral_withdraw(by=caseworker, referral=referral)
    with pytest.raises(IllegalTransition):
        services.referral_decline(by=provider, referral=stale, reason="for sent")
    assert Referral.objects.get(pk=referral.pk).status == "withdrawn"


def test_a_full_team_refuses_another_citizen_naming_the_team_field(setup):
    w, caseworker, provider, programme, _c, referral = setup
    team = Team.objects.create(programme=programme, name="Lille hold", start_date=START, capacity=1)
    services.referral_accept(by=provider, referral=referral, team=team)
    second = refer(
        citizen=make_citizen(municipality=w.kolding, by=caseworker), programme=programme, by=caseworker
    )
    with pytest.raises(ValidationError) as error:
        services.referral_accept(by=provider, referral=second, team=team)
    assert "team" in error.value.message_dict
    second.refresh_from_db()
    assert second.status == "sent" and not Enrolment.objects.filter(referral=second).exists()


def test_a_team_of_another_programme_is_refused(setup):
    w, _cw, provider, _p, _c, referral = setup
    other = make_programme(provider=w.provider, key="vaekstpartnerskab")
    with pytest.raises(ValidationError) as error:
        services.referral_accept(by=provider, referral=referral, team=other.teams.get())
    assert "team" in error.value.message_dict
    assert CheckpointDue.objects.count() == 0


def test_a_second_open_referral_to_the_same_programme_is_refused(setup):
    _w, caseworker, _p, programme, citizen, _r = setup
    with pytest.raises(ValidationError) as error:
        refer(citizen=citizen, programme=programme, by=caseworker)
    assert "programme" in error.value.message_dict


def test_an_exited_or_active_enrolment_refuses_illegal_pause_and_resume(setup):
    _w, _cw, provider, programme, _c, referral = setup
    enrolment = services.referral_accept(by=provider, referral=referral, team=programme.teams.get())
    with pytest.raises(IllegalTransition):
        services.enrolment_resume(by=provider, enrolment=enrolment, end=datetime.date(2026, 2, 1))
    assert Enrolment.objects.get(pk=enrolment.pk).status == "active"
    services.enrolment_pause(by=provider, enrolment=enrolment, start=datetime.date(2026, 1, 19))
    with pytest.raises(IllegalTransition):
        services.enrolment_pause(by=provider, enrolment=enrolment, start=datetime.date(2026, 1, 20))
    assert Enrolment.objects.get(pk=enrolment.pk).status == "paused"
    assert enrolment.pauses.count() == 1
    Enrolment.objects.filter(pk=enrolment.pk).update(status="exited")
    with pytest.raises(IllegalTransition):
        services.enrolment_resume(by=provider, enrolment=enrolment, end=datetime.date(2026, 2, 1))
    assert enrolment.pauses.get().end is None
