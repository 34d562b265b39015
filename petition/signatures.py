"""What happens to a signature, as database operations the writer runs in its transaction.

Each function takes the connection and returns a plain result; none keeps anything readable
about the person except the keyed hash of the address and the four digits of the postcode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import limits
from .crypto import Keys
from .fields import Signature
from .store import Connection

CONFIRM = "bevestig"
ALREADY = "al_getekend"
WITHDRAW = "intrekken"


@dataclass(frozen=True)
class Sealed:
    """A signature as it is stored: the keyed hash of its address, its personal data sealed for the
    foundation's private key, the postcode's four digits, and its mail locked for the outbox. Made
    before the transaction, so the writer (which every request waits for) does no cryptography."""

    address_hash: str
    sealed: bytes
    postcode4: str | None
    payload: bytes


def seal(keys: Keys, signature: Signature) -> Sealed:
    address_hash = keys.address_hash(signature.dedup_key)
    return Sealed(
        address_hash,
        keys.seal({"naam": signature.name, "email": signature.email, "telefoon": signature.phone}),
        signature.postcode4,
        keys.lock_outbox({"naam": signature.name, "email": signature.email, "hash": address_hash}),
    )


@dataclass(frozen=True)
class Signing:
    """One request to sign, as the writer needs it: the sealed signature, the limits it counts in,
    when it came, and the source buckets its confirmation will credit (limits.earning_keys)."""

    sealed: Sealed
    buckets: list[limits.Bucket]
    now: int
    source: str = ""


def counted_then_signed(db: Connection, signings: list[Signing]) -> list[limits.Bucket | None]:
    """Each request counted in every limit (shared by all instances); those under every limit
    signed, with their mail. Per request: the limit it is over, or None when it was signed. Run for
    every request waiting together (store.Together)."""
    over = limits.count(db, [(s.buckets, s.now) for s in signings])
    sign(db, [s for s, bucket in zip(signings, over, strict=True) if bucket is None])
    return over


def sign(db: Connection, signings: list[Signing]) -> None:
    """New signatures, or the one an address gave before; either way one mail in the outbox each.

    The request's answer is the same in both cases; only the mail differs (`CONFIRM` while the
    signature is unconfirmed, `ALREADY` after), and only the owner of the address reads it. An
    address twice among `signings` is signed by the first, as if one after the other. Two
    statements for any number of signatures, which read nothing back: in the writer's pipeline
    they travel to PostgreSQL with the commit, in one round trip.
    """
    if not signings:
        return
    db.execute(
        "INSERT INTO signatures (address_hash, sealed, postcode4, created_at, source_buckets) VALUES "  # noqa: S608
        + ", ".join("(?, ?, ?, ?, ?)" for _ in signings)
        + " ON CONFLICT (address_hash) DO NOTHING",
        [
            value
            # by address (a stable sort: the first of one address stays first), in one order in
            # every transaction, so two writers inserting the same addresses cannot deadlock
            for s in sorted(signings, key=lambda s: s.sealed.address_hash)
            for value in (s.sealed.address_hash, s.sealed.sealed, s.sealed.postcode4, s.now, s.source or None)
        ],
    )
    db.execute(
        "INSERT INTO outbox (signature_id, kind, payload, due_at, created_at)"  # noqa: S608
        " SELECT s.id, CASE WHEN s.confirmed_at IS NULL THEN ? ELSE ? END, v.column2, v.column3, v.column3"
        " FROM (VALUES " + ", ".join("(?, ?, ?, ?)" for _ in signings) + ") AS v"
        " JOIN signatures s ON s.address_hash = v.column1 ORDER BY v.column4",
        [
            CONFIRM,
            ALREADY,
            *(
                value
                for place, s in enumerate(signings)
                for value in (s.sealed.address_hash, s.sealed.payload, s.now, place)
            ),
        ],
    )


@dataclass(frozen=True)
class Link:
    """What a mail's link names: a signature, the day the mail was made, and the proof."""

    signature_id: int
    day: int  # days since 1970, modulo 2**16
    token: str


def day(now: int) -> int:
    return (now // 86400) & 0xFFFF


def lookup(db: Connection, keys: Keys, purpose: str, link: Link, now: int, days: int) -> tuple[Any, ...] | None:
    """The signature a mail's link names, if the link's token is right for it. A confirmation
    link works for `days` days (as long as an unconfirmed signature is kept); a withdrawal link as
    long as there is something to withdraw."""
    if purpose == CONFIRM and (day(now) - link.day) & 0xFFFF > days:
        return None
    row = db.one(
        "SELECT id, address_hash, confirmed_at, source_buckets FROM signatures WHERE id = ?", (link.signature_id,)
    )
    if row is None or row[1] is None or not keys.token_ok(purpose, link.signature_id, row[1], link.day, link.token):
        return None
    return row


def confirm(db: Connection, keys: Keys, link: Link, now: int, days: int) -> str:
    """'bevestigd', 'al' (confirmed before) or 'onbekend' (wrong or expired link, or withdrawn since)."""
    row = lookup(db, keys, CONFIRM, link, now, days)
    signature_id = link.signature_id
    if row is None:
        return "onbekend"
    if row[2] is not None:
        return "al"
    db.execute(
        "UPDATE signatures SET confirmed_at = ?, source_buckets = NULL WHERE id = ? AND confirmed_at IS NULL",
        (now, signature_id),
    )
    if row[3]:
        limits.credit(db, str(row[3]).split(), now)  # a person confirmed: their source gets more room
    return "bevestigd"


def withdraw(db: Connection, keys: Keys, link: Link, now: int) -> bool:
    """The right to erasure: the row and its mails go at once, and with them the count."""
    signature_id = link.signature_id
    if lookup(db, keys, WITHDRAW, link, now, 0) is None:
        return False
    db.execute("DELETE FROM outbox WHERE signature_id = ?", (signature_id,))
    db.execute("DELETE FROM signatures WHERE id = ?", (signature_id,))
    return True


def count(db: Connection) -> int:
    row = db.one("SELECT count(*) FROM signatures WHERE confirmed_at IS NOT NULL")
    return int(row[0]) if row else 0


def per_postcode(db: Connection) -> dict[str, int]:
    rows = db.query(
        "SELECT postcode4, count(*) FROM signatures WHERE confirmed_at IS NOT NULL AND postcode4 IS NOT NULL"
        " GROUP BY postcode4"
    )
    return {str(pc4): int(n) for pc4, n in rows}


def municipalities(db: Connection) -> dict[str, tuple[str, str]]:
    """Four-digit postcode -> (CBS code, name), as loaded from CBS's file; empty until loaded."""
    return {
        str(pc4): (str(code), str(name)) for pc4, code, name in db.query("SELECT pc4, code, name FROM municipalities")
    }


# The outbox ---------------------------------------------------------------------------------------

LEASE_SECONDS = 60  # a mail taken by a sender that crashed is taken again after this (SMTP times out at 20 s)


def claim(db: Connection, now: int, limit: int) -> list[tuple[Any, ...]]:
    """Due mails, leased to this sender so no other instance sends them at the same time."""
    return db.query(
        "UPDATE outbox SET due_at = ?, attempts = attempts + 1 WHERE id IN"
        f" (SELECT id FROM outbox WHERE due_at <= ? ORDER BY id LIMIT ?{db.skip_locked})"
        " RETURNING id, signature_id, kind, payload, attempts",
        (now + LEASE_SECONDS, now, limit),
    )


def release_leases(db: Connection, now: int) -> int:
    """At start with SQLite (one process by design): what this process took before a crash is due now."""
    return int(db.execute("UPDATE outbox SET due_at = ? WHERE due_at > ?", (now, now)).rowcount)


def sent(db: Connection, ids: list[int]) -> list[None]:
    """Mails the server took: gone from the outbox, in one statement for all (store.Together)."""
    db.execute(f"DELETE FROM outbox WHERE id IN ({', '.join('?' for _ in ids)})", ids)  # noqa: S608
    return [None for _ in ids]


def retry(db: Connection, retries: list[tuple[int, int]]) -> None:
    db.many("UPDATE outbox SET due_at = ? WHERE id = ?", [(due, i) for i, due in retries])


def pending_mail(db: Connection) -> int:
    row = db.one("SELECT count(*) FROM outbox")
    return int(row[0]) if row else 0


# Retention ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purged:
    unconfirmed: int
    anonymised: int


def purge(db: Connection, now: int, unconfirmed_days: int, delete_personal_at: int | None) -> Purged:
    """Unconfirmed signatures after their days; after the set date, everything personal."""
    cutoff = now - unconfirmed_days * 86400
    old = [r[0] for r in db.query("SELECT id FROM signatures WHERE confirmed_at IS NULL AND created_at < ?", (cutoff,))]
    db.many("DELETE FROM outbox WHERE signature_id = ?", [(i,) for i in old])
    db.many("DELETE FROM signatures WHERE id = ?", [(i,) for i in old])
    anonymised = 0
    if delete_personal_at is not None and now >= delete_personal_at:
        row = db.one("SELECT count(*) FROM signatures WHERE sealed IS NOT NULL OR address_hash IS NOT NULL")
        anonymised = int(row[0]) if row else 0
        db.execute("UPDATE signatures SET sealed = NULL, address_hash = NULL")
        db.execute("DELETE FROM outbox")
    db.execute(
        "UPDATE signatures SET source_buckets = NULL WHERE source_buckets IS NOT NULL AND created_at < ?",
        (now - limits.KEPT_SECONDS,),
    )
    limits.forget(db, now)  # the rate limits' counts: two hours at most
    return Purged(len(old), anonymised)
