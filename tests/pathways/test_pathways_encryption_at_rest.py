"""Health-related free text is encrypted at rest with the CPR's keys: the database (and so a
pg_dump) holds no plain text, the application reads it back, and rotating the keys moves every
token to the new key without changing a value."""

import base64
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from accounts.roles import Role
from core import crypto
from pathways.models import Goal, Referral, StatusReport
from pathways.services import referral_decline
from pathways.services_running import goal_add, status_report_submit
from pathways.testing import enrol, make_citizen, make_programme, refer, week

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Angst og søvnproblemer efter indlæggelse"


def raw(table: str, column: str, pk: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608 - test constants
        return bytes(cursor.fetchone()[0])


@pytest.fixture
def notes(world):
    caseworker, provider = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    enrolment = enrol(
        caseworker=caseworker, municipality=world.kolding, provider=world.provider, start=datetime.date(2026, 1, 5)
    )
    report = status_report_submit(by=provider, enrolment=enrolment, body=SECRET_WORDS, next_goal="Mål: " + SECRET_WORDS)
    goal = goal_add(by=provider, enrolment=enrolment, description=SECRET_WORDS, agreed_on=enrolment.start_date)
    attendance = week(enrolment, enrolment.start_date, attended=10, unexcused=15, reason=SECRET_WORDS[:40])
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    referral = refer(citizen=citizen, programme=make_programme(provider=world.provider), by=caseworker)
    Referral.objects.filter(pk=referral.pk).update(note=SECRET_WORDS, justification=SECRET_WORDS)
    referral_decline(by=provider, referral=referral, reason=SECRET_WORDS)
    return {"report": report, "goal": goal, "attendance": attendance, "referral": referral, "citizen": citizen}


COLUMNS = [
    ("report", "pathways_statusreport", "body"),
    ("report", "pathways_statusreport", "next_goal"),
    ("goal", "pathways_goal", "description"),
    ("attendance", "pathways_attendanceweek", "absence_reason"),
    ("referral", "pathways_referral", "note"),
    ("referral", "pathways_referral", "decline_reason"),
    ("referral", "pathways_referral", "justification"),
]


def test_the_database_holds_no_plain_text_and_the_application_reads_it_back(notes):
    for key, table, column in COLUMNS:
        stored = raw(table, column, notes[key].pk)
        assert stored.startswith(b"v1:") and SECRET_WORDS[:20].encode() not in stored, (table, column)
    assert StatusReport.objects.get(pk=notes["report"].pk).body == SECRET_WORDS
    assert Goal.objects.values_list("description", flat=True).get(pk=notes["goal"].pk) == SECRET_WORDS
    assert Referral.objects.get(pk=notes["referral"].pk).decline_reason == SECRET_WORDS
    assert Referral.objects.get(pk=notes["referral"].pk).justification == SECRET_WORDS


def test_a_token_cannot_be_moved_to_another_column(notes):
    body = raw("pathways_statusreport", "body", notes["report"].pk)
    with connection.cursor() as cursor:
        cursor.execute('UPDATE "pathways_goal" SET description = %s WHERE id = %s', [body, notes["goal"].pk])
    with pytest.raises(Exception):  # noqa: B017 - AES-GCM refuses the foreign associated data
        Goal.objects.get(pk=notes["goal"].pk)


def test_rotating_the_keys_moves_every_token_and_keeps_every_value(notes):
    old = crypto.keyring()
    new_key = crypto.new_key()
    old_keys = ",".join(f"{kid}:{base64.b64encode(k).decode()}" for kid, k in old.keys.items())
    with override_settings(FIELD_ENCRYPTION_KEYS=f"rotated:{new_key},{old_keys}"):
        call_command("rotate_encryption_keys", stdout=io.StringIO())
        for key, table, column in COLUMNS:
            assert crypto.key_id_of(raw(table, column, notes[key].pk)) == "rotated", (table, column)
        assert crypto.key_id_of(raw("pathways_citizen", "cpr_encrypted", notes["citizen"].pk)) == "rotated"
    cpr = notes["citizen"].cpr_plain()
    with override_settings(FIELD_ENCRYPTION_KEYS=f"rotated:{new_key}"):  # the old key is gone
        assert StatusReport.objects.get(pk=notes["report"].pk).next_goal == "Mål: " + SECRET_WORDS
        assert Referral.objects.get(pk=notes["referral"].pk).note == SECRET_WORDS
        assert type(notes["citizen"]).objects.get(pk=notes["citizen"].pk).cpr_plain() == cpr
