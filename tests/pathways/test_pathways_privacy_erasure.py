"""Erasure after the retention period: identity and free text go, the facts aggregates count
stay. Aggregates are computed with plain SQL, independently of the code under test."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from core.crypto import blind_index, decrypt
from pathways import privacy, services
from pathways.models import Citizen, StatusReport
from pathways.testing import SECRET, enrol, finished_citizen, history, make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

CPR = "0102851234"
TODAY = datetime.date(2026, 3, 1)
CPR_PATTERN = re.compile(r"\d{6}-?\d{4}")


@pytest.fixture
def programme(world):
    return make_programme(provider=world.provider, team_start=datetime.date(2015, 1, 5), capacity=None)


@pytest.fixture
def finished(world, programme):
    citizen, _enrolment = finished_citizen(world, programme, cpr=CPR, gender="female", insured=True)
    other, _e = finished_citizen(world, programme, name="Bo Beskæftiget", gender="male", outcome="dropout")
    return citizen


def aggregates() -> dict:
    """What statistics and reports count, straight from the tables."""
    queries = {
        "outcomes": "SELECT outcome, count(*) FROM pathways_exit GROUP BY outcome ORDER BY outcome",
        "attendance": "SELECT sum(attended_hours), sum(excused_hours), sum(unexcused_hours), count(*) FROM pathways_attendanceweek",
        "gender": "SELECT c.gender, count(DISTINCT c.id) FROM pathways_citizen c JOIN pathways_enrolment e ON e.citizen_id = c.id GROUP BY c.gender ORDER BY c.gender",
        "background": "SELECT ethnic_danish_background, insured, count(*) FROM pathways_citizen GROUP BY 1, 2 ORDER BY 1, 2",
        "enrolments": "SELECT programme_id, status, start_date, count(*) FROM pathways_enrolment GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        "milestones": "SELECT kind, achieved_on, count(*) FROM pathways_milestone GROUP BY 1, 2 ORDER BY 1, 2",
        "followups": "SELECT weeks, due, status, count(*) FROM pathways_followup GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        "statuses": "SELECT count(*) FROM pathways_citizenstatus",
    }  # fmt: skip
    with connection.cursor() as cursor:
        out = {}
        for name, sql in queries.items():
            cursor.execute(sql)
            out[name] = cursor.fetchall()
    return out


def test_erasure_keeps_every_aggregate(world, finished):
    before = aggregates()
    privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)
    assert aggregates() == before


def test_erasure_removes_identity_and_free_text(world, finished):
    privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, email, address, cpr_encrypted, cpr_index, erased_at, gender FROM pathways_citizen WHERE id = %s",
            [finished.pk],
        )
        name, phone, email, address, token, index, erased_at, gender = cursor.fetchone()
        assert (name, phone, email, address, gender) == ("Slettet borger", "", "", "", "female")
        assert decrypt(bytes(token)) == "" and CPR.encode() not in bytes(token)
        assert index != blind_index(CPR) and erased_at is not None
        for table, column in [
            ("pathways_statusreport", "body || next_goal || recommendation"),
            ("pathways_goal", "description"),
            ("pathways_attendanceweek", "absence_reason"),
            ("pathways_exit", "note"),
        ]:
            cursor.execute(
                f"SELECT count(*) FROM {table} t JOIN pathways_enrolment e ON t.enrolment_id = e.id "  # noqa: S608
                f"WHERE e.citizen_id = %s AND ({column}) LIKE %s",
                [finished.pk, "%Fortroligt%"],
            )
            assert cursor.fetchone()[0] == 0, table
    # the columns are encrypted at rest: read them back through the application as well
    erased = StatusReport.objects.filter(enrolment__citizen=finished)
    assert not any("Fortroligt" in r.body + r.next_goal + r.recommendation for r in erased)
    assert [r.body for r in StatusReport.objects.all()].count(SECRET) == 1  # the other citizen's report is untouched


def test_the_erased_citizen_cannot_be_found_by_cpr(world, finished, client_for):
    caseworker = world.users[Role.CASEWORKER]
    assert services.citizen_find_by_cpr(by=caseworker, cpr=CPR, municipality_ids=[world.kolding.pk]) == finished
    privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)
    assert services.citizen_find_by_cpr(by=caseworker, cpr=CPR, municipality_ids=[world.kolding.pk]) is None
    response = client_for(caseworker).post(reverse("pathways:cpr_search"), {"cpr": CPR})
    assert response.status_code == 200 and response.context["not_found"]


def test_the_erased_citizen_page_still_opens_with_a_masked_number(world, finished, client_for):
    privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)
    response = client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:citizen", args=[finished.public_id]))
    assert response.status_code == 200
    assert "Slettet borger" in response.content.decode() and CPR[:6] not in response.content.decode()


def test_no_audit_row_holds_a_plain_cpr_number(world, finished, client_for):
    caseworker = world.users[Role.CASEWORKER]
    client = client_for(caseworker)
    client.post(reverse("pathways:cpr_search"), {"cpr": CPR})
    client.get(reverse("pathways:caseload"), {"q": CPR})  # a CPR typed into the name search
    client.post(reverse("pathways:access_request", args=[finished.public_id]))
    privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)
    rows = list(AuditEvent.objects.values_list("object_label", "changes"))
    assert len(rows) > 5
    for label, changes in rows:
        text = f"{label} {changes}"
        assert CPR not in text and f"{CPR[:6]}-{CPR[6:]}" not in text
        for match in CPR_PATTERN.findall(text):
            pytest.fail(f"CPR-like number in an audit row: {match}")


def test_the_erasure_is_audited_without_personal_data(world, finished):
    privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)
    row = AuditEvent.objects.get(event="pathways.citizen.erase")
    assert row.object_id == str(finished.pk) and row.object_label == "Slettet borger"
    text = str(row.changes)
    assert "Ane" not in text and "12345678" not in text and "Fortroligt" not in text


def test_erasure_is_refused_before_the_retention_period_has_passed(world, finished):
    with pytest.raises(ValidationError) as error:
        privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=datetime.date(2019, 1, 1))
    assert "udløber først 30-06-2020" in error.value.messages[0]
    assert Citizen.objects.get(pk=finished.pk).erased_at is None


@override_settings(PATHWAY_RETENTION_YEARS=20)
def test_the_retention_period_comes_from_the_settings(world, finished):
    with pytest.raises(ValidationError):
        privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)


def test_erasure_is_refused_with_an_open_referral(world, finished):
    refer(citizen=finished, programme=make_programme(provider=world.social_enterprise), by=world.users[Role.CASEWORKER])
    with pytest.raises(ValidationError) as error:
        privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)
    assert "åben visitation" in error.value.messages[0]


def test_erasure_is_refused_with_an_active_enrolment(world, programme):
    caseworker = world.users[Role.CASEWORKER]
    citizen = make_citizen(municipality=world.kolding, by=caseworker)
    enrolment = enrol(citizen=citizen, programme=programme, caseworker=caseworker, accepted_by=world.users[Role.PROVIDER])
    history(enrolment, by=world.users[Role.PROVIDER])
    assert not privacy.due_for_erasure([world.kolding.pk], TODAY).filter(pk=citizen.pk).exists()
    with pytest.raises(ValidationError):
        privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=citizen, today=TODAY)


def test_only_holders_of_citizen_erase_may_erase(world, finished):
    for role in (Role.CASEWORKER, Role.PROVIDER, Role.ANALYST):
        with pytest.raises(PermissionDenied):
            privacy.citizen_erase(by=world.users[role], citizen=finished, today=TODAY)
    with pytest.raises(PermissionDenied):
        privacy.citizen_erase(by=world.outsiders[Role.ADMIN], citizen=finished, today=TODAY)


def test_erasing_twice_is_refused(world, finished):
    privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)
    with pytest.raises(ValidationError):
        privacy.citizen_erase(by=world.users[Role.ADMIN], citizen=finished, today=TODAY)


def test_the_erasure_page_lists_due_citizens_and_erases(world, finished, programme, client_for):
    caseworker = world.users[Role.CASEWORKER]
    recent = make_citizen(municipality=world.kolding, by=caseworker, name="Ny Borger")
    refer(citizen=recent, programme=programme, by=caseworker)
    admin = client_for(world.users[Role.ADMIN])
    response = admin.get(reverse("pathways:erasure_due"))
    listed = {c.pk for c in response.context["page"].object_list}
    assert finished.pk in listed and recent.pk not in listed
    response = admin.post(reverse("pathways:citizen_erase", args=[finished.public_id]))
    assert response.status_code == 302
    assert Citizen.objects.get(pk=finished.pk).erased_at is not None
    assert client_for(caseworker).get(reverse("pathways:erasure_due")).status_code == 404
    assert client_for(caseworker).post(reverse("pathways:citizen_erase", args=[recent.public_id])).status_code == 404


def test_the_command_is_a_dry_run_unless_told_to_apply(world, finished, capsys):
    call_command("erase_expired_citizens", "--municipality", "0621")
    assert "2 borgere kan slettes" in capsys.readouterr().out
    assert not Citizen.objects.filter(erased_at__isnull=False).exists()
    call_command("erase_expired_citizens", "--apply", verbosity=0)
    assert Citizen.objects.filter(erased_at__isnull=False).count() == 2
    assert AuditEvent.objects.filter(event="pathways.citizen.erase", actor__isnull=True).count() == 2
