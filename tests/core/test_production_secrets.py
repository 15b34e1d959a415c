"""The production settings refuse short or published secrets (issue 11, finding 9), and switch on
the second factor and __Host- cookies. Each case imports brobyg.settings.production in a fresh
interpreter with the environment under test."""

import json
import subprocess
import sys

import pytest

from brobyg.settings.base import DEV_BLIND_INDEX_KEY, DEV_FIELD_ENCRYPTION_KEYS, DEV_SECRET_KEY
from core.crypto import new_key
from tests.core.test_security import ROOT, production_env

IMPORT = """
import json
import brobyg.settings.production as s
print(json.dumps({"session": s.SESSION_COOKIE_NAME, "csrf": s.CSRF_COOKIE_NAME, "mfa": s.MFA_REQUIRED,
                  "demo": getattr(s, "DEMO_QUICK_LOGINS", False)}))
"""


def import_production(**env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", IMPORT], cwd=ROOT, env=production_env(**env), capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "secret_key",
    [
        "x",
        "k0Z9-" * 9 + "k0Z9",  # 49 characters
        "abcd" * 20,  # 80 characters but only 4 distinct ones
        DEV_SECRET_KEY,
        "django-insecure-" + "q8#v" * 12,  # Django's project-template placeholder
    ],
    ids=["one-character", "49-characters", "4-distinct-characters", "our-dev-key", "django-insecure"],
)
def test_production_refuses_a_short_or_published_secret_key(secret_key):
    result = import_production(SECRET_KEY=secret_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FIELD_ENCRYPTION_KEYS", DEV_FIELD_ENCRYPTION_KEYS),
        ("FIELD_ENCRYPTION_KEYS", "prod:" + DEV_FIELD_ENCRYPTION_KEYS.partition(":")[2]),  # renamed id
        ("FIELD_ENCRYPTION_KEYS", f"k2:{new_key()}," + DEV_FIELD_ENCRYPTION_KEYS),  # kept as an old key
        ("BLIND_INDEX_KEY", DEV_BLIND_INDEX_KEY),
    ],
    ids=["dev-field-key", "dev-key-under-another-id", "dev-key-as-old-key", "dev-blind-index-key"],
)
def test_production_refuses_the_published_development_encryption_keys(variable, value):
    result = import_production(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and variable in result.stderr


def test_production_starts_with_real_keys_and_turns_on_mfa_and_host_cookies():
    result = import_production()
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout.strip().splitlines()[-1])
    assert settings["session"].startswith("__Host-") and settings["csrf"].startswith("__Host-")
    assert settings["mfa"] is True and settings["demo"] is False
