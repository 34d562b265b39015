"""The petition service as it runs in production (#24): several instances on one PostgreSQL are
one service (limits counted together), and /gezond tells a load balancer no more than it needs."""

from __future__ import annotations

import concurrent.futures
import time

import pytest

from petition.mailbox import Mailbox
from petition.store import Database
from tests.petition_harness import Service
from tests.petition_harness import request as http

pytestmark = pytest.mark.slow
TOKEN = "beheer-" + "x" * 30


def _pair(url: str, mailbox: Mailbox, tmp_path, env: dict[str, str]) -> tuple[Service, Service]:
    """Two instances with the same keys on the same database, as behind a load balancer."""
    first = Service(url, mailbox.port, tmp_path, extra_env=env).start()
    second = Service(url, mailbox.port, tmp_path, extra_env=env)
    second.private_key, second.secret, second.public_key = first.private_key, first.secret, first.public_key
    return first, second.start()


def test_two_instances_on_one_postgresql_share_every_limit(tmp_path, mailbox, postgres):
    url = postgres.new_database()
    first, second = _pair(url, mailbox, tmp_path, {"PETITION_LIMIT_PER_IP": "10", "PETITION_LIMIT_PER_EMAIL": "3"})
    try:
        # 40 signatures from one address, alternating over both instances, 8 at a time.
        def sign(i: int) -> int:
            return (first if i % 2 else second).sign(email=f"persoon{i}@bedrijf{i}.nl").status

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(sign, range(40)))
        assert statuses.count(202) == 10, statuses  # not 20: the limit is the service's, not each instance's
        assert set(statuses) == {202, 429}
        with Database(url).connect() as db:
            assert db.one("SELECT count(*) FROM signatures")[0] == 10
            stored = [row[0] for row in db.query("SELECT bucket FROM rate_limits")]
        assert stored and not any("127.0.0.1" in key or "bedrijf" in key for key in stored), "sources kept as hashes"
    finally:
        first.stop()
        second.stop()


def test_the_same_address_is_limited_across_instances(tmp_path, mailbox, postgres):
    url = postgres.new_database()
    env = {"PETITION_LIMIT_PER_IP": "0", "PETITION_LIMIT_PER_NETWORK": "0", "PETITION_LIMIT_PER_EMAIL": "2"}
    first, second = _pair(url, mailbox, tmp_path, env)
    try:
        answers = [(first, second)[i % 2].sign(email="dezelfde@voorbeeldbedrijf.nl") for i in range(6)]
        # Every answer the same (a stranger cannot learn that this address signed), but only two mails.
        assert {(a.status, a.body) for a in answers} == {(202, b'{"status":"ontvangen"}')}
        time.sleep(3)
        assert len(mailbox.messages) == 2, "the address's limit: two mails, not six"
    finally:
        first.stop()
        second.stop()


def test_health_says_only_healthy_unless_the_operator_asks(tmp_path, mailbox):
    service = Service(
        f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path, extra_env={"PETITION_OPERATOR_TOKEN": TOKEN}
    ).start()
    try:
        public = http(service.base + "/gezond")
        assert public.status == 200 and public.json() == {"status": "ok"}
        assert public.headers["cache-control"] == "no-store"
        for wrong in ("Bearer fout", f"Bearer {TOKEN}x", TOKEN[:-1], "Basic " + TOKEN):
            assert http(service.base + "/gezond", headers={"Authorization": wrong}).json() == {"status": "ok"}
        operator = http(service.base + "/gezond", headers={"Authorization": f"Bearer {TOKEN}"})
        assert operator.json() == {"status": "ok", "database": "sqlite", "postvak": 0}
    finally:
        service.stop()


def test_health_without_a_token_never_shows_details(tmp_path, mailbox):
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path).start()
    try:
        assert http(service.base + "/gezond", headers={"Authorization": "Bearer "}).json() == {"status": "ok"}
    finally:
        service.stop()
