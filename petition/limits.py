"""Rate limits per address, per network, per e-mail domain and per e-mail address.

Sized for a viral hour: thousands of people behind one carrier address (CGNAT), an office or a
school must be able to sign, and one machine posting thousands of addresses must not. What tells
them apart is the confirmation: people confirm their mail, a machine with made-up addresses does
not. So an address or network starts with a small allowance per window, and every signature from
it that is confirmed gives it `credit` more, for an hour (`credit`, `count`). A crowd's room
grows as fast as it confirms; a machine's stays at the allowance, and so do the mails it causes.

Counted in the database (table `rate_limits`), inside the same transaction as the signature, so
that several instances on one PostgreSQL count together: two instances never double a limit. A
source is stored only as a keyed hash with a count per fixed window, and deleted within two hours.
A limit looks back one window from now, not to the clock's last round ten minutes: the count is
this window's plus the part of the previous window's that still falls inside (`Bucket.load`), so
a source that filled its allowance just before the window turns is not given a second one just
after it (and a test that fills a limit cannot pass by the clock).
Each process remembers which source (address, network) the database already found full, so a flood
from one source is refused before its form is read, without touching the database again until its
window ends.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .config import Limits

# The longest window (an hour): older rows are history, deleted by the hourly purge, so nothing
# here is older than two hours. Confirmations credit their source for the same hour.
KEPT_SECONDS = 3600
CREDITED = "bevestigd|"  # the bucket of a source's confirmations: this prefix and the source's bucket


_IPV4_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_IPV4_OCTET}(?:\.{_IPV4_OCTET}){{3}}")  # written as ipaddress writes it


def networks(ip: str) -> tuple[str, str]:
    """(the address, its network): IPv4 /32 and /24, IPv6 /64 and /48 (one household, one provider block)."""
    if _IPV4.fullmatch(ip):  # nearly every request: the same answer as below, without ipaddress's objects
        return ip, ip.rpartition(".")[0] + ".0/24"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip, ip
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address):
        return str(address), str(ipaddress.ip_network(f"{address}/24", strict=False))
    return str(ipaddress.ip_network(f"{address}/64", strict=False)), str(
        ipaddress.ip_network(f"{address}/48", strict=False)
    )


@dataclass(frozen=True)
class Bucket:
    """One limit for one source: `answer` is the key of the Dutch answer when it is full."""

    key: str  # the limit's name and the keyed hash of the source
    limit: int
    seconds: int
    answer: str  # the Dutch answer's key; "al_ontvangen": answered as received, without a mail
    credit: int = 0  # more room per confirmed signature from this source in the last hour

    def window(self, now: int) -> int:
        return now - now % self.seconds

    def load(self, now: int, hits: int, previous_start: int | None, previous_hits: int | None) -> float:
        """Requests in the last `seconds`, estimated: this window's hits and the previous window's
        weighted by how much of it still lies within that span (a sliding window from two counts)."""
        if previous_start != self.window(now) - self.seconds or not previous_hits:
            return float(hits)
        return hits + previous_hits * (1 - (now - self.window(now)) / self.seconds)


class RateLimits:
    """Which buckets a request falls in, and the database operation that counts them."""

    def __init__(self, limits: Limits, hasher: Any) -> None:
        self.limits = limits
        self._hash = hasher  # Keys.source_hash: the service's secret, never a plain address
        self._full: dict[tuple[str, int], int] = {}  # (key, window) -> window end, found full

    def _bucket(self, name: str, source: str, limit: int, seconds: int, answer: str, credit: int = 0) -> Bucket | None:
        key = f"{name}:{self._hash(f'{name}:{source}')}"
        return Bucket(key, limit, seconds, answer, credit) if limit > 0 else None

    def source(self, ip: str) -> list[Bucket]:
        """Where the request comes from: its address and its network."""
        single, network = networks(ip)
        limits = self.limits
        found = [
            self._bucket("ip", single, limits.per_ip, limits.window_seconds, "te_vaak", limits.credit),
            self._bucket("net", network, limits.per_network, limits.window_seconds, "te_vaak", limits.credit),
        ]
        return [b for b in found if b is not None]

    @staticmethod
    def earning_keys(source: list[Bucket]) -> str:
        """What a signature keeps of its source until it is confirmed: the buckets it will credit."""
        return " ".join(b.key for b in source if b.credit)

    def buckets(self, source: list[Bucket], domain: str, address_hash: str, attempt: str = "") -> list[Bucket]:
        """Every limit a signature counts in: its source (`source`, already made for the check before
        the form was read), its e-mail domain (not the large providers), its address, and the page's
        attempt (one mail per filled-in form, however often it is posted)."""
        limits = self.limits
        found = [
            self._bucket("poging", attempt, 1, 3600, "al_ontvangen") if attempt else None,
            None
            if domain in limits.large_domains
            else self._bucket("domein", domain, limits.per_domain, limits.window_seconds, "te_vaak"),
            self._bucket("adres", address_hash, limits.per_email, limits.email_window_seconds, "al_ontvangen"),
        ]
        return source + [b for b in found if b is not None]

    def known_full(self, buckets: list[Bucket], now: int) -> Bucket | None:
        """A bucket this process already heard is full in this window: no need to ask again."""
        if len(self._full) > 10000:
            self._full = {k: end for k, end in self._full.items() if end > now}
        return next((b for b in buckets if self._full.get((b.key, b.window(now)), 0) > now), None)

    def remember(self, bucket: Bucket, now: int) -> None:
        end = bucket.window(now) + bucket.seconds
        # A source that earns room is asked again after half a minute: confirmations may have come.
        self._full[(bucket.key, bucket.window(now))] = min(end, now + 30) if bucket.credit else end


# The bucket's window before the one just counted (its start and hits), read in the same statement.
_PREVIOUS = (
    "SELECT p.{} FROM rate_limits p WHERE p.bucket = rate_limits.bucket"
    " AND p.window_start < rate_limits.window_start ORDER BY p.window_start DESC LIMIT 1"
)


def count(db: Any, requests: Sequence[tuple[list[Bucket], int]]) -> list[Bucket | None]:
    """Count each request (its buckets, its time) in every bucket, in the caller's transaction, and
    give per request the first bucket it is over, exactly as if they were counted one after the other.

    One statement for all requests waiting together: on PostgreSQL each statement is a round trip,
    and four per signature halved the signing rate (bench/PETITION.md). A bucket that several
    requests share is added to once, by their number; each request's own count is the count before
    them plus its place among them."""
    places: dict[tuple[str, int], int] = {}  # (bucket, window) -> requests counted in it so far
    own: list[list[tuple[Bucket, tuple[str, int], int]]] = []  # per request: bucket, (bucket, window), place
    for buckets, now in requests:
        mine = []
        for bucket in buckets:
            counted = (bucket.key, bucket.window(now))
            places[counted] = places.get(counted, 0) + 1
            mine.append((bucket, counted, places[counted]))
        own.append(mine)
    if not places:
        return [None for _ in requests]
    rows = ", ".join("(?, ?, ?)" for _ in places)
    # In one order in every transaction, so two writers waiting on each other's rows cannot deadlock.
    params = [value for (key, window), n in sorted(places.items()) for value in (key, window, n)]
    after = {
        (key, int(window)): (int(hits), previous_start, previous_hits)
        for key, window, hits, previous_start, previous_hits in db.query(
            f"INSERT INTO rate_limits (bucket, window_start, hits) VALUES {rows} "  # noqa: S608 - placeholders only
            "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + excluded.hits "
            f"RETURNING bucket, window_start, hits, ({_PREVIOUS.format('window_start')}), "
            f"({_PREVIOUS.format('hits')})",
            params,
        )
    }
    over: list[list[tuple[Bucket, float]]] = []
    for (_, now), mine in zip(requests, own, strict=True):
        found = []
        for bucket, counted, place in mine:
            hits, previous_start, previous_hits = after[counted]
            before = hits - places[counted]  # the count before this batch
            load = bucket.load(now, before + place, previous_start, previous_hits)
            if load > bucket.limit:
                found.append((bucket, load))
        over.append(found)
    earned = _earned(db, [(b, now) for (_, now), found in zip(requests, over, strict=True) for b, _ in found])
    return [
        next((b for b, load in found if load > b.limit + b.credit * earned.get((CREDITED + b.key, now), 0)), None)
        for (_, now), found in zip(requests, over, strict=True)
    ]


def _earned(db: Any, over: list[tuple[Bucket, int]]) -> dict[tuple[str, int], int]:
    """What confirmations from a source have earned in the hour before each time (asked only past
    the allowance, so rarely): (credit bucket, time) -> confirmations."""
    earning = [(CREDITED + b.key, now) for b, now in over if b.credit]
    if not earning:
        return {}
    keys = sorted({key for key, _ in earning})
    marks = ", ".join("?" for _ in keys)
    rows = db.query(
        f"SELECT bucket, window_start, hits FROM rate_limits WHERE bucket IN ({marks}) AND window_start >= ?",  # noqa: S608
        [*keys, min(now for _, now in earning) - KEPT_SECONDS],
    )
    return {
        (key, now): sum(int(hits) for bucket, start, hits in rows if bucket == key and start >= now - KEPT_SECONDS)
        for key, now in earning
    }


def credit(db: Any, keys: list[str], now: int) -> None:
    """A confirmed signature: each of its source's buckets earns room (`Bucket.credit`) for an hour."""
    window = now - now % 600
    db.many(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)"
        " ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1",
        [(CREDITED + key, window) for key in keys],
    )


def forget(db: Any, now: int) -> None:
    """Counts older than an hour: a limit never looks back that far (run hourly: two hours at most)."""
    db.execute("DELETE FROM rate_limits WHERE window_start < ?", (now - KEPT_SECONDS,))
