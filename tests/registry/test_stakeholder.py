"""The stakeholder analysis: placing actors by influence × interest (1–5), moving and removing
them, with a clear error for anything outside 1–5 and an audit row for every change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from mapping import services
from mapping.models import StakeholderPosition
from mapping.selectors import mapping_report


def url(name="mapping:stakeholders", *args):
    return reverse(name, args=["kolding", *args])


def test_it_places_an_organisation_and_writes_an_audit_row(world):
    consultant = world.users["consultant"]
    position = services.stakeholder_set(
        by=consultant, organisation=world.jobcentre, influence=5, interest=4, note=" LBR "
    )
    assert (position.influence, position.interest, position.note, position.quadrant) == (
        5,
        4,
        "LBR",
        "manage",
    )
    event = AuditEvent.objects.get(event="mapping.stakeholder.set")
    assert event.action == AuditAction.CREATE
    assert event.actor == consultant
    assert event.municipality == world.kolding
    assert event.object_label == "Jobcenter Kolding"
    assert event.changes == {"influence": [None, 5], "interest": [None, 4], "note": [None, "LBR"]}


def test_moving_an_organisation_records_only_what_changed(world):
    consultant = world.users["consultant"]
    services.stakeholder_set(by=consultant, organisation=world.company, influence=2, interest=2)
    services.stakeholder_set(by=consultant, organisation=world.company, influence=2, interest=5)
    services.stakeholder_set(
        by=consultant, organisation=world.company, influence=2, interest=5
    )  # no change, no row
    events = list(AuditEvent.objects.filter(event="mapping.stakeholder.set").order_by("id"))
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert events[1].changes == {"interest": [2, 5]}
    assert StakeholderPosition.objects.get(organisation=world.company).quadrant == "inform"


@pytest.mark.parametrize(
    ("influence", "interest", "field"),
    [
        (0, 3, "influence"),
        (6, 3, "influence"),
        (3, 0, "interest"),
        (3, "9", "interest"),
        ("x", 3, "influence"),
        (None, 3, "influence"),
        (True, 3, "influence"),
        ("2.5", 3, "influence"),
    ],
)
def test_it_rejects_a_value_outside_1_to_5_naming_the_field(world, influence, interest, field):
    with pytest.raises(ValidationError) as error:
        services.stakeholder_set(
            by=world.users["consultant"], organisation=world.company, influence=influence, interest=interest
        )
    assert list(error.value.message_dict) == [field]
    assert "skal være et helt tal fra 1 til 5" in error.value.message_dict[field][0]
    assert not StakeholderPosition.objects.exists()
    assert not AuditEvent.objects.filter(event="mapping.stakeholder.set").exists()


def test_it_names_both_fields_when_both_are_wrong(world):
    with pytest.raises(ValidationError) as error:
        services.stakeholder_set(
            by=world.users["consultant"], organisation=world.company, influence=7, interest=-1
        )
    assert set(error.value.message_dict) == {"influence", "interest"}


def test_a_bad_value_keeps_the_stored_position(world):
    consultant = world.users["consultant"]
    services.stakeholder_set(by=consultant, organisation=world.company, influence=4, interest=4)
    with pytest.raises(ValidationError):
        services.stakeholder_set(by=consultant, organisation=world.company, influence=4, interest=8)
    assert StakeholderPosition.objects.get(organisation=world.company).interest == 4


def test_removing_writes_a_delete_row(world):
    consultant = world.users["consultant"]
    services.stakeholder_set(by=consultant, organisation=world.company, influence=1, interest=1)
    assert services.stakeholder_remove(by=consultant, organisation=world.company) is True
    assert services.stakeholder_remove(by=consultant, organisation=world.company) is False
    event = AuditEvent.objects.get(event="mapping.stakeholder.remove")
    assert event.action == AuditAction.DELETE
    assert event.changes == {"influence": [1, None], "interest": [1, None], "note": ["", None]}
    assert not StakeholderPosition.objects.exists()


def test_the_editor_places_an_organisation_and_the_report_shows_it_in_its_quadrant(world, client_for):
    client = client_for(world.users["consultant"])
    response = client.post(
        url(),
        {"organisation": world.provider.public_id, "influence": "4", "interest": "1", "note": "Leverandør"},
    )
    assert response.status_code == 302
    report = mapping_report(world.kolding)
    assert [s.name for s in report.quadrant("satisfy").stakeholders] == ["Job & Vækst Kolding ApS"]
    page = client.get(reverse("mapping:detail", args=["kolding"])).content.decode()
    assert "Job &amp; Vækst Kolding ApS" in page
    assert "indflydelse 4, interesse 1" in page


def test_the_editor_shows_a_clear_error_for_a_value_outside_1_to_5(world, client_for):
    client = client_for(world.users["consultant"])
    response = client.post(
        url(), {"organisation": world.provider.public_id, "influence": "9", "interest": "3"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Indflydelse skal være et helt tal fra 1 til 5." in body
    assert 'href="#id_influence"' in body  # the error summary links to the field
    assert not StakeholderPosition.objects.exists()


def test_an_error_in_a_placed_row_is_shown_in_that_row(world, client_for):
    consultant = world.users["consultant"]
    services.stakeholder_set(by=consultant, organisation=world.company, influence=2, interest=2)
    response = client_for(consultant).post(
        url(), {"fixed": "1", "organisation": world.company.public_id, "influence": "2", "interest": "0"}
    )
    body = response.content.decode()
    assert f'id="id_{world.company.public_id}_interest_error"' in body
    assert "Interesse skal være et helt tal fra 1 til 5." in body
    assert StakeholderPosition.objects.get(organisation=world.company).interest == 2


def test_a_placed_row_can_be_moved(world, client_for):
    consultant = world.users["consultant"]
    services.stakeholder_set(by=consultant, organisation=world.company, influence=2, interest=2)
    response = client_for(consultant).post(
        url(),
        {
            "fixed": "1",
            "organisation": world.company.public_id,
            "influence": "5",
            "interest": "5",
            "note": "Vigtig",
        },
    )
    assert response.status_code == 302
    position = StakeholderPosition.objects.get(organisation=world.company)
    assert (position.influence, position.interest, position.note) == (5, 5, "Vigtig")


def test_htmx_gets_the_editor_fragment_back(world, client_for):
    client = client_for(world.users["consultant"])
    response = client.post(
        url(),
        {"organisation": world.company.public_id, "influence": "3", "interest": "3"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="stakeholder-editor">')
    assert "<html" not in body
    assert "Kolding Tømrer A/S er placeret i interessentanalysen." in body
    response = client.post(url("mapping:stakeholder_remove", world.company.public_id), HTTP_HX_REQUEST="true")
    assert "Kolding Tømrer A/S er taget ud af interessentanalysen." in response.content.decode()
    assert not StakeholderPosition.objects.exists()


def test_the_editor_offers_only_unplaced_organisations_of_the_municipality(world, client_for):
    consultant = world.users["consultant"]
    services.stakeholder_set(by=consultant, organisation=world.company, influence=2, interest=2)
    body = client_for(consultant).get(url()).content.decode()
    add_form = body.split('id="h-add"', 1)[1].split('id="h-placed"', 1)[0]
    assert f'value="{world.provider.public_id}"' in add_form
    assert f'value="{world.company.public_id}"' not in add_form
    assert str(world.aarhus_company.public_id) not in body


def test_removal_needs_post(world, client_for):
    response = client_for(world.users["consultant"]).get(
        url("mapping:stakeholder_remove", world.company.public_id)
    )
    assert response.status_code == 405
