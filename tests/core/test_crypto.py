import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured

from core import crypto


def ring(keys: str):
    return crypto.parse_keyring(keys, crypto.new_key())


def test_it_round_trips_and_never_contains_the_plaintext():
    r = ring(f"a:{crypto.new_key()}")
    token = crypto.encrypt("0101901234", ring=r)
    assert b"0101901234" not in token
    assert crypto.decrypt(token, ring=r) == "0101901234"


def test_two_encryptions_of_the_same_value_differ():
    r = ring(f"a:{crypto.new_key()}")
    assert crypto.encrypt("0101901234", ring=r) != crypto.encrypt("0101901234", ring=r)


def test_a_tampered_token_is_refused():
    r = ring(f"a:{crypto.new_key()}")
    token = bytearray(crypto.encrypt("0101901234", ring=r))
    token[-1] ^= 1
    with pytest.raises(InvalidTag):
        crypto.decrypt(bytes(token), ring=r)


def test_a_token_for_another_purpose_is_refused():
    r = ring(f"a:{crypto.new_key()}")
    token = crypto.encrypt("0101901234", purpose=b"cpr", ring=r)
    with pytest.raises(InvalidTag):
        crypto.decrypt(token, purpose=b"notes", ring=r)


def test_rotation_keeps_old_tokens_readable_and_reencrypts_to_the_new_key():
    old_key, new_key = crypto.new_key(), crypto.new_key()
    before = ring(f"old:{old_key}")
    token = crypto.encrypt("0101901234", ring=before)
    after = crypto.Keyring(current_id="new", keys={"new": crypto._decode_key(new_key, "x"), "old": before.keys["old"]}, index_key=before.index_key)
    assert crypto.decrypt(token, ring=after) == "0101901234"
    moved = crypto.reencrypt(token, ring=after)
    assert crypto.key_id_of(moved) == "new"
    assert crypto.decrypt(moved, ring=after) == "0101901234"
    without_old = crypto.Keyring(current_id="new", keys={"new": after.keys["new"]}, index_key=before.index_key)
    assert crypto.decrypt(moved, ring=without_old) == "0101901234"
    with pytest.raises(ValueError):
        crypto.decrypt(token, ring=without_old)


def test_the_blind_index_is_stable_keyed_and_not_the_plain_hash():
    import hashlib

    r = ring(f"a:{crypto.new_key()}")
    other = ring(f"a:{crypto.new_key()}")
    assert crypto.blind_index("0101901234", ring=r) == crypto.blind_index("0101901234", ring=r)
    assert crypto.blind_index("0101901234", ring=r) != crypto.blind_index("0101901234", ring=other)
    assert crypto.blind_index("0101901234", ring=r) != hashlib.sha256(b"0101901234").hexdigest()


@pytest.mark.parametrize("keys", ["", "nokey", "a:notbase64!!", "a:" + "QUJD"])
def test_bad_key_settings_are_refused_at_start(keys):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring(keys, crypto.new_key())
