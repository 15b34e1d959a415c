"""A strategy in versions: a draft is edited, the council's adopted version never changes (the
service refuses, and so does PostgreSQL), a new draft copies it, two versions compare."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from accounts.roles import Role
from accounts.testing import make_user
from audit.models import AuditEvent
from plans import services
from plans.compare import compare_versions
from plans.models import ActionStatus, Initiative, StrategicGoal, StrategyVersion
from plans.testing import make_strategy, rsv_goal


def _adopted(world):
    strategy = make_strategy(world.kolding, goals=[rsv_goal()])
    version = strategy.versions.get()
    goal = version.goals.get()
    services.initiative_save(by=None, goal=goal, data={"title": "Kuvøse med håndholdt sparring", "owner_organisation": world.business})
    services.precondition_add(by=None, version=version, text="Et tværorganisatorisk projekt")
    services.version_adopt(by=None, version=version, adopted_on=datetime.date(2026, 6, 6), decision_ref="Byrådet, punkt 12")
    return strategy, version, goal


@pytest.mark.django_db
def test_a_strategy_starts_as_a_draft_and_is_audited(world):
    strategy = make_strategy(world.kolding, by=world.users[Role.CONSULTANT])
    version = strategy.versions.get()
    assert (version.number, version.status) == (1, "draft")
    assert AuditEvent.objects.filter(event="plans.strategy.create", municipality_id=world.kolding.pk).exists()


@pytest.mark.django_db
def test_an_adopted_version_cannot_be_changed_by_the_services(world):
    _strategy, version, goal = _adopted(world)
    attempts = [
        lambda: services.version_update(by=None, version=version, vision="Ny"),
        lambda: services.goal_save(by=None, version=version, data={"title": "Ændret"}, goal=goal),
        lambda: services.goal_save(by=None, version=version, data={"title": "Nyt mål"}),
        lambda: services.goal_delete(by=None, goal=goal),
        lambda: services.precondition_add(by=None, version=version, text="x"),
        lambda: services.initiative_save(by=None, goal=goal, data={"title": "x"}),
        lambda: services.version_adopt(by=None, version=version, adopted_on=datetime.date(2026, 7, 1), decision_ref="x"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="vedtagne version kan ikke ændres"):
            attempt()
    goal.refresh_from_db()
    assert goal.title == "Flere registrerede socialøkonomiske virksomheder"


@pytest.mark.django_db
def test_postgresql_itself_refuses_to_change_an_adopted_version(world):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    _strategy, version, goal = _adopted(world)
    for change in (
        lambda: StrategyVersion.objects.filter(pk=version.pk).update(vision="Skjult ændring"),
        lambda: StrategicGoal.objects.filter(pk=goal.pk).update(target=Decimal(99)),
        lambda: StrategicGoal.objects.create(version=version, title="Smuglet mål"),
        lambda: Initiative.objects.filter(goal=goal).update(title="Skjult"),
    ):
        with pytest.raises(DatabaseError, match="adopted strategy version"), transaction.atomic():
            change()
    # the progress of the adopted plan may still move
    item = goal.initiatives.get()
    services.initiative_set_status(by=None, initiative=item, status=ActionStatus.ONGOING)
    assert Initiative.objects.get(pk=item.pk).status == ActionStatus.ONGOING


@pytest.mark.django_db
def test_the_edit_pages_of_an_adopted_version_refuse_with_a_danish_message(world, client_for):
    _strategy, version, goal = _adopted(world)
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(f"/strategi/versioner/{version.public_id}/maal/{goal.public_id}/", {"title": "Ændret"})
    assert response.status_code == 200
    assert "vedtagne version kan ikke ændres" in response.content.decode()
    assert StrategicGoal.objects.get(pk=goal.pk).title != "Ændret"


@pytest.mark.django_db
def test_adopting_needs_a_date_and_a_decision(world):
    version = make_strategy(world.kolding).versions.get()
    with pytest.raises(ValidationError) as error:
        services.version_adopt(by=None, version=version, adopted_on=None, decision_ref=" ")
    assert set(error.value.message_dict) == {"adopted_on", "decision_ref"}


@pytest.mark.django_db
def test_a_new_draft_copies_the_adopted_version_and_only_one_draft_exists(world):
    strategy, version, goal = _adopted(world)
    draft = services.version_new_draft(by=None, strategy=strategy)
    assert draft.number == 2 and draft.status == "draft"
    assert [g.title for g in draft.goals.all()] == [goal.title]
    assert draft.goals.get().initiatives.get().title == "Kuvøse med håndholdt sparring"
    assert [p.text for p in draft.preconditions.all()] == ["Et tværorganisatorisk projekt"]
    with pytest.raises(ValidationError, match="allerede et udkast"):
        services.version_new_draft(by=None, strategy=strategy)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_starting_a_new_version_at_once_get_one_draft(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections")
    strategy, _version, _goal = _adopted(world)
    barrier, outcomes = threading.Barrier(2), []

    def start():
        try:
            barrier.wait()
            services.version_new_draft(by=None, strategy=strategy)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert strategy.versions.filter(status="draft").count() == 1


@pytest.mark.django_db
def test_a_deadline_before_the_start_is_refused_naming_the_field(world, client_for):
    strategy = make_strategy(world.kolding, goals=[rsv_goal()])
    goal = strategy.versions.get().goals.get()
    response = client_for(world.users[Role.CONSULTANT]).post(
        f"/strategi/maal/{goal.public_id}/initiativer/ny/",
        {"title": "Netværk", "start": "2026-05-01", "deadline": "2026-04-01", "status": "planned"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == ["Fristen skal ligge efter startdatoen."]
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_an_owner_from_another_municipality_is_refused_naming_the_field(world):
    strategy = make_strategy(world.kolding, goals=[rsv_goal()])
    goal = strategy.versions.get().goals.get()
    with pytest.raises(ValidationError) as error:
        services.initiative_save(by=None, goal=goal, data={"title": "x", "owner_organisation": world.aarhus_company})
    assert error.value.message_dict["owner_organisation"] == ["Den ansvarlige organisation skal høre til kommunen."]
    with pytest.raises(ValidationError) as error:
        services.initiative_save(by=None, goal=goal, data={"title": "x", "owner_user": world.outsiders[Role.CONSULTANT]})
    assert "owner_user" in error.value.message_dict
    assert not Initiative.objects.exists()
    # the page does not even offer them
    outsider = make_user("aarhus_extra", organisation=world.aarhus_business, role=Role.CONSULTANT)
    item = services.initiative_save(by=None, goal=goal, data={"title": "ok", "owner_user": world.users[Role.CONSULTANT]})
    assert item.owner_user == world.users[Role.CONSULTANT] and outsider.pk


@pytest.mark.django_db
def test_two_versions_compare(world, client_for):
    strategy, version, goal = _adopted(world)
    draft = services.version_new_draft(by=None, strategy=strategy)
    new_goal = draft.goals.get()
    services.goal_save(by=None, version=draft, data={"target": Decimal(15)}, goal=new_goal)
    services.goal_save(by=None, version=draft, data={"title": "Flere i ordinært job", "indicator": "exits_to_work", "target": Decimal(20)})
    services.version_update(by=None, version=draft, vision="En ny vision")
    changes = compare_versions(version, draft)
    assert changes["vision_changed"]
    assert [(c.kind, c.what) for c in changes["goals"]] == [("changed", goal.title), ("added", "Flere i ordinært job")]
    assert ("Mål", "10", "15") in changes["goals"][0].fields
    page = client_for(world.users[Role.ANALYST]).get(
        f"/strategi/{strategy.public_id}/sammenlign/?a={version.public_id}&b={draft.public_id}"
    )
    assert page.status_code == 200 and "Flere i ordinært job" in page.content.decode()


@pytest.mark.django_db
def test_the_strategy_page_shows_goals_initiatives_and_indicators(world, client_for, django_assert_max_num_queries):
    strategy, _version, _goal = _adopted(world)
    client = client_for(world.users[Role.CASEWORKER])
    client.get(f"/strategi/{strategy.public_id}/")
    with django_assert_max_num_queries(16):
        page = client.get(f"/strategi/{strategy.public_id}/").content.decode()
    assert "Kuvøse med håndholdt sparring" in page and "Antal RSV-registrerede" in page
    assert "vedtaget 06-06-2026 (Byrådet, punkt 12)" in page
    assert "Redigér mål" not in page


@pytest.mark.django_db
def test_the_strategy_is_a_pdf_for_the_steering_group(world, client_for):
    strategy, version, _goal = _adopted(world)
    response = client_for(world.users[Role.ANALYST]).get(f"/strategi/{strategy.public_id}/strategi.pdf?version={version.public_id}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client_for(world.outsiders[Role.ANALYST]).get(f"/strategi/{strategy.public_id}/strategi.pdf").status_code == 404


@pytest.mark.django_db
def test_an_initiative_links_to_the_programme_and_support_cases_that_carry_it_out(world, client_for):
    from pathways.testing import make_programme
    from plans.testing import make_case

    strategy = make_strategy(world.kolding, goals=[rsv_goal()])
    goal = strategy.versions.get().goals.get()
    programme = make_programme(provider=world.provider)
    item = services.initiative_save(by=None, goal=goal, data={"title": "Jobcentret leverer arbejdskraft", "programme": programme})
    make_case(world.kolding, organisation=world.social_enterprise, initiative=item)
    page = client_for(world.users[Role.ANALYST]).get(f"/strategi/{strategy.public_id}/").content.decode()
    assert f"Forløb: {programme.name}." in page and "1 rådgivningssag." in page
    aarhus_programme = make_programme(provider=world.aarhus_company)
    with pytest.raises(ValidationError) as error:
        services.initiative_save(by=None, goal=goal, data={"title": "x", "programme": aarhus_programme})
    assert error.value.message_dict["programme"] == ["Forløbet skal høre til kommunen."]
    with pytest.raises(ValidationError) as error:
        make_case(world.aarhus, organisation=world.aarhus_company, initiative=item)
    assert "initiative" in error.value.message_dict
