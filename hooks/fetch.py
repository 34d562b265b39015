"""The one way the build and the importer read from another host (audio, feeds, covers, chapters,
transcripts).

What a feed or an editor names is somebody else's address, so every request is held to the same
rules: https or http only (never `file://`); every address the host name resolves to is checked,
on the first request and after every redirect, against loopback, private, link-local (cloud
metadata), multicast and reserved ranges, and the connection goes to the address that was checked
(a second lookup cannot swap it); no redirect from https to http; one total deadline for the whole
request, redirects and body included (a per-read timeout lets a byte every few seconds hold the
build forever); a size limit. Each refusal is a `FetchRefused` with one Dutch sentence.

Tests serve their hosts on 127.0.0.1: `HVK_ALLOW_LOOPBACK=1` allows loopback (and nothing else).
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

AGENT = "gezinshulp-eerst-build"
DEADLINE = 60.0  # seconds for one whole request; audio of an hour at a slow host fits
MAX_REDIRECTS = 5
BLOCK = 1 << 16


class FetchRefused(OSError):
    """Why an address is not fetched; its text is one Dutch sentence."""


class Offline(FetchRefused):
    """`make check` fetches nothing from other hosts unless asked (`make check ONLINE=1`)."""


_OFFLINE = [False]


@contextmanager
def offline(active: bool = True) -> Iterator[None]:
    """Within: every fetch is refused with `Offline` (`make check`, unless asked to go online)."""
    before = _OFFLINE[0]
    _OFFLINE[0] = active
    try:
        yield
    finally:
        _OFFLINE[0] = before


@dataclass(frozen=True)
class Answer:
    url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names


def _loopback_allowed() -> bool:
    return os.environ.get("HVK_ALLOW_LOOPBACK") == "1"


def _checked_address(host: str, port: int, internal: bool = False) -> str:
    """The address to connect to: the first the name resolves to, if every one of them is public
    (or `internal`: any, for the one address the editors set themselves, the petition service)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchRefused(f"{host} is niet te vinden ({exc})") from None
    addresses = [str(info[4][0]) for info in infos]
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if internal or (address.is_loopback and _loopback_allowed()):
            continue
        if not address.is_global or address.is_multicast:
            raise FetchRefused(
                f"{host} wijst naar een intern adres ({address}); verwacht een adres op het openbare internet"
            )
    return addresses[0]


def _pinned(scheme: str, host: str, port: int, address: str, timeout: float) -> http.client.HTTPConnection:
    """An http.client connection to the checked address, with the host's own name for TLS and Host."""

    def create(_where: tuple[str, int], timeout: float = timeout, source_address: object = None) -> socket.socket:
        return socket.create_connection((address, port), timeout=timeout)

    if scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    connection._create_connection = create  # type: ignore[attr-defined]  # the one seam http.client has
    return connection


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchRefused(f"{url} antwoordde niet op tijd (binnen {DEADLINE:.0f} seconden)")
    return left


@contextmanager
def open_url(
    url: str,
    *,
    method: str = "GET",
    deadline: float | None = None,
    headers: dict[str, str] | None = None,
    internal: bool = False,
) -> Iterator[tuple[Answer, Iterator[bytes]]]:
    """(the answer, its body in blocks), redirects followed under the rules above. `internal`: the
    petition service that mkdocs.yml names, which may run on this computer (`make serve`)."""
    if _OFFLINE[0]:
        raise Offline(f"{url}: niet opgehaald (make check haalt niets van andere hosts; make check ONLINE=1 wel)")
    ends = time.monotonic() + (deadline or DEADLINE)
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("https", "http"):
            raise FetchRefused(f"{current}: alleen https:// en http:// worden opgehaald, geen {scheme or 'pad'}")
        if parts.username or parts.password:
            raise FetchRefused(f"{current}: een adres met een gebruikersnaam wordt niet opgehaald")
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchRefused(f"{current}: de poort is geen getal") from None
        address = _checked_address(host, port, internal)
        connection = _pinned(scheme, host, port, address, _remaining(ends, url))
        try:
            path = parts.path or "/"
            connection.request(
                method,
                path + (f"?{parts.query}" if parts.query else ""),
                headers={"User-Agent": AGENT, **(headers or {})},
            )
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            raise FetchRefused(f"{current} is niet te bereiken ({exc})") from None
        headers = {k.lower(): v for k, v in response.getheaders()}
        if response.status in (301, 302, 303, 307, 308) and "location" in headers:
            connection.close()
            target = urljoin(current, headers["location"])
            if scheme == "https" and urlsplit(target).scheme.lower() == "http":
                raise FetchRefused(f"{current} stuurt door naar http://; verwacht dat https:// https:// blijft")
            current = target
            continue
        if response.status >= 400:
            connection.close()
            raise FetchRefused(f"{current} gaf foutcode {response.status}")

        def blocks(
            response: http.client.HTTPResponse = response, connection: http.client.HTTPConnection = connection
        ) -> Iterator[bytes]:
            while True:
                if connection.sock is not None:
                    connection.sock.settimeout(_remaining(ends, url))
                try:
                    block = response.read1(BLOCK)  # what has arrived: the deadline is checked between reads
                except (OSError, http.client.HTTPException) as exc:
                    raise FetchRefused(f"{url} brak af tijdens het ophalen ({exc})") from None
                if not block:
                    return
                _remaining(ends, url)
                yield block

        try:
            yield Answer(current, response.status, headers), blocks()
        finally:
            connection.close()
        return
    raise FetchRefused(f"{url} stuurt meer dan {MAX_REDIRECTS} keer door")


def head(url: str) -> Answer:
    with open_url(url, method="HEAD") as (answer, _):
        return answer


def get(url: str, limit: int, *, deadline: float | None = None, internal: bool = False) -> bytes:
    """A whole small file (a feed, a cover, a transcript); refused above `limit` bytes."""
    data = bytearray()
    with open_url(url, deadline=deadline, internal=internal) as (_, body):
        for block in body:
            data += block
            if len(data) > limit:
                raise FetchRefused(f"{url} is groter dan {limit // 1_000_000 or 1} MB")
    return bytes(data)
