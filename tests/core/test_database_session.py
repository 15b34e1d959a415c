"""Every PostgreSQL session runs without JIT compilation (brobyg/settings/base.py): it cost up to
1.5 s of a 2 s report query."""

from django.db import connection


def test_postgresql_sessions_run_without_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
