"""Authenticated encryption of special-category data (CPR) at rest, with rotatable keys.

Keys come from the environment, never from SECRET_KEY (rotating that must not lose data):
  FIELD_ENCRYPTION_KEYS = "k2:<base64 32 bytes>,k1:<base64 32 bytes>"   first = current
  BLIND_INDEX_KEY       = "<base64 32 bytes>"                             for exact-match search
A token is  b"v1:" + key id + ":" + nonce(12) + AES-256-GCM ciphertext, so old rows stay
readable after a new key is put first; `reencrypt` moves a token to the current key.
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = b"v1"


@dataclass(frozen=True)
class Keyring:
    current_id: str
    keys: dict[str, bytes]
    index_key: bytes


def _decode_key(text: str, name: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not valid base64") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes (base64 of 32 random bytes)")
    return key


def parse_keyring(keys_setting: str, index_setting: str) -> Keyring:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for item in [part.strip() for part in keys_setting.split(",") if part.strip()]:
        key_id, _sep, encoded = item.partition(":")
        if not key_id or not encoded or ":" in key_id:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS entries look like id:base64key")
        keys[key_id] = _decode_key(encoded, f"FIELD_ENCRYPTION_KEYS[{key_id}]")
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    return Keyring(current_id=order[0], keys=keys, index_key=_decode_key(index_setting, "BLIND_INDEX_KEY"))


@lru_cache(maxsize=4)
def _keyring_for(keys_setting: str, index_setting: str) -> Keyring:
    return parse_keyring(keys_setting, index_setting)


def keyring() -> Keyring:
    return _keyring_for(settings.FIELD_ENCRYPTION_KEYS, settings.BLIND_INDEX_KEY)


def encrypt(plaintext: str, *, purpose: bytes = b"cpr", ring: Keyring | None = None) -> bytes:
    """Encrypt with the current key; `purpose` is bound as associated data, so a CPR token
    cannot be replayed into another column."""
    ring = ring or keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.keys[ring.current_id]).encrypt(nonce, plaintext.encode(), purpose)
    return VERSION + b":" + ring.current_id.encode() + b":" + nonce + sealed


def decrypt(token: bytes, *, purpose: bytes = b"cpr", ring: Keyring | None = None) -> str:
    ring = ring or keyring()
    token = bytes(token)
    version, _sep, rest = token.partition(b":")
    key_id, _sep, body = rest.partition(b":")
    if version != VERSION or key_id.decode() not in ring.keys:
        raise ValueError("unknown encryption version or key id")
    nonce, sealed = body[:12], body[12:]
    return AESGCM(ring.keys[key_id.decode()]).decrypt(nonce, sealed, purpose).decode()


def key_id_of(token: bytes) -> str:
    return bytes(token).split(b":", 2)[1].decode()


def reencrypt(token: bytes, *, purpose: bytes = b"cpr", ring: Keyring | None = None) -> bytes:
    """The same plaintext under the current key (no-op when already current)."""
    ring = ring or keyring()
    if key_id_of(token) == ring.current_id:
        return bytes(token)
    return encrypt(decrypt(token, purpose=purpose, ring=ring), purpose=purpose, ring=ring)


def blind_index(value: str, *, purpose: bytes = b"cpr", ring: Keyring | None = None) -> str:
    """A keyed hash for exact-match lookup without storing or revealing the value."""
    ring = ring or keyring()
    return hmac.new(ring.index_key, purpose + b"\x00" + value.encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()
