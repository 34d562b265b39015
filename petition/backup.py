"""Backups of the signatures: encrypted, kept no longer than the privacy statement says, restorable.

A backup is the service's own tables, read through the same queries on SQLite and PostgreSQL (so a
backup of one restores into the other, and no `pg_dump` is needed in the container), compressed and
encrypted with a key derived from the service's secret (XSalsa20-Poly1305, PyNaCl's SecretBox).
Names, addresses and phone numbers inside were already sealed with the foundation's public key: a
stolen backup with the secret still shows no one's name. `make_backup` also deletes backups older
than `keep_days`, and after `gegevens_wissen_op` every backup made before that moment, so a backup
never holds personal data longer than the database may (README, "Backups"; /privacy/).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from .crypto import subkey
from .store import Connection, Database

MAGIC = b"HVK-RESERVEKOPIE 1\n"
SUFFIX = ".reservekopie"
# The tables a restore needs, in an order that satisfies their references. The rate limits' counts
# are left out: two hours of history that nothing needs back.
TABLES: dict[str, tuple[str, ...]] = {
    "signatures": ("id", "address_hash", "sealed", "postcode4", "created_at", "confirmed_at"),
    "outbox": ("id", "signature_id", "kind", "payload", "attempts", "due_at", "created_at"),
    "municipalities": ("pc4", "code", "name"),
}
IDENTITY = ("signatures", "outbox")  # ids the mails' links carry: restored as they were
LABELS = {
    "signatures": ("handtekening", "handtekeningen"),
    "outbox": ("mail in het postvak", "mails in het postvak"),
    "municipalities": ("postcode met gemeente", "postcodes met gemeente"),
}


def said(rows: dict[str, int]) -> str:
    """Counts per table, as the operator reads them: "1 handtekening, 0 mails in het postvak, …"."""
    return ", ".join(f"{n} {LABELS[name][0 if n == 1 else 1]}" for name, n in rows.items())


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is one Dutch line."""


@dataclass(frozen=True)
class Made:
    path: Path
    rows: dict[str, int]
    removed: list[Path]


def _box(secret: bytes) -> SecretBox:
    return SecretBox(subkey(secret, "reservekopie"))


def _cell(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode()}
    return value


def _uncell(value: Any) -> Any:
    return base64.b64decode(value["b64"]) if isinstance(value, dict) else value


def _version(db: Connection) -> int:
    row = db.one("SELECT max(version) FROM schema_version")
    return int(row[0]) if row and row[0] is not None else 0


def dump(database: Database, secret: bytes, now: dt.datetime) -> tuple[bytes, dict[str, int]]:
    """The tables as one encrypted blob, read in one transaction (a consistent snapshot)."""
    with database.connect() as db:
        if db.dialect == "postgresql":  # psycopg opens the transaction with this first statement
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        else:
            db.raw.execute("BEGIN")  # a deferred read: writers go on while the backup reads
        tables = {name: db.query(f"SELECT {', '.join(cols)} FROM {name} ORDER BY 1") for name, cols in TABLES.items()}  # noqa: S608 - our own table names
        version = _version(db)
        db.rollback()
    document = {
        "gemaakt_op": now.astimezone(dt.UTC).isoformat(),
        "schema": version,
        "tabellen": {name: [[_cell(v) for v in row] for row in rows] for name, rows in tables.items()},
    }
    plain = zlib.compress(json.dumps(document, separators=(",", ":")).encode(), 6)
    return MAGIC + bytes(_box(secret).encrypt(plain)), {name: len(rows) for name, rows in tables.items()}


def read(blob: bytes, secret: bytes) -> dict[str, Any]:
    if not blob.startswith(MAGIC):
        raise BackupError("dit is geen reservekopie van de petitiedienst")
    try:
        document: dict[str, Any] = json.loads(zlib.decompress(_box(secret).decrypt(blob[len(MAGIC) :])))
    except CryptoError as error:
        raise BackupError(
            "deze reservekopie gaat niet open met deze PETITION_SECRET; gebruik het geheim van de dienst die hem maakte"
        ) from error
    return document


def _name(now: dt.datetime) -> str:
    return f"petitie-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


def _made_at(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(path.name.removeprefix("petitie-").removesuffix(SUFFIX), "%Y%m%dT%H%M%SZ").replace(
            tzinfo=dt.UTC
        )
    except ValueError:
        return None


def expired(
    paths: Iterable[Path], now: dt.datetime, keep_days: int, delete_personal_at: dt.datetime | None
) -> list[Path]:
    """Backups past their days, and, once personal data must be gone, every one made before that."""
    out = []
    for path in paths:
        made = _made_at(path)
        if made is None:
            continue
        too_old = now - made > dt.timedelta(days=keep_days)
        holds_personal = delete_personal_at is not None and now >= delete_personal_at and made < delete_personal_at
        if too_old or holds_personal:
            out.append(path)
    return sorted(out)


def make_backup(
    database: Database,
    secret: bytes,
    folder: Path,
    keep_days: int,
    delete_personal_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> Made:
    now = now or dt.datetime.now(dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)
    blob, rows = dump(database, secret, now)
    target = folder / _name(now)
    partial = target.with_suffix(".deels")
    with open(partial, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as out:  # readable by the service only
        out.write(blob)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(target)  # a backup is whole or absent
    removed = expired(folder.glob(f"petitie-*{SUFFIX}"), now, keep_days, delete_personal_at)
    for path in removed:
        path.unlink(missing_ok=True)
    return Made(target, rows, removed)


def due(folder: Path, now: dt.datetime, every: dt.timedelta = dt.timedelta(hours=23)) -> bool:
    """Whether the newest backup in the folder is older than a day (or there is none)."""
    made = [m for m in (_made_at(p) for p in folder.glob(f"petitie-*{SUFFIX}")) if m is not None]
    return not made or now - max(made) >= every


def restore(database: Database, secret: bytes, blob: bytes) -> dict[str, int]:
    """Into a database without signatures (a new one, after a loss): never over live data."""
    document = read(blob, secret)
    database.migrate()
    with database.connect() as db:
        if int(document.get("schema", 0)) > _version(db):
            raise BackupError("deze reservekopie is van een nieuwere versie van de dienst; werk de dienst eerst bij")
        existing = db.one("SELECT count(*) FROM signatures")
        if existing and existing[0]:
            raise BackupError(
                f"de database heeft al {existing[0]} handtekeningen; herstel alleen in een nieuwe, lege database"
            )
        db.begin()
        db.execute("DELETE FROM municipalities")
        counts = {}
        for name, cols in TABLES.items():
            rows = [[_uncell(v) for v in row] for row in document["tabellen"].get(name, [])]
            overriding = " OVERRIDING SYSTEM VALUE" if db.dialect == "postgresql" and name in IDENTITY else ""
            marks = ", ".join("?" for _ in cols)
            db.many(f"INSERT INTO {name} ({', '.join(cols)}){overriding} VALUES ({marks})", rows)  # noqa: S608
            counts[name] = len(rows)
        if db.dialect == "postgresql":  # new ids continue after the restored ones
            for name in IDENTITY:
                db.execute(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), coalesce(max(id), 0) + 1, false) FROM {name}"  # noqa: S608
                )
        db.commit()
    return counts
