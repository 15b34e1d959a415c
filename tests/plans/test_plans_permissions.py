"""Who sees what in plans: roles × Kolding's records, Aarhus sees nothing; an enterprise sees its
own support cases and never another's; the steering group's minutes go to its members."""

import datetime

import pytest

from accounts.roles import Role
from accounts.testing import make_user
from plans import services_steering
from plans.testing import make_case, make_group, make_outreach, make_strategy, seed002_project

PLAN_VIEWERS = {Role.CASEWORKER, Role.PROCUREMENT, Role.CONSULTANT, Role.ANALYST, Role.ADMIN}
PLAN_EDITORS = {Role.CONSULTANT, Role.ADMIN}


@pytest.fixture
def plans_world(world):
    return {
        "strategy": make_strategy(world.kolding),
        "project": seed002_project(world.kolding),
        "group": make_group(world.kolding),
        "aarhus_strategy": make_strategy(world.aarhus),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_strategy_project_and_group_pages_by_role(world, client_for, plans_world, role):
    kolding_client, aarhus_client = client_for(world.users[role]), client_for(world.outsiders[role])
    for path in (
        f"/strategi/{plans_world['strategy'].public_id}/",
        f"/strategi/projekter/{plans_world['project'].public_id}/",
        f"/strategi/styregrupper/{plans_world['group'].public_id}/",
    ):
        assert kolding_client.get(path).status_code == (200 if role in PLAN_VIEWERS else 404), path
        assert aarhus_client.get(path).status_code == 404, path
    version = plans_world["strategy"].versions.get()
    edit = kolding_client.get(f"/strategi/versioner/{version.public_id}/maal/ny/")
    assert edit.status_code == (200 if role in PLAN_EDITORS else 404)
    assert aarhus_client.get(f"/strategi/versioner/{version.public_id}/maal/ny/").status_code == 404


@pytest.mark.django_db
def test_nobody_without_a_role_sees_the_start_page(world, client_for):
    assert client_for(world.nobody).get("/strategi/").status_code == 404


@pytest.mark.django_db
def test_an_enterprise_sees_its_own_support_cases_and_never_anothers(world, client_for):
    cafe_staff = make_user("cafe_bro", organisation=world.social_enterprise, role=Role.PROVIDER)
    own = make_case(world.kolding, organisation=world.social_enterprise, topic="rsv")
    other = make_case(world.kolding, organisation=world.company, topic="financing")
    entrepreneur = make_case(world.kolding, entrepreneur_name="Mette Idé", topic="start_up")
    client = client_for(cafe_staff)
    assert client.get(f"/strategi/sager/{own.public_id}/").status_code == 200
    assert client.get(f"/strategi/sager/{other.public_id}/").status_code == 404
    assert client.get(f"/strategi/sager/{entrepreneur.public_id}/").status_code == 404
    listing = client.get("/strategi/sager/").content.decode()
    assert "Café Bro ApS" in listing and "Kolding Tømrer" not in listing and "Mette Idé" not in listing
    # it may not act as the advisor on its own case
    assert client.post(f"/strategi/sager/{own.public_id}/kontakt/", {"date": "2026-03-01", "note": "x"}).status_code == 404
    consultant = client_for(world.users[Role.CONSULTANT])
    assert consultant.get(f"/strategi/sager/{other.public_id}/").status_code == 200
    assert client_for(world.outsiders[Role.CONSULTANT]).get(f"/strategi/sager/{own.public_id}/").status_code == 404
    assert client_for(world.users[Role.CASEWORKER]).get(f"/strategi/sager/{own.public_id}/").status_code == 404


@pytest.mark.django_db
def test_an_enterprise_asks_for_advice_for_its_own_organisation_only(world, client_for):
    cafe_staff = make_user("cafe_bro", organisation=world.social_enterprise, role=Role.PROVIDER)
    client = client_for(cafe_staff)
    response = client.post("/strategi/sager/henvendelse/", {"organisation": world.company.pk, "topic": "rsv", "question": "?"})
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    response = client.post(
        "/strategi/sager/henvendelse/", {"organisation": world.social_enterprise.pk, "topic": "rsv", "question": "Hvordan?"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_steering_group_sees_the_minutes_others_do_not(world, client_for):
    group = make_group(world.kolding)
    member = world.users[Role.ANALYST]
    services_steering.member_add(by=None, group=group, user=member, affiliation="Økonomi")
    services_steering.meeting_save(
        by=None, group=group, data={"date": datetime.date(2026, 2, 1), "agenda": "Projektplan", "decisions": "Godkendt", "minutes": "FORTROLIGT REFERAT"}
    )
    assert "FORTROLIGT REFERAT" in client_for(member).get(f"/strategi/styregrupper/{group.public_id}/").content.decode()
    assert "FORTROLIGT REFERAT" in client_for(world.users[Role.CONSULTANT]).get(f"/strategi/styregrupper/{group.public_id}/").content.decode()
    page = client_for(world.users[Role.CASEWORKER]).get(f"/strategi/styregrupper/{group.public_id}/").content.decode()
    assert "Projektplan" in page and "FORTROLIGT REFERAT" not in page
    assert client_for(world.outsiders[Role.ANALYST]).get(f"/strategi/styregrupper/{group.public_id}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_the_outreach_log_is_the_consultants(world, client_for, role):
    make_outreach(world.kolding, world.social_enterprise)
    ok = role in {Role.CONSULTANT, Role.ADMIN}
    assert client_for(world.users[role]).get("/strategi/opsoegning/").status_code == (200 if ok else 404)
    page = client_for(world.outsiders[role]).get("/strategi/opsoegning/")
    assert page.status_code == 404 or "Café Bro" not in page.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_user_added_twice_at_once_is_a_member_once(world):
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections")
    group = make_group(world.kolding)
    barrier, outcomes = threading.Barrier(2), []

    def add():
        try:
            barrier.wait()
            services_steering.member_add(by=None, group=group, user=world.users[Role.ANALYST])
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.message_dict["user"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["Brugeren er allerede medlem af styregruppen.", "ok"]
    assert group.members.count() == 1
