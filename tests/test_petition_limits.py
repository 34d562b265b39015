"""The rate limits look back one window from now, on both databases: a source that fills its
allowance just before the clock's round ten minutes does not get a second allowance just after."""

from __future__ import annotations

import ipaddress
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
        [over] = limits.count(db, [(rates.source(ip), now)])
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


@pytest.mark.fast
@given(st.ip_addresses(v=4))
def test_the_quick_way_to_an_ipv4_network_agrees_with_ipaddress(address):
    network = ipaddress.ip_network(f"{address}/24", strict=False)
    assert limits.networks(str(address)) == (str(address), str(network))


def _second(database: Database, tmp_path) -> Database:
    """Another empty database of the same kind."""
    if database.dialect == "sqlite":
        other = Database(f"sqlite:///{tmp_path / 'tweede.db'}")
    else:
        other = Database(database.url.rsplit("/", 1)[0] + "/" + _new_name(database))
    other.migrate()
    return other


def _new_name(database: Database) -> str:
    import psycopg

    name = f"tweede_{random.randrange(10**9)}"
    with psycopg.connect(database.url, autocommit=True) as pg:
        pg.execute(f"CREATE DATABASE {name}")
    return name


def _rows(database: Database) -> dict[str, list[tuple]]:
    with database.connect() as db:
        return {
            "signatures": db.query(
                "SELECT address_hash, postcode4, created_at, source_buckets, confirmed_at FROM signatures"
                " ORDER BY address_hash"
            ),
            "outbox": db.query(
                "SELECT s.address_hash, o.kind, o.payload FROM outbox o JOIN signatures s ON s.id = o.signature_id"
                " ORDER BY o.id"
            ),
            "rate_limits": db.query("SELECT bucket, window_start, hits FROM rate_limits ORDER BY bucket, window_start"),
        }


def test_signatures_waiting_together_end_as_if_signed_one_after_the_other(database, tmp_path):
    """The writer signs every waiting request in one call (store.Together): per request the same
    answer, and the same rows, as when each is counted and signed alone in turn. Requests drawn at
    random from a few sources and addresses, with limits small enough that some are refused, some
    addresses twice in one batch, some confirmed before they sign again."""
    from petition import signatures

    alone = _second(database, tmp_path)
    rng = random.Random(29)
    rates = limits.RateLimits(
        Limits(per_ip=6, per_network=9, per_domain=5, per_email=2, credit=2), hasher=lambda s: f"h{s}"
    )
    now = START + 300
    refused = 0
    mailed: list[tuple[str, str]] = []  # what the outbox must hold: (address, mail), in order
    confirmed: set[str] = set()
    for round_ in range(12):
        now += rng.choice([1, 7, 120, 400])
        batch = []
        for _ in range(rng.randrange(1, 14)):
            ip = f"192.0.{rng.randrange(2)}.{rng.randrange(3)}"
            person = rng.randrange(12)
            address = f"h-adres-{person}"
            source = rates.source(ip)
            buckets = rates.buckets(source, f"d{person % 3}.nl", address, attempt=rng.choice(["", f"p{round_}"]))
            sealed = signatures.Sealed(address, f"verzegeld-{person}".encode(), rng.choice([None, "1012"]), b"mail")
            batch.append(signatures.Signing(sealed, buckets, now, rates.earning_keys(source)))
        with database.connect() as db:
            db.begin()
            together = signatures.counted_then_signed(db, batch)
            db.commit()
        one_by_one = []
        with alone.connect() as db:
            for signing in batch:
                db.begin()
                one_by_one += signatures.counted_then_signed(db, [signing])
                db.commit()
        assert [b and b.key for b in together] == [b and b.key for b in one_by_one], f"round {round_}"
        refused += sum(1 for b in together if b is not None)
        mailed += [
            (s.sealed.address_hash, signatures.ALREADY if s.sealed.address_hash in confirmed else signatures.CONFIRM)
            for s, over in zip(batch, together, strict=True)
            if over is None
        ]
        for target in (database, alone):  # some confirm, and their source earns room
            with target.connect() as db:
                db.begin()
                for address_hash, buckets in db.query(
                    "SELECT address_hash, source_buckets FROM signatures WHERE confirmed_at IS NULL ORDER BY address_hash"
                )[::3]:
                    db.execute("UPDATE signatures SET confirmed_at = ? WHERE address_hash = ?", (now, address_hash))
                    confirmed.add(address_hash)
                    if buckets:
                        limits.credit(db, str(buckets).split(), now)
                db.commit()
    assert _rows(database) == _rows(alone)
    assert [(address, kind) for address, kind, _ in _rows(database)["outbox"]] == mailed
    # The scenario refused some, signed some and mailed "already signed" to some, or it tests nothing.
    assert refused > 0
    with database.connect() as db:
        assert db.one("SELECT count(*) FROM outbox WHERE kind = ?", (signatures.ALREADY,))[0] > 0
        assert db.one("SELECT count(*) FROM signatures")[0] > 3
