"""The README's first command runs the platform on SQLite: every migration must apply there from
an empty database (a PostgreSQL-only statement in a migration once broke it unnoticed, since
the rest of the suite runs on PostgreSQL)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_migration_applies_to_an_empty_sqlite_database(tmp_path):
    database = tmp_path / "demo.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobyg.settings.dev", "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    with sqlite3.connect(database) as connection:
        indexes = {row[1] for row in connection.execute("PRAGMA index_list('registry_organisation')")}
    # registry 0004's end state: the model's indexes, none of the db_index ones it replaced
    assert {"org_kind", "org_sector", "org_cvr_pattern"} <= indexes
    assert not any(name.startswith(("registry_organisation_kind_", "registry_organisation_sector_")) for name in indexes)
