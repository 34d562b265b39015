"""A viral hour (#25), with the service's default limits and every request from one address, as
behind a carrier's CGNAT: a crowd that confirms its mails keeps getting room, one machine posting
addresses nobody confirms stays at the allowance, and so do the mails it causes."""

from __future__ import annotations

import collections
import time

import pytest

from petition.config import Limits
from petition.mailbox import links
from tests.petition_harness import Service, confirm, wait_for_mail

pytestmark = pytest.mark.slow
DOMAINS = ("gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com")


def test_a_crowd_behind_one_address_signs_while_it_confirms(tmp_path, mailbox):
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path).start()
    people = collections.deque(f"mens{i}@{DOMAINS[i % len(DOMAINS)]}" for i in range(400))
    seen = len(mailbox.messages)
    refused, confirmed = 0, set()
    started = time.monotonic()
    try:
        while (people or len(confirmed) < 400) and time.monotonic() - started < 120:
            for _ in range(min(20, len(people))):  # twenty people press the button ...
                address = people.popleft()
                answer = service.sign(naam="Mens", email=address)
                if answer.status == 429:
                    refused += 1
                    people.append(address)  # ... and one who was asked to wait tries again later
                else:
                    assert answer.status == 202, answer.body
            time.sleep(0.2)
            for message, recipients in mailbox.messages[seen:]:  # ... while others open their mail
                if recipients[0] in confirmed or not recipients[0].startswith("mens"):
                    continue
                assert confirm(links(message)["bevestig"]).status == 200
                confirmed.add(recipients[0])
        assert len(confirmed) == 400, f"{len(confirmed)} of 400 confirmed, {refused} times asked to wait"
        assert service.count() == 400
        # Asked to wait only while the first confirmations were on their way, not for the whole hour.
        print(f"menigte: 400 bevestigd in {time.monotonic() - started:.1f} s, {refused} keer gevraagd te wachten")
        assert refused < 200, refused
    finally:
        service.stop()


def test_one_machine_posting_a_thousand_addresses_gets_the_allowance_only(tmp_path, mailbox):
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path).start()
    seen = len(mailbox.messages)
    try:
        statuses = collections.Counter(
            service.sign(naam="Bot", email=f"bot{i}@{DOMAINS[i % len(DOMAINS)]}").status for i in range(1000)
        )
        assert statuses == {202: Limits.per_ip, 429: 1000 - Limits.per_ip}, statuses
        wait_for_mail(mailbox, seen + Limits.per_ip)
        time.sleep(2)
        assert len(mailbox.messages) - seen == Limits.per_ip, "no more mails than the allowance"
    finally:
        service.stop()
