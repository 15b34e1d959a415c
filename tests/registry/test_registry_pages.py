"""The registry's organisation pages: create, edit, delete, detail (relations, staffing, RSV)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from registry import services
from registry.choices import Criterion, CriterionStatus, Kind, LegalForm, RelationKind, RsvStatus, Sector
from registry.models import Contact, Organisation, Relation, TargetGroup
from registry.rules import derive_rsv_status, reasonableness_capacity
from registry.testing import make_organisation


def create_payload(world, **changes) -> dict:
    data = {
        "name": "Grøn Genbrug ApS",
        "kind": Kind.SOCIAL_ENTERPRISE,
        "subkind": "",
        "municipality": world.kolding.pk,
        "cvr": "2425 6790",
        "p_number": "10 1234 5678",
        "legal_form": LegalForm.APS,
        "sector": Sector.PRIVATE,
        "industry_code": "88.99.00",
        "street": "Havnegade 1",
        "postcode": "6000",
        "city": "Kolding",
        "website": "",
        "purpose": "Genbrug og arbejdspladser",
        "notes": "",
        "tags_text": "genbrug, cafe",
    }
    data.update(changes)
    return data


@pytest.fixture
def consultant(world, client_for):
    return client_for(world.users[Role.CONSULTANT])


def test_it_creates_an_organisation_through_the_page(world, consultant):
    group = TargetGroup.objects.first()
    response = consultant.post(
        reverse("registry:create"), {**create_payload(world), "target_groups": [group.pk]}
    )
    org = Organisation.objects.get(name="Grøn Genbrug ApS")
    assert response.status_code == 302 and response.url == reverse("registry:detail", args=[org.public_id])
    assert (org.cvr, org.p_number, org.industry_code) == ("24256790", "1012345678", "889900")
    assert org.municipality == world.kolding
    assert list(org.target_groups.all()) == [group]
    assert sorted(org.tags.values_list("name", flat=True)) == ["cafe", "genbrug"]
    assert AuditEvent.objects.filter(event="registry.organisation.create", object_id=str(org.pk)).count() == 1


def test_a_bad_cvr_shows_an_error_naming_the_field_and_stores_nothing(world, consultant):
    before = Organisation.objects.count()
    response = consultant.post(reverse("registry:create"), create_payload(world, cvr="24256791"))
    body = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["cvr"]
    assert (
        "CVR-nummer: CVR-nummeret har et forkert kontrolciffer." in body
    )  # the error summary names the field
    assert 'aria-invalid="true"' in body and 'href="#id_cvr"' in body
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.filter(event="registry.organisation.create").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"cvr": "2425679"}, "cvr"),
        ({"p_number": "123"}, "p_number"),
        ({"industry_code": "999999"}, "industry_code"),
        ({"kind": Kind.COMPANY, "subkind": "job_centre"}, "subkind"),
        ({"rsv_registered": "on", "cvr": ""}, "cvr"),
        ({"municipality": "999999"}, "municipality"),
    ],
)
def test_invalid_input_is_refused_with_the_field_named(world, consultant, changes, field):
    response = consultant.post(reverse("registry:create"), create_payload(world, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Organisation.objects.filter(name="Grøn Genbrug ApS").exists()


def test_it_cannot_create_in_another_municipality(world, consultant):
    response = consultant.post(
        reverse("registry:create"), create_payload(world, municipality=world.aarhus.pk)
    )
    assert "municipality" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Grøn Genbrug ApS").exists()


def test_it_edits_an_organisation_and_audits_the_changed_fields(world, consultant):
    org = world.social_enterprise
    response = consultant.post(
        reverse("registry:edit", args=[org.public_id]),
        create_payload(world, name="Café Bro ApS", cvr=org.cvr, city="Vejle", tags_text=""),
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.city == "Vejle"
    event = AuditEvent.objects.get(event="registry.organisation.update", object_id=str(org.pk))
    assert event.changes["city"] == ["", "Vejle"]
    assert "name" not in event.changes


def test_a_bad_edit_leaves_the_organisation_unchanged(world, consultant):
    org = world.social_enterprise
    response = consultant.post(
        reverse("registry:edit", args=[org.public_id]), create_payload(world, name="Nyt navn", cvr="ABCDEFGH")
    )
    assert response.status_code == 200 and "cvr" in response.context["form"].errors
    org.refresh_from_db()
    assert org.name == "Café Bro ApS"


def test_the_own_organisation_editor_cannot_move_it_to_another_municipality(world, client_for):
    org = world.provider
    client = client_for(world.users[Role.PROVIDER])
    payload = create_payload(world, name=org.name, kind=org.kind, cvr=org.cvr, municipality=world.aarhus.pk)
    response = client.post(reverse("registry:edit", args=[org.public_id]), payload)
    org.refresh_from_db()
    assert org.municipality == world.kolding
    assert response.status_code in (200, 302)


def test_it_deletes_an_organisation_from_its_page_and_audits_it(world, consultant):
    org = world.company
    page = consultant.get(reverse("registry:detail", args=[org.public_id])).content.decode()
    assert reverse("registry:delete", args=[org.public_id]) in page
    response = consultant.post(reverse("registry:delete", args=[org.public_id]))
    assert response.status_code == 302 and response.url == reverse("registry:list")
    assert not Organisation.objects.filter(pk=org.pk).exists()
    event = AuditEvent.objects.get(event="registry.organisation.delete", object_id=str(org.pk))
    assert event.changes["name"] == ["Kolding Tømrer A/S", None]


def test_the_delete_button_is_shown_only_to_those_who_may_delete(world, client_for):
    org = world.provider
    page = client_for(world.users[Role.PROVIDER]).get(reverse("registry:detail", args=[org.public_id]))
    assert page.context["can_edit"] is True
    assert reverse("registry:delete", args=[org.public_id]) not in page.content.decode()


def test_delete_refuses_get(world, consultant):
    assert consultant.get(reverse("registry:delete", args=[world.company.public_id])).status_code == 405
    assert Organisation.objects.filter(pk=world.company.pk).exists()


def test_a_relation_shows_on_both_organisations_pages_with_the_inverse_label(world, consultant):
    response = consultant.post(
        reverse("registry:relation_add", args=[world.social_enterprise.public_id]),
        {"kind": RelationKind.SUPPLIER_TO, "target": world.company.pk, "note": "kantine"},
    )
    assert response.status_code == 302
    source_page = consultant.get(
        reverse("registry:detail", args=[world.social_enterprise.public_id])
    ).content.decode()
    target_page = consultant.get(reverse("registry:detail", args=[world.company.public_id])).content.decode()
    assert (
        "Café Bro ApS er leverandør til" in source_page and "Kolding Tømrer A/S</a> (kantine)" in source_page
    )
    assert "Kolding Tømrer A/S køber hos" in target_page and "Café Bro ApS</a>" in target_page


def test_a_relation_to_an_organisation_of_another_municipality_is_left_out_of_the_page(world, consultant):
    """As in the API (registry.access.relations_visible_to): after a move, the other end of a
    relation may lie in a municipality the user does not see; it is never named."""
    Relation.objects.create(source=world.aarhus_company, target=world.company, kind=RelationKind.RUNS)
    Relation.objects.create(source=world.company, target=world.aarhus_company, kind=RelationKind.PARTNER_OF)
    page = consultant.get(reverse("registry:detail", args=[world.company.public_id])).content.decode()
    assert "Aarhus Cykler ApS" not in page and "Ingen relationer." in page


def test_the_same_relation_twice_is_refused(world, consultant):
    url = reverse("registry:relation_add", args=[world.social_enterprise.public_id])
    payload = {"kind": RelationKind.PARTNER_OF, "target": world.company.pk, "note": ""}
    assert consultant.post(url, payload).status_code == 302
    again = consultant.post(url, payload)
    assert again.status_code == 200 and "Relationen findes allerede." in again.content.decode()
    assert world.social_enterprise.relations_out.count() == 1


@pytest.mark.parametrize(
    ("ordinary", "subsidised", "allowed", "remaining"),
    [(0, 0, 1, 1), (4, 0, 1, 1), (5, 0, 1, 1), (10, 0, 2, 2), (50, 0, 10, 10), (60, 0, 11, 11), (75, 0, 12, 12),
     (75, 3, 12, 9), (10, 2, 2, 0), (10, 5, 2, 0), (-3, 0, 1, 1)],
)  # fmt: skip
def test_the_reasonableness_rule_with_worked_numbers(ordinary, subsidised, allowed, remaining):
    result = reasonableness_capacity(ordinary=ordinary, subsidised_now=subsidised)
    assert (result.allowed, result.used, result.remaining) == (allowed, subsidised, remaining)


def test_staffing_shows_the_share_and_the_reasonableness_capacity(world, consultant):
    org = world.social_enterprise
    response = consultant.post(
        reverse("registry:staffing_add", args=[org.public_id]),
        {
            "year": 2024,
            "employees_total": 20,
            "fleksjob": 3,
            "skaanejob": 1,
            "wage_subsidy": 2,
            "other_special": 0,
            "interns": 1,
        },
    )
    assert response.status_code == 302
    page = consultant.get(reverse("registry:detail", args=[org.public_id])).content.decode()
    # 6 of 20 on special terms = 30,0 %; 14 ordinary → 14 // 5 = 2 allowed; 2 subsidy + 1 intern used.
    assert "Seneste år 2024: 30,0 % af de ansatte er på særlige vilkår." in page
    assert "Kan byde på reserverede kontrakter" in page
    # more used than allowed is a violation, not "room for 0 more" (the rimelighedskrav)
    assert "Overskredet: 2 tilladt, 3 optaget (1 for mange)" in page
    assert "plads til 0 mere" not in page
    org.refresh_from_db()
    assert (org.staffing_year, org.employees_total, org.employees_special, str(org.special_share)) == (
        2024,
        20,
        6,
        "0.3000",
    )


def test_staffing_with_more_special_than_total_is_refused(world, consultant):
    org = world.social_enterprise
    response = consultant.post(
        reverse("registry:staffing_add", args=[org.public_id]),
        {
            "year": 2024,
            "employees_total": 2,
            "fleksjob": 3,
            "skaanejob": 0,
            "wage_subsidy": 0,
            "other_special": 0,
            "interns": 0,
        },
    )
    assert response.status_code == 200
    assert "kan ikke være flere end ansatte i alt" in response.content.decode()
    assert not org.staffing.exists()


def assessment_payload(statuses: list[str]) -> dict:
    data = {
        "form-TOTAL_FORMS": "5",
        "form-INITIAL_FORMS": "5",
        "form-MIN_NUM_FORMS": "5",
        "form-MAX_NUM_FORMS": "5",
    }
    for i, (criterion, status) in enumerate(zip(Criterion, statuses, strict=True)):
        data[f"form-{i}-criterion"] = str(criterion.value)
        data[f"form-{i}-status"] = status
        data[f"form-{i}-evidence"] = "" if status == CriterionStatus.UNKNOWN else f"Vedtægter § {i + 1}"
        data[f"form-{i}-assessed_on"] = "2025-03-01"
    return data


MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN


@pytest.mark.parametrize(
    ("statuses", "expected", "met"),
    [
        ([MET] * 5, RsvStatus.MEETS, 5),
        ([MET, MET, NOT_MET, UNKNOWN, UNKNOWN], RsvStatus.PARTLY, 2),
        ([NOT_MET] + [UNKNOWN] * 4, RsvStatus.PARTLY, 0),
        ([UNKNOWN] * 5, RsvStatus.NOT_ASSESSED, 0),
    ],
)
def test_the_rsv_status_is_derived_from_the_assessment_page(world, consultant, statuses, expected, met):
    org = world.social_enterprise
    response = consultant.post(
        reverse("registry:assessment", args=[org.public_id]), assessment_payload(statuses)
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.rsv_status, org.criteria_met) == (expected, met)
    page = consultant.get(reverse("registry:detail", args=[org.public_id])).content.decode()
    assert f"{RsvStatus(expected).label} ({met}/5" in page


def test_an_assessment_without_evidence_is_refused(world, consultant):
    payload = assessment_payload([MET] * 5)
    payload["form-2-evidence"] = ""
    response = consultant.post(
        reverse("registry:assessment", args=[world.social_enterprise.public_id]), payload
    )
    assert response.status_code == 200
    assert "Skriv dokumentationen for vurderingen." in response.content.decode()
    assert not world.social_enterprise.assessments.exists()


def test_registration_in_rsv_wins_over_the_assessment(world):
    assert derive_rsv_status(registered=True, statuses=[]) == (RsvStatus.REGISTERED, 0)
    assert derive_rsv_status(registered=True, statuses=[MET, NOT_MET]) == (RsvStatus.REGISTERED, 1)
    assert derive_rsv_status(registered=False, statuses=[]) == (RsvStatus.NOT_ASSESSED, 0)


@pytest.mark.parametrize(
    ("legal_form", "flagged"),
    [
        (LegalForm.ENKELTMAND, True),
        (LegalForm.IS, True),
        (LegalForm.KS, True),
        (LegalForm.PUBLIC, True),
        (LegalForm.APS, False),
        (LegalForm.FORENING, False),
    ],
)
def test_an_ineligible_legal_form_is_flagged_on_the_page(world, consultant, legal_form, flagged):
    org = make_organisation(world.kolding, name="Formtest", legal_form=legal_form)
    page = consultant.get(reverse("registry:detail", args=[org.public_id])).content.decode()
    assert ("kan ikke registreres i RSV" in page) is flagged


def detail_queries(client, org) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("registry:detail", args=[org.public_id])).status_code == 200
    return len(ctx.captured_queries)


def furnish(org, others, contacts: int, by):
    for i in range(contacts):
        Contact.objects.create(organisation=org, name=f"Kontakt {i}", email=f"k{i}@example.dk")
    for i, other in enumerate(others):
        services.relation_create(
            by=by,
            source=org if i % 2 else other,
            target=other if i % 2 else org,
            kind=RelationKind.PARTNER_OF,
        )
    services.staffing_set(by=by, organisation=org, year=2024, data={"employees_total": 10, "fleksjob": 2})
    org.target_groups.set(TargetGroup.objects.all()[:3])


def test_the_detail_page_query_count_does_not_grow_with_contacts_and_relations(world, consultant):
    by = world.users[Role.CONSULTANT]
    small, large = make_organisation(world.kolding, name="Lille"), make_organisation(world.kolding, name="Stor")
    furnish(small, [make_organisation(world.kolding) for _ in range(2)], 2, by)
    furnish(large, [make_organisation(world.kolding) for _ in range(20)], 20, by)
    assert large.contacts.count() == 20 and large.relations_out.count() + large.relations_in.count() == 20
    consultant.get(reverse("registry:list"))  # warm the session
    assert detail_queries(consultant, small) == detail_queries(consultant, large)
