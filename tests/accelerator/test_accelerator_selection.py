"""Boot camp, applications, assessors' scores against seed 001's criteria and the decision
with its letter: rules, constraints under concurrent requests, Danish errors, permissions."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accelerator import services_recruitment as svc
from accelerator.models import Application, Decision, Participant, Score
from accelerator.testing import application, cohort, company, system_user, world_cohorts
from accounts.roles import Role
from audit.models import AuditEvent


def _score(criterion="social", score=4, justification="Stærk social profil"):
    return {"criterion": criterion, "score": score, "justification": justification}


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [0, 6, -1, None, "4"])
def test_a_score_outside_the_scale_is_refused_naming_the_field(world, bad):
    made = cohort(world.kolding, world.business)
    applied = application(made, world.company)
    with pytest.raises(ValidationError) as error:
        svc.score_set(by=world.users[Role.CONSULTANT], application=applied, data=_score(score=bad))
    assert "1 til 5" in error.value.message_dict["score"][0]
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_a_score_needs_a_justification(world):
    applied = application(cohort(world.kolding, world.business), world.company)
    with pytest.raises(ValidationError) as error:
        svc.score_set(by=world.users[Role.CONSULTANT], application=applied, data=_score(justification="  "))
    assert "begrundelse" in error.value.message_dict["justification"][0]


@pytest.mark.django_db
def test_several_assessors_score_and_scoring_again_replaces_ones_own_score(world):
    applied = application(cohort(world.kolding, world.business), world.company)
    consultant, admin = world.users[Role.CONSULTANT], world.users[Role.ADMIN]
    svc.score_set(by=consultant, application=applied, data=_score(score=3))
    svc.score_set(by=consultant, application=applied, data=_score(score=5))
    svc.score_set(by=admin, application=applied, data=_score(score=4))
    assert sorted(Score.objects.values_list("score", flat=True)) == [4, 5]
    assert AuditEvent.objects.filter(event="accelerator.application.score").count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_at_once_leave_one_score_per_assessor_and_criterion(world):
    applied = application(cohort(world.kolding, world.business), world.company)
    assessor = world.users[Role.CONSULTANT]
    barrier, errors = threading.Barrier(2), []

    def submit(points):
        try:
            barrier.wait()
            svc.score_set(by=assessor, application=applied, data=_score(score=points))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(p,)) for p in (2, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Score.objects.filter(application=applied, assessor=assessor, criterion="social").count() == 1


@pytest.mark.django_db
def test_a_decision_without_a_justification_is_refused_and_nothing_is_stored(world):
    applied = application(cohort(world.kolding, world.business), world.company)
    with pytest.raises(ValidationError) as error:
        svc.application_decide(
            by=world.users[Role.CONSULTANT], application=applied, decision="selected", justification=""
        )
    assert "begrundes" in error.value.message_dict["justification"][0]
    applied.refresh_from_db()
    assert applied.decision == Decision.PENDING and not Participant.objects.exists()


@pytest.mark.django_db
def test_a_selected_company_joins_the_cohort_and_a_declined_one_cannot_be_selected_later(world):
    made = cohort(world.kolding, world.business)
    chosen, other = application(made, world.company), application(made, company(world.kolding, "Smed ApS"))
    by = world.users[Role.CONSULTANT]
    svc.application_decide(by=by, application=chosen, decision="selected", justification="Stærkt potentiale")
    assert made.participants.filter(organisation=world.company).exists()
    svc.application_decide(by=by, application=other, decision="declined", justification="For tidligt")
    with pytest.raises(ValidationError) as error:
        svc.application_decide(by=by, application=other, decision="selected", justification="Alligevel")
    assert "decision" in error.value.message_dict


@pytest.mark.django_db
def test_an_application_from_a_company_not_in_the_registry_is_refused(world):
    made = cohort(world.kolding, world.business)
    for bad in (world.aarhus_company, 987654):
        with pytest.raises(ValidationError) as error:
            svc.application_create(
                by=system_user(), cohort=made, data={"organisation": bad, "motivation": "x"}
            )
        assert "aktørregister" in error.value.message_dict["organisation"][0]
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_boot_camp_lasts_two_days_by_default(world):
    made = cohort(world.kolding, world.business)
    camp = svc.boot_camp_create(
        by=system_user(), cohort=made, data={"start": datetime.date(2025, 11, 13), "venue": "Kolding"}
    )
    assert camp.end == datetime.date(2025, 11, 14)
    svc.boot_camp_register(by=system_user(), boot_camp=camp, organisation=world.company)
    with pytest.raises(ValidationError):
        svc.boot_camp_register(by=system_user(), boot_camp=camp, organisation=world.company)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_a_company_sees_its_own_application_never_scores_and_assessors_see_scores(world, client_for, role):
    rows = world_cohorts(world)
    own = application(rows["cohort"], world.company)
    other = application(rows["cohort"], world.social_enterprise)
    svc.score_set(
        by=world.users[Role.CONSULTANT], application=other, data=_score(justification="HEMMELIG-NOTE")
    )
    svc.score_set(by=world.users[Role.CONSULTANT], application=own, data=_score(justification="EGEN-NOTE"))
    client = client_for(world.users[role])
    own_page, other_page = (client.get(f"/accelerator/ansoegninger/{a.public_id}/") for a in (own, other))
    assessors = {Role.CONSULTANT, Role.ADMIN}
    follow_all = {Role.PROVIDER, Role.ANALYST} | assessors
    assert own_page.status_code == (200 if role in follow_all | {Role.COMPANY} else 404)
    assert other_page.status_code == (200 if role in follow_all else 404)
    if own_page.status_code == 200:
        assert ("EGEN-NOTE" in own_page.text) == (role in assessors)
    if other_page.status_code == 200:
        assert ("HEMMELIG-NOTE" in other_page.text) == (role in assessors)
    outsider = client_for(world.outsiders[role])
    assert outsider.get(f"/accelerator/ansoegninger/{own.public_id}/").status_code == 404


@pytest.mark.django_db
def test_the_selection_page_shows_a_bad_score_in_danish_and_decides_with_a_letter(world, client_for):
    made = cohort(world.kolding, world.business)
    applied = application(made, world.company)
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(
        f"/accelerator/ansoegninger/{applied.public_id}/vurdering/",
        {"criterion": "social", "score": "9", "justification": "God"},
    )
    assert response.status_code == 422 and "helt tal fra 1 til 5" in response.text
    response = client.post(
        f"/accelerator/ansoegninger/{applied.public_id}/afgoerelse/",
        {"decision": "selected", "justification": ""},
    )
    assert response.status_code == 422 and "begrundes" in response.text
    response = client.post(
        f"/accelerator/ansoegninger/{applied.public_id}/afgoerelse/",
        {"decision": "selected", "justification": "Stærkt socialt og kommercielt potentiale"},
    )
    assert response.status_code == 302
    letter = client_for(world.users[Role.COMPANY]).get(
        f"/accelerator/ansoegninger/{applied.public_id}/brev.pdf"
    )
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
