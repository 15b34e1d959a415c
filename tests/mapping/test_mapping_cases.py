"""Local cases of the mapping: a short story with effects and methods, linked to organisations
of the municipality. Created, changed and deleted by editors, each change audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from mapping import services
from mapping.models import LocalCase


def test_an_editor_creates_a_case_linked_to_organisations(world, client_for):
    client = client_for(world.users["consultant"])
    data = {
        "title": "Caféen på havnen",
        "year": "2024",
        "story": "Seks borgere i praktik.",
        "effects": "Fire i job.",
        "methods": "Buddy-ordning.",
        "organisations": [world.social_enterprise.pk, world.jobcentre.pk],
    }
    response = client.post(reverse("mapping:case_create", args=["kolding"]), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#lokale-cases")
    case = LocalCase.objects.get()
    assert (case.municipality, case.year) == (world.kolding, 2024)
    assert {o.name for o in case.organisations.all()} == {"Café Bro ApS", "Jobcenter Kolding"}
    event = AuditEvent.objects.get(event="mapping.case.create")
    assert event.action == AuditAction.CREATE and event.municipality == world.kolding
    assert sorted(event.changes["organisations"][1]) == sorted(
        [str(world.social_enterprise.public_id), str(world.jobcentre.public_id)]
    )
    page = client.get(reverse("mapping:detail", args=["kolding"])).content.decode()
    assert "Caféen på havnen (2024)" in page and "Fire i job." in page and "Buddy-ordning." in page


def test_it_rejects_a_case_without_title_or_with_an_impossible_year(world, client_for):
    client = client_for(world.users["consultant"])
    response = client.post(
        reverse("mapping:case_create", args=["kolding"]), {"title": "", "story": "x", "year": "1850"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "År skal ligge mellem 1990 og" in body
    assert 'href="#id_title"' in body
    assert not LocalCase.objects.exists()


def test_changing_a_case_records_the_changes(world, client_for):
    consultant = world.users["consultant"]
    case = services.local_case_create(
        by=consultant, municipality=world.kolding, data={"title": "A", "story": "x"}
    )
    response = client_for(consultant).post(
        reverse("mapping:case_edit", args=["kolding", case.pk]),
        {"title": "B", "story": "x", "organisations": [world.company.pk]},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(event="mapping.case.update")
    assert event.changes["title"] == ["A", "B"]
    assert event.changes["organisations"] == [[], [str(world.company.public_id)]]


def test_deleting_a_case_is_audited_and_needs_post(world, client_for):
    consultant = world.users["consultant"]
    case = services.local_case_create(
        by=consultant, municipality=world.kolding, data={"title": "A", "story": "x"}
    )
    client = client_for(consultant)
    assert client.get(reverse("mapping:case_delete", args=["kolding", case.pk])).status_code == 405
    assert client.post(reverse("mapping:case_delete", args=["kolding", case.pk])).status_code == 302
    assert not LocalCase.objects.exists()
    assert AuditEvent.objects.get(event="mapping.case.delete").action == AuditAction.DELETE


def test_the_service_refuses_organisations_of_another_municipality(world):
    with pytest.raises(ValidationError) as error:
        services.local_case_create(
            by=world.users["consultant"],
            municipality=world.kolding,
            data={"title": "A", "story": "x"},
            organisations=[world.company, world.aarhus_company],
        )
    assert "Aarhus Cykler ApS" in error.value.message_dict["organisations"][0]
    assert not LocalCase.objects.exists()
