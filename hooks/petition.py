"""The petition as the static site shows it: where the service is, and the count at build time.

The count is taken from the petition service when it answers during the build (I/O at the edge:
`fetch`, called by the plugin), else from `data/campagne.yml`; the page's script refreshes it from
the same service. Nothing here guesses a number.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from petition import addresses

from . import fetch as fetcher
from .campaign import Petition
from .errors import Problem
from .publication import AMSTERDAM

LOCAL_HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class Service:
    """The petition service's address, rebuilt from scheme, host and port."""

    base: str

    @property
    def sign(self) -> str:
        return f"{self.base}/teken"

    @property
    def count(self) -> str:
        return f"{self.base}/telling.json"

    @property
    def municipality(self) -> str:
        return f"{self.base}/gemeente"


@dataclass(frozen=True)
class Tally:
    number: int
    at: dt.datetime | dt.date  # a datetime from the service, a date from the campaign file
    live: bool

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, dt.datetime)


def service(value: object) -> tuple[Service | None, list[Problem]]:
    """`extra.petitie.dienst`: an https:// origin, or plain http on this machine for `make serve`."""
    if value is None or value == "":
        return None, []
    text = str(value).strip()
    parts = urlsplit(text)
    problem = Problem(
        "mkdocs.yml",
        0,
        "extra.petitie.dienst",
        f'"{text}" is geen adres van de petitiedienst; verwacht een https://-adres zonder pad, zoals https://petitie.voorbeeld.nl',
    )
    base = addresses.origin(text)  # rebuilt from scheme, host and port; None for a user part or odd host
    if (
        base is None
        or "[" in base  # an IPv6 literal: not an address a campaign's service has
        or not (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS))
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        return None, [problem]
    return Service(base), []


def from_campaign(petition: Petition) -> Tally | None:
    if petition.signatures is None or petition.counted_on is None:
        return None
    return Tally(petition.signatures, petition.counted_on, live=False)


def fetch(where: Service, timeout: float = 1.5) -> Tally | None:
    """The service's own count, if it answers quickly with one; None otherwise (the build goes on).
    Through the one fetcher: `timeout` is a deadline for the whole answer, not per read."""
    try:
        data = json.loads(fetcher.get(where.count, 4096, deadline=timeout, internal=True))
        number, stamp = data["aantal"], dt.datetime.fromisoformat(data["stand_op"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(number, int) or isinstance(number, bool) or number < 0 or stamp.tzinfo is None:
        return None
    return Tally(number, stamp.astimezone(AMSTERDAM), live=True)


def allows(where: Service, site_origin: str, timeout: float = 5.0) -> bool | None:
    """Whether the live service lets the site's scripts read its answers (its CORS names the site's
    origin); None when it does not answer. The form and the service are set up in two places
    (mkdocs.yml, the service's environment): this is where they meet."""
    try:
        with fetcher.open_url(where.count, deadline=timeout, headers={"Origin": site_origin}, internal=True) as (
            answer,
            _,
        ):
            return answer.headers.get("access-control-allow-origin") == site_origin
    except OSError:
        return None


def is_closed(petition: Petition, now: dt.datetime) -> bool:
    return petition.closes_on is not None and now.astimezone(AMSTERDAM).date() > petition.closes_on
