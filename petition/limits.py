"""Rate limits per address, per network, per e-mail domain and per e-mail address.

Fixed windows counted in memory: cheap enough to run on every request. Each instance counts its
own requests; behind a load balancer with N instances a source can get at most N times the limit
(README, "Several instances").
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass, field

from .config import Limits


def networks(ip: str) -> tuple[str, str]:
    """(the address, its network): IPv4 /32 and /24, IPv6 /64 and /48 (one household, one provider block)."""
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


@dataclass
class Window:
    limit: int
    seconds: int
    counts: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def hit(self, key: str, now: float) -> bool:
        """Count one request; False once the key is over its limit in this window."""
        if self.limit <= 0:
            return True
        if now - self.started >= self.seconds:
            self.counts.clear()
            self.started = now
        n = self.counts.get(key, 0) + 1
        self.counts[key] = n
        return n <= self.limit


class RateLimits:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.ip = Window(limits.per_ip, limits.window_seconds)
        self.network = Window(limits.per_network, limits.window_seconds)
        self.domain = Window(limits.per_domain, limits.window_seconds)
        self.email = Window(limits.per_email, limits.email_window_seconds)

    def source_ok(self, ip: str, now: float | None = None) -> bool:
        """Checked before the form is read: one address or network sending too much."""
        now = time.monotonic() if now is None else now
        single, network = networks(ip)
        return self.ip.hit(single, now) & self.network.hit(network, now)

    def address_ok(self, domain: str, address_hash: str, now: float | None = None) -> tuple[bool, bool]:
        """(domain within its limit, this address within its limit)."""
        now = time.monotonic() if now is None else now
        domain_ok = domain in self.limits.large_domains or self.domain.hit(domain, now)
        return domain_ok, self.email.hit(address_hash, now)
