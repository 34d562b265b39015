"""Sending the outbox over SMTP, with retries: a crash never loses a confirmation mail.

A mail is written to the outbox in the same transaction as its signature, so once a signer got
"ontvangen" the mail exists on disk. The sender takes due mails in small batches with a lease (a
crashed sender's mails are taken again after the lease), sends each over a kept-open SMTP
connection and deletes it the moment the server accepted it (each mail its own delete, which the
writer groups with others in one commit; deleting a whole batch after its last mail left every
mail of the batch to be sent again after a crash). SMTP has no way to send exactly once: a crash
between the server's "accepted" and the commit still sends that mail twice, never none. A mail
sent again has the same Message-ID (`Keys.mail_id`), so mail programs that drop duplicates
(Gmail among them) show it once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import smtplib
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import signatures
from .config import Config
from .crypto import Keys
from .mail import compose
from .store import Together, Unavailable, Writer

log = logging.getLogger("petitie")
BATCH = 50
MAX_BACKOFF = 3600


def backoff(attempts: int) -> int:
    """Seconds until the next try: 5 s, 10 s, 20 s, ... at most an hour."""
    return min(MAX_BACKOFF, 5 * 2 ** min(20, max(0, attempts - 1)))


class Sender:
    """Keeps SMTP connections open (one per thread) and sends one message at a time on each."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._local = threading.local()

    def _connection(self) -> smtplib.SMTP:
        smtp: smtplib.SMTP | None = getattr(self._local, "smtp", None)
        if smtp is not None:
            return smtp
        smtp = smtplib.SMTP(self.config.smtp_host, self.config.smtp_port, timeout=20)
        if self.config.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if self.config.smtp_user:
            smtp.login(self.config.smtp_user, self.config.smtp_password)
        self._local.smtp = smtp
        return smtp

    def send(self, message: Any) -> str:
        """'sent', 'retry' (try again later) or 'refused' (the server will never take it).

        A kept-open connection the server closed in the meantime is opened again once.
        """
        for attempt in (1, 2):
            try:
                self._connection().send_message(message)
                return "sent"
            except smtplib.SMTPRecipientsRefused as error:
                codes = [code for code, _ in error.recipients.values()]
                return "refused" if codes and all(500 <= c < 600 for c in codes) else "retry"
            except smtplib.SMTPServerDisconnected:
                self._local.smtp = None
                if attempt == 2:
                    return "retry"
            except (smtplib.SMTPException, OSError) as error:
                log.warning("mail versturen mislukt (%s); later opnieuw", type(error).__name__)
                self._local.smtp = None
                return "retry"
        return "retry"


class Rate:
    """Signatures per second, over the last whole second: tells the sender when signing is busy."""

    def __init__(self) -> None:
        self._second = 0
        self._count = 0
        self.last = 0

    def _roll(self) -> None:
        now = int(time.monotonic())
        if now != self._second:
            self.last = self._count if now == self._second + 1 else 0
            self._second, self._count = now, 0

    def hit(self) -> None:
        self._roll()
        self._count += 1

    def busy(self, threshold: int = 200) -> bool:
        self._roll()
        return self.last >= threshold


class Outbox:
    """The background task that empties the outbox; woken at once when a signature adds a mail.

    While signing is busy (a peak), mails go out slowly, so every signer gets a fast answer; the
    outbox catches up when the peak is over. A mail can wait; a signer should not.
    """

    def __init__(self, config: Config, keys: Keys, writer: Writer) -> None:
        self.rate = Rate()
        self.config = config
        self.keys = keys
        self.writer = writer
        self.sender = Sender(config)
        self.wake = asyncio.Event()
        self._pool = ThreadPoolExecutor(max_workers=config.mail_connections, thread_name_prefix="petitie-mail")
        # A connection takes its next mail only once the last one's delete is committed: a crash
        # then sends at most one mail per connection twice.
        self._connections = asyncio.Semaphore(config.mail_connections)
        self.sent_count = 0

    def links(self, signature_id: int, address_hash: str, now: int) -> dict[str, str]:
        """The mail's links, made the day it is sent (a confirmation link counts its days from then)."""
        today = signatures.day(now)
        return {
            purpose: self.config.public_url + self.keys.link(purpose, signature_id, address_hash, today)
            for purpose in (signatures.CONFIRM, signatures.WITHDRAW)
        }

    async def run_forever(self) -> None:
        while True:
            try:
                sent_before = self.sent_count
                handled = await self.run_once()
            except Unavailable:
                handled, sent_before = 1, self.sent_count
            if handled and self.sent_count == sent_before:
                await asyncio.sleep(2.0)  # the mail server or database is down: wait, do not spin
            elif handled and self.rate.busy():
                await asyncio.sleep(0.5)
            elif not handled:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout=2.0)

    async def run_once(self) -> int:
        """Send what is due now; the number of mails handled."""
        now = int(time.time())
        size = BATCH // 5 if self.rate.busy() else BATCH
        rows = await self.writer.run(lambda db: signatures.claim(db, now, size))
        if not rows:
            return 0
        loop = asyncio.get_running_loop()

        async def send_and_record(row: tuple[Any, ...]) -> str:
            async with self._connections:
                outcome = await loop.run_in_executor(self._pool, self._send_row, row)
                if outcome == "retry":
                    later = [(row[0], now + backoff(row[4]))]
                    await self.writer.run(lambda db: signatures.retry(db, later))
                else:  # recorded the moment the server took it (or refused it for good)
                    await self.writer.run(Together(row[0], signatures.sent))
            return outcome

        outcomes = await asyncio.gather(*(send_and_record(row) for row in rows))
        self.sent_count += sum(1 for o in outcomes if o == "sent")
        return len(rows)

    def _send_row(self, row: tuple[Any, ...]) -> str:
        outbox_id, signature_id, kind, payload, _attempts = row
        try:
            data = self.keys.open_outbox(bytes(payload))
        except Exception:  # noqa: BLE001 - a payload this key cannot open can never be sent
            log.error("een mail in het postvak kan niet worden geopend en wordt overgeslagen")
            return "refused"
        message = compose(
            self.config,
            kind,
            data["naam"],
            data["email"],
            self.links(int(signature_id), data["hash"], int(time.time())),
            dt.datetime.now(dt.UTC),
            self.keys.mail_id(int(outbox_id)),
        )
        return self.sender.send(message)
