"""Share links as plain links: nothing loads from those services until a visitor clicks one."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from . import urls


def links(url: str, title: str, message: str | None = None) -> list[tuple[str, str]]:
    """`message` is what a messenger shows above the link (the title when there is none)."""

    def q(value: str) -> str:  # everything escaped, as urlencode(quote_via=quote) does, once per value
        return quote(value, safe="")

    said = message or title
    text, u, t, body = q(f"{said} {url}"), q(url), q(title), q(said + "\n\n" + url)
    return [
        ("WhatsApp", f"https://wa.me/?text={text}"),
        ("E-mail", f"mailto:?subject={t}&body={body}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ("Bluesky", f"https://bsky.app/intent/compose?text={text}"),
        ("X", f"https://x.com/intent/post?text={q(said)}&url={u}"),
    ]


def share(page_url: str, site_url: str, title: str, message: str | None = None) -> dict[str, Any]:
    """What share.html needs: the page's absolute address, its title, message and share links."""
    url = urls.absolute(site_url, page_url)
    return {"share_url": url, "share_title": title, "share_links": links(url, title, message)}
