"""The attendance API: the same permissions as the pages (the running provider reads and saves;
a caseworker of the municipality reads, saving answers 403; everybody else 404) and the same
validation as the week grid (422 naming the row and field, nothing written)."""

from decimal import Decimal

import pytest
from django.test import Client

from accounts.roles import Role
from accounts.testing import make_user
from audit.models import AuditEvent
from pathways.models import AttendanceWeek
from pathways.testing import enrol, enrol_many, programme_with_team, week, weeks_ago
from registry.testing import make_municipal_unit
from tenants.models import Municipality

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def api_world(world):
    _p, team = programme_with_team(provider=world.provider)
    enrolments = enrol_many(2, team=team, caseworker=world.users[Role.CASEWORKER], municipality=world.kolding)
    week(enrolments[0], weeks_ago(2), attended=20, excused=5)
    week(enrolments[0], weeks_ago(1), attended=0, unexcused=25)
    world.other_provider = make_user("other_provider", organisation=world.social_enterprise, role=Role.PROVIDER)
    return world, team, enrolments


def team_url(team, monday) -> str:
    return f"/api/v1/teams/{team.public_id}/attendance?week={monday:%G-W%V}"


def body(enrolments, **override) -> dict:
    rows = [
        {"enrolment": str(e.public_id), "planned_hours": "25", "attended_hours": "25",
         "excused_hours": "0", "unexcused_hours": "0", "absence_reason": ""}
        for e in enrolments
    ]  # fmt: skip
    for index, values in override.items():
        rows[int(index.removeprefix("r"))].update(values)
    return {"rows": rows}


# who → (read team, save team, read enrolment)
MATRIX = {
    "provider": (200, 200, 200),
    "caseworker": (200, 403, 200),
    "admin": (200, 403, 200),  # sees citizens municipality-wide (CITIZEN_VIEW) but runs no programme
    "company": (404, 404, 404),
    "analyst": (404, 404, 404),
    "consultant": (404, 404, 404),
    "procurement": (404, 404, 404),
    "other_provider": (404, 404, 404),
    "aarhus_caseworker": (404, 404, 404),
    "aarhus_provider": (404, 404, 404),
}


def who_user(world, who):
    return {
        "other_provider": world.other_provider,
        "aarhus_caseworker": world.outsiders[Role.CASEWORKER],
        "aarhus_provider": world.outsiders[Role.PROVIDER],
    }.get(who) or world.users[who]


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_permission_matrix(api_world, who, api_for):
    world, team, enrolments = api_world
    read, save, read_enrolment = MATRIX[who]
    client = api_for(who_user(world, who))
    assert client.get(team_url(team, weeks_ago(1))).status_code == read
    response = client.put(team_url(team, weeks_ago(3)), body(enrolments), content_type=JSON)
    assert response.status_code == save
    assert AttendanceWeek.objects.filter(week=weeks_ago(3)).count() == (2 if save == 200 else 0)
    assert client.get(f"/api/v1/enrolments/{enrolments[0].public_id}/attendance").status_code == read_enrolment


def test_no_token_is_401(api_world):
    _w, team, _e = api_world
    assert Client().get(team_url(team, weeks_ago(1))).status_code == 401


def test_reading_a_week_returns_recorded_and_planned_rows(api_world, api_for):
    world, team, enrolments = api_world
    data = api_for(world.users[Role.PROVIDER]).get(team_url(team, weeks_ago(1))).json()
    rows = {r["enrolment"]: r for r in data["rows"]}
    first, second = rows[str(enrolments[0].public_id)], rows[str(enrolments[1].public_id)]
    assert first["recorded"] and Decimal(first["unexcused_hours"]) == 25
    assert not second["recorded"] and Decimal(second["planned_hours"]) == 25 and second["attended_hours"] is None
    assert data["week"] == f"{weeks_ago(1):%G-W%V}"


def test_a_caseworker_reads_only_rows_of_their_municipalitys_citizens(api_world, api_for):
    world, team, _e = api_world
    # a Vejle citizen on the Kolding team (referred by a Vejle caseworker)
    vejle = Municipality.objects.get(code="0630")
    jobcentre = make_municipal_unit(vejle, "job_centre", "Jobcenter Vejle")
    vejle_caseworker = make_user("vejle_cw", organisation=jobcentre, role=Role.CASEWORKER)
    stranger = enrol(team=team, caseworker=vejle_caseworker, municipality=vejle)
    kolding_rows = api_for(world.users[Role.CASEWORKER]).get(team_url(team, weeks_ago(1))).json()["rows"]
    assert str(stranger.public_id) not in {r["enrolment"] for r in kolding_rows}
    provider_rows = api_for(world.users[Role.PROVIDER]).get(team_url(team, weeks_ago(1))).json()["rows"]
    assert str(stranger.public_id) in {r["enrolment"] for r in provider_rows}
    assert api_for(vejle_caseworker).get(team_url(team, weeks_ago(1))).status_code == 404


def test_saving_validates_like_the_page_and_names_row_and_field(api_world, api_for):
    world, team, enrolments = api_world
    client = api_for(world.users[Role.PROVIDER])
    before = AuditEvent.objects.count()
    response = client.put(
        team_url(team, weeks_ago(3)),
        body(enrolments, r1={"attended_hours": "0", "unexcused_hours": "25", "absence_reason": ""}),
        content_type=JSON,
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["rows.1.absence_reason"]
    assert enrolments[1].citizen.name in errors[0]["message"]
    assert not AttendanceWeek.objects.filter(week=weeks_ago(3)).exists()
    assert AuditEvent.objects.filter(event="pathways.attendance.save_week").count() == 0
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "query, field",
    [("week=2026-W60", "week"), ("week=48", "week"), ("", "week")],
)
def test_a_bad_week_is_422_on_the_week(api_world, query, field, api_for):
    world, team, _e = api_world
    response = api_for(world.users[Role.PROVIDER]).get(f"/api/v1/teams/{team.public_id}/attendance?{query}")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_a_future_week_and_negative_hours_are_refused(api_world, api_for):
    world, team, enrolments = api_world
    client = api_for(world.users[Role.PROVIDER])
    response = client.put(team_url(team, weeks_ago(-1)), body(enrolments), content_type=JSON)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "week"
    response = client.put(team_url(team, weeks_ago(3)), body(enrolments, r0={"excused_hours": "-2"}), content_type=JSON)
    assert [e["field"] for e in response.json()["errors"]] == ["rows.0.excused_hours"]
    assert not AttendanceWeek.objects.filter(week=weeks_ago(3)).exists()


def test_the_enrolment_endpoint_returns_weeks_rate_and_absence_run(api_world, api_for):
    world, _t, enrolments = api_world
    data = api_for(world.users[Role.CASEWORKER]).get(f"/api/v1/enrolments/{enrolments[0].public_id}/attendance").json()
    assert [w["week"] for w in data["weeks"]] == [f"{weeks_ago(2):%G-W%V}", f"{weeks_ago(1):%G-W%V}"]
    assert Decimal(data["rate"]) == Decimal(20) / Decimal(50)
    assert data["absent_weeks_in_a_row"] == 1 and data["absent_flag"] is False


def test_the_endpoints_are_in_the_openapi_schema_under_fremmoede():
    schema = Client().get("/api/v1/openapi.json").json()
    path = schema["paths"]["/api/v1/teams/{team_id}/attendance"]
    assert path["get"]["tags"] == ["Fremmøde"] and "put" in path
