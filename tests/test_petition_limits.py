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


@pytest.mark.fast
@pytest.mark.parametrize(
    ("ip", "single", "network"),
    [
        ("192.0.2.7", "192.0.2.7", "192.0.2.0/24"),
        ("::ffff:192.0.2.7", "192.0.2.7", "192.0.2.0/24"),  # an IPv4 address written as IPv6
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64", "2001:db8:1::/48"),
        ("geen-adres", "geen-adres", "geen-adres"),
    ],
)
def test_a_source_is_its_address_and_its_network(ip, single, network):
    assert limits.networks(ip) == (single, network)


@pytest.mark.fast
def test_which_buckets_a_signature_counts_in():
    rates = limits.RateLimits(Limits(per_ip=3, per_network=0, per_domain=5, per_email=2), hasher=lambda s: f"h({s})")
    source = rates.source("192.0.2.7")
    assert [b.key for b in source] == ["ip:h(ip:192.0.2.7)"], "a limit of 0 is off"
    assert source[0].credit == Limits().credit and source[0].answer == "te_vaak"
    assert rates.earning_keys(source) == "ip:h(ip:192.0.2.7)"
    found = rates.buckets(source, "voorbeeld.nl", "adres-hash", attempt="abc")
    assert [b.key.split(":")[0] for b in found] == ["ip", "poging", "domein", "adres"]
    assert {b.key.split(":")[0]: b.answer for b in found}["adres"] == "al_ontvangen", "same answer, no mail"
    assert {b.key.split(":")[0]: b.limit for b in found} == {"ip": 3, "poging": 1, "domein": 5, "adres": 2}
    large = rates.buckets(source, "gmail.com", "adres-hash")
    assert [b.key.split(":")[0] for b in large] == ["ip", "adres"], "no domain limit for large providers, no attempt"


@pytest.mark.fast
def test_a_full_source_is_remembered_until_its_window_ends_or_half_a_minute_when_it_can_earn():
    rates = limits.RateLimits(Limits(), hasher=lambda s: s)
    plain = limits.Bucket("domein:x", 5, WINDOW, "te_vaak")
    earning = limits.Bucket("ip:y", 5, WINDOW, "te_vaak", credit=5)
    now = START + 100
    assert rates.known_full([plain, earning], now) is None
    rates.remember(plain, now)
    rates.remember(earning, now)
    assert rates.known_full([plain], START + WINDOW - 1) is plain
    assert rates.known_full([plain], START + WINDOW) is None, "a new window asks again"
    assert rates.known_full([earning], now + 29) is earning
    assert rates.known_full([earning], now + 30) is None, "confirmations may have come"


def test_confirmations_give_their_source_more_room_for_an_hour(database):
    rates = limits.RateLimits(Limits(per_ip=2, per_network=0, credit=3), hasher=lambda s: s)
    source = rates.source("192.0.2.7")  # where _sign's requests come from
    assert _through(database, rates, [START] * 2) == 2
    with database.connect() as db:
        db.begin()
        limits.credit(db, [rates.earning_keys(source)], START + 1)  # one confirmed signature
        db.commit()
    assert _through(database, rates, [START + 2] * 5) == 3, "2 + 3 for one confirmation"
    assert _through(database, rates, [START + 3]) == 0, "and no more"
    with database.connect() as db:
        db.begin()
        limits.forget(db, START + 2 * 3600)
        db.commit()
        assert db.one("SELECT count(*) FROM rate_limits")[0] == 0, "nothing older than an hour is kept"
