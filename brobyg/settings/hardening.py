"""What the production settings refuse to start with: a short or published SECRET_KEY, and the
published development keys of the field encryption (core/crypto.py). Pure functions, so the
rules can be read and tested without starting Django."""

import base64
import binascii

from .base import DEV_BLIND_INDEX_KEY, DEV_FIELD_ENCRYPTION_KEYS, DEV_SECRET_KEY

MIN_SECRET_KEY_LENGTH = 50  # Django's own check (security.W009) asks for at least 50 characters
MIN_SECRET_KEY_CHARACTERS = 5  # ... and at least 5 distinct characters

# Keys anyone can read: ours (base.py, docs) and the placeholders of Django's project template
# and of common tutorials. A key starting with one of the prefixes is a placeholder too.
PUBLISHED_SECRET_KEYS = frozenset({DEV_SECRET_KEY, "change-me", "changeme", "secret", "your-secret-key"})
PUBLISHED_PREFIXES = ("dev-only", "django-insecure", "insecure", "change-me", "changeme")


def _key_material(encoded: str) -> bytes | None:
    try:
        return base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


PUBLISHED_FIELD_KEYS = frozenset(
    [_key_material(item.partition(":")[2]) for item in DEV_FIELD_ENCRYPTION_KEYS.split(",")]
    + [_key_material(DEV_BLIND_INDEX_KEY)]
) - {None}


def secret_key_problem(secret_key: str) -> str | None:
    if not secret_key:
        return "Set SECRET_KEY in the environment for production."
    lowered = secret_key.lower()
    if secret_key in PUBLISHED_SECRET_KEYS or lowered.startswith(PUBLISHED_PREFIXES):
        return "SECRET_KEY is a published development value: generate a new one."
    if len(secret_key) < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < MIN_SECRET_KEY_CHARACTERS:
        return (
            f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    return None


def field_keys_problem(field_keys: str, index_key: str) -> str | None:
    """Only the published keys are refused here; the format (id:base64 of 32 bytes) is checked
    by core.crypto.parse_keyring when a key is first used."""
    if not field_keys or not index_key:
        return "Set FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY in the environment for production."
    materials = [_key_material(item.partition(":")[2]) for item in field_keys.split(",") if item.strip()]
    if any(m in PUBLISHED_FIELD_KEYS for m in materials) or field_keys.strip().startswith("dev:"):
        return "FIELD_ENCRYPTION_KEYS holds a published development key: generate new keys."
    if _key_material(index_key) in PUBLISHED_FIELD_KEYS:
        return "BLIND_INDEX_KEY is a published development key: generate new FIELD_ENCRYPTION_KEYS / BLIND_INDEX_KEY values."
    return None
