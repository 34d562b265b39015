"""A feedgen extension for the iTunes and Podcasting 2.0 tags, written to Apple's current rules.

feedgen 1.0's own podcast extension writes `itunes:explicit` as yes/no/clean (Apple now asks for
true/false) and knows nothing of the `podcast:` namespace, so we write both namespaces here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
NAMESPACES = {"itunes": ITUNES, "podcast": PODCAST}


def _el(parent, ns: str, tag: str, text: str | None = None, **attrs: str):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for key, value in attrs.items():
        element.set(key.replace("_", "-"), value)
    if text is not None:
        element.text = text
    return element


def _bool(value: bool) -> str:
    return "true" if value else "false"


@dataclass
class ChannelTags:
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    image: str = ""
    categories: list[str] = field(default_factory=list)  # "Parent > Child"
    explicit: bool = False
    show_type: str = "episodic"
    new_feed_url: str | None = None
    guid: str = ""
    locked: bool = True
    funding_url: str | None = None
    funding_text: str | None = None
    trailers: list[Trailer] = field(default_factory=list)


@dataclass
class Trailer:
    """podcast:trailer on the channel: where a trailer's audio is, for apps that show it first."""

    title: str
    url: str
    pubdate: str
    length: int
    mime: str
    season: int | None = None


@dataclass
class Person:
    name: str
    role: str
    href: str | None = None


@dataclass
class ItemTags:
    title: str = ""
    episode: int | None = None
    season: int | None = None
    duration: int = 0
    explicit: bool = False
    image: str | None = None
    transcript_url: str | None = None
    transcript_type: str | None = None
    chapters_url: str | None = None
    persons: list[Person] = field(default_factory=list)
    episode_type: str = "full"


class PodcastExtension(BaseExtension):
    def __init__(self):
        self.tags = ChannelTags()

    def extend_ns(self):
        return dict(NAMESPACES)

    def extend_rss(self, rss):
        channel = rss[0]
        t = self.tags
        _el(channel, ITUNES, "author", t.author)
        owner = _el(channel, ITUNES, "owner")
        _el(owner, ITUNES, "name", t.owner_name)
        _el(owner, ITUNES, "email", t.owner_email)
        _el(channel, ITUNES, "image", href=t.image)
        for category in t.categories:
            parent, _, child = (part.strip() for part in category.partition(">"))
            element = _el(channel, ITUNES, "category")
            element.set("text", parent)
            if child:
                _el(element, ITUNES, "category").set("text", child)
        _el(channel, ITUNES, "explicit", _bool(t.explicit))
        _el(channel, ITUNES, "type", t.show_type)
        if t.new_feed_url:
            _el(channel, ITUNES, "new-feed-url", t.new_feed_url)
        _el(channel, PODCAST, "guid", t.guid)
        _el(channel, PODCAST, "locked", "yes" if t.locked else "no", owner=t.owner_email)
        if t.funding_url:
            _el(channel, PODCAST, "funding", t.funding_text, url=t.funding_url)
        _el(channel, PODCAST, "medium", "podcast")
        for trailer in t.trailers:
            extra = {"season": str(trailer.season)} if trailer.season is not None else {}
            _el(
                channel,
                PODCAST,
                "trailer",
                trailer.title,
                url=trailer.url,
                pubdate=trailer.pubdate,
                length=str(trailer.length),
                type=trailer.mime,
                **extra,
            )
        return rss


class PodcastEntryExtension(BaseEntryExtension):
    def __init__(self):
        self.tags = ItemTags()

    def extend_ns(self):
        return dict(NAMESPACES)

    def extend_rss(self, item):
        t = self.tags
        _el(item, ITUNES, "title", t.title)
        if t.episode is not None:
            _el(item, ITUNES, "episode", str(t.episode))
        if t.season is not None:
            _el(item, ITUNES, "season", str(t.season))
        _el(item, ITUNES, "episodeType", t.episode_type)
        _el(item, ITUNES, "duration", str(t.duration))
        _el(item, ITUNES, "explicit", _bool(t.explicit))
        if t.image:
            _el(item, ITUNES, "image", href=t.image)
        if t.season is not None:
            _el(item, PODCAST, "season", str(t.season))
        if t.episode is not None:
            _el(item, PODCAST, "episode", str(t.episode))
        if t.transcript_url:
            _el(
                item,
                PODCAST,
                "transcript",
                url=t.transcript_url,
                type=t.transcript_type or "text/vtt",
                language="nl",
                rel="captions",
            )
        if t.chapters_url:
            _el(item, PODCAST, "chapters", url=t.chapters_url, type="application/json+chapters")
        for person in t.persons:
            attrs = {"role": person.role, "group": "cast"}
            if person.href:
                attrs["href"] = person.href
            _el(item, PODCAST, "person", person.name, **attrs)
        return item
