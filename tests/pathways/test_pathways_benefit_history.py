"""A citizen's benefit history: dated status changes, the current status, weeks on public support
derived from the history; page and API on the same audited service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from pathways import rules
from pathways.models import CitizenStatus, CodeList, CodeListKind
from pathways.services import citizen_status_add
from pathways.testing import make_citizen, sample_cpr

pytestmark = pytest.mark.django_db
D = datetime.date


def code(kind, value):
    return CodeList.objects.get(list=kind, code=value)


@pytest.fixture
def citizen(world):
    caseworker = world.users[Role.CASEWORKER]
    return make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, cpr=sample_cpr(D(1990, 3, 15)))


# --- rules: spells and weeks -------------------------------------------------------------


def test_consecutive_statuses_on_support_make_one_spell_and_wages_end_it():
    spells = rules.support_spells([
        (D(2025, 1, 1), D(2025, 6, 30), "kontanthjaelp"),
        (D(2025, 7, 1), D(2025, 9, 30), "kontanthjaelp-2025"),
        (D(2025, 10, 1), D(2025, 12, 31), "lon"),
        (D(2026, 1, 1), None, "sygedagpenge"),
    ])
    assert spells == [rules.Spell(D(2025, 1, 1), D(2025, 9, 30)), rules.Spell(D(2026, 1, 1), None)]


def test_weeks_on_support_count_whole_weeks_of_covered_days():
    spells = [rules.Spell(D(2025, 1, 1), D(2025, 9, 30)), rules.Spell(D(2026, 1, 1), None)]
    # 2025-01-01..2025-09-30 = 273 days; 2026-01-01..2026-01-14 = 14 days; 287 // 7 = 41
    assert rules.weeks_on_support(spells, D(2026, 1, 14)) == 41
    assert rules.weeks_on_support(spells, D(2024, 12, 31)) == 0
    assert rules.weeks_on_support(spells, D(2025, 1, 7)) == 1


# --- service -------------------------------------------------------------------------------


def test_a_change_ends_the_open_status_the_day_before_and_is_audited(world, citizen):
    by = world.users[Role.CASEWORKER]
    citizen_status_add(by=by, citizen=citizen, valid_from=D(2025, 1, 1), benefit=code("benefit", "kontanthjaelp"))
    citizen_status_add(by=by, citizen=citizen, valid_from=D(2025, 7, 1), benefit=code("benefit", "kontanthjaelp-2025"),
                       readiness=code("readiness", "jobparat"))
    first, second = CitizenStatus.objects.filter(citizen=citizen).order_by("valid_from")
    assert first.valid_to == D(2025, 6, 30) and second.valid_to is None
    assert AuditEvent.objects.filter(event="pathways.citizen.status", object_id=str(citizen.pk)).count() == 2


def test_a_date_before_the_citizens_birth_is_refused_naming_the_field(world, citizen):
    with pytest.raises(ValidationError) as error:
        citizen_status_add(by=world.users[Role.CASEWORKER], citizen=citizen, valid_from=D(1990, 3, 14),
                           benefit=code("benefit", "a-dagpenge"))
    assert "fødselsdato (15-03-1990)" in error.value.message_dict["valid_from"][0]
    assert not citizen.statuses.exists()


def test_a_date_in_the_future_is_refused_and_nothing_is_stored(world, citizen):
    by = world.users[Role.CASEWORKER]
    citizen_status_add(by=by, citizen=citizen, valid_from=D(2025, 1, 1), benefit=code("benefit", "a-dagpenge"))
    with pytest.raises(ValidationError) as error:
        citizen_status_add(by=by, citizen=citizen, valid_from=D(2026, 2, 1), benefit=code("benefit", "sygedagpenge"),
                           today=D(2026, 1, 31))
    assert "fremtiden" in error.value.message_dict["valid_from"][0]
    assert citizen.statuses.get().valid_to is None  # the open status was not ended


# --- page ----------------------------------------------------------------------------------


def test_the_citizen_page_shows_the_current_status_and_weeks_on_support(world, citizen, client_for):
    by = world.users[Role.CASEWORKER]
    citizen_status_add(by=by, citizen=citizen, valid_from=D(2024, 1, 1), benefit=code("benefit", "lon"))
    citizen_status_add(by=by, citizen=citizen, valid_from=D(2025, 1, 1), benefit=code("benefit", "sygedagpenge"))
    page = client_for(by).get(reverse("pathways:citizen", args=[citizen.public_id])).content.decode()
    expected = rules.weeks_on_support([rules.Spell(D(2025, 1, 1), None)], datetime.date.today())
    assert "Sygedagpenge" in page
    assert f"data-weeks-on-support>{expected}" in page
    assert reverse("pathways:citizen_status_create", args=[citizen.public_id]) in page


def test_the_status_page_records_a_change(world, citizen, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    url = reverse("pathways:citizen_status_create", args=[citizen.public_id])
    response = client.post(url, {"valid_from": "2025-08-01", "benefit": code("benefit", "kontanthjaelp-2025").pk})
    assert response.status_code == 302
    assert citizen.statuses.get().benefit.code == "kontanthjaelp-2025"


def test_the_status_page_shows_a_danish_error_for_a_date_before_birth(world, citizen, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    url = reverse("pathways:citizen_status_create", args=[citizen.public_id])
    response = client.post(url, {"valid_from": "1980-01-01", "benefit": code("benefit", "a-dagpenge").pk})
    assert response.status_code == 200
    assert "før borgerens fødselsdato" in response.content.decode()
    assert not citizen.statuses.exists()


@pytest.mark.parametrize(("who", "expected"), [("provider", 404), ("outsider", 404), ("analyst", 404)])
def test_only_a_user_who_may_edit_the_citizen_gets_the_status_page(world, citizen, client_for, who, expected):
    user = world.outsiders[Role.CASEWORKER] if who == "outsider" else world.users[Role(who)]
    response = client_for(user).get(reverse("pathways:citizen_status_create", args=[citizen.public_id]))
    assert response.status_code == expected


# --- API -----------------------------------------------------------------------------------


def test_the_api_adds_a_status_and_returns_the_history(world, citizen, api_for):
    api = api_for(world.users[Role.CASEWORKER])
    url = f"/api/v1/citizens/{citizen.public_id}/statuses"
    response = api.post(url, {"valid_from": "2025-01-01", "benefit": "kontanthjaelp", "readiness": "aktivitetsparat"},
                        content_type="application/json")
    assert response.status_code == 201, response.content
    body = api.get(url).json()
    assert body["current"]["benefit"] == {"code": "kontanthjaelp", "name": "Kontanthjælp"}
    assert body["on_support"] is True
    assert body["weeks_on_support"] == rules.weeks_on_support([rules.Spell(D(2025, 1, 1), None)], datetime.date.today())


def test_the_api_names_the_field_of_a_bad_status(world, citizen, api_for):
    api = api_for(world.users[Role.CASEWORKER])
    url = f"/api/v1/citizens/{citizen.public_id}/statuses"
    response = api.post(url, {"valid_from": "1985-01-01", "benefit": "a-dagpenge"}, content_type="application/json")
    assert response.status_code == 422
    assert "valid_from" in response.content.decode()
    response = api.post(url, {"valid_from": "2025-01-01", "benefit": "findes-ikke"}, content_type="application/json")
    assert response.status_code == 422 and "benefit" in response.content.decode()
    assert not citizen.statuses.exists()


def test_the_api_refuses_a_provider_and_hides_the_citizen_from_another_municipality(world, citizen, api_for):
    url = f"/api/v1/citizens/{citizen.public_id}/statuses"
    body = {"valid_from": "2025-01-01", "benefit": "a-dagpenge"}
    assert api_for(world.outsiders[Role.CASEWORKER]).post(url, body, content_type="application/json").status_code == 404
    assert api_for(world.outsiders[Role.CASEWORKER]).get(url).status_code == 404
    assert api_for(world.users[Role.PROVIDER]).post(url, body, content_type="application/json").status_code == 404


def test_a_benefit_code_is_on_the_benefit_list_only(world, citizen):
    with pytest.raises(ValidationError) as error:
        citizen_status_add(by=world.users[Role.CASEWORKER], citizen=citizen, valid_from=D(2025, 1, 1),
                           benefit=code(CodeListKind.READINESS, "jobparat"))
    assert "benefit" in error.value.message_dict
