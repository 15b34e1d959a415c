"""Who sees and changes what in the accelerator: roles × own company / another Kolding company /
an Aarhus company. Every role sees Kolding's programme, cohort and social models; a company
contact sees its own sessions and figures only; Aarhus sees nothing."""

import pytest

from accelerator.testing import world_cohorts
from accounts.roles import Role

RELATIONS = ("own", "same_municipality", "other_municipality")
ALL_COMPANIES = {Role.PROVIDER, Role.CONSULTANT, Role.ANALYST, Role.ADMIN}
EDITORS = {Role.CONSULTANT, Role.ADMIN}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_its_own_municipalitys_cohort_and_aarhus_sees_nothing(world, client_for, role):
    rows = world_cohorts(world)
    kolding = client_for(world.users[role])
    assert kolding.get(f"/accelerator/forloeb/{rows['cohort'].public_id}/").status_code == 200
    assert kolding.get(f"/accelerator/forloeb/{rows['aarhus_cohort'].public_id}/").status_code == 404
    outsider = client_for(world.outsiders[role])
    assert outsider.get(f"/accelerator/forloeb/{rows['cohort'].public_id}/").status_code == 404
    programme = rows["cohort"].programme
    assert outsider.get(f"/accelerator/programmer/{programme.public_id}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", RELATIONS)
def test_company_page_shows_sessions_only_to_the_company_and_those_who_follow_all(
    world, client_for, role, relation
):
    rows = world_cohorts(world)
    participant = rows[relation]
    from accelerator import services
    from accelerator.testing import system_user

    services.session_create(
        by=system_user(), participant=participant,
        data={"date": participant.cohort.start, "topic": "Forretningsmodel og dobbelt bundlinje", "advisor": "SKF"},
    )  # fmt: skip
    response = client_for(world.users[role]).get(f"/accelerator/virksomheder/{participant.public_id}/")
    if relation == "other_municipality":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    sees = role in ALL_COMPANIES or (role == Role.COMPANY and relation == "own")
    assert ("Forretningsmodel og dobbelt bundlinje" in response.text) == sees


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", RELATIONS)
def test_social_model_is_shown_to_all_partners_and_edited_by_consultant_or_own_company(
    world, client_for, role, relation
):
    rows = world_cohorts(world)
    model = rows[relation].social_model
    client = client_for(world.users[role])
    response = client.get(f"/accelerator/sociale-modeller/{model.public_id}/")
    assert response.status_code == (404 if relation == "other_municipality" else 200)
    response = client.post(
        f"/accelerator/sociale-modeller/{model.public_id}/step/",
        {"step-week": "1", "step-description": "Velkomst", "step-responsible": "Mester"},
    )
    may_edit = relation != "other_municipality" and (
        role in EDITORS or (role == Role.COMPANY and relation == "own")
    )
    assert response.status_code == (302 if may_edit else 404)
    assert model.induction.count() == (1 if may_edit else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_only_editors_create_cohorts_camps_and_sessions(world, client_for, role):
    rows = world_cohorts(world)
    client = client_for(world.users[role])
    cohort = rows["cohort"]
    response = client.post(
        f"/accelerator/forloeb/{cohort.public_id}/camps/ny/",
        {"title": "Camp 1", "date": "2026-02-02", "venue": "Kolding"},
    )
    assert response.status_code == (302 if role in EDITORS else 404)
    response = client.post(
        f"/accelerator/programmer/{cohort.programme.public_id}/",
        {"name": "Forløb 2027", "start": "2027-01-04"},
    )
    assert response.status_code == (302 if role in EDITORS else 404)


@pytest.mark.django_db
def test_user_without_roles_sees_nothing(world, client_for):
    rows = world_cohorts(world)
    client = client_for(world.nobody)
    assert client.get("/accelerator/").status_code == 404
    assert client.get(f"/accelerator/forloeb/{rows['cohort'].public_id}/").status_code == 404
