"""The podcast's machine-readable outputs: the RSS feed and the JSON chapters files.

Pure functions of the content and the site URL: the same content gives the same bytes, so HTTP
caches and podcast apps can trust ETag and Last-Modified.
"""

from __future__ import annotations

import datetime as dt
import json

from feedgen.feed import FeedGenerator

from . import urls
from .feed_ext import ChannelTags, ItemTags, Person, PodcastEntryExtension, PodcastExtension
from .podcast import EpisodeEntry, Podcast
from .podcast_models import MAX_DESCRIPTION_BYTES

# Only used for a feed without any published episode, where no content date exists.
EMPTY_FEED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def chapters_json(entry: EpisodeEntry) -> bytes:
    """Podcasting 2.0 JSON chapters (version 1.2.0)."""
    document = {
        "version": "1.2.0",
        "chapters": [{"startTime": round(c.start, 3), "title": c.title} for c in entry.episode.chapters],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _description(entry: EpisodeEntry, notes_html: str | None) -> str:
    html = (notes_html or "").strip()
    if html and len(html.encode("utf-8")) <= MAX_DESCRIPTION_BYTES:
        return html
    return entry.episode.summary


def build_feed(podcast: Podcast, site_url: str, notes_html: dict[str, str]) -> bytes:
    show = podcast.show
    feed_url = urls.absolute(site_url, urls.podcast_feed())
    page_url = urls.absolute(site_url, urls.PODCAST)
    cover_url = urls.absolute(site_url, urls.podcast_cover())
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
        locked=show.locked,
        funding_url=show.funding.url if show.funding else None,
        funding_text=show.funding.text if show.funding else None,
    )
    for entry in podcast.episodes:  # newest first
        ep = entry.episode
        fe = fg.add_entry(order="append")
        fe.title(ep.title)
        fe.link(href=urls.absolute(site_url, entry.url))
        fe.description(_description(entry, notes_html.get(entry.slug)))
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
            image=urls.absolute(site_url, urls.episode_image(entry.slug)) if entry.image else None,
            transcript_url=(
                urls.absolute(site_url, urls.episode_transcript(entry.slug, entry.transcript_file.suffix.lower()))
                if entry.transcript_file
                else None
            ),
            transcript_type=entry.transcript_mime,
            chapters_url=urls.absolute(site_url, urls.episode_chapters(entry.slug)) if ep.chapters else None,
            persons=[Person(p.name, p.role, p.url) for p in ep.persons],
        )
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
