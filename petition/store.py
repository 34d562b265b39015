"""The database: SQLite by default, PostgreSQL in production, one set of queries for both.

Writes go through one `Writer` per process: a thread that takes every write waiting, runs them in
one transaction, commits, and only then answers each request. A signature is acknowledged only
once it is on disk, and a thousand signatures cost one commit instead of a thousand. Writes of one
kind that wait together (`Together`: the signatures) also share their statements: on PostgreSQL
every statement is a round trip, and five hundred signatures cost three statements and two round
trips (pipeline mode), not 1,500 round trips. Queries are
written once, with `?` placeholders; the PostgreSQL connection gets them numbered (`$1`, `$2`, ...),
its own kind, through psycopg's raw cursor, which sends a query as it is: psycopg parsing `%s`
placeholders took over half the writer's time for a batch of 50 signatures (250 placeholders in
one statement; psycopg caches the parse only for statements of up to 50 parameters).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

log = logging.getLogger("petitie")
MIGRATIONS = Path(__file__).parent / "migrations"
T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - one waiting request's part of a `Together`
# `0002_limits.sql` for both databases, `0001_begin.sqlite.sql` where their SQL differs.
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+(?:\.(sqlite|postgresql))?\.sql$")


class Unavailable(Exception):
    """The database cannot be written now (down, locked, full): the request gets a Dutch 503."""


_TABLES = {"outbox": "outbox", "signatures": "signatures"}  # the tables forget_deleted rewrites


@dataclass(frozen=True)
class Database:
    url: str

    @property
    def dialect(self) -> str:
        return "postgresql" if self.url.startswith(("postgresql://", "postgres://")) else "sqlite"

    @property
    def path(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))

    def connect(self) -> Connection:
        if self.dialect == "postgresql":
            import psycopg

            return Connection(
                psycopg.connect(self.url, autocommit=False, cursor_factory=psycopg.RawCursor), "postgresql"
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        raw = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")  # a commit is on disk before anyone hears "ontvangen"
        raw.execute("PRAGMA foreign_keys=ON")
        raw.execute("PRAGMA secure_delete=ON")  # a deleted row's bytes are overwritten, not left in free pages
        return Connection(raw, "sqlite")

    def forget_deleted(self, tables: Sequence[str] = ("outbox", "signatures")) -> None:
        """Deleted rows leave the database's files, not only its tables. SQLite: copy the WAL into
        the database and truncate it (secure_delete has overwritten the rows in the main file).
        PostgreSQL: VACUUM FULL rewrites each table into a new file without the dead rows, and the
        old file is removed; its WAL keeps them until a segment is reused (README, "Deleted means
        gone"). Called after a withdrawal and every minute (sent mails, purged rows)."""
        if self.dialect == "postgresql":
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as pg:
                for table in tables:
                    pg.execute(f"VACUUM FULL {_TABLES[table]}")  # a name we own, never a value
            return
        if not self.path.exists():
            return
        raw = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        try:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def migrate(self) -> list[str]:
        """Apply the numbered migrations not applied yet, each in its own transaction."""
        applied: list[str] = []
        with self.connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT)")
            db.commit()
            done = {row[0] for row in db.query("SELECT version FROM schema_version")}
            for path in sorted(MIGRATIONS.glob("*.sql")):
                match = _MIGRATION_NAME.match(path.name)
                if not match or match.group(2) not in (None, self.dialect) or int(match.group(1)) in done:
                    continue
                db.begin()
                db.script(path.read_text(encoding="utf-8"))
                db.execute("INSERT INTO schema_version VALUES (?, ?)", (int(match.group(1)), int(time.time())))
                db.commit()
                applied.append(path.name)
        return applied


class Connection:
    """A DB-API connection with our placeholders and explicit transactions, for either database."""

    def __init__(self, raw: Any, dialect: str) -> None:
        self.raw = raw
        self.dialect = dialect

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sql(self, sql: str) -> str:
        return _numbered(sql) if self.dialect == "postgresql" else sql

    def begin(self) -> None:
        if self.dialect == "sqlite":
            self.raw.execute("BEGIN IMMEDIATE")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cursor = self.raw.cursor()
        cursor.execute(self._sql(sql), tuple(params))
        return cursor

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.execute(sql, params).fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row = self.execute(sql, params).fetchone()
        return tuple(row) if row is not None else None

    def pipeline(self) -> contextlib.AbstractContextManager[Any]:
        """Statements sent together, each not waiting for the one before (PostgreSQL's pipeline
        mode: one round trip at the block's end); nothing inside may read a result. SQLite, in
        this process, has no round trips."""
        return self.raw.pipeline() if self.dialect == "postgresql" else contextlib.nullcontext()

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.raw.cursor().executemany(self._sql(sql), [tuple(r) for r in rows])

    def script(self, sql: str) -> None:
        if self.dialect == "sqlite":
            for statement in (s.strip() for s in sql.split(";")):
                body = "\n".join(line for line in statement.splitlines() if not line.startswith("--")).strip()
                if body:
                    self.raw.execute(body)
        else:
            self.raw.execute(sql)

    def commit(self) -> None:
        if self.dialect == "sqlite":
            if self.raw.in_transaction:
                self.raw.execute("COMMIT")
        else:
            self.raw.commit()

    def rollback(self) -> None:
        try:
            if self.dialect == "sqlite":
                if self.raw.in_transaction:
                    self.raw.execute("ROLLBACK")
            else:
                self.raw.rollback()
        except Exception:  # noqa: BLE001 - a broken connection is replaced by the caller
            log.warning("terugdraaien mislukt; de verbinding wordt vervangen")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a dead connection is not an error
            self.raw.close()

    @property
    def skip_locked(self) -> str:
        """Several instances on one PostgreSQL must not take the same outbox row."""
        return " FOR UPDATE SKIP LOCKED" if self.dialect == "postgresql" else ""


@lru_cache(maxsize=512)
def _numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1`, `$2`, ... (our queries have no `?` of their own)."""
    parts = sql.split("?")
    return parts[0] + "".join(f"${number}{part}" for number, part in enumerate(parts[1:], start=1))


@dataclass(frozen=True)
class Together(Generic[I, T]):
    """One request's write, which the writer runs with every other waiting one of its kind in one
    call: `run_all(db, items)` gives one result per item, in order, exactly as if each had run alone
    one after the other in the same transaction."""

    item: I
    run_all: Callable[[Connection, list[I]], list[T]]


Op = Callable[[Connection], Any] | Together[Any, Any]


def _run_ops(db: Connection, ops: list[Op]) -> list[Any]:
    """Every op's result, in the order of `ops`; the `Together`s of one kind in one call. The ops
    of a batch were all waiting at once, none for another's answer, so any order of them is one
    they could have had: the `Together` kinds first (in the order they came), then the others, so
    a transaction counts its limits before a confirmation in it credits them, as every instance
    does (no deadlocks between instances on the limits' rows)."""
    kinds: dict[Any, list[int]] = {}  # a Together's run_all -> the places of its ops
    plain: list[int] = []
    for place, op in enumerate(ops):
        if isinstance(op, Together):
            kinds.setdefault(op.run_all, []).append(place)
        else:
            plain.append(place)
    results: list[Any] = [None] * len(ops)
    for run_all, places in kinds.items():
        items = [op.item for op in (ops[p] for p in places) if isinstance(op, Together)]
        answers = run_all(db, items)
        if len(answers) != len(items):
            raise RuntimeError(f"{len(items)} schrijfacties gaven {len(answers)} antwoorden")
        for place, answer in zip(places, answers, strict=True):
            results[place] = answer
    for place in plain:
        op = ops[place]
        assert not isinstance(op, Together)
        results[place] = op(db)
    return results


Waiting = tuple[Op, asyncio.Future[Any], asyncio.AbstractEventLoop]


class Writer:
    """One thread that takes every write waiting, runs them in one transaction, and then answers
    them all. One per process: SQLite has one writer by design, and instances on one PostgreSQL
    each have theirs (their transactions take rows in one order: no deadlocks between them)."""

    def __init__(self, database: Database, *, max_batch: int = 500, linger: float = 0.002) -> None:
        self.database = database
        self.max_batch = max_batch
        self.linger = linger
        self._queue: queue.Queue[Waiting | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="petitie-schrijver", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    async def run(self, op: Callable[[Connection], T] | Together[Any, T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put((op, future, loop))
        return await future

    def _run(self) -> None:
        committer = _Committer(self.database)
        while True:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            deadline = time.monotonic() + self.linger
            stop = False
            while len(batch) < self.max_batch:
                timeout = deadline - time.monotonic()
                try:
                    item = self._queue.get(timeout=max(timeout, 0)) if timeout > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            results = committer.write([op for op, _, _ in batch])
            by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], bool, Any]]] = {}
            for (_, future, loop), (ok, value) in zip(batch, results, strict=True):
                by_loop.setdefault(loop, []).append((future, ok, value))
            for loop, answers in by_loop.items():
                loop.call_soon_threadsafe(_answer, answers)
            if stop:
                break
        committer.close()


class _Committer:
    """The writer's connection, and a batch as one transaction on it; the connection is opened
    again after a failure."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: Connection | None = None

    def write(self, ops: list[Op]) -> list[tuple[bool, Any]]:
        """(True, result) or (False, error) per op: all in one transaction, sent in one pipeline
        (the statements that read nothing back travel with the commit); after a failure each op
        alone, so one bad write cannot fail the others."""
        try:
            db = self._connect()
            with db.pipeline():
                db.begin()
                results = [(True, value) for value in _run_ops(db, ops)]
                db.commit()
            return results
        except Exception as error:  # noqa: BLE001 - every waiting request gets an answer, never a hang
            self._drop()
            if len(ops) == 1:
                return [(False, error)]
        return [self._alone(op) for op in ops]

    def _alone(self, op: Op) -> tuple[bool, Any]:
        try:
            db = self._connect()
            db.begin()
            [value] = _run_ops(db, [op])
            db.commit()
            return True, value
        except Exception as error:  # noqa: BLE001 - answered as a 503 to that request only
            self._drop()
            return False, error

    def _connect(self) -> Connection:
        if self._connection is None:
            self._connection = self.database.connect()
        return self._connection

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.rollback()
            self._connection.close()
            self._connection = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


def _answer(answers: list[tuple[asyncio.Future[Any], bool, Any]]) -> None:
    for future, ok, value in answers:
        if future.done():
            continue
        if ok:
            future.set_result(value)
        else:
            log.warning("schrijven mislukt: %s", type(value).__name__)
            future.set_exception(Unavailable(type(value).__name__))
