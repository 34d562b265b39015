"""Web addresses, one set of rules for the site's build and the petition service (which imports
nothing from the build, so the rules live here): an origin rebuilt from its parts, and whether an
address is this computer or an internal network, which a published site and a production service
must never point to."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_HOST = re.compile(r"^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$")
_LOCAL_NAMES = (".localhost", ".local", ".test", ".invalid", ".internal")


def origin(url: str | None) -> str | None:
    """scheme://host[:port], rebuilt from the parsed address; None for anything else (a user part,
    a path-only or odd host, a port out of range)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    if parts.scheme not in ("http", "https") or parts.username is not None or parts.password is not None:
        return None
    if not host or not _HOST.match(host):
        return None
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}"


def on_this_computer(host: str) -> bool:
    """A host name or address that is this computer or an internal network, not the internet."""
    host = host.lower().strip("[]")
    if host in ("localhost", "") or host.endswith(_LOCAL_NAMES):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host.rstrip(".")  # one label (`petitie`, `host`): a name only a local network knows
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


def is_public_https(url: str) -> bool:
    """An https address on the internet: what visitors' browsers and mail links can reach."""
    found = origin(url)
    if found is None or not found.startswith("https://"):
        return False
    return not on_this_computer(str(urlsplit(found).hostname or ""))
