"""The organisation's field rules have one owner (registry.rules, run by Organisation.clean): the
service refuses an invalid combination with the field named, and the form, the API and the import
report the same words on the same field. Moving an organisation between municipalities is the
service's rule too, so the page and the API give the same answer for the same move."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import api_client, make_user
from audit.models import AuditEvent
from registry import services
from registry.access import MOVE_REFUSED
from registry.choices import Kind, LegalForm, Sector, Subkind
from registry.forms import OrganisationForm
from registry.models import Organisation, Tag
from registry.testing import csv_file, import_plan, make_organisation, valid_cvr

pytestmark = pytest.mark.django_db

SUBKIND_REFUSED = "Undertypen passer ikke til aktørtypen."
RSV_REFUSED = "Kun virksomheder med CVR-nummer kan registreres i RSV."
# (changes to a valid company, the field named, the words)
BROKEN = [
    ({"kind": Kind.COMPANY, "subkind": Subkind.JOB_CENTRE}, "subkind", SUBKIND_REFUSED),
    ({"cvr": "", "rsv_registered": True}, "cvr", RSV_REFUSED),
]


def company(world, **changes) -> dict:
    data = {"municipality": world.kolding, "name": "Bro Byg ApS", "kind": Kind.COMPANY, "sector": Sector.PRIVATE,
            "cvr": valid_cvr(4242), "legal_form": LegalForm.APS}  # fmt: skip
    return data | changes


@pytest.mark.parametrize(("changes", "field", "message"), BROKEN)
def test_the_service_refuses_an_invalid_combination_on_create_naming_the_field(world, changes, field, message):
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as raised:
        services.organisation_create(by=world.users[Role.CONSULTANT], data=company(world, **changes))
    assert raised.value.message_dict == {field: [message]}
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(("changes", "field", "message"), BROKEN)
def test_the_service_refuses_an_invalid_combination_on_update_naming_the_field(world, changes, field, message):
    with pytest.raises(ValidationError) as raised:
        services.organisation_update(by=world.users[Role.CONSULTANT], organisation=world.company, data=changes)
    assert raised.value.message_dict == {field: [message]}
    stored = Organisation.objects.get(pk=world.company.pk)
    assert (stored.kind, stored.subkind, stored.rsv_registered) == (Kind.COMPANY, "", False)


def test_the_service_reports_a_second_organisation_with_the_same_cvr_on_the_cvr_field(world):
    data = company(world, cvr=world.company.cvr, p_number=world.company.p_number)
    with pytest.raises(ValidationError) as raised:
        services.organisation_create(by=world.users[Role.CONSULTANT], data=data)
    assert list(raised.value.message_dict) == ["cvr"]


@pytest.mark.parametrize(("changes", "field", "message"), BROKEN)
def test_the_form_shows_the_rule_under_its_field(world, changes, field, message):
    data = company(world, **changes)
    post = {**data, "municipality": world.kolding.pk, "subkind": data.get("subkind", ""),
            "rsv_registered": "on" if data.get("rsv_registered") else ""}  # fmt: skip
    form = OrganisationForm(post, municipality_ids=[world.kolding.pk])
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_the_import_reports_the_rule_on_the_fields_column(world):
    header = ["navn", "type", "undertype", "cvr", "sektor", "kommunekode", "rsv_registreret"]
    rows = [
        header,
        ["Forkert undertype", "company", "job_centre", "", "private", "0621", "nej"],  # row 2
        ["RSV uden CVR", "company", "", "", "private", "0621", "ja"],  # row 3
    ]
    plan = import_plan(world, csv_file(rows))
    assert {(e["row"], e["column"], e["reason"]) for e in plan.errors} == {
        (2, "undertype", SUBKIND_REFUSED),
        (3, "cvr", RSV_REFUSED),
    }


# --- Moving between municipalities: page and API agree ---------------------------------------

# Each case: the user's roles, as (where, role); "own" is a membership of the organisation moved.
MOVES = {
    "consultant of Kolding only": [("kolding", Role.CONSULTANT)],
    "consultant of Kolding, caseworker in Aarhus": [("kolding", Role.CONSULTANT), ("aarhus", Role.CASEWORKER)],
    "consultant in both": [("kolding", Role.CONSULTANT), ("aarhus", Role.CONSULTANT)],
    "provider moving its own organisation": [("own", Role.PROVIDER)],
    "own-organisation editor in Kolding, consultant in Aarhus": [("own", Role.PROVIDER), ("aarhus", Role.CONSULTANT)],
}
MAY_MOVE = {"consultant in both"}


def _user_with(world, name: str, roles, own: list[Organisation]):
    user = make_user(name)
    for where, role in roles:
        targets = own if where == "own" else [world.business if where == "kolding" else world.aarhus_business]
        for org in targets:
            user.memberships.create(organisation=org, role=role)
    return user


def _move_on_the_page(user, org, world) -> dict:
    client = Client()
    client.force_login(user)
    post = {"name": org.name, "kind": org.kind, "subkind": "", "sector": org.sector, "cvr": org.cvr,
            "municipality": world.aarhus.pk, "tags_text": "byg"}  # fmt: skip
    response = client.post(reverse("registry:edit", args=[org.public_id]), post)
    errors = response.context["form"].errors.get("municipality", []) if response.status_code == 200 else []
    return {"moved": _municipality(org) == world.aarhus.pk, "errors": list(errors)}


def _move_in_the_api(user, org, world) -> dict:
    response = api_client(user).patch(
        f"/api/v1/organisations/{org.public_id}", {"municipality": "0751"}, content_type="application/json"
    )
    errors = [e["message"] for e in response.json().get("errors", []) if e["field"] == "municipality"]
    return {"moved": _municipality(org) == world.aarhus.pk, "errors": errors}


def _municipality(org) -> int:
    return Organisation.objects.values_list("municipality_id", flat=True).get(pk=org.pk)


@pytest.mark.parametrize("case", list(MOVES))
def test_the_page_and_the_api_give_the_same_answer_for_the_same_move(world, case):
    twins = [make_organisation(world.kolding, name=f"Tvilling {n}", kind=Kind.COMPANY) for n in (1, 2)]
    for twin in twins:
        twin.tags.add(Tag.objects.get_or_create(municipality=world.kolding, name="byg")[0])
    user = _user_with(world, "flytter", MOVES[case], own=twins)
    page, api = _move_on_the_page(user, twins[0], world), _move_in_the_api(user, twins[1], world)
    assert page == api
    if case in MAY_MOVE:
        assert page == {"moved": True, "errors": []}
        for twin in twins:  # the tags moved with it, as the new municipality's tags
            assert [(t.name, t.municipality_id) for t in twin.tags.all()] == [("byg", world.aarhus.pk)]
    else:
        assert page == {"moved": False, "errors": [str(MOVE_REFUSED)]}
