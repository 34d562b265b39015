"""Share links as plain links: nothing loads from those services until a visitor clicks one."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def links(url: str, title: str) -> list[tuple[str, str]]:
    text = f"{title} {url}"
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text}, quote_via=quote)),
        ("E-mail", "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote)),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}, quote_via=quote)),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": text}, quote_via=quote)),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url}, quote_via=quote)),
    ]
