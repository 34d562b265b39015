"""What one build knows, shared by the hook's event handlers and the page head: set in on_config."""

from __future__ import annotations

from pathlib import Path

from hooks.cards import CardCache, CardSpec
from hooks.content import ManifestEntry, SiteContent, StoryEntry
from hooks.images import PublishedImage
from hooks.lastmod import LastModified
from hooks.podcast import EpisodeEntry
from hooks.search_index import SearchPages


class _State:
    preview: bool = False                # `mkdocs serve`: show drafts and scheduled items, with a banner
    preview_builds: int = 0              # builds done by this `mkdocs serve`
    withdrawn: dict                      # by generated source path
    content: SiteContent
    stories: dict[str, StoryEntry]       # by generated source path
    episodes: dict[str, EpisodeEntry]    # by generated source path
    notes_html: dict[str, str]           # episode slug -> rendered show notes
    manifests: dict[str, ManifestEntry]  # by generated source path
    endpoint: str | None                 # where the petition form posts
    story_html: dict[str, str]           # story slug -> rendered body, for the JSON feed
    cards: dict[str, CardSpec]           # card file (site path) -> what it shows
    card_cache: CardCache                # draws missing cards, from on_files on
    share_images: dict[str, PublishedImage]  # editors' own share images by site path
    sitemap: list[tuple[str, object]]    # (absolute URL, last modified)
    lastmod: LastModified
    root: Path                           # the folder that holds mkdocs.yml and the content
    policies: dict[str, str]             # page path -> its Content-Security-Policy (for _headers)
    search_pages: SearchPages            # fingerprint of what Pagefind will index
    csp_sources: dict | None = None      # other hosts the content names, found once per build


state = _State()
