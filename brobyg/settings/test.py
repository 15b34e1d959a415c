"""Tests run against a real PostgreSQL server (never SQLite, never mocks)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")

from .base import *  # noqa: E402,F403
from .base import POSTGRES_PREPARED, POSTGRES_SESSION_OPTIONS, _database_from_env  # noqa: E402

DATABASES = {"default": _database_from_env()}
# The audit and ledger tables refuse TRUNCATE (audit migration 0003) unless the session allows
# it: Django empties the test database with TRUNCATE between transactional tests.
DATABASES["default"]["OPTIONS"] = {
    "options": POSTGRES_SESSION_OPTIONS + " -c brobyg.allow_truncate=on",
    **POSTGRES_PREPARED,
}
# A second alias on the same test database, for the read-replica router (tests/core/test_db_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
READ_REPLICA = None  # the router tests switch it on
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
# Jobs run before enqueue returns; the worker tests switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Query counts compare requests minutes apart on a loaded machine: a session write due in one
# and not the other would differ. Tests of the refresh set it back to a minute.
SESSION_REFRESH_SECONDS = 15 * 60
MFA_REQUIRED = False  # tests of the second factor turn it on with override_settings
