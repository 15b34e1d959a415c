"""The API's answers to what a client gets wrong (issue 11, finding 7): bounded paging
parameters (422 in Danish naming the parameter, never a database error), JSON from every path
(404, 403, 405 and 500 included, never HTML), and one OpenAPI component per schema name."""

import pytest
from django.test import Client
from ninja import Schema

from accounts.models import ApiToken
from accounts.roles import Role

HUGE = "100000000000000000000000000"
LISTS = ["/api/v1/referrals", "/api/v1/outcomes", "/api/v1/enrolments", "/api/v1/organisations"]


@pytest.fixture
def admin_api(world) -> Client:
    _token, raw = ApiToken.issue(user=world.users[Role.ADMIN], name="hardening")
    return Client(headers={"Authorization": f"Bearer {raw}"}, raise_request_exception=False)


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response.headers["Content-Type"].startswith("application/json"), response.headers["Content-Type"]
    body = response.json()
    assert body["detail"]
    return body


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(("parameter", "value"), [("offset", HUGE), ("offset", "-1"), ("limit", HUGE), ("limit", "0")])
def test_an_out_of_range_paging_parameter_answers_422_naming_it(admin_api, url, parameter, value):
    body = assert_json_error(admin_api.get(url, {parameter: value}), 422)
    assert [e["field"] for e in body["errors"]] == [parameter]
    assert body["errors"][0]["message"].startswith(("Må højst være", "Skal være mindst"))


@pytest.mark.parametrize("url", LISTS)
def test_the_largest_allowed_offset_answers_an_empty_page(admin_api, url):
    from core.api_bodies import OFFSET_MAX

    response = admin_api.get(url, {"offset": OFFSET_MAX})
    assert response.status_code == 200 and response.json()["items"] == []


def test_an_unknown_api_path_answers_json_404(admin_api):
    assert_json_error(admin_api.get("/api/v1/findes-ikke"), 404)
    assert_json_error(Client().get("/api/v2/organisations"), 404)  # no token, no such version


def test_a_method_the_path_does_not_take_answers_json_405_with_allow(admin_api):
    response = admin_api.delete("/api/v1/organisations")
    assert_json_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_a_forbidden_write_answers_json_403(world):
    _token, raw = ApiToken.issue(user=world.users[Role.CASEWORKER], name="læser")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    org = world.social_enterprise
    response = client.patch(f"/api/v1/organisations/{org.public_id}", {"name": "Nyt navn"}, content_type="application/json")
    assert_json_error(response, 403)


def test_an_unexpected_exception_answers_json_500_and_is_logged(admin_api, monkeypatch, caplog):
    import registry.api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(registry.api, "organisation_search", broken)
    org_url = "/api/v1/organisations"
    body = assert_json_error(admin_api.get(org_url), 500)
    assert "bug" not in body["detail"]  # no internals to the client
    assert any("a bug nobody foresaw" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_pages_keep_their_html_errors(world, client_for):
    response = client_for(world.users[Role.CONSULTANT]).get("/register/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404 and response.headers["Content-Type"].startswith("text/html")


def all_subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | all_subclasses(sub)
    return found


def test_every_api_schema_has_its_own_name(admin_api):
    """django-ninja names an OpenAPI component after the class: two classes with one name
    publish one of them for both (as CheckpointOut did)."""
    admin_api.get("/api/v1/openapi.json")  # imports every router
    ours = [s for s in all_subclasses(Schema) if s.__module__.split(".")[0] in {"registry", "pathways", "brobyg", "accounts"}]
    names: dict[str, str] = {}
    for schema in ours:
        where = f"{schema.__module__}.{schema.__qualname__}"
        assert names.setdefault(schema.__name__, where) == where, f"{schema.__name__}: {names[schema.__name__]} and {where}"


def test_the_status_report_response_publishes_its_own_checkpoint_shape(admin_api):
    components = admin_api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    report_checkpoint = components["StatusReportOut"]["properties"]["checkpoint"]
    ref = next(item["$ref"] for item in report_checkpoint["anyOf"] if "$ref" in item).rsplit("/", 1)[1]
    assert "week" in components[ref]["properties"]
    assert "due_week" in components["EnrolmentCheckpointOut"]["properties"]
