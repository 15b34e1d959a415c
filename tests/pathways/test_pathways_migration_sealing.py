"""Free text that was stored in plain before an encrypting migration reads back after it: the
migration seals each value for the column it ends up in (migrations 0005 and 0008)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.roles import Role
from pathways.models import Referral
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = ("pathways", "0007_open_referral_includes_waiting")
WORDS = "Henvist trods målgruppen: angst efter indlæggelse"


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target if isinstance(target, list) else executor.loader.graph.leaf_nodes())


def test_a_plain_justification_reads_back_after_the_encrypting_migration(world):
    caseworker = world.users[Role.CASEWORKER]
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    referral = refer(citizen=citizen, programme=make_programme(provider=world.provider), by=caseworker)
    try:
        _migrate([BEFORE])
        with connection.cursor() as cursor:  # the column as it was: plain text
            cursor.execute("UPDATE pathways_referral SET justification = %s WHERE id = %s", [WORDS, referral.pk])
    finally:
        _migrate(None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT justification FROM pathways_referral WHERE id = %s", [referral.pk])
        stored = bytes(cursor.fetchone()[0])
    assert stored.startswith(b"v1:") and WORDS[:20].encode() not in stored
    assert Referral.objects.get(pk=referral.pk).justification == WORDS
