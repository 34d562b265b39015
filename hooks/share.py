"""Share links as plain links: nothing loads from those services until a visitor clicks one."""

from __future__ import annotations

from urllib.parse import quote


def links(url: str, title: str) -> list[tuple[str, str]]:
    def q(value: str) -> str:  # everything escaped, as urlencode(quote_via=quote) does, once per value
        return quote(value, safe="")

    text, u, t = q(f"{title} {url}"), q(url), q(title)
    return [
        ("WhatsApp", f"https://wa.me/?text={text}"),
        ("E-mail", f"mailto:?subject={t}&body={u}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ("Bluesky", f"https://bsky.app/intent/compose?text={text}"),
        ("X", f"https://x.com/intent/post?text={t}&url={u}"),
    ]
