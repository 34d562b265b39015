"""The feed of new stories, as RSS 2.0 (feedgen) and JSON Feed 1.1. Dates come from the content."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Protocol

from feedgen.feed import FeedGenerator
from markupsafe import escape

from . import urls
from .publication import AMSTERDAM

if TYPE_CHECKING:
    from .models import Story


class StoryEntry(Protocol):
    """What a feed reads of a story entry (`collections.stories.StoryEntry`, which uses this module)."""

    slug: str
    story: Story

    @property
    def url(self) -> str: ...
    @property
    def speaker_noted(self) -> str: ...
    @property
    def description(self) -> str: ...


NOON = dt.time(12, 0)
TITLE = "Verhalen — Gezinshulp eerst"
DESCRIPTION = "Nieuwe verhalen over uithuisplaatsing op de site van Het Vergeten Kind."


def _when(entry: StoryEntry) -> dt.datetime:
    """Noon in Amsterdam on the story's day: +01:00 in winter, +02:00 in summer."""
    return dt.datetime.combine(entry.story.date, NOON, tzinfo=AMSTERDAM)


def rss(stories: list[StoryEntry], site_url: str, cards: dict[str, str]) -> bytes:
    fg = FeedGenerator()
    fg.title(TITLE)
    fg.description(DESCRIPTION)
    fg.language("nl")
    fg.link(href=urls.absolute(site_url, urls.stories_feed_rss()), rel="self", type="application/rss+xml")
    fg.link(href=urls.absolute(site_url, urls.STORIES), rel="alternate")
    fg.generator("Gezinshulp eerst (MkDocs + feedgen)")
    updated = _when(stories[0]) if stories else dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    fg.lastBuildDate(updated)
    fg.pubDate(updated)
    for entry in stories:
        fe = fg.add_entry(order="append")
        url = urls.absolute(site_url, entry.url)
        fe.title(entry.story.title)
        fe.link(href=url)
        fe.guid(url, permalink=True)
        fe.description(f"“{entry.story.quote}” — {entry.speaker_noted}. {entry.description}")
        fe.pubDate(_when(entry))
        # No enclosure: RSS needs the file's exact length, which is known only once the share card
        # is drawn; a length of 0 is wrong. The JSON Feed names the card as the item's `image`.
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def json_feed(stories: list[StoryEntry], site_url: str, cards: dict[str, str], html: dict[str, str]) -> bytes:
    items = []
    for entry in stories:
        item = {
            "id": urls.absolute(site_url, entry.url),
            "url": urls.absolute(site_url, entry.url),
            "title": entry.story.title,
            "summary": entry.description,
            "content_html": urls.absolute_links(html[entry.slug], urls.absolute(site_url, entry.url))
            if html.get(entry.slug)
            else f"<blockquote><p>{escape(entry.story.quote)}</p></blockquote>",
            "date_published": _when(entry).isoformat(),
            "language": "nl",
            "tags": list(entry.story.themes),
        }
        if entry.slug in cards:
            item["image"] = cards[entry.slug]
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": TITLE,
        "description": DESCRIPTION,
        "home_page_url": urls.absolute(site_url, urls.STORIES),
        "feed_url": urls.absolute(site_url, urls.stories_feed_json()),
        "language": "nl",
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
