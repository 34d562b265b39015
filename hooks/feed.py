"""The podcast's machine-readable outputs: the RSS feed and the JSON chapters files.

Pure functions of the content and the site URL: the same content gives the same bytes, so HTTP
caches and podcast apps can trust ETag and Last-Modified.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from email.utils import format_datetime
from html import unescape

from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from . import urls
from .feed_ext import ChannelTags, ItemTags, Person, PodcastEntryExtension, PodcastExtension, Trailer
from .podcast import EpisodeEntry, Podcast
from .podcast_models import MAX_DESCRIPTION_BYTES
from .render import render

# Only used for a feed without any published episode, where no content date exists.
EMPTY_FEED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def chapters_json(entry: EpisodeEntry) -> bytes:
    """Podcasting 2.0 JSON chapters (version 1.2.0)."""
    document = {
        "version": "1.2.0",
        "chapters": [{"startTime": round(c.start, 3), "title": c.title} for c in entry.episode.chapters],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def description(entry: EpisodeEntry, notes_html: str, page_url: str) -> str:
    """The shownotes within Apple's 4,000 bytes, shortened at a sentence with a link to the page
    when they do not fit (never silently replaced), and the chapters as times."""
    chapters = entry.episode.chapters
    body = notes_html.strip() or f"<p>{escape(entry.episode.summary)}</p>"

    def made(text: str, shortened: bool) -> str:
        context = {"body": Markup(text), "shortened": shortened, "page_url": page_url, "chapters": chapters}
        return str(render("feed-description.html", **context)).strip()

    whole = made(body, False)
    if len(whole.encode("utf-8")) <= MAX_DESCRIPTION_BYTES:
        return whole
    text = " ".join(re.sub(r"<[^>]+>", " ", unescape(body)).split())  # plain text: cut anywhere safely
    cuts = [m.start() for m in _SENTENCE_END.finditer(text)] or [len(text)]
    for cut in reversed(cuts):
        candidate = made(f"<p>{escape(text[:cut])}</p>", True)
        if len(candidate.encode("utf-8")) <= MAX_DESCRIPTION_BYTES:
            return candidate
    return made(f"<p>{escape(entry.episode.summary)}</p>", True)


def build_feed(podcast: Podcast, site_url: str, notes_html: dict[str, str]) -> bytes:
    show = podcast.show
    feed_url = urls.absolute(site_url, urls.podcast_feed())
    page_url = urls.absolute(site_url, urls.PODCAST)
    cover_url = urls.absolute(site_url, urls.podcast_cover(podcast.cover.data))
    updated = podcast.updated or EMPTY_FEED_DATE

    fg = FeedGenerator()
    fg.register_extension("hvk", PodcastExtension, PodcastEntryExtension)
    fg.title(show.title)
    fg.description(show.description)
    fg.language(show.language)
    fg.link(href=feed_url, rel="self", type="application/rss+xml")  # feedgen: self first ...
    fg.link(href=page_url, rel="alternate")  # ... alternate last
    fg.image(url=cover_url, title=show.title, link=page_url)
    fg.copyright(f"© {show.author}")
    fg.generator("Gezinshulp eerst (MkDocs + feedgen)")
    fg.lastBuildDate(updated)
    fg.pubDate(updated)
    fg.hvk.tags = ChannelTags(
        author=show.author,
        owner_name=show.owner.name,
        owner_email=show.owner.email,
        image=cover_url,
        categories=list(show.categories),
        explicit=show.explicit,
        show_type=show.show_type,
        new_feed_url=show.new_feed_url,
        guid=str(show.guid),
        locked=show.locked and show.new_feed_url is None,  # moving away: the new host may import it
        funding_url=show.funding.url if show.funding else None,
        funding_text=show.funding.text if show.funding else None,
        trailers=[
            Trailer(
                e.episode.title,
                urls.absolute(site_url, e.audio_url) if e.audio_file else e.episode.audio,
                format_datetime(e.published),
                e.audio.size,
                e.audio.mime,
                e.episode.season,
            )
            for e in podcast.episodes
            if e.episode.kind == "trailer"
        ],
    )
    for entry in podcast.episodes:  # newest first
        ep = entry.episode
        fe = fg.add_entry(order="append")
        fe.title(ep.title)
        fe.link(href=urls.absolute(site_url, entry.url))
        episode_url = urls.absolute(site_url, entry.url)
        notes = urls.absolute_links(notes_html.get(entry.slug, ""), episode_url)
        fe.description(description(entry, notes, episode_url))
        if notes.strip():
            fe.content(notes.replace("]]>", "]]&gt;"), type="CDATA")  # content:encoded: the whole shownotes
        fe.guid(ep.guid, permalink=False)
        fe.pubDate(entry.published)
        fe.enclosure(
            urls.absolute(site_url, entry.audio_url) if entry.audio_file else ep.audio,
            str(entry.audio.size),
            entry.audio.mime,
        )
        fe.hvk.tags = ItemTags(
            title=ep.title,
            episode=ep.number,
            season=ep.season,
            duration=round(entry.audio.duration),
            explicit=ep.explicit,
            image=urls.absolute(site_url, urls.episode_image(entry.slug, entry.image.data)) if entry.image else None,
            transcript_url=(urls.absolute(site_url, urls.episode_transcript(entry.slug)) if entry.transcript else None),
            transcript_type=entry.transcript_mime,
            chapters_url=urls.absolute(site_url, urls.episode_chapters(entry.slug)) if ep.chapters else None,
            persons=[Person(p.name, p.role, p.url) for p in ep.persons],
            episode_type=ep.episode_type,
        )
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
