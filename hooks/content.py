"""Loads and validates all content: every file, every problem, in one pass (load -> validate)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import urls
from .campaign import Campaign
from .errors import ContentError, Problem
from .frontmatter import Document, parse_data
from .images import ImageProblem, PublishedImage, publish_photo, publish_share_image
from .images import use_cache as use_image_cache
from .loading import content_files, parse_valid, parsed_files, read_text, validate
from .models import Manifest, Story
from .podcast import Podcast, load_podcast, publication_time

PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif"}  # HEIC: a clear error


@dataclass(frozen=True)
class StoryEntry:
    """A validated story with what the pages need besides the front matter."""

    slug: str
    path: str
    story: Story
    body: str
    photo: PublishedImage | None = None
    share_image: PublishedImage | None = None
    status: str = "gepubliceerd"    # or "concept", "gepland", "ingetrokken"

    @property
    def url(self) -> str:
        return urls.story(self.slug)

    @property
    def speaker(self) -> str:
        """Who is speaking, as pages and share cards show it: "Marilène, 21 jaar"."""
        story = self.story
        return story.name + (f", {story.age} jaar" if story.age is not None else "") + \
            (f", {story.function}" if story.function else "")


@dataclass(frozen=True)
class ManifestEntry:
    slug: str
    path: str
    manifest: Manifest
    body: str

    @property
    def url(self) -> str:
        return urls.manifest(self.slug)


@dataclass
class SiteContent:
    campaign: Campaign
    stories: list[StoryEntry] = field(default_factory=list)       # published, newest first
    podcast: Podcast | None = None
    manifests: list[ManifestEntry] = field(default_factory=list)
    held_back: list[StoryEntry] = field(default_factory=list)     # drafts and scheduled stories
    withdrawn: list[StoryEntry] = field(default_factory=list)

    # Looked up once per build, not once per page: per-page lookups made the build quadratic.
    @cached_property
    def _published(self) -> dict[str, StoryEntry]:
        return {s.slug: s for s in self.stories}

    @cached_property
    def _previewed(self) -> dict[str, StoryEntry]:
        return {s.slug: s for s in self.stories + self.held_back}

    def story(self, slug: str) -> StoryEntry:
        return self._previewed[slug]

    def related(self, slugs: list[str], preview: bool = False) -> list[StoryEntry]:
        """Related stories that a reader can open: never a withdrawn one, a draft only in preview."""
        visible = self._previewed if preview else self._published
        return [visible[slug] for slug in slugs if slug in visible]

    def redirects(self) -> dict[str, str]:
        """Old URL -> current URL, for every renamed story and episode that is still published."""
        moved = {urls.story(old): s.url for s in self.stories for old in s.story.previous_names}
        if self.podcast:
            moved.update({urls.episode(old): e.url for e in self.podcast.episodes for old in e.episode.previous_names})
        return moved

    def count(self) -> dict[str, int]:
        podcast = self.podcast
        return {"pagina's": len(self.stories) + (len(podcast.episodes) if podcast else 0) + len(self.manifests),
                "concepten en gepland": len(self.held_back) + (len(podcast.held_back) if podcast else 0),
                "ingetrokken": len(self.withdrawn)}


def load_campaign(root: Path, problems: list[Problem]) -> Campaign | None:
    path = root / "data" / "campagne.yml"
    text = read_text(root, path, problems) if path.exists() else None
    if text is None:
        if not path.exists():
            problems.append(Problem("data/campagne.yml", 1, "", "het bestand ontbreekt; verwacht de campagnegegevens"))
        return None
    return validate(Campaign, parse_data("data/campagne.yml", text), problems)


def load_stories(root: Path, campaign: Campaign | None, now: dt.datetime,
                 problems: list[Problem]) -> list[StoryEntry]:
    folder = root / "stories"
    if not folder.is_dir():
        return []
    entries: list[tuple[StoryEntry, Document]] = []
    used_photos: set[Path] = set()
    files = content_files(folder)
    for path in files:
        if path.suffix.lower() != ".md":
            continue
        rel = path.relative_to(root).as_posix()
        text = read_text(root, path, problems)
        if text is None:
            continue
        story, doc = parse_valid(Story, rel, text, problems)
        if story is None:
            continue
        images: dict[str, PublishedImage | None] = {"foto.bestand": None, "deelafbeelding": None}
        for fieldname, name in (("foto.bestand", story.photo.file if story.photo else None),
                                ("deelafbeelding", story.share_image)):
            if name is not None:
                source = (path.parent / name).resolve()
                used_photos.add(source)
                publish = publish_photo if fieldname == "foto.bestand" else publish_share_image
                images[fieldname] = _image(source, name, path.name, rel, fieldname,
                                           doc.line_of(tuple(fieldname.split("."))), publish, problems)
        entries.append((StoryEntry(urls.slugify(path.stem), rel, story, doc.body, images["foto.bestand"],
                                   images["deelafbeelding"], _status(story, now)), doc))

    # A story that failed validation still exists: links to it are not a second problem.
    existing = {urls.slugify(p.stem) for p in files if p.suffix.lower() == ".md"}
    _check_links(entries, existing, campaign, problems)
    for path in files:
        if path.suffix.lower() == ".md" or path.resolve() in used_photos:
            continue
        rel = path.relative_to(root).as_posix()
        what = "een foto die geen verhaal gebruikt" if path.suffix.lower() in PHOTO_EXTENSIONS else "een onbekend bestand"
        problems.append(Problem(rel, 0, "", f"dit is {what}; verwacht alleen verhalen (.md) en hun foto's"))
    _check_previous_names(entries, existing, problems)
    stories = [entry for entry, _ in entries]
    stories.sort(key=lambda e: e.slug)
    return sorted(stories, key=lambda e: e.story.date, reverse=True)  # stable: newest first, then A-Z


def _check_previous_names(entries: list[tuple[StoryEntry, Document]], existing: set[str],
                          problems: list[Problem]) -> None:
    claimed: dict[str, str] = {}
    for entry, doc in entries:
        for index, old in enumerate(entry.story.previous_names):
            line = doc.line_of(("eerdere_namen", index))
            if old in existing:
                problems.append(Problem(entry.path, line, f"eerdere_namen[{index + 1}]",
                                        f'"{old}" is de naam van een bestaand verhaal; verwacht een naam die niet meer bestaat'))
            elif old in claimed:
                problems.append(Problem(entry.path, line, f"eerdere_namen[{index + 1}]",
                                        f'"{old}" staat ook bij {claimed[old]}; verwacht elke oude naam maar één keer'))
            else:
                claimed[old] = entry.path


def _status(story, now: dt.datetime) -> str:
    if story.withdrawn:
        return "ingetrokken"
    if story.draft:
        return "concept"
    if publication_time(story.date) > now:
        return "gepland"
    return "gepubliceerd"


def load_manifests(root: Path, problems: list[Problem]) -> list[ManifestEntry]:
    folder = root / "manifests"
    if not folder.is_dir():
        return []
    entries = []
    for path in content_files(folder):
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() != ".md":
            problems.append(Problem(rel, 0, "", "dit is een onbekend bestand; verwacht alleen manifesten (.md)"))
            continue
        text = read_text(root, path, problems)
        if text is None:
            continue
        manifest, doc = parse_valid(Manifest, rel, text, problems)
        if manifest is not None:
            entries.append(ManifestEntry(urls.slugify(path.stem), rel, manifest, doc.body))
    return sorted(entries, key=lambda e: (e.manifest.order, e.slug))


def _image(source: Path, name: str, beside: str, rel: str, fieldname: str, line: int,
           publish, problems: list[Problem]) -> PublishedImage | None:
    if source.suffix.lower() not in PHOTO_EXTENSIONS:
        problems.append(Problem(rel, line, fieldname, f'"{name}" is geen foto; verwacht een .jpg-, .png- of .webp-bestand'))
    elif not source.is_file():
        problems.append(Problem(rel, line, fieldname, f'"{name}" bestaat niet; verwacht een bestand naast {beside}'))
    else:
        try:
            return publish(source)
        except ImageProblem as exc:
            problems.append(Problem(rel, line, fieldname, f'"{name}" {exc}'))
    return None


def _check_links(entries: list[tuple[StoryEntry, Document]], existing: set[str],
                 campaign: Campaign | None, problems: list[Problem]) -> None:
    """Checks that span files: unique slugs, known themes, related stories that exist."""
    by_slug: dict[str, str] = {}
    for entry, _ in entries:
        if entry.slug in by_slug:
            problems.append(Problem(entry.path, 1, "", f'geeft hetzelfde webadres "{urls.story(entry.slug)}" als '
                                    f"{by_slug[entry.slug]}; verwacht een unieke bestandsnaam"))
        else:
            by_slug[entry.slug] = entry.path
    themes = campaign.themes if campaign else {}
    for entry, doc in entries:
        for index, theme in enumerate(entry.story.themes):
            if campaign and theme not in themes:
                problems.append(Problem(entry.path, doc.line_of(("themas", index)), f"themas[{index + 1}]",
                                        f'"{theme}" is geen bekend thema; verwacht een van: {", ".join(themes)}'))
        for index, slug in enumerate(entry.story.related):
            if slug not in existing:
                problems.append(Problem(entry.path, doc.line_of(("gerelateerd", index)), f"gerelateerd[{index + 1}]",
                                        f'"{slug}" is geen verhaal; verwacht de naam van een bestand in stories/ zonder .md'))
            elif slug == entry.slug:
                problems.append(Problem(entry.path, doc.line_of(("gerelateerd", index)), f"gerelateerd[{index + 1}]",
                                        "verwijst naar zichzelf; verwacht een ander verhaal"))


def load(root: Path, now: dt.datetime | None = None) -> SiteContent:
    """All content under `root`, validated; raises ContentError listing every problem.

    `now` decides which scheduled items are live; it is the build's clock unless a test sets it.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    use_image_cache(root / ".cache" / "afbeeldingen")
    with parsed_files(root / ".cache" / "inhoud.pickle"):
        return _load(root, now)


def _load(root: Path, now: dt.datetime) -> SiteContent:
    problems: list[Problem] = []
    campaign = load_campaign(root, problems)
    every_story = load_stories(root, campaign, now, problems)
    story_slugs = {urls.slugify(p.stem) for p in content_files(root / "stories") if p.suffix == ".md"} \
        if (root / "stories").is_dir() else set()
    podcast = load_podcast(root, story_slugs, now, problems)
    featured = campaign.campaign.featured_story if campaign else None
    if featured is not None and featured not in story_slugs:
        problems.append(Problem("data/campagne.yml", 0, "campagne.uitgelicht_verhaal",
                                f'"{campaign.campaign.featured_story}" is geen verhaal; '
                                "verwacht de naam van een bestand in stories/ zonder .md"))
    manifests = load_manifests(root, problems)
    if problems or campaign is None:
        raise ContentError(problems)
    return SiteContent(
        campaign=campaign, podcast=podcast, manifests=manifests,
        stories=[s for s in every_story if s.status == "gepubliceerd"],
        held_back=[s for s in every_story if s.status in ("concept", "gepland")],
        withdrawn=[s for s in every_story if s.status == "ingetrokken"],
    )
