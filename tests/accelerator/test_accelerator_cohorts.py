"""Programmes, cohorts, companies in a cohort, camps with programme and attendance, sparring
sessions: the services' rules, their audit rows and the pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accelerator import services
from accelerator.models import CampAttendance, FollowUp
from accelerator.testing import cohort, company, participant, system_user, world_cohorts
from accounts.roles import Role
from audit.models import AuditEvent


@pytest.mark.django_db
def test_a_cohort_lasts_the_programmes_twelve_months_by_default(world):
    made = cohort(world.kolding, world.business, start=datetime.date(2026, 1, 5))
    assert made.end == datetime.date(2027, 1, 4)
    assert AuditEvent.objects.filter(event="accelerator.cohort.create", object_id=str(made.pk)).exists()


@pytest.mark.django_db
def test_a_company_in_a_cohort_gets_a_social_model_and_six_months_of_follow_up(world):
    made = cohort(world.kolding, world.business, start=datetime.date(2026, 1, 5))
    joined = participant(made, world.company)
    assert joined.social_model.pk
    due = list(FollowUp.objects.filter(participant=joined).values_list("month", "due"))
    assert due == [
        (1, datetime.date(2027, 2, 4)),
        (3, datetime.date(2027, 4, 4)),
        (6, datetime.date(2027, 7, 4)),
    ]


@pytest.mark.django_db
def test_a_company_not_in_the_municipalitys_registry_is_refused_naming_the_field(world):
    made = cohort(world.kolding, world.business)
    with pytest.raises(ValidationError) as error:
        services.participant_add(by=system_user(), cohort=made, organisation=world.aarhus_company)
    assert "aktørregister" in error.value.message_dict["organisation"][0]
    with pytest.raises(ValidationError):
        services.participant_add(by=system_user(), cohort=made, organisation=999999)
    assert not made.participants.exists()


@pytest.mark.django_db
def test_a_company_joins_a_cohort_once(world):
    made = cohort(world.kolding, world.business)
    participant(made, world.company)
    with pytest.raises(ValidationError) as error:
        participant(made, world.company)
    assert "allerede" in error.value.message_dict["organisation"][0]


@pytest.mark.django_db
def test_camp_attendance_is_saved_for_the_whole_cohort_at_once(world, client_for):
    rows = world_cohorts(world)
    camp = services.camp_create(
        by=system_user(), cohort=rows["cohort"],
        data={"title": "Camp: den sociale model", "date": datetime.date(2026, 3, 2), "venue": "Kolding Hotel"},
    )  # fmt: skip
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(f"/accelerator/camps/{camp.public_id}/fremmoede/", {"attended": [rows["own"].pk]})
    assert response.status_code == 302
    marks = dict(CampAttendance.objects.filter(camp=camp).values_list("participant_id", "attended"))
    assert marks == {rows["own"].pk: True, rows["same_municipality"].pk: False}
    # another municipality's company cannot be marked present: nothing changes
    client.post(
        f"/accelerator/camps/{camp.public_id}/fremmoede/", {"attended": [rows["other_municipality"].pk]}
    )
    assert dict(CampAttendance.objects.filter(camp=camp).values_list("participant_id", "attended")) == marks
    assert AuditEvent.objects.filter(event="accelerator.camp.attendance").count() == 1


@pytest.mark.django_db
def test_camp_programme_items_name_their_experts(world, client_for):
    rows = world_cohorts(world)
    camp = services.camp_create(
        by=system_user(), cohort=rows["cohort"],
        data={"title": "Camp 2", "date": datetime.date(2026, 4, 6), "venue": "Kolding"},
    )  # fmt: skip
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(
        f"/accelerator/camps/{camp.public_id}/",
        {
            "starts_at": "09:30",
            "title": "Buddyteknikker",
            "expert": "Lene Madsen",
            "expert_organisation": "VIA",
        },
    )
    assert response.status_code == 302
    page = client_for(world.users[Role.COMPANY]).get(f"/accelerator/forloeb/{rows['cohort'].public_id}/")
    assert "Lene Madsen" in page.text


@pytest.mark.django_db
def test_a_session_without_a_topic_is_refused_in_danish(world, client_for):
    rows = world_cohorts(world)
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(
        f"/accelerator/virksomheder/{rows['own'].public_id}/",
        {"date": "2026-02-03", "topic": "", "advisor": "SKF", "status": "planned"},
    )
    assert response.status_code == 200
    assert "Feltet skal udfyldes" in response.text or "Dette felt er påkrævet" in response.text
    assert not rows["own"].sessions.exists()


@pytest.mark.django_db
def test_the_cohort_page_takes_the_same_number_of_queries_for_two_or_eight_companies(world, client_for):
    made = cohort(world.kolding, world.business)
    client = client_for(world.users[Role.CONSULTANT])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/accelerator/forloeb/{made.public_id}/").status_code == 200
        return len(queries)

    for n in range(2):
        participant(made, company(world.kolding, f"Virksomhed {n}"))
    few = count()
    for n in range(2, 8):
        participant(made, company(world.kolding, f"Virksomhed {n}"))
    assert count() == few


@pytest.mark.django_db
def test_the_consultant_creates_a_programme_owned_by_an_organisation_of_the_municipality(world, client_for):
    client = client_for(world.users[Role.CONSULTANT])
    assert client.get("/accelerator/programmer/ny/").status_code == 200
    response = client.post(
        "/accelerator/programmer/ny/",
        {"municipality": world.kolding.pk, "name": "Vækst med social bundlinje", "owner": world.aarhus_company.pk,
         "months": "12", "follow_up_months": "6"},
    )  # fmt: skip
    assert response.status_code == 200 and "Ejer" in response.text  # not an organisation of Kolding
    response = client.post(
        "/accelerator/programmer/ny/",
        {"municipality": world.kolding.pk, "name": "Vækst med social bundlinje", "owner": world.provider.pk,
         "months": "12", "follow_up_months": "6"},
    )  # fmt: skip
    assert response.status_code == 302
    assert client_for(world.users[Role.COMPANY]).get("/accelerator/programmer/ny/").status_code == 404
    assert "Vækst med social bundlinje" in client_for(world.users[Role.COMPANY]).get("/accelerator/").text
