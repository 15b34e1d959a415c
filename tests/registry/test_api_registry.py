"""The registry JSON API: list with the list page's filters and paging, read, create, update,
assessments and staffing; validation errors in Danish naming the field; the OpenAPI schema."""

import jsonschema
import pytest
from django.test import Client

from accounts.roles import Role
from registry import services
from registry.choices import CriterionStatus, Kind, RelationKind, RsvStatus, Sector
from registry.models import Organisation, Relation, Tag, TargetGroup
from registry.testing import make_organisation

BASE = "/api/v1"
MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN


def field_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "Ugyldige data."
    return {e["field"]: e["message"] for e in body["errors"]}


@pytest.fixture
def consultant(world, api_for):
    return api_for(world.users[Role.CONSULTANT])


@pytest.fixture
def listed(world):
    """Staffing, assessments, target groups and tags on Kolding organisations, via the services."""
    by = world.users[Role.CONSULTANT]
    services.staffing_set(
        by=by, organisation=world.social_enterprise, year=2024, data={"employees_total": 10, "fleksjob": 4}
    )
    services.staffing_set(
        by=by, organisation=world.company, year=2024, data={"employees_total": 20, "fleksjob": 2}
    )
    rows = [{"criterion": i, "status": MET, "evidence": "x", "assessed_on": None} for i in (1, 2, 3)]
    services.assessments_set(by=by, organisation=world.social_enterprise, rows=rows)
    world.groups = list(TargetGroup.objects.order_by("code")[:2])
    world.social_enterprise.target_groups.set(world.groups)
    world.company.target_groups.set(world.groups[:1])
    world.social_enterprise.tags.add(Tag.objects.create(municipality=world.kolding, name="café"))
    return world


def listed_names(client, **params) -> list[str]:
    response = client.get(f"{BASE}/organisations", {"limit": 200, **params})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return [item["name"] for item in body["items"]]


def kolding(world, **filters) -> set[str]:
    return set(
        Organisation.objects.filter(municipality=world.kolding, **filters).values_list("name", flat=True)
    )


# --- List ----------------------------------------------------------------------------------------


def test_the_list_holds_exactly_the_own_municipalitys_organisations(listed, consultant):
    names = listed_names(consultant)
    in_order = Organisation.objects.filter(municipality=listed.kolding).order_by("name", "pk")
    assert names == list(in_order.values_list("name", flat=True))  # the list page's default order
    assert "Aarhus Cykler ApS" not in names


def test_a_list_item_carries_the_derived_fields(listed, consultant):
    body = consultant.get(f"{BASE}/organisations", {"q": "Café Bro"}).json()
    (item,) = body["items"]
    assert item["municipality"] == {"code": "0621", "name": listed.kolding.name}
    assert item["special_share"] == pytest.approx(4 / 10)
    assert item["reserved_contract_eligible"] is True  # 40 % ≥ 30 %
    assert item["criteria_met"] == 3
    assert item["rsv_status"] == RsvStatus.PARTLY
    assert sorted(item["target_groups"]) == sorted(g.code for g in listed.groups)


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ({"kind": Kind.SOCIAL_ENTERPRISE}, {"kind": Kind.SOCIAL_ENTERPRISE}),
        ({"sector": Sector.PUBLIC}, {"sector": Sector.PUBLIC}),
        ({"rsv_status": RsvStatus.PARTLY}, {"rsv_status": RsvStatus.PARTLY}),
        ({"criteria_min": 3}, {"criteria_met__gte": 3}),
        ({"share_min": "30"}, {"special_share__gte": "0.30"}),
        ({"share_min": "9,5"}, {"special_share__gte": "0.095"}),
        ({"municipality": "0621"}, {}),
        ({"q": "kolding"}, {"name__icontains": "kolding"}),
        ({"tag": "café"}, {"tags__name": "café"}),
        ({"reserved_eligible": "true"}, {"special_share__gte": "0.30"}),
    ],
)
def test_it_filters_like_the_list_page(listed, consultant, params, filters):
    assert set(listed_names(consultant, **params)) == kolding(listed, **filters)


def test_it_filters_by_target_group_code(listed, consultant):
    first, second = listed.groups
    assert set(listed_names(consultant, target_group=first.code)) == {"Café Bro ApS", "Kolding Tømrer A/S"}
    assert set(listed_names(consultant, target_group=second.code)) == {"Café Bro ApS"}


def test_a_cvr_prefix_finds_the_organisation(listed, consultant):
    cvr = listed.company.cvr
    assert listed_names(consultant, q=cvr[:5]) == ["Kolding Tømrer A/S"]


def test_another_municipalitys_code_gives_an_empty_list_not_its_organisations(listed, consultant):
    assert listed_names(consultant, municipality="0751") == []


def test_it_sorts_by_share_descending_with_the_unknown_last(listed, consultant):
    names = listed_names(consultant, sort="-share")
    assert names[:2] == ["Café Bro ApS", "Kolding Tømrer A/S"]
    assert len(names) == len(kolding(listed))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "bageri"}, "kind"),
        ({"criteria_min": "9"}, "criteria_min"),
        ({"criteria_min": "tre"}, "criteria_min"),
        ({"share_min": "101"}, "share_min"),
        ({"share_min": "x"}, "share_min"),
        ({"municipality": "9999"}, "municipality"),
        ({"municipality": "Kolding"}, "municipality"),
        ({"target_group": "findes-ikke"}, "target_group"),
        ({"sort": "cvr"}, "sort"),
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"kinds": "company"}, "kinds"),
    ],
)
def test_a_bad_filter_is_a_422_naming_the_field(listed, consultant, params, field):
    errors = field_errors(consultant.get(f"{BASE}/organisations", params))
    assert list(errors) == [field]
    assert errors[field] and "Input should" not in errors[field]  # Danish, not pydantic's English


def test_pages_of_the_list_add_up_to_the_whole_list(listed, consultant):
    for n in range(12):
        make_organisation(listed.kolding, name=f"Sideopdeling {n:02d}")
    whole = listed_names(consultant)
    pages, offset = [], 0
    while True:
        body = consultant.get(f"{BASE}/organisations", {"limit": 5, "offset": offset}).json()
        assert body["count"] == len(whole)
        assert (body["limit"], body["offset"]) == (5, offset)
        if not body["items"]:
            break
        assert len(body["items"]) <= 5
        pages.extend(item["name"] for item in body["items"])
        offset += 5
    assert pages == whole


# --- Read ----------------------------------------------------------------------------------------


@pytest.fixture
def detailed(listed):
    by = listed.users[Role.CONSULTANT]
    org = listed.social_enterprise
    services.contact_save(
        by=by, organisation=org, contact=None, data={"name": "Mette Bro", "email": "mette@cafebro.dk"}
    )
    services.staffing_set(
        by=by,
        organisation=org,
        year=2025,
        data={"employees_total": 20, "fleksjob": 4, "wage_subsidy": 2, "interns": 1},
    )
    services.relation_create(by=by, source=org, target=listed.company, kind=RelationKind.SUPPLIER_TO)
    services.relation_create(by=by, source=listed.provider, target=org, kind=RelationKind.PARTNER_OF)
    return listed


def test_the_detail_has_contacts_groups_tags_assessments_staffing_and_relations(detailed, consultant):
    org = detailed.social_enterprise
    body = consultant.get(f"{BASE}/organisations/{org.public_id}").json()
    assert body["name"] == "Café Bro ApS"
    assert [(c["name"], c["email"]) for c in body["contacts"]] == [("Mette Bro", "mette@cafebro.dk")]
    assert {g["code"] for g in body["target_groups_detail"]} == {g.code for g in detailed.groups}
    assert body["tags"] == ["café"]
    assert [(a["criterion"], a["status"]) for a in body["assessments"]] == [
        (1, MET), (2, MET), (3, MET), (4, UNKNOWN), (5, UNKNOWN)
    ]  # fmt: skip
    latest = body["latest_staffing"]
    assert [s["year"] for s in body["staffing"]] == [2025, 2024]
    # 20 employees, 4 + 2 on special terms: share 6/20; ordinary 14 → 14 // 5 = 2 allowed, 2 + 1 used.
    assert latest["year"] == 2025 and latest["special_total"] == 6
    assert latest["special_share"] == pytest.approx(0.3)
    assert latest["reserved_contract_eligible"] is True
    assert latest["reasonableness"] == {"ordinary": 14, "allowed": 2, "used": 3, "remaining": 0}
    assert body["special_share"] == pytest.approx(0.3)  # the stored derived field follows the latest year
    assert body["relations_out"] == [
        {"kind": "supplier_to", "label": "er leverandør til", "note": "",
         "organisation": {"public_id": str(detailed.company.public_id), "name": "Kolding Tømrer A/S"}}
    ]  # fmt: skip
    assert [(r["label"], r["organisation"]["name"]) for r in body["relations_in"]] == [
        ("er partner med", "Job & Vækst Kolding ApS")
    ]
    assert body["can_edit"] is True


def test_a_relation_to_an_invisible_organisation_is_left_out(detailed, api_for):
    Relation.objects.create(
        source=detailed.aarhus_company, target=detailed.social_enterprise, kind=RelationKind.RUNS
    )
    body = (
        api_for(detailed.users[Role.CASEWORKER])
        .get(f"{BASE}/organisations/{detailed.social_enterprise.public_id}")
        .json()
    )
    assert "Aarhus Cykler ApS" not in str(body)
    assert body["can_edit"] is False


def test_a_missing_organisation_answers_exactly_like_a_foreign_one(world, consultant):
    missing = consultant.get(f"{BASE}/organisations/00000000-0000-0000-0000-000000000000")
    foreign = consultant.get(f"{BASE}/organisations/{world.aarhus_company.public_id}")
    assert missing.status_code == foreign.status_code == 404
    assert missing.json() == foreign.json() == {"detail": "Findes ikke."}


def test_a_malformed_id_is_a_422_naming_it(world, consultant):
    assert list(field_errors(consultant.get(f"{BASE}/organisations/abc"))) == ["public_id"]


# --- OpenAPI -------------------------------------------------------------------------------------


def test_the_openapi_schema_is_served_without_a_token_and_lists_the_paths(db):
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Brobyg API" and schema["info"]["version"] == "1"
    assert {
        "/api/v1/organisations",
        "/api/v1/organisations/{public_id}",
        "/api/v1/organisations/{public_id}/assessments",
        "/api/v1/organisations/{public_id}/staffing/{year}",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/organisations"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/organisations/{public_id}"]) == {"get", "patch"}
    assert {"type": "http", "scheme": "bearer"}.items() <= schema["components"]["securitySchemes"][
        "TokenAuth"
    ].items()
    jsonschema.Draft202012Validator.check_schema(schema["components"]["schemas"]["OrganisationDetail"])


def test_the_docs_page_is_served(db):
    assert Client().get(f"{BASE}/docs").status_code == 200


def test_the_docs_page_loads_swagger_from_our_own_static_files_as_the_csp_requires(db):
    html = Client().get(f"{BASE}/docs").content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html


def _validator(schema, name):
    """A JSON-schema validator for one component, resolving #/components/schemas/… refs."""
    root = {"$defs": {}, **schema}
    return jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}", **root})


def test_the_responses_conform_to_the_published_schema(detailed, consultant):
    schema = Client().get(f"{BASE}/openapi.json").json()
    _validator(schema, "OrganisationPage").validate(consultant.get(f"{BASE}/organisations").json())
    body = consultant.get(f"{BASE}/organisations/{detailed.social_enterprise.public_id}").json()
    _validator(schema, "OrganisationDetail").validate(body)
    bad = consultant.get(f"{BASE}/organisations", {"kind": "x"}).json()
    _validator(schema, "ValidationErrorOut").validate(bad)


# --- Token ---------------------------------------------------------------------------------------


def test_without_a_token_it_answers_401_with_a_bearer_challenge(world, client_for):
    logged_in = client_for(world.users[Role.CONSULTANT])  # a browser session does not count
    for client in (Client(), logged_in):
        response = client.get(f"{BASE}/organisations")
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json() == {"detail": "Manglende eller ugyldig API-nøgle."}


@pytest.mark.parametrize("header", ["Bearer bb_nope", "Token abc", "Bearer ", "Basic dXNlcjpwdw=="])
def test_an_unknown_or_malformed_token_answers_401(world, header):
    assert Client(headers={"Authorization": header}).get(f"{BASE}/organisations").status_code == 401


def test_the_token_acts_as_its_user_even_with_someone_elses_session(world, api_for):
    client = api_for(world.users[Role.CASEWORKER])
    client.force_login(world.users[Role.CONSULTANT])
    response = client.patch(
        f"{BASE}/organisations/{world.company.public_id}",
        {"city": "Vamdrup"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_write_needs_no_csrf_token(world, api_for):
    client = api_for(world.users[Role.CONSULTANT], enforce_csrf_checks=True)
    response = client.patch(
        f"{BASE}/organisations/{world.company.public_id}",
        {"city": "Vamdrup"},
        content_type="application/json",
    )
    assert response.status_code == 200
