"""Checkpoint due dates from the programme template, moved by pauses (pathways.rules)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pathways import services
from pathways.models import Checkpoint
from pathways.templates import TEMPLATES, programme_from_template
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)  # a Monday


@pytest.fixture
def enrolment(world):
    caseworker = world.users["caseworker"]
    programme = make_programme(provider=world.provider, team_start=START)
    citizen = make_citizen(municipality=world.kolding, by=caseworker)
    referral = refer(citizen=citizen, programme=programme, by=caseworker)
    return services.referral_accept(by=world.users["provider"], referral=referral, team=programme.teams.get())


def _dues(enrolment):
    return {d.checkpoint.due_week: d.due for d in enrolment.checkpoints_due.select_related("checkpoint")}


def test_the_training_kitchen_template_matches_seed_003(world):
    programme = programme_from_template(key="kokkeskole", provider=world.provider)
    phase = programme.phases.get()
    assert (phase.weeks, phase.hours_per_week) == (13, 25)
    assert programme.intake == "rolling" and programme.courses_per_year == 24
    assert list(programme.checkpoints.values_list("kind", "due_week")) == [
        ("goals", 1),
        ("status", 7),  # "inden 8. forløbsuge"
        ("goal_last_weeks", 8),
        ("certificate", 13),
    ]
    assert set(Checkpoint.objects.filter(programme=programme).values_list("phase", flat=True)) == {phase.pk}


def test_the_partnership_template_matches_seed_001(world):
    programme = programme_from_template(key="vaekstpartnerskab", provider=world.provider)
    phases = list(programme.phases.values_list("weeks", "hours_per_week", "place"))
    assert phases == [(26, 10, "provider"), (26, None, "company")]
    assert len(TEMPLATES["vaekstpartnerskab"]["checkpoints"]) == 0


def test_written_status_before_week_8_is_due_on_the_last_day_of_week_7(enrolment):
    assert _dues(enrolment)[7] == START + datetime.timedelta(days=7 * 7 - 1)


def test_a_pause_moves_later_due_dates_and_leaves_them_open_until_resumed(world, enrolment):
    provider = world.users["provider"]
    services.enrolment_pause(by=provider, enrolment=enrolment, start=datetime.date(2026, 1, 19))
    dues = _dues(enrolment)
    assert dues[1] == datetime.date(2026, 1, 11)  # before the pause: unchanged
    assert dues[7] is None and dues[8] is None and dues[13] is None
    services.enrolment_resume(by=provider, enrolment=enrolment, end=datetime.date(2026, 2, 2))  # 14 days
    dues = _dues(enrolment)
    assert dues[1] == datetime.date(2026, 1, 11)
    assert dues[7] == datetime.date(2026, 2, 22) + datetime.timedelta(days=14)
    assert dues[8] == datetime.date(2026, 3, 1) + datetime.timedelta(days=14)
    assert dues[13] == datetime.date(2026, 4, 5) + datetime.timedelta(days=14)
    assert enrolment.status == "active"


def test_two_pauses_add_up(world, enrolment):
    provider = world.users["provider"]
    services.enrolment_pause(by=provider, enrolment=enrolment, start=datetime.date(2026, 1, 19))
    services.enrolment_resume(by=provider, enrolment=enrolment, end=datetime.date(2026, 1, 26))  # 7 days
    services.enrolment_pause(by=provider, enrolment=enrolment, start=datetime.date(2026, 2, 9))
    services.enrolment_resume(by=provider, enrolment=enrolment, end=datetime.date(2026, 2, 12))  # 3 days
    assert _dues(enrolment)[13] == datetime.date(2026, 4, 5) + datetime.timedelta(days=10)


def test_a_pause_before_the_start_is_refused_naming_the_field(world, enrolment):
    with pytest.raises(ValidationError) as error:
        services.enrolment_pause(
            by=world.users["provider"], enrolment=enrolment, start=datetime.date(2026, 1, 1)
        )
    assert "start" in error.value.message_dict
    assert enrolment.pauses.count() == 0
    enrolment.refresh_from_db()
    assert enrolment.status == "active"


def test_a_resume_before_the_pause_began_is_refused_and_the_pause_stays_open(world, enrolment):
    provider = world.users["provider"]
    services.enrolment_pause(by=provider, enrolment=enrolment, start=datetime.date(2026, 1, 19))
    with pytest.raises(ValidationError) as error:
        services.enrolment_resume(by=provider, enrolment=enrolment, end=datetime.date(2026, 1, 18))
    assert "end" in error.value.message_dict
    enrolment.refresh_from_db()
    assert enrolment.status == "paused" and enrolment.pauses.get().end is None
