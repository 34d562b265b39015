"""Personal data sealed for the foundation (petition/crypto.py): only its private key opens it, the
service cannot read back what it sealed once its ephemeral key is renewed, and blobs sealed before
the change (libsodium sealed boxes) still open."""

from __future__ import annotations

import hmac
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

from petition import crypto

pytestmark = pytest.mark.fast

SECRET = bytes(range(32))


def _keys() -> tuple[bytes, crypto.Keys]:
    private, public = crypto.new_keypair()
    return private, crypto.Keys(SECRET, public)


@given(st.dictionaries(st.sampled_from(["naam", "email", "telefoon"]), st.text() | st.none()))
def test_only_the_foundations_key_opens_what_was_sealed(personal):
    private, keys = _keys()
    blob = keys.seal(personal)
    assert crypto.open_sealed(private, blob) == personal
    other, _ = crypto.new_keypair()
    with pytest.raises(CryptoError):
        crypto.open_sealed(other, blob)


def test_every_blob_has_its_own_nonce_and_the_ephemeral_key_is_renewed():
    private, keys = _keys()
    first, second = keys.seal({"naam": "Sam"}), keys.seal({"naam": "Sam"})
    assert first[:32] == second[:32], "one ephemeral key within its second"
    assert first[32:56] != second[32:56] and first != second, "a random nonce each"
    keys._ephemeral_until = 0.0  # its second is over
    third = keys.seal({"naam": "Sam"})
    assert third[:32] != first[:32]
    assert {crypto.open_sealed(private, b)["naam"] for b in (first, second, third)} == {"Sam"}


def test_a_changed_byte_anywhere_opens_nothing():
    private, keys = _keys()
    blob = keys.seal({"naam": "Sam", "email": "sam@example.org"})
    for position in (0, 31, 32, 55, 56, len(blob) - 1):
        broken = bytearray(blob)
        broken[position] ^= 1
        with pytest.raises(CryptoError):
            crypto.open_sealed(private, bytes(broken))


def test_blobs_sealed_before_the_change_still_open():
    private, public = crypto.new_keypair()
    personal = {"naam": "Özlem Yılmaz-de Boer", "email": "ozlem@example.org", "telefoon": None}
    old = bytes(SealedBox(PrivateKey(private).public_key).encrypt(json.dumps(personal).encode()))
    assert crypto.open_sealed(private, old) == personal
    short = bytes(SealedBox(PrivateKey(private).public_key).encrypt(b"{}"))  # shorter than a nonce and tag
    assert crypto.open_sealed(private, short) == {}


@given(st.binary(min_size=1, max_size=64), st.text(max_size=3000))
def test_the_keyed_mac_is_hmac_sha256(key, message):
    """Hashes already stored (addresses, sources) stay valid: the same bytes as the standard HMAC."""
    assert crypto._Mac(key)(message) == hmac.new(key, message.encode(), "sha256").hexdigest()
