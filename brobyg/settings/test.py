"""Tests run against a real PostgreSQL server (never SQLite, never mocks)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")

from .base import *  # noqa: E402,F403
from .base import _database_from_env  # noqa: E402

DATABASES = {"default": _database_from_env()}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
JOBS_RUN_INLINE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MFA_REQUIRED = False  # tests of the second factor turn it on with override_settings
