"""The mails a signer gets, composed from templates: plain text and HTML, in Dutch.

Headers are built with the standard library's `Address`, which refuses line breaks, so a name
can never add a header; names were already refused for any character but letters and a few marks.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from .config import Config
from .fields import texts

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the image: no stat() per mail
    )


def compose(
    config: Config, kind: str, name: str, email: str, links: dict[str, str], now: Any, mail_id: str
) -> EmailMessage:
    """One mail: `kind` is `bevestig` (with the confirmation link) or `al_getekend`. `mail_id`: the
    same for every try of one mail in the outbox, so a mail sent twice after a crash has one id."""
    context = {"naam": name, "links": links, "organisatie": config.organisation, "site": config.site_url}
    message = EmailMessage(policy=SMTP)
    message["Subject"] = texts()["mail"][f"{kind}_onderwerp"]
    local, _, domain = config.mail_from.partition("@")
    message["From"] = Address(display_name=config.organisation, username=local, domain=domain)
    message["To"] = Address(display_name=name, addr_spec=email)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<{mail_id}@{domain or 'localhost'}>"
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = "nl"
    message.set_content(environment().get_template(f"mail/{kind}.txt").render(context))
    message.add_alternative(environment().get_template(f"mail/{kind}.html").render(context), subtype="html")
    return message
