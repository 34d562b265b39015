"""What the service can and cannot read: sealed boxes for the foundation, keyed hashes for itself.

* Personal data (name, address, phone) is sealed with the foundation's public key: the service
  can write it but never read it back; only the private key, kept off the server, opens it
  (`python -m petition export`). As libsodium's sealed box does, each blob carries the public half
  of an ephemeral key pair whose secret half the service never stores; unlike a sealed box, that
  pair serves every signature of one second (`EPHEMERAL_SECONDS`) with its own random nonce, so
  the two X25519 operations of a sealed box (64 µs, a quarter of a signature's time in the service)
  happen once a second instead of once a signature. Blobs from before (sealed boxes) still open.
* To count each address once, the service keeps a keyed hash (HMAC-SHA-256 with its own secret)
  of the normalised address: equal addresses give equal hashes, and without the secret nobody can
  test a guessed address against the database.
* Links in mails carry a token derived from the same secret, so no token is stored, an older mail's
  link keeps working, and a link for one signature cannot be turned into one for another. The
  link names the signature by a reference, not by its number: the number and the day the mail
  was made, through a keyed permutation, so links do not tell how many signed or in what order,
  and a confirmation link can expire (`signatures.lookup`).
* A mail waiting in the outbox needs the address in the clear when it is sent; until then it is
  sealed with a key derived from the service's secret, and deleted once sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import Box, PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.utils import random

EPHEMERAL_SECONDS = 1.0  # how long one ephemeral key pair seals signatures


class _Mac:
    """HMAC-SHA256 in hex with one key, set up once and copied for each message. (`hmac.digest`
    lets go of the GIL on every call, even for a few bytes: under load the event loop then waited
    behind the writer's and the mail threads, about 50 µs a call instead of 2. A copy of a keyed
    HMAC does not, for messages under 2 kB.)"""

    def __init__(self, key: bytes) -> None:
        self._keyed = hmac.new(key, digestmod=hashlib.sha256)

    def digest(self, message: bytes) -> bytes:
        mac = self._keyed.copy()
        mac.update(message)
        return mac.digest()

    def __call__(self, message: str) -> str:
        return self.digest(message.encode()).hex()


def subkey(secret: bytes, purpose: str) -> bytes:
    return hmac.digest(secret, purpose.encode(), "sha256")


class Keys:
    """The service's keys, derived once from its secret and the foundation's public key."""

    def __init__(self, secret: bytes, public_key: bytes) -> None:
        self._address_mac = _Mac(subkey(secret, "adres"))
        self._source_mac = _Mac(subkey(secret, "bron"))
        self._token_mac = _Mac(subkey(secret, "link"))
        self._reference_mac = _Mac(subkey(secret, "verwijzing"))
        self._outbox = SecretBox(subkey(secret, "postvak"))
        self._foundation = PublicKey(public_key)
        self._ephemeral: tuple[bytes, Box] | None = None  # its public half, and the box it makes
        self._ephemeral_until = 0.0

    def address_hash(self, dedup_key: str) -> str:
        return self._address_mac(dedup_key)

    def source_hash(self, source: str) -> str:
        """An IP address, network or domain as the rate limits keep it: not readable, not reversible."""
        return self._source_mac(source)[:32]

    def token(self, purpose: str, signature_id: int, address_hash: str, day: int) -> str:
        return self._token_mac(f"{purpose}:{signature_id}:{address_hash}:{day}")[:40]

    def token_ok(self, purpose: str, signature_id: int, address_hash: str, day: int, token: str) -> bool:
        return hmac.compare_digest(self.token(purpose, signature_id, address_hash, day), token)

    def mail_id(self, outbox_id: int) -> str:
        """A mail's Message-ID part: stable for one outbox row, tells nobody its number."""
        return self._token_mac(f"mail:{outbox_id}")[:32]

    def link(self, purpose: str, signature_id: int, address_hash: str, day: int) -> str:
        """The path of a mail's link: `/{purpose}/{reference}/{token}`."""
        reference = self._permute((signature_id << 16) | (day & 0xFFFF)).to_bytes(8, "big").hex()
        return f"/{purpose}/{reference}/{self.token(purpose, signature_id, address_hash, day)}"

    def reference(self, reference: str) -> tuple[int, int]:
        """(signature id, day) from a link's reference (16 hex digits, checked by the caller)."""
        number = self._permute(int(reference, 16), inverse=True)
        return number >> 16, number & 0xFFFF

    def _permute(self, number: int, inverse: bool = False) -> int:
        """A keyed permutation of 64-bit numbers: four Feistel rounds with HMAC (Luby-Rackoff)."""
        left, right = number >> 32, number & 0xFFFFFFFF
        for index in reversed(range(4)) if inverse else range(4):
            if inverse:
                left, right = right ^ self._round(index, left), left
            else:
                left, right = right, left ^ self._round(index, right)
        return (left << 32) | right

    def _round(self, index: int, half: int) -> int:
        digest = self._reference_mac.digest(bytes([index]) + half.to_bytes(4, "big"))
        return int.from_bytes(digest[:4], "big")

    def seal(self, personal: dict[str, Any]) -> bytes:
        """The ephemeral public key, a random nonce, and the data boxed for the foundation's key."""
        now = time.monotonic()
        if self._ephemeral is None or now >= self._ephemeral_until:
            secret = PrivateKey.generate()  # dropped at the next renewal; never written anywhere
            self._ephemeral = (bytes(secret.public_key), Box(secret, self._foundation))
            self._ephemeral_until = now + EPHEMERAL_SECONDS
        public, box = self._ephemeral
        return public + bytes(box.encrypt(json.dumps(personal, ensure_ascii=False).encode(), random(Box.NONCE_SIZE)))

    def lock_outbox(self, data: dict[str, Any]) -> bytes:
        return bytes(self._outbox.encrypt(json.dumps(data, ensure_ascii=False).encode()))

    def open_outbox(self, blob: bytes) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self._outbox.decrypt(blob))
        return data


def open_sealed(private_key: bytes, blob: bytes) -> dict[str, Any]:
    """Offline only: the foundation's private key opens what the service sealed."""
    key = PrivateKey(private_key)
    try:
        opened = Box(key, PublicKey(blob[:32])).decrypt(blob[32:])
    except (CryptoError, ValueError):  # sealed before 2026-12-04: a libsodium sealed box
        opened = SealedBox(key).decrypt(blob)
    data: dict[str, Any] = json.loads(opened)
    return data


def new_keypair() -> tuple[bytes, bytes]:
    key = PrivateKey.generate()
    return bytes(key), bytes(key.public_key)
