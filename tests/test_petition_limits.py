"""The rate limits look back one window from now, on both databases: a source that fills its
allowance just before the clock's round ten minutes does not get a second allowance just after."""

from __future__ import annotations

import pytest

from petition import limits
from petition.config import Limits
from petition.store import Database

WINDOW = 600
START = 1_800_000_000 - 1_800_000_000 % WINDOW  # the start of a window


def _database(request, tmp_path) -> Database:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'p.db'}")
    else:
        database = Database(request.getfixturevalue("postgres").new_database())
    database.migrate()
    return database


@pytest.fixture(
    params=[pytest.param("sqlite", marks=pytest.mark.fast), pytest.param("postgresql", marks=pytest.mark.slow)]
)
def database(request, tmp_path):
    return _database(request, tmp_path)


def _rates(per_ip: int) -> limits.RateLimits:
    return limits.RateLimits(Limits(per_ip=per_ip, per_network=0, credit=0), hasher=lambda s: s)


def _sign(database: Database, rates: limits.RateLimits, now: int, ip: str = "192.0.2.7") -> bool:
    """One request counted at `now`: True when it was let through."""
    with database.connect() as db:
        db.begin()
        over = limits.count(db, rates.source(ip), now)
        db.commit()
    return over is None


def _through(database, rates, moments) -> int:
    return sum(_sign(database, rates, now) for now in moments)


def test_an_allowance_filled_before_the_window_turns_is_full_after_it(database):
    rates = _rates(per_ip=10)
    assert _through(database, rates, [START + WINDOW - 5] * 10) == 10
    assert _through(database, rates, [START + WINDOW - 1] * 5) == 0
    # The clock turned a few seconds ago: still (almost) the whole previous window counts.
    assert _through(database, rates, [START + WINDOW + 3] * 5) == 0
    # Half a window later, half of it still counts: room for about half the allowance.
    assert _through(database, rates, [START + WINDOW + WINDOW // 2] * 20) in (0, 1, 2)
    # A window after the previous one ended, only what came since counts.
    assert _through(database, rates, [START + 3 * WINDOW + 1] * 20) == 10


def test_a_quiet_source_starts_with_its_whole_allowance(database):
    rates = _rates(per_ip=10)
    assert _through(database, rates, [START + 10] * 3) == 3
    assert _through(database, rates, [START + WINDOW + 10] * 10) == 7, "the 3 of ten seconds ago still count"
    assert (
        _through(
            database,
            rates,
            [START + 5 * WINDOW] * 12,
        )
        == 10
    )
    other = _through(database, rates, [START + 5 * WINDOW])
    assert other == 0
    assert _sign(database, rates, START + 5 * WINDOW, ip="198.51.100.1"), "another address has its own"
