"""Podcast episodes (`podcast/episodes/*.md` -> `/podcast/<naam>/`), the show and its feed.

Loading the show, the episodes and their audio, transcripts and art is `podcast.py`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import structured, urls
from ..cards import CardSpec
from ..errors import Problem
from ..feed import build_feed, chapters_json
from ..loading import field_line
from ..podcast import EpisodeEntry, load_podcast
from ..podcast_models import Episode
from ..render import render
from ..share import share
from .base import Build, Collection, GeneratedFile, Loaded, SiteContent

PERSON_ROLES = {"host": "presentator", "co-host": "co-presentator", "guest": "gast"}


class Episodes(Collection):
    name = "episode"
    index_name = "podcast"
    folder = "podcast/episodes"
    model_attribute = "episode"
    section = urls.PODCAST
    label = "Podcast"
    content_model = Episode
    schema_name = "aflevering"
    editor_name = "afleveringen"
    index_heading = "# Podcast\n"
    template = "episode.html"
    index_template = "podcast.html"

    def load(self, root: Path, content: SiteContent, now: dt.datetime, problems: list[Problem]) -> Loaded:
        content.podcast = podcast = load_podcast(root, content.existing["story"], now, problems, content.notes)
        if podcast is None:
            return Loaded()
        for entry in podcast.episodes:
            content.announce(self, entry)
        return Loaded(entries=podcast.episodes, held_back=podcast.held_back)

    def check(self, content: SiteContent, problems: list[Problem]) -> None:
        """A former name keeps an old address working; it may never take the address of an episode
        that exists (a redirect would replace that episode's page), nor be claimed twice."""
        loaded = self.loaded(content)
        claimed: dict[str, str] = {}
        for entry in loaded.every:
            for index, old in enumerate(entry.episode.previous_names):
                field = f"eerdere_namen[{index + 1}]"
                line = field_line(content.root, entry.path, "eerdere_namen", index)
                if old in content.existing[self.name]:
                    problems.append(
                        Problem(
                            entry.path,
                            line,
                            field,
                            f'"{old}" is de naam van een aflevering die bestaat; verwacht alleen oude namen '
                            "die geen bestand meer hebben (anders verdwijnt die aflevering achter een doorverwijzing)",
                        )
                    )
                elif old in claimed and claimed[old] != entry.path:
                    problems.append(
                        Problem(
                            entry.path,
                            line,
                            field,
                            f'"{old}" staat ook bij {claimed[old]}; verwacht elke oude naam bij één aflevering',
                        )
                    )
                claimed.setdefault(old, entry.path)

    def has_index(self, content: SiteContent) -> bool:
        return content.podcast is not None

    def files(self, content: SiteContent, preview: bool) -> Iterator[GeneratedFile]:
        podcast = content.podcast
        if podcast is None:
            return
        yield GeneratedFile(urls.podcast_cover(podcast.cover.data), content=podcast.cover.data)
        yield GeneratedFile(urls.podcast_cover(), content=podcast.cover.data)  # the old address keeps working
        for entry in self.shown(content, preview):
            if entry.audio_file is not None:
                yield GeneratedFile(entry.audio_path, source=entry.published_audio or entry.audio_file)
            if entry.episode.chapters:
                yield GeneratedFile(urls.episode_chapters(entry.slug), content=chapters_json(entry))
            if entry.transcript:
                yield GeneratedFile(urls.episode_transcript(entry.slug), content=entry.transcript_text())
            if entry.image is not None:
                yield GeneratedFile(urls.episode_image(entry.slug, entry.image.data), content=entry.image.data)

    def appears_on(self, entry: EpisodeEntry) -> dt.datetime:
        return entry.published

    def meta(self, entry: EpisodeEntry) -> tuple[str, str]:
        return entry.episode.title, entry.episode.summary

    def index_meta(self, content: SiteContent) -> tuple[str, str]:
        assert content.podcast is not None
        show = content.podcast.show
        return show.title, show.description[:300]

    def render(self, entry: EpisodeEntry, html: str, page_url: str, build: Build) -> Markup:
        podcast = build.content.podcast
        assert podcast is not None
        audio_src = urls.relative(page_url, entry.audio_url) if entry.audio_file else entry.episode.audio
        related = build.content.related(entry.episode.related, build.preview)
        return render(
            self.template,
            entry=entry,
            show=podcast.show,
            body=Markup(html),
            audio_src=audio_src,
            status=entry.status,
            related=related,
            person_roles=PERSON_ROLES,
            has_feed=podcast.has_feed,
            feed_url=urls.absolute(build.site_url, urls.podcast_feed()),
            **share(page_url, build.site_url, entry.episode.title),
            **build.common(page_url),
        )

    def render_index(self, page_url: str, build: Build) -> Markup:
        podcast = build.content.podcast
        assert podcast is not None
        episodes = sorted(self.shown(build.content, build.preview), key=lambda e: e.published, reverse=True)
        return render(
            self.index_template,
            show=podcast.show,
            episodes=episodes,
            status_of=self.status,
            has_feed=podcast.has_feed,
            **share(page_url, build.site_url, podcast.show.title),
            cover_url=urls.podcast_cover(podcast.cover.data),
            feed_url=urls.absolute(build.site_url, urls.podcast_feed()),
            **build.common(page_url),
        )

    def block_context(self, content: SiteContent, preview: bool) -> dict[str, Any]:
        podcast = content.podcast
        return {
            "latest": podcast.episodes[0] if podcast and podcast.episodes else None,
            "show": podcast.show if podcast else None,
            "has_podcast": bool(podcast),
            "podcast_listenable": bool(podcast and podcast.listenable),
        }

    def media_addresses(self, content: SiteContent, preview: bool) -> list[str]:
        return [e.episode.audio for e in self.shown(content, preview) if e.episode.is_external]

    def card(self, entry: EpisodeEntry, content: SiteContent) -> tuple[CardSpec, str]:
        podcast = content.podcast
        assert podcast is not None
        art = (entry.image or podcast.cover).data
        label = render("episode-label.html", ep=entry.episode).strip()
        spec = CardSpec("episode", entry.episode.title, f"Podcast · {label}", art=art)
        return spec, f"{podcast.show.title}, {label.lower()}: {entry.episode.title}"

    def jsonld(self, entry: EpisodeEntry, content: SiteContent, site_url: str, image: str) -> list[dict]:
        assert content.podcast is not None
        return [structured.podcast_episode(content.podcast, entry, site_url)]

    def index_jsonld(self, content: SiteContent, site_url: str) -> list[dict]:
        assert content.podcast is not None
        return [structured.podcast_series(content.podcast, site_url)]

    def index_sources(self, content: SiteContent) -> list[str]:
        return ["podcast/show.yml"] + [e.path for e in self.loaded(content).entries]

    def outputs(self, build: Build) -> dict[str, bytes]:
        podcast = build.content.podcast
        if podcast is None or not podcast.has_feed:
            return {}
        notes = {slug: body for (kind, slug), body in build.rendered.items() if kind == self.name}
        return {urls.podcast_feed(): build_feed(podcast, build.site_url, notes)}

    def feeds(self, content: SiteContent) -> list[tuple[str, str, str]]:
        podcast = content.podcast
        if podcast is None or not podcast.has_feed:
            return []
        return [(f"Podcast {podcast.show.title}", urls.podcast_feed(), "application/rss+xml")]

    def redirects(self, content: SiteContent) -> dict[str, str]:
        return {urls.episode(old): e.url for e in self.loaded(content).entries for old in e.episode.previous_names}
