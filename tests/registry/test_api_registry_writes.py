"""Writes through the registry JSON API: create, partial update, the five criteria and staffing.
Each goes through registry.services (audited with channel "api"); bad input is a 422 whose
Danish message names the field, and nothing is stored."""

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from registry.choices import CriterionStatus, Kind, RsvStatus, Sector, Subkind
from registry.models import CriterionAssessment, Organisation, Staffing, Tag, TargetGroup
from registry.testing import valid_cvr

BASE = "/api/v1"
JSON = "application/json"
MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN


def field_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.fixture
def consultant(world, api_for):
    return api_for(world.users[Role.CONSULTANT])


def new_org(**changes) -> dict:
    data = {
        "municipality": "0621",
        "name": "Genbrugsværkstedet ApS",
        "kind": Kind.SOCIAL_ENTERPRISE,
        "sector": Sector.PRIVATE,
        "cvr": valid_cvr(9001),
        "legal_form": "aps",
        "industry_code": "88.99.00",
        "city": "Kolding",
        "postcode": "6000",
    }
    data.update(changes)
    return data


# --- Create --------------------------------------------------------------------------------------


def test_it_creates_an_organisation_and_audits_it_as_an_api_write(world, consultant):
    groups = list(TargetGroup.objects.order_by("code")[:2])
    payload = new_org(target_groups=[g.code for g in groups], tags=["genbrug", " værksted "])
    response = consultant.post(f"{BASE}/organisations", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    org = Organisation.objects.get(public_id=body["public_id"])
    assert (org.municipality, org.name, org.kind, org.cvr, org.industry_code) == (
        world.kolding, "Genbrugsværkstedet ApS", Kind.SOCIAL_ENTERPRISE, valid_cvr(9001), "889900"
    )  # fmt: skip
    assert set(org.target_groups.all()) == set(groups)
    assert sorted(org.tags.values_list("name", "municipality")) == [
        ("genbrug", world.kolding.pk),
        ("værksted", world.kolding.pk),
    ]
    assert body["tags"] == ["genbrug", "værksted"] and body["rsv_status"] == RsvStatus.NOT_ASSESSED
    event = AuditEvent.objects.get(event="registry.organisation.create", object_id=str(org.pk))
    assert (event.channel, event.actor, event.municipality_id) == (
        "api",
        world.users[Role.CONSULTANT],
        world.kolding.pk,
    )
    assert event.path == f"{BASE}/organisations"


def test_a_spaced_cvr_is_accepted_and_stored_compact(world, consultant):
    cvr = valid_cvr(9002)
    response = consultant.post(
        f"{BASE}/organisations", new_org(cvr=f"{cvr[:4]} {cvr[4:]}"), content_type=JSON
    )
    assert response.status_code == 201
    assert response.json()["cvr"] == cvr


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cvr": "12345678"}, "cvr", "CVR-nummeret har et forkert kontrolciffer."),
        ({"cvr": "1234"}, "cvr", "CVR-nummeret skal have 8 cifre."),
        ({"p_number": "12345"}, "p_number", "P-nummeret skal have 10 cifre."),
        ({"industry_code": "999999"}, "industry_code", "Branchekoden findes ikke."),
        ({"name": "   "}, "name", "Feltet skal udfyldes."),
        ({"name": None}, "name", None),
        ({"kind": "bageri"}, "kind", None),
        ({"municipality": "9999"}, "municipality", "Ukendt kommunekode."),
        ({"municipality": "Kolding"}, "municipality", "Har ikke det rigtige format."),
        ({"postcode": "60000"}, "postcode", "Har ikke det rigtige format."),
        ({"subkind": Subkind.JOB_CENTRE}, "subkind", "Undertypen passer ikke til aktørtypen."),
        (
            {"rsv_registered": True, "cvr": ""},
            "cvr",
            "Kun virksomheder med CVR-nummer kan registreres i RSV.",
        ),
        ({"target_groups": ["findes-ikke"]}, "target_groups", "Ukendt målgruppekode: findes-ikke."),
        ({"website": "ikke en adresse"}, "website", None),
        ({"rsv_registered_on": "31-12-2024"}, "rsv_registered_on", "Skal være en dato (ÅÅÅÅ-MM-DD)."),
        ({"rsv_registered_on": 0}, "rsv_registered_on", "Skal være en dato (ÅÅÅÅ-MM-DD)."),
        ({"rsv_registered": "ja"}, "rsv_registered", "Skal være true eller false."),
        ({"farve": "blå"}, "farve", "Ukendt felt."),
    ],
)
def test_a_bad_field_is_a_422_naming_it_and_nothing_is_created(world, consultant, changes, field, message):
    before = Organisation.objects.count()
    errors = field_errors(consultant.post(f"{BASE}/organisations", new_org(**changes), content_type=JSON))
    assert field in errors, errors
    if message:
        assert errors[field] == message
    assert "Input should" not in errors[field] and "Field required" not in errors[field]
    assert Organisation.objects.count() == before
    assert not Tag.objects.filter(municipality=world.kolding).exists()


def test_a_missing_field_is_named(world, consultant):
    payload = new_org()
    del payload["sector"]
    assert field_errors(consultant.post(f"{BASE}/organisations", payload, content_type=JSON)) == {
        "sector": "Feltet skal udfyldes."
    }


def test_every_bad_field_is_reported_at_once(world, consultant):
    payload = new_org(cvr="12345678", p_number="1", industry_code="x")
    errors = field_errors(consultant.post(f"{BASE}/organisations", payload, content_type=JSON))
    assert set(errors) == {"cvr", "p_number", "industry_code"}


def test_a_second_organisation_with_the_same_cvr_and_p_number_is_refused_on_the_cvr_field(world, consultant):
    assert consultant.post(f"{BASE}/organisations", new_org(), content_type=JSON).status_code == 201
    errors = field_errors(consultant.post(f"{BASE}/organisations", new_org(name="Kopi"), content_type=JSON))
    assert list(errors) == ["cvr"]
    assert not Organisation.objects.filter(name="Kopi").exists()


def test_a_body_that_is_not_json_is_a_400_in_danish(world, consultant):
    response = consultant.post(f"{BASE}/organisations", "{ikke json", content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"detail": "Kroppen kunne ikke læses som JSON."}


# --- Update --------------------------------------------------------------------------------------


def patch(client, org, data):
    return client.patch(f"{BASE}/organisations/{org.public_id}", data, content_type=JSON)


def test_a_patch_changes_only_the_fields_sent_and_audits_the_difference(world, consultant):
    org = world.company
    before = Organisation.objects.filter(pk=org.pk).values().get()
    response = patch(consultant, org, {"city": "Vamdrup", "purpose": "Tømrerarbejde"})
    assert response.status_code == 200
    after = Organisation.objects.filter(pk=org.pk).values().get()
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"city", "purpose", "updated_at"}
    event = AuditEvent.objects.get(event="registry.organisation.update", object_id=str(org.pk))
    assert event.channel == "api"
    assert event.changes == {"city": ["", "Vamdrup"], "purpose": ["", "Tømrerarbejde"]}


def test_a_patch_with_a_bad_cvr_changes_nothing(world, consultant):
    errors = field_errors(patch(consultant, world.company, {"cvr": "12345678", "city": "Vamdrup"}))
    assert list(errors) == ["cvr"]
    org = Organisation.objects.get(pk=world.company.pk)
    assert org.city == "" and org.cvr == world.company.cvr
    assert not AuditEvent.objects.filter(event="registry.organisation.update").exists()


@pytest.mark.parametrize("field", ["name", "kind", "sector", "municipality"])
def test_a_required_field_cannot_be_emptied(world, consultant, field):
    assert field_errors(patch(consultant, world.company, {field: None})) == {
        field: "Feltet må ikke være tomt."
    }


def test_null_empties_an_optional_text_field(world, consultant):
    Organisation.objects.filter(pk=world.company.pk).update(city="Kolding")
    assert patch(consultant, world.company, {"city": None}).status_code == 200
    assert Organisation.objects.get(pk=world.company.pk).city == ""


def test_a_kind_change_is_checked_against_the_stored_subkind(world, consultant):
    errors = field_errors(patch(consultant, world.jobcentre, {"kind": Kind.COMPANY}))
    assert list(errors) == ["subkind"]
    response = patch(
        consultant, world.jobcentre, {"kind": Kind.COMPANY, "subkind": "", "sector": Sector.PRIVATE}
    )
    assert response.status_code == 200 and response.json()["kind"] == Kind.COMPANY


def test_target_groups_and_tags_are_replaced_when_sent(world, consultant):
    group = TargetGroup.objects.order_by("code").first()
    body = patch(consultant, world.company, {"target_groups": [group.code], "tags": ["byg"]}).json()
    assert body["target_groups"] == [group.code] and body["tags"] == ["byg"]
    body = patch(consultant, world.company, {"target_groups": [], "tags": None}).json()
    assert body["target_groups"] == [] and body["tags"] == []


MOVE_REFUSED = "Organisationen kan kun flyttes mellem kommuner, hvor du må redigere aktørregistret."


def test_moving_to_another_municipality_needs_edit_rights_there(world, consultant, api_for):
    # Refused by registry.services (the same rule and words as the page): 422 on the field.
    assert field_errors(patch(consultant, world.company, {"municipality": "0751"})) == {"municipality": MOVE_REFUSED}
    user = world.users[Role.CONSULTANT]
    user.memberships.create(organisation=world.aarhus_business, role=Role.CASEWORKER)
    assert field_errors(patch(api_for(user), world.company, {"municipality": "0751"})) == {"municipality": MOVE_REFUSED}
    assert Organisation.objects.get(pk=world.company.pk).municipality == world.kolding
    user.memberships.create(organisation=world.aarhus_business, role=Role.CONSULTANT)
    world.company.tags.add(Tag.objects.create(municipality=world.kolding, name="byg"))
    body = patch(api_for(user), world.company, {"municipality": "0751"}).json()
    assert body["municipality"]["code"] == "0751"
    moved = Organisation.objects.get(pk=world.company.pk)
    assert moved.municipality == world.aarhus
    assert [(t.name, t.municipality_id) for t in moved.tags.all()] == [("byg", world.aarhus.pk)]


def test_a_provider_cannot_move_its_own_organisation(world, api_for):
    response = patch(api_for(world.users[Role.PROVIDER]), world.provider, {"municipality": "0751"})
    assert field_errors(response) == {"municipality": MOVE_REFUSED}
    assert Organisation.objects.get(pk=world.provider.pk).municipality == world.kolding


# --- Assessments and staffing --------------------------------------------------------------------


def criteria(*statuses, evidence="Vedtægter § 2"):
    return {
        "criteria": [
            {"criterion": i + 1, "status": s, "evidence": evidence if s != UNKNOWN else ""}
            for i, s in enumerate(statuses)
        ]
    }


def test_the_five_criteria_are_set_and_the_status_derived(world, consultant):
    org = world.social_enterprise
    url = f"{BASE}/organisations/{org.public_id}/assessments"
    response = consultant.put(url, criteria(MET, MET, MET, MET, MET), content_type=JSON)
    assert response.status_code == 200
    body = response.json()
    assert (body["rsv_status"], body["criteria_met"]) == (RsvStatus.MEETS, 5)
    assert CriterionAssessment.objects.filter(organisation=org, status=MET).count() == 5
    assert AuditEvent.objects.get(event="registry.assessment.update").channel == "api"
    body = consultant.put(url, criteria(MET, NOT_MET, UNKNOWN, UNKNOWN, UNKNOWN), content_type=JSON).json()
    assert (body["rsv_status"], body["criteria_met"]) == (RsvStatus.PARTLY, 1)


def test_a_criterion_met_without_evidence_is_refused_on_its_row(world, consultant):
    url = f"{BASE}/organisations/{world.social_enterprise.public_id}/assessments"
    payload = criteria(MET, MET, MET, MET, MET)
    payload["criteria"][2]["evidence"] = " "
    assert field_errors(consultant.put(url, payload, content_type=JSON)) == {
        "criteria.2.evidence": "Skriv dokumentationen for vurderingen."
    }
    assert not CriterionAssessment.objects.exists()


def test_the_criteria_must_be_five_and_distinct(world, consultant):
    url = f"{BASE}/organisations/{world.social_enterprise.public_id}/assessments"
    four = criteria(MET, MET, MET, MET)
    assert list(field_errors(consultant.put(url, four, content_type=JSON))) == ["criteria"]
    twice = criteria(MET, MET, MET, MET, MET)
    twice["criteria"][4]["criterion"] = 1
    assert list(field_errors(consultant.put(url, twice, content_type=JSON))) == ["criteria.4.criterion"]
    bad = criteria(MET, MET, MET, MET, "måske")
    assert list(field_errors(consultant.put(url, bad, content_type=JSON))) == ["criteria.4.status"]


def test_staffing_is_set_per_year_with_share_and_reasonableness(world, consultant):
    org = world.company
    url = f"{BASE}/organisations/{org.public_id}/staffing/2025"
    payload = {"employees_total": 80, "fleksjob": 10, "wage_subsidy": 5, "interns": 2}
    response = consultant.put(url, payload, content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    # 15 of 80 on special terms; 65 ordinary → 50 // 5 + 15 // 10 = 11 allowed, 5 + 2 used.
    assert body["special_total"] == 15 and body["special_share"] == pytest.approx(15 / 80)
    assert body["reserved_contract_eligible"] is False
    assert body["reasonableness"] == {"ordinary": 65, "allowed": 11, "used": 7, "remaining": 4}
    assert consultant.put(url, {**payload, "fleksjob": 30}, content_type=JSON).status_code == 200
    assert Staffing.objects.get(organisation=org, year=2025).fleksjob == 30
    stored = Organisation.objects.get(pk=org.pk)
    assert (stored.staffing_year, stored.employees_special) == (2025, 35)
    assert [e.channel for e in AuditEvent.objects.filter(event="registry.staffing.set")] == ["api", "api"]


def test_staff_on_special_terms_cannot_outnumber_the_total(world, consultant):
    url = f"{BASE}/organisations/{world.company.public_id}/staffing/2025"
    errors = field_errors(
        consultant.put(url, {"employees_total": 3, "fleksjob": 2, "skaanejob": 2}, content_type=JSON)
    )
    assert errors == {"employees_total": "Ansatte på særlige vilkår kan ikke være flere end ansatte i alt."}
    assert not Staffing.objects.exists()


@pytest.mark.parametrize(("year", "payload", "field"), [
    (1800, {"employees_total": 3}, "year"),
    (2025, {"employees_total": -1}, "employees_total"),
    (2025, {}, "employees_total"),
    (2025, {"employees_total": "5"}, "employees_total"),
    (2025, {"employees_total": 5.5}, "employees_total"),
])  # fmt: skip
def test_a_bad_staffing_value_is_named(world, consultant, year, payload, field):
    url = f"{BASE}/organisations/{world.company.public_id}/staffing/{year}"
    assert list(field_errors(consultant.put(url, payload, content_type=JSON))) == [field]
