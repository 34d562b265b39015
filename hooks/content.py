"""Loads and validates all content in one pass: every collection, the campaign data, the ordinary
pages and the settings. `make check` and the build both call `load`, so they refuse the same things.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import blocks, publication
from .cache_files import remove_partial
from .campaign import Campaign
from .docs_pages import DocsPageEntry, load_docs_pages
from .errors import ContentError, Problem, unexpected
from .frontmatter import parse_data
from .images import PublishedImage
from .images import use_cache as use_image_cache
from .loading import copy_names, field_line, links_in, parsed_files, read_text, unusable_names, validate
from .media import use_cache as use_audio_cache
from .remote_audio import use_cache as use_remote_cache
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
    # images in docs/ as they are published (re-encoded from their pixels), by docs-relative path
    docs_images: dict[str, PublishedImage] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))  # the build's clock
    root: Path = Path(".")  # the folder that holds the content
    notes: list[Problem] = field(default_factory=list)  # worth a look, not an error: the build goes on
    # told of each entry as its collection loads it (a cold build's card workers start on its card)
    listener: Callable[[Any, Any, SiteContent], None] | None = field(default=None, repr=False, compare=False)

    def announce(self, collection: Any, entry: Any) -> None:
        """A kind that draws cards calls this as it loads each entry (a test holds every kind to it),
        so a cold build starts drawing while the rest loads: the second core idles then."""
        if self.listener is not None:
            self.listener(collection, entry, self)

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

    def waiting(self) -> list[tuple[str, str, dt.datetime | None]]:
        """(file, status, when it appears) of every draft and scheduled item, soonest first."""
        from .collections import COLLECTIONS  # collections import this module

        rows = []
        for collection in COLLECTIONS:
            for entry in self.collections[collection.name].held_back:
                when = collection.appears_on(entry) if entry.status == publication.SCHEDULED else None
                rows.append((entry.path, entry.status, when))
        far = dt.datetime.max.replace(tzinfo=dt.UTC)
        return sorted(rows, key=lambda row: (row[2] or far, row[0]))

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
    root: Path,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
    cache_dir: Path | None = None,
    listener: Callable[[Any, Any, SiteContent], None] | None = None,
) -> SiteContent:
    """All content under `root`, validated; raises ContentError listing every problem.

    `now` decides which scheduled items are live; it is the build's clock unless a test sets it.
    `settings` are what mkdocs.yml says; without them, the defaults (as `make check` on a bare folder).
    `listener` is told of entries as they load (`SiteContent.announce`).
    """
    now = now or build_clock()
    cache_dir = cache_dir or root / ".cache"
    remove_partial(cache_dir)
    use_image_cache(cache_dir / "afbeeldingen")
    use_audio_cache(cache_dir / "audio")
    use_remote_cache(cache_dir / "extern-audio.json")
    with parsed_files(cache_dir / "inhoud.pickle"):
        return _load(root, now, settings or Settings(), listener)


def build_clock() -> dt.datetime:
    """Now, or the moment SOURCE_DATE_EPOCH names (the reproducible-builds convention), so a build
    of an old commit or a test can say which day it is built on."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def _load(
    root: Path, now: dt.datetime, settings: Settings, listener: Callable[[Any, Any, SiteContent], None] | None
) -> SiteContent:
    from .collections import COLLECTIONS, Loaded

    problems: list[Problem] = list(settings.problems)
    for folder in sorted({c.folder.split("/")[0] for c in COLLECTIONS} | {"podcast", "data", settings.docs_dir}):
        problems.extend(links_in(root, folder))
    lines: dict = {}
    campaign = _guarded("data/campagne.yml", problems, lambda: load_campaign(root, problems, lines))
    # Without valid campaign data the checks that need it are skipped, and load raises below.
    content = SiteContent(
        campaign=cast(Campaign, campaign),
        campaign_lines=lines,
        settings=settings,
        now=now,
        root=root,
        listener=listener if campaign is not None else None,
    )
    for collection in COLLECTIONS:
        files = collection.entry_files(root)  # one walk of the folder for both
        content.existing[collection.name] = collection.slugs(files)
        problems.extend(copy_names(root, files))
        problems.extend(unusable_names(root, files))
    for collection in COLLECTIONS:
        loaded = _guarded(collection.folder + "/", problems, lambda c=collection: c.load(root, content, now, problems))
        content.collections[collection.name] = loaded or Loaded()
    for collection in COLLECTIONS:
        _guarded(collection.folder + "/", problems, lambda c=collection: c.check(content, problems))
        _guarded(
            collection.folder + "/", problems, lambda c=collection: problems.extend(_body_checks(root, content, c))
        )
    content.docs, content.docs_images = _guarded(
        settings.docs_dir + "/", problems, lambda: load_docs_pages(root, settings.docs_dir, problems, content.notes)
    ) or ({}, {})
    if problems or campaign is None:
        raise ContentError(problems)
    return content


def _unknown_blocks(root: Path, entry: Any) -> list[Problem]:
    """`[[blok]]` lines in an entry's body: known blocks are filled in, an unknown one is an error."""
    body = getattr(entry, "body", "") or ""
    if "[[" not in body:
        return []
    text = (root / entry.path).read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    start = text.find(body)
    return blocks.check_text(entry.path, body, text.count("\n", 0, start) if start >= 0 else 0)


def _body_checks(root: Path, content: SiteContent, collection: Any) -> list[Problem]:
    """Checks every kind shares: blocks named in a body, lists without repeats, no template text."""
    loaded = content.collections[collection.name]
    found: list[Problem] = []
    for entry in loaded.every:
        found += _unknown_blocks(root, entry) + _repeated(root, entry, collection.model(entry))
    for entry in loaded.entries:  # a draft may still hold the template's text
        found += _unfilled(root, entry, collection.model(entry))
    return found


def _repeated(root: Path, entry: Any, model: Any) -> list[Problem]:
    """A list that names the same thing twice (a theme, a related story, a former name) is a slip."""
    found = []
    for alias, value in model.model_dump(by_alias=True).items():
        if isinstance(value, list) and all(isinstance(v, str | int) for v in value) and len(set(value)) < len(value):
            twice = sorted({str(v) for v in value if value.count(v) > 1})
            found.append(
                Problem(
                    entry.path,
                    field_line(root, entry.path, alias),
                    alias,
                    f'noemt "{twice[0]}" meer dan eens; verwacht elke waarde één keer',
                )
            )
    return found


def _unfilled(root: Path, entry: Any, model: Any) -> list[Problem]:
    """The template's own words ("Voornaam", "Schrijf hier ...") left in something that is published."""
    from .templates_new import UNFILLED_MARK, UNFILLED_NAME

    found = []
    for alias, value in model.model_dump(by_alias=True).items():
        if isinstance(value, str) and (value.strip() == UNFILLED_NAME or UNFILLED_MARK in value):
            found.append(
                Problem(
                    entry.path,
                    field_line(root, entry.path, alias),
                    alias,
                    f'is nog de tekst uit het sjabloon ("{value[:40]}"); verwacht je eigen tekst (of concept: true)',
                )
            )
    if UNFILLED_MARK in (getattr(entry, "body", "") or ""):
        found.append(
            Problem(
                entry.path, 0, "", f'de tekst bevat nog "{UNFILLED_MARK} ..." uit het sjabloon; verwacht je eigen tekst'
            )
        )
    return found


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
