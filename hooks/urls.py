"""The one place that knows the site's URLs: every page, feed and asset path is made here."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from html import unescape
from urllib.parse import quote, urljoin, urlsplit

from markupsafe import escape

STORIES = "verhalen/"
PETITION = "petitie/"
PODCAST = "podcast/"
MANIFESTS = "manifesten/"
MUNICIPALITIES = "gemeenten/"


def slugify(text: str) -> str:
    """A URL-safe slug: 'Marilène' -> 'marilene'. Accents are folded, never dropped whole."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def story(slug: str) -> str:
    return f"{STORIES}{slug}/"


def story_photo(slug: str, ext: str) -> str:
    return f"{STORIES}{slug}/foto{ext}"


def relative(from_url: str, to_url: str) -> str:
    """A link from one directory-style page URL to another, so the site works in any sub-path."""
    src = [p for p in from_url.split("/") if p]
    dst = [p for p in to_url.split("/") if p]
    common = 0
    while common < min(len(src), len(dst)) and src[common] == dst[common]:
        common += 1
    parts = [".."] * (len(src) - common) + dst[common:]
    out = "/".join(parts)
    if not out:
        return "./"
    return out + ("/" if to_url.endswith("/") else "")


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url.lstrip("/")


_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolute_links(html: str, page_url: str) -> str:
    """Relative addresses in a page's HTML made absolute against its address: a feed is read far
    from the site (the attribute values stay escaped as HTML)."""
    return _LINK.sub(lambda m: m.group(1) + str(escape(urljoin(page_url, unescape(m.group(2))))) + m.group(3), html)


def root_relative(site_url: str | None, url: str) -> str:
    """'/path/' of the site plus `url`: for pages served at any depth, such as 404.html."""
    path = urlsplit(site_url or "/").path or "/"
    return path.rstrip("/") + "/" + url.lstrip("/")


def episode(slug: str) -> str:
    return f"{PODCAST}{slug}/"


def episode_audio_path(rel: str) -> str:
    """Where a local audio file is published: its own path under podcast/, so two files never share one."""
    return f"{PODCAST}{rel}"


def episode_audio(rel: str) -> str:
    """The same, as an address: every part percent-encoded (spaces, accents), the slashes kept."""
    return PODCAST + "/".join(quote(part, safe="") for part in rel.split("/"))


def episode_chapters(slug: str) -> str:
    return f"{PODCAST}{slug}/hoofdstukken.json"


def episode_transcript(slug: str) -> str:
    return f"{PODCAST}{slug}/transcript.vtt"


def _content_name(stem: str, data: bytes | None) -> str:
    """A file name that changes with the file's bytes: Apple asks for a new URL when artwork changes."""
    if data is None:
        return f"{stem}.jpg"
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:10]}.jpg"


def episode_image(slug: str, data: bytes | None = None) -> str:
    return f"{PODCAST}{slug}/{_content_name('afbeelding', data)}"


def podcast_cover(data: bytes | None = None) -> str:
    """With the cover's bytes: its own URL (feed, pages). Without: the old fixed name, kept working."""
    return f"{PODCAST}{_content_name('omslag', data)}"


def podcast_feed() -> str:
    return f"{PODCAST}feed.xml"


def manifest(slug: str) -> str:
    return f"{MANIFESTS}{slug}/"


def council_document(slug: str, ext: str) -> str:
    """A council document (the motion, the written questions) as .txt, .docx or .odt."""
    return f"{MUNICIPALITIES}{slug}{ext}"


def stories_feed_rss() -> str:
    return f"{STORIES}feed.xml"


def stories_feed_json() -> str:
    return f"{STORIES}feed.json"


def card(page_url: str) -> str:
    """The share image of a page: kaarten/home.png, kaarten/verhalen-ruben.png, ..."""
    name = page_url.strip("/").replace("/", "-") or "home"
    return f"kaarten/{name}.png"


def share_image(page_url: str) -> str:
    name = page_url.strip("/").replace("/", "-") or "home"
    return f"kaarten/{name}.jpg"


_ANCHOR = re.compile(r'<a href="([^"#][^"]*)"')


def print_targets(html: str, page_url: str) -> str:
    """Every relative link with its whole address in `data-hvk-url`, which the print style writes
    after the link text (an absolute link prints its own href): on paper a link is only worth its
    address. mailto: gives the e-mail address."""

    def add(match: re.Match[str]) -> str:
        href = unescape(match.group(1))
        if href.startswith(("tel:", "javascript:", "data:", "https://", "http://")):
            return match.group(0)  # an absolute link prints its own href (the print style says so)
        target = href.removeprefix("mailto:").split("?")[0] if href.startswith("mailto:") else urljoin(page_url, href)
        if not target:
            return match.group(0)
        return f'{match.group(0)} data-hvk-url="{escape(target)}"'

    return _ANCHOR.sub(add, html)
