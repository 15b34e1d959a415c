"""The README's first command runs the platform on SQLite: every migration must apply there from
an empty database (a PostgreSQL-only statement in a migration once broke it unnoticed, since
the rest of the suite runs on PostgreSQL), and the demo's pages must open there, those whose
reads are plain SQL (core.sql_models) included."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory):
    """The environment of a fresh SQLite database with every migration applied."""
    database = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobyg.settings.dev", "DATABASE_URL": f"sqlite:///{database}"}
    result = _manage(env, "migrate", "--noinput", "-v", "0")
    assert result.returncode == 0, result.stderr[-3000:]
    env["BROBYG_TEST_DATABASE"] = str(database)
    return env


def test_every_migration_applies_to_an_empty_sqlite_database(sqlite_env):
    database = sqlite_env["BROBYG_TEST_DATABASE"]
    with sqlite3.connect(database) as connection:
        indexes = {row[1] for row in connection.execute("PRAGMA index_list('registry_organisation')")}
    # registry 0004's end state: the model's indexes, none of the db_index ones it replaced
    assert {"org_kind", "org_sector", "org_cvr_pattern"} <= indexes
    assert not any(name.startswith(("registry_organisation_kind_", "registry_organisation_sector_")) for name in indexes)


def test_the_demo_pages_open_on_sqlite(sqlite_env):
    seeded = _manage(sqlite_env, "seed_demo")
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    result = _manage(sqlite_env, "shell", "-v", "0", "-c", (ROOT / "tests/demo/sqlite_pages.py").read_text())
    assert result.returncode == 0, result.stderr[-3000:]
    *failed, opened = result.stdout.strip().splitlines()
    assert [line for line in failed if line] == []
    assert int(opened.split()[1]) >= 30  # start pages and detail pages of five roles
