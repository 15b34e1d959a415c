"""The evaluation page's figures, worked by hand: registrations, attendance rate
(attended ÷ (attended + no-shows)), waiting-list conversions and organisations by kind."""

import pytest

from accounts.access import Access
from accounts.roles import Role
from events.evaluation import evaluation
from events.models import Signup, SignupStatus
from events.services_signups import signup_cancel, signup_mark, signup_register
from events.testing import at, make_event, make_series


@pytest.fixture
def held(world):
    series = make_series(world.kolding, world.business, name="Netværksmøder")
    event = make_event(world.kolding, world.business, capacity=3, series=series)
    people = [signup_register(event=event, name=f"P{i}", email=f"p{i}@example.dk", organisation_name=org)
              for i, org in enumerate(["Café Bro ApS", "Café Bro ApS", "Kolding Tømrer A/S", "", ""])]  # fmt: skip
    signup_cancel(signup=people[0])  # P3 is promoted
    user = world.users[Role.CONSULTANT]
    for p, status in zip(
        people[1:4], [SignupStatus.ATTENDED, SignupStatus.ATTENDED, SignupStatus.NO_SHOW], strict=True
    ):
        signup_mark(signup=p, status=status, by=user)
    # the event took place in the period evaluated
    type(event).objects.filter(pk=event.pk).update(starts_at=at(2026, 5, 5, 15), ends_at=at(2026, 5, 5, 17))
    return event


def test_the_figures_of_a_held_event(world, held):
    import datetime

    figures = evaluation(
        Access(world.users[Role.ANALYST]), datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    )
    total = figures["total"]
    assert (
        total["registrations"],
        total["attended"],
        total["no_show"],
        total["promoted"],
        total["waiting"],
    ) == (5, 2, 1, 1, 1)
    assert total["rate"] == 0.667
    assert figures["by_kind"] == [
        {"code": "company", "kind": "Almindelig virksomhed", "organisations": 1},
        {"code": "social_enterprise", "kind": "Socialøkonomisk virksomhed", "organisations": 1},
    ]
    assert (
        figures["series"][0]["event__series__name"] == "Netværksmøder"
        and figures["series"][0]["meetings"] == 1
    )
    assert Signup.objects.filter(status=SignupStatus.WAITLISTED).count() == 1


def test_the_evaluation_page_shows_them_danish_formatted_and_another_municipality_sees_none(
    world, client_for, held
):
    page = (
        client_for(world.users[Role.ANALYST])
        .get("/arrangementer/evaluering/?start=2026-01-01&end=2026-12-31")
        .content.decode()
    )
    assert "66,7 %" in page
    other = client_for(world.outsiders[Role.ANALYST]).get(
        "/arrangementer/evaluering/?start=2026-01-01&end=2026-12-31"
    )
    assert held.title not in other.content.decode()
