"""Loads and validates all content in one pass: every collection, the campaign data, the ordinary
pages and the settings. `make check` and the build both call `load`, so they refuse the same things.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .campaign import Campaign
from .docs_pages import DocsPageEntry, load_docs_pages
from .errors import ContentError, Problem, unexpected
from .frontmatter import parse_data
from .images import use_cache as use_image_cache
from .loading import links_in, parsed_files, read_text, validate
from .media import use_cache as use_audio_cache
from .settings import Settings

if TYPE_CHECKING:
    from .collections import Loaded
    from .collections.manifests import ManifestEntry
    from .collections.stories import StoryEntry
    from .podcast import Podcast


@dataclass
class SiteContent:
    """Everything the content folders hold, validated: what one build or check works from."""

    campaign: Campaign
    campaign_lines: dict = field(default_factory=dict)  # line of each key in data/campagne.yml
    collections: dict[str, Loaded] = field(default_factory=dict)  # by collection name
    existing: dict[str, set[str]] = field(default_factory=dict)  # every entry name, valid or not
    podcast: Podcast | None = None  # the show; its episodes are a collection
    docs: dict[str, DocsPageEntry] = field(default_factory=dict)  # ordinary pages by docs-relative path
    settings: Settings = field(default_factory=Settings)
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))  # the build's clock

    @property
    def stories(self) -> list[StoryEntry]:
        return self.collections["story"].entries

    @property
    def held_back(self) -> list[StoryEntry]:
        return self.collections["story"].held_back

    @property
    def withdrawn(self) -> list[StoryEntry]:
        return self.collections["story"].withdrawn

    @property
    def manifests(self) -> list[ManifestEntry]:
        return self.collections["manifest"].entries

    # Looked up once per build, not once per page: per-page lookups made the build quadratic.
    @cached_property
    def _published(self) -> dict[str, StoryEntry]:
        return {s.slug: s for s in self.stories}

    @cached_property
    def _previewed(self) -> dict[str, StoryEntry]:
        return {s.slug: s for s in self.stories + self.held_back}

    def story(self, slug: str, preview: bool = False) -> StoryEntry | None:
        """A story a reader can open: never a withdrawn one, a draft only in preview."""
        return (self._previewed if preview else self._published).get(slug)

    def related(self, slugs: list[str], preview: bool = False) -> list[StoryEntry]:
        visible = self._previewed if preview else self._published
        return [visible[slug] for slug in slugs if slug in visible]

    def count(self) -> dict[str, int]:
        loaded = self.collections.values()
        return {
            "onderdelen": sum(len(c.entries) for c in loaded),
            "concepten en gepland": sum(len(c.held_back) for c in loaded),
            "ingetrokken": sum(len(c.withdrawn) for c in loaded),
        }


def load_campaign(root: Path, problems: list[Problem], lines: dict | None = None) -> Campaign | None:
    """data/campagne.yml; `lines` receives the line of every key, for checks made later."""
    path = root / "data" / "campagne.yml"
    if not path.exists():
        problems.append(Problem("data/campagne.yml", 1, "", "het bestand ontbreekt; verwacht de campagnegegevens"))
        return None
    text = read_text(root, path, problems)
    if text is None:
        return None
    doc = parse_data("data/campagne.yml", text)
    if lines is not None:
        lines.update(doc.lines)
    return validate(Campaign, doc, problems)


def load(
    root: Path, now: dt.datetime | None = None, settings: Settings | None = None, cache_dir: Path | None = None
) -> SiteContent:
    """All content under `root`, validated; raises ContentError listing every problem.

    `now` decides which scheduled items are live; it is the build's clock unless a test sets it.
    `settings` are what mkdocs.yml says; without them, the defaults (as `make check` on a bare folder).
    """
    now = now or build_clock()
    cache_dir = cache_dir or root / ".cache"
    use_image_cache(cache_dir / "afbeeldingen")
    use_audio_cache(cache_dir / "audio")
    with parsed_files(cache_dir / "inhoud.pickle"):
        return _load(root, now, settings or Settings())


def build_clock() -> dt.datetime:
    """Now, or the moment SOURCE_DATE_EPOCH names (the reproducible-builds convention), so a build
    of an old commit or a test can say which day it is built on."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def _load(root: Path, now: dt.datetime, settings: Settings) -> SiteContent:
    from .collections import COLLECTIONS, Loaded

    problems: list[Problem] = list(settings.problems)
    for folder in sorted({c.folder.split("/")[0] for c in COLLECTIONS} | {"podcast", "data", settings.docs_dir}):
        problems.extend(links_in(root, folder))
    lines: dict = {}
    campaign = _guarded("data/campagne.yml", problems, lambda: load_campaign(root, problems, lines))
    # Without valid campaign data the checks that need it are skipped, and load raises below.
    content = SiteContent(campaign=cast(Campaign, campaign), campaign_lines=lines, settings=settings, now=now)
    for collection in COLLECTIONS:
        content.existing[collection.name] = collection.slugs(root)
    for collection in COLLECTIONS:
        loaded = _guarded(collection.folder + "/", problems, lambda c=collection: c.load(root, content, now, problems))
        content.collections[collection.name] = loaded or Loaded()
    for collection in COLLECTIONS:
        _guarded(collection.folder + "/", problems, lambda c=collection: c.check(content, problems))
    content.docs = (
        _guarded(settings.docs_dir + "/", problems, lambda: load_docs_pages(root, settings.docs_dir, problems)) or {}
    )
    if problems or campaign is None:
        raise ContentError(problems)
    return content


def _guarded(where: str, problems: list[Problem], step: Any) -> Any:
    """One step of loading; a mistake of ours becomes a Dutch problem line, never a traceback."""
    try:
        return step()
    except ContentError as exc:
        problems.extend(exc.problems)
    except Exception as exc:  # noqa: BLE001 - anything an editor's file triggers must be reported, not raised
        problems.append(unexpected(where, exc))
    return None


__all__ = ["SiteContent", "build_clock", "load", "load_campaign"]
