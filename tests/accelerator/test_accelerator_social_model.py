"""The social model: value-creating tasks, the induction plan and trained buddies; the
readiness check, and the gate partnerships asks before a company's placement slots open."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accelerator import gates, rules, services_social
from accelerator.testing import complete_social_model, participant, system_user, world_cohorts
from accounts.roles import Role


def test_readiness_names_everything_missing():
    empty = rules.readiness(tasks=[], induction_steps=0, trained_buddies=0)
    assert not empty.complete and len(empty.missing) == 3
    ready = rules.readiness(
        tasks=[rules.TaskFacts(hours_per_week=Decimal("8"), citizens=1)], induction_steps=2, trained_buddies=1
    )
    assert ready.complete


@pytest.mark.django_db
def test_a_company_in_no_cohort_is_not_gated(world):
    assert gates.slots_may_open(world.social_enterprise) == (True, "")


@pytest.mark.django_db
def test_the_gate_blocks_slots_until_the_social_model_is_complete(world):
    rows = world_cohorts(world)
    allowed, reason = gates.slots_may_open(world.company)
    assert not allowed and "buddy" in reason
    model = rows["own"].social_model
    services_social.part_add(by=system_user(), social_model=model, kind="task", data={
        "description": "Pakning", "hours_per_week": Decimal("10"), "citizens": 2,
    })  # fmt: skip
    services_social.part_add(by=system_user(), social_model=model, kind="step", data={
        "week": 1, "description": "Introduktion", "responsible": "Mester",
    })  # fmt: skip
    buddy = services_social.part_add(by=system_user(), social_model=model, kind="buddy", data={"name": "Ole"})
    assert not gates.slots_may_open(world.company)[0]  # the buddy is not trained yet
    services_social.buddy_trained(by=system_user(), buddy=buddy, trained_on=datetime.date(2026, 2, 1))
    assert gates.slots_may_open(world.company) == (True, "")


@pytest.mark.django_db
def test_a_complete_model_in_one_cohort_opens_the_companys_slots(world):
    rows = world_cohorts(world)
    complete_social_model(rows["own"])
    from accelerator.testing import cohort

    later = cohort(world.kolding, world.business, name="Forløb 2027", start=datetime.date(2027, 1, 4))
    participant(later, world.company)
    assert gates.slots_may_open(world.company)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"description": "Pakning", "hours_per_week": Decimal("0"), "citizens": 1}, "hours_per_week"),
        ({"description": "Pakning", "hours_per_week": Decimal("40"), "citizens": 1}, "hours_per_week"),
        ({"description": "Pakning", "hours_per_week": Decimal("5"), "citizens": 0}, "citizens"),
        ({"description": "", "hours_per_week": Decimal("5"), "citizens": 1}, "description"),
    ],
)
def test_a_bad_task_is_refused_naming_the_field_and_nothing_is_stored(world, data, field):
    rows = world_cohorts(world)
    model = rows["own"].social_model
    with pytest.raises(ValidationError) as error:
        services_social.part_add(by=system_user(), social_model=model, kind="task", data=data)
    assert field in error.value.message_dict
    assert not model.tasks.exists()


@pytest.mark.django_db
def test_a_buddy_cannot_be_trained_in_the_future(world):
    rows = world_cohorts(world)
    model = rows["own"].social_model
    with pytest.raises(ValidationError) as error:
        services_social.part_add(by=system_user(), social_model=model, kind="buddy", data={
            "name": "Ole", "trained_on": datetime.date.today() + datetime.timedelta(days=3),
        })  # fmt: skip
    assert "fremtiden" in error.value.message_dict["trained_on"][0]


@pytest.mark.django_db
def test_the_page_shows_a_bad_hours_value_in_danish_under_the_field(world, client_for):
    rows = world_cohorts(world)
    model = rows["own"].social_model
    response = client_for(world.users[Role.COMPANY]).post(
        f"/accelerator/sociale-modeller/{model.public_id}/task/",
        {"task-description": "Pakning", "task-hours_per_week": "50", "task-citizens": "1"},
    )
    assert response.status_code == 422
    assert "højst 37" in response.text
    assert not model.tasks.exists()


@pytest.mark.django_db
def test_the_company_page_tells_what_the_social_model_lacks(world, client_for):
    rows = world_cohorts(world)
    response = client_for(world.users[Role.COMPANY]).get(
        f"/accelerator/virksomheder/{rows['own'].public_id}/"
    )
    assert "uddannet" in response.text
    complete_social_model(rows["own"])
    response = client_for(world.users[Role.COMPANY]).get(
        f"/accelerator/virksomheder/{rows['own'].public_id}/"
    )
    assert "praktikpladser kan åbnes" in response.text
