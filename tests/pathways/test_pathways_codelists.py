"""Benefit, target-group and readiness categories are dated code lists, never enums."""

import csv
import datetime

import pytest
from django.core.exceptions import ValidationError

from pathways.codelists import CSV_PATH
from pathways.models import CodeList, CodeListKind
from pathways.services import citizen_status_add
from pathways.testing import make_citizen

pytestmark = pytest.mark.django_db


def test_the_data_migration_loads_every_row_of_the_shipped_csv():
    with CSV_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert CodeList.objects.count() == len(rows)
    for row in rows:
        code = CodeList.objects.get(list=row["list"], code=row["code"])
        assert code.name == row["name"]
        assert (code.valid_from.isoformat() if code.valid_from else "") == row["valid_from"]
        assert (code.valid_to.isoformat() if code.valid_to else "") == row["valid_to"]


def test_uddannelseshjaelp_and_the_new_kontanthjaelp_are_both_kept_and_dated():
    old = CodeList.objects.get(list=CodeListKind.BENEFIT, code="uddannelseshjaelp")
    new = CodeList.objects.get(list=CodeListKind.BENEFIT, code="kontanthjaelp-2025")
    assert old.valid_to == datetime.date(2025, 6, 30)
    assert new.valid_from == datetime.date(2025, 7, 1)
    benefits_2025_06 = set(
        CodeList.objects.of(CodeListKind.BENEFIT)
        .valid_on(datetime.date(2025, 6, 30))
        .values_list("code", flat=True)
    )
    benefits_2025_07 = set(
        CodeList.objects.of(CodeListKind.BENEFIT)
        .valid_on(datetime.date(2025, 7, 1))
        .values_list("code", flat=True)
    )
    assert "uddannelseshjaelp" in benefits_2025_06 and "kontanthjaelp-2025" not in benefits_2025_06
    assert "kontanthjaelp-2025" in benefits_2025_07 and "uddannelseshjaelp" not in benefits_2025_07


def test_the_thirteen_old_target_groups_give_way_to_five_new_ones():
    groups = CodeList.objects.of(CodeListKind.TARGET_GROUP)
    new = groups.filter(valid_from__gte=datetime.date(2026, 1, 1))
    assert new.count() == 5
    assert groups.filter(valid_to__isnull=False, valid_to__lt=datetime.date(2027, 1, 1)).count() >= 13


def test_a_code_valid_only_from_2026_is_not_offered_for_a_date_in_2025():
    CodeList.objects.create(
        list=CodeListKind.TARGET_GROUP, code="test-2026", name="Ny 2026", valid_from=datetime.date(2026, 1, 1)
    )
    offered_2025 = CodeList.objects.of(CodeListKind.TARGET_GROUP).valid_on(datetime.date(2025, 12, 31))
    offered_2026 = CodeList.objects.of(CodeListKind.TARGET_GROUP).valid_on(datetime.date(2026, 1, 1))
    assert not offered_2025.filter(code="test-2026").exists()
    assert offered_2026.filter(code="test-2026").exists()


def test_the_status_service_refuses_a_code_not_valid_on_the_date_and_names_the_field(world):
    by = world.users["caseworker"]
    citizen = make_citizen(municipality=world.kolding, by=by)
    future = CodeList.objects.create(
        list=CodeListKind.TARGET_GROUP, code="test-2026", name="Ny 2026", valid_from=datetime.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        citizen_status_add(by=by, citizen=citizen, valid_from=datetime.date(2025, 6, 1), target_group=future)
    assert "target_group" in error.value.message_dict
    assert not citizen.statuses.exists()


def test_the_status_service_refuses_a_code_from_another_list(world):
    by = world.users["caseworker"]
    citizen = make_citizen(municipality=world.kolding, by=by)
    jobparat = CodeList.objects.get(list=CodeListKind.READINESS, code="jobparat")
    with pytest.raises(ValidationError) as error:
        citizen_status_add(by=by, citizen=citizen, valid_from=datetime.date(2025, 6, 1), benefit=jobparat)
    assert "benefit" in error.value.message_dict


def test_a_new_status_closes_the_previous_one_the_day_before(world):
    by = world.users["caseworker"]
    citizen = make_citizen(municipality=world.kolding, by=by)
    old = CodeList.objects.get(list=CodeListKind.BENEFIT, code="uddannelseshjaelp")
    new = CodeList.objects.get(list=CodeListKind.BENEFIT, code="kontanthjaelp-2025")
    first = citizen_status_add(by=by, citizen=citizen, valid_from=datetime.date(2025, 1, 1), benefit=old)
    citizen_status_add(by=by, citizen=citizen, valid_from=datetime.date(2025, 7, 1), benefit=new)
    first.refresh_from_db()
    assert first.valid_to == datetime.date(2025, 6, 30)
    assert citizen.statuses.filter(valid_to__isnull=True).get().benefit == new
