"""The CPR number is stored encrypted with a blind index; search works; nothing leaks."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditAction, AuditEvent
from pathways.models import Citizen
from pathways.services import citizen_create, citizen_find_by_cpr

pytestmark = pytest.mark.django_db

CPR = "1503901234"  # 15 March 1990


def _raw_row(citizen_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM pathways_citizen WHERE id = %s", [citizen_id])
        return cursor.fetchone()


def test_the_database_row_holds_no_plain_cpr(world):
    citizen = citizen_create(
        by=world.users["caseworker"], municipality=world.kolding, cpr="150390-1234", data={"name": "Anna"}
    )
    row = _raw_row(citizen.pk)
    for value in row:
        text = bytes(value).decode("latin-1") if isinstance(value, bytes | memoryview) else str(value)
        assert CPR not in text and "150390-1234" not in text
    assert citizen.cpr_plain() == CPR


def test_no_audit_row_contains_the_plain_cpr(world):
    by = world.users["caseworker"]
    citizen = citizen_create(by=by, municipality=world.kolding, cpr=CPR, data={"name": "Anna"})
    citizen_find_by_cpr(by=by, cpr=CPR, municipality_ids=[world.kolding.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_label, changes::text, path FROM audit_auditevent")
        rows = cursor.fetchall()
    assert rows
    assert all(CPR not in " ".join(str(v) for v in row) for row in rows)
    assert citizen.name == "Anna"


def test_search_by_cpr_finds_the_citizen_whatever_the_formatting(world):
    by = world.users["caseworker"]
    citizen = citizen_create(by=by, municipality=world.kolding, cpr=CPR, data={"name": "Anna"})
    assert citizen_find_by_cpr(by=by, cpr="150390-1234", municipality_ids=[world.kolding.pk]) == citizen
    assert citizen_find_by_cpr(by=by, cpr="150390 1234", municipality_ids=[world.kolding.pk]) == citizen


def test_search_does_not_find_a_citizen_of_another_municipality(world):
    by = world.users["caseworker"]
    citizen_create(by=by, municipality=world.aarhus, cpr=CPR, data={"name": "Anna"})
    assert citizen_find_by_cpr(by=by, cpr=CPR, municipality_ids=[world.kolding.pk]) is None


def test_a_search_is_audited_with_the_criterion_masked(world):
    by = world.users["caseworker"]
    citizen_create(by=by, municipality=world.kolding, cpr=CPR, data={"name": "Anna"})
    citizen_find_by_cpr(by=by, cpr=CPR, municipality_ids=[world.kolding.pk])
    event = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert event.event == "pathways.citizen.search"
    assert event.changes == {"criterion": "cpr", "value": "150390-XXXX", "found": True}


def test_it_rejects_a_bad_cpr_naming_the_field(world):
    with pytest.raises(ValidationError) as error:
        citizen_create(
            by=world.users["caseworker"], municipality=world.kolding, cpr="3102901234", data={"name": "Anna"}
        )
    assert list(error.value.message_dict) == ["cpr"]
    assert not Citizen.objects.exists()


def test_it_rejects_the_same_cpr_twice_in_one_municipality_but_not_in_another(world):
    by = world.users["caseworker"]
    citizen_create(by=by, municipality=world.kolding, cpr=CPR, data={"name": "Anna"})
    with pytest.raises(ValidationError) as error:
        citizen_create(by=by, municipality=world.kolding, cpr=CPR, data={"name": "Anna igen"})
    assert "cpr" in error.value.message_dict
    citizen_create(by=by, municipality=world.aarhus, cpr=CPR, data={"name": "Anna i Aarhus"})
    assert Citizen.objects.count() == 2


def test_creating_a_citizen_writes_one_audit_row_with_the_masked_cpr(world):
    citizen = citizen_create(
        by=world.users["caseworker"], municipality=world.kolding, cpr=CPR, data={"name": "Anna"}
    )
    event = AuditEvent.objects.get(event="pathways.citizen.create")
    assert event.object_id == str(citizen.pk)
    assert event.municipality_id == world.kolding.pk
    assert event.changes["cpr"] == "150390-XXXX"
