"""A real SMTP server on this machine that keeps every mail it receives (aiosmtpd).

For `make serve` (the preview shows where the confirmation link is) and for the tests, which
follow the link in the mail they received. The real petition sends through the foundation's
mail provider instead (PETITION_SMTP_*).
"""

from __future__ import annotations

import email
import logging
import re
import threading
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

log = logging.getLogger("petitie")
LINK = re.compile(r"https?://\S+/(bevestig|intrekken)/[0-9a-f]{16}/[0-9a-f]{40}")


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.box.keep(message, list(envelope.rcpt_tos))
        return "250 OK"


class Mailbox:
    def __init__(self, folder: Path | None = None, *, port: int = 8025, announce: bool = False) -> None:
        self.folder = folder
        self.port = port
        self.announce = announce
        self.messages: list[tuple[EmailMessage, list[str]]] = []
        self._lock = threading.Lock()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def keep(self, message: EmailMessage, recipients: list[str]) -> None:
        with self._lock:
            self.messages.append((message, recipients))
            number = len(self.messages)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{number:06d}.eml").write_bytes(message.as_bytes())
        if self.announce:
            found = links(message)
            log.info("mail in .petitie/post/ (lokaal); link: %s", found.get("bevestig") or found.get("intrekken", "-"))


def links(message: EmailMessage) -> dict[str, str]:
    """The confirmation and withdrawal links of a mail, by purpose, from its plain-text part."""
    body = message.get_body(("plain",))
    text = body.get_content() if body else ""
    return {match.group(1): match.group(0) for match in LINK.finditer(text)}
