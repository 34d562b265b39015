"""Stories (`stories/*.md` -> `/verhalen/<naam>/`): young people, parents and care workers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import publication, story_feeds, structured, urls
from ..cards import CardSpec
from ..errors import Problem
from ..frontmatter import Document, parse
from ..images import PublishedImage, publish_photo, publish_share_image
from ..loading import content_files, parse_valid, read_text
from ..models import Story
from ..photos import FolderPhotos
from ..render import render, render_text
from ..share import share
from .base import Build, Collection, GeneratedFile, Loaded, SiteContent

if TYPE_CHECKING:
    from ..campaign import Campaign

_STATUS_TEXT = {
    publication.DRAFT: "een concept",
    publication.SCHEDULED: "nog niet gepubliceerd (gepland)",
    publication.WITHDRAWN: "ingetrokken",
}


@dataclass(frozen=True)
class StoryEntry:
    """A validated story with what the pages need besides the front matter."""

    slug: str
    path: str
    story: Story
    body: str
    photo: PublishedImage | None = None
    share_image: PublishedImage | None = None
    status: str = publication.PUBLISHED

    @property
    def url(self) -> str:
        return urls.story(self.slug)

    @property
    def invented_name(self) -> bool:
        return self.story.pseudonym.value == "ja"

    @cached_property  # asked seven times per page (head, card, lists, feeds); the entry never changes
    def speaker_noted(self) -> str:
        """The speaker with the notice that the name is invented, wherever the name travels."""
        return render_text("speaker.txt", entry=self)

    @cached_property
    def description(self) -> str:
        """The summary for search engines, share cards and feeds: it names the speaker, so it says
        when the name is invented."""
        return render_text("story-description.txt", entry=self)

    @property
    def quote_parts(self) -> tuple[str, str, str]:
        """The quote around its title: (before, title, after), so the page shows the title once,
        marked inside the quote it comes from, instead of as a heading that repeats it. A title
        that is not part of the quote comes back as ("", "", quote) and is shown on its own."""
        quote, title = self.story.quote, self.story.title.strip().rstrip(".!?…")
        start = quote.casefold().find(title.casefold()) if title else -1
        if start < 0 or len(quote.casefold()) != len(quote):  # casefold changed lengths: no safe cut
            return "", "", quote
        end = start + len(title)
        while end < len(quote) and quote[end] in ".!?…":
            end += 1
        return quote[:start], quote[start:end], quote[end:]

    @property
    def speaker(self) -> str:
        """Who is speaking, as pages and share cards show it: "Marilène, 21 jaar"."""
        story = self.story
        return (
            story.name
            + (f", {story.age} jaar" if story.age is not None else "")
            + (f", {story.function}" if story.function else "")
        )


# Opening and closing quotation marks an editor types or pastes from Word around a whole quote.
_QUOTE_MARKS = {"“": "”", "„": "”", '"': '"', "'": "'", "‘": "’", "‚": "’", "«": "»", "”": "”"}


def _without_quote_marks(quote: str) -> str:
    """The quote without one pair of quotation marks around all of it."""
    text = quote.strip()
    inner = text[1:-1]
    if len(text) > 2 and _QUOTE_MARKS.get(text[0]) == text[-1] and text[0] not in inner and text[-1] not in inner:
        return inner.strip()
    return quote


def listed_order(stories: list[StoryEntry], campaign: Campaign) -> list[StoryEntry]:
    """The order that serves the campaign: the featured story, then the editor's order
    (`volgorde_verhalen`), then by role as the data file lists them (young people and parents
    before care workers), newest first."""
    info = campaign.campaign
    chosen = [info.featured_story, *info.story_order] if info.featured_story else list(info.story_order)
    place = {slug: index for index, slug in reversed(list(enumerate(chosen)))}
    roles = list(campaign.roles)

    def key(entry: StoryEntry) -> tuple:
        role = entry.story.role.value
        return (
            place.get(entry.slug, len(place)),
            roles.index(role) if role in roles else len(roles),
            -entry.story.date.toordinal(),
            entry.slug,
        )

    return sorted(stories, key=key)


class Stories(Collection):
    name = "story"
    index_name = "stories"
    folder = "stories"
    model_attribute = "story"
    section = urls.STORIES
    label = "Verhalen"
    content_model = Story
    schema_name = "verhaal"
    editor_name = "verhalen"
    index_heading = "# Verhalen\n"
    index_description = "Verhalen over uithuisplaatsing: wat doet het met een gezin, en wat had kunnen helpen?"
    index_share_title = "Verhalen over uithuisplaatsing"
    template = "story.html"
    index_template = "stories.html"

    # -- load -> validate -------------------------------------------------------------------------
    def load(self, root: Path, content: SiteContent, now: dt.datetime, problems: list[Problem]) -> Loaded:
        folder = root / self.folder
        if not folder.is_dir():
            return Loaded()
        entries: list[tuple[StoryEntry, Document]] = []
        photos = FolderPhotos(root, folder, problems)
        files = content_files(folder)
        for path in files:
            if path.suffix.lower() != ".md":
                continue
            rel = path.relative_to(root).as_posix()
            text = read_text(root, path, problems)
            if text is None:
                continue
            minimal = _withdrawn_only(rel, text, problems)
            if minimal is not None:  # withdrawn with nothing else kept: the page says it is gone
                entry = StoryEntry(urls.slugify(path.stem), rel, minimal[0], "", status=publication.WITHDRAWN)
                entries.append((entry, minimal[1]))
                continue
            story, doc = parse_valid(Story, rel, text, problems, content.notes)
            if story is None:
                continue
            bare = _without_quote_marks(story.quote)
            if bare != story.quote:  # the page sets the marks itself: kept, they would show twice
                story = story.model_copy(update={"quote": bare})
                content.notes.append(
                    Problem(
                        rel,
                        doc.line_of(("citaat",)),
                        "citaat",
                        "de aanhalingstekens om het citaat zijn weggelaten, want de site zet ze er zelf "
                        "omheen; verwacht het citaat zonder aanhalingstekens eromheen",
                    )
                )
            photo = photos.publish(path, doc, "foto.bestand", story.photo.file if story.photo else None, publish_photo)
            shared = photos.publish(path, doc, "deelafbeelding", story.share_image, publish_share_image)
            status = publication.status(when=story.date, now=now, draft=story.draft, withdrawn=story.withdrawn)
            if story.withdrawn:
                content.notes.append(
                    Problem(
                        rel,
                        doc.line_of(("ingetrokken",)),
                        "ingetrokken",
                        "het verhaal is ingetrokken, maar het bestand bewaart nog wat de persoon vertelde; "
                        "verwacht alleen `ingetrokken: true` (REDACTIE.md, 'Een verhaal terugtrekken')",
                    )
                )
            entry = StoryEntry(urls.slugify(path.stem), rel, story, doc.body, photo, shared, status)
            entries.append((entry, doc))
            content.announce(self, entry)

        existing = content.existing[self.name]  # every story file, valid or not
        _check_links(entries, existing, content, problems)
        photos.strays(files, self.suffixes, "verhaal", "verhalen (.md) en hun foto's")
        _check_previous_names(entries, existing, problems)
        stories = sorted((entry for entry, _ in entries), key=lambda e: e.slug)
        stories.sort(key=lambda e: e.story.date, reverse=True)  # stable: newest first, then A-Z
        return Loaded(
            entries=[s for s in stories if publication.is_live(s.status)],
            held_back=[s for s in stories if publication.held_back(s.status)],
            withdrawn=[s for s in stories if s.status == publication.WITHDRAWN],
        )

    def check(self, content: SiteContent, problems: list[Problem]) -> None:
        """The home page's featured story must be one a visitor can open; the listed order names
        only stories that exist."""
        if content.campaign:
            for index, slug in enumerate(content.campaign.campaign.story_order):
                if slug not in content.existing[self.name]:
                    line = content.campaign_lines.get(("campagne", "volgorde_verhalen", index), 0)
                    problems.append(
                        Problem(
                            "data/campagne.yml",
                            line,
                            f"campagne.volgorde_verhalen[{index + 1}]",
                            f'"{slug}" is geen verhaal; verwacht de naam van een bestand in stories/ zonder .md',
                        )
                    )
        featured = content.campaign.campaign.featured_story if content.campaign else None
        if featured is None:
            return
        where = (
            "data/campagne.yml",
            content.campaign_lines.get(("campagne", "uitgelicht_verhaal"), 0),
            "campagne.uitgelicht_verhaal",
        )
        loaded = self.loaded(content)
        if featured not in content.existing[self.name]:
            problems.append(
                Problem(
                    *where, f'"{featured}" is geen verhaal; verwacht de naam van een bestand in stories/ zonder .md'
                )
            )
            return
        for entry in loaded.held_back + loaded.withdrawn:
            if entry.slug == featured:
                problems.append(
                    Problem(
                        *where,
                        f'"{featured}" is {_STATUS_TEXT[entry.status]}; '
                        "verwacht een gepubliceerd verhaal (of laat het veld leeg)",
                    )
                )

    # -- what a build shows -------------------------------------------------------------------------
    def files(self, content: SiteContent, preview: bool) -> Iterator[GeneratedFile]:
        for entry in self.shown(content, preview):
            if entry.photo is not None:
                yield GeneratedFile(urls.story_photo(entry.slug, entry.photo.ext), content=entry.photo.data)

    def appears_on(self, entry: StoryEntry) -> dt.datetime:
        return publication.publication_time(entry.story.date)

    def meta(self, entry: StoryEntry) -> tuple[str, str]:
        return entry.story.title, entry.description

    def render(self, entry: StoryEntry, html: str, page_url: str, build: Build) -> Markup:
        photo = None
        if entry.photo is not None:
            photo = {
                "src": urls.relative(page_url, urls.story_photo(entry.slug, entry.photo.ext)),
                "width": entry.photo.width,
                "height": entry.photo.height,
            }
        related = build.content.related(entry.story.related, build.preview)
        return render(
            self.template,
            entry=entry,
            body=Markup(html),
            related=related,
            photo=photo,
            status=entry.status,
            **share(page_url, build.site_url, entry.story.title, render_text("share-story.txt", entry=entry)),
            **build.common(page_url),
        )

    def render_index(self, page_url: str, build: Build) -> Markup:
        stories = listed_order(self.shown(build.content, build.preview), build.content.campaign)
        return render(
            self.index_template,
            entries=stories,
            used_roles={s.story.role.value for s in stories},
            used_themes={t for s in stories for t in s.story.themes},
            **build.common(page_url),
        )

    def block_context(self, content: SiteContent, preview: bool) -> dict[str, Any]:
        featured = content.campaign.campaign.featured_story
        return {"featured": content.story(featured, preview) if featured else None}

    # -- the page head --------------------------------------------------------------------------
    def card(self, entry: StoryEntry, content: SiteContent) -> tuple[CardSpec, str]:
        story = entry.story
        spec = CardSpec(
            "story",
            story.title,
            f"Verhaal · {content.campaign.roles[story.role.value]}",
            quote=story.quote,
            speaker=entry.speaker_noted,
        )
        return spec, f"“{story.quote}” — {entry.speaker_noted}"

    def own_share_image(self, entry: StoryEntry) -> PublishedImage | None:
        return entry.share_image

    def jsonld(self, entry: StoryEntry, content: SiteContent, site_url: str, image: str) -> list[dict]:
        return [structured.article(entry, content.campaign, site_url, image)]

    # -- whole-site outputs ---------------------------------------------------------------------
    def outputs(self, build: Build) -> dict[str, bytes]:
        stories = self.loaded(build.content).entries
        site_url = build.site_url
        images = {e.slug: urls.absolute(site_url, build.image_path(e.url)) for e in stories}
        html = {slug: body for (kind, slug), body in build.rendered.items() if kind == self.name}
        return {
            urls.stories_feed_rss(): story_feeds.rss(stories, site_url, images),
            urls.stories_feed_json(): story_feeds.json_feed(stories, site_url, images, html),
        }

    def editor_field(self, field: dict[str, Any], campaign: Any) -> None:
        """Roles and themes are the campaign's own (data/campagne.yml): the editor offers those."""
        super().editor_field(field, campaign)
        if campaign is None:
            return
        if field["name"] == "rol" and field.get("widget") == "select":
            field["options"] = list(campaign.roles)
        if field["name"] == "themas":
            field.update(widget="select", multiple=True, options=list(campaign.themes), min=1)

    def feeds(self, content: SiteContent) -> list[tuple[str, str, str]]:
        return [
            ("Nieuwe verhalen (RSS)", urls.stories_feed_rss(), "application/rss+xml"),
            ("Nieuwe verhalen (JSON Feed)", urls.stories_feed_json(), "application/feed+json"),
        ]

    def redirects(self, content: SiteContent) -> dict[str, str]:
        return {urls.story(old): s.url for s in self.loaded(content).entries for old in s.story.previous_names}


def _check_links(
    entries: list[tuple[StoryEntry, Document]], existing: set[str], content: SiteContent, problems: list[Problem]
) -> None:
    """Checks that span files: unique slugs, known themes, related stories that exist."""
    by_slug: dict[str, str] = {}
    for entry, _ in entries:
        if entry.slug in by_slug:
            problems.append(
                Problem(
                    entry.path,
                    1,
                    "",
                    f'geeft hetzelfde webadres "{urls.story(entry.slug)}" als '
                    f"{by_slug[entry.slug]}; verwacht een unieke bestandsnaam",
                )
            )
        else:
            by_slug[entry.slug] = entry.path
    campaign = content.campaign
    themes = campaign.themes if campaign else {}
    for entry, doc in entries:
        for index, theme in enumerate(entry.story.themes):
            if campaign and theme not in themes:
                problems.append(
                    Problem(
                        entry.path,
                        doc.line_of(("themas", index)),
                        f"themas[{index + 1}]",
                        f'"{theme}" is geen bekend thema; verwacht een van: {", ".join(themes)}',
                    )
                )
        for index, slug in enumerate(entry.story.related):
            if slug not in existing:
                problems.append(
                    Problem(
                        entry.path,
                        doc.line_of(("gerelateerd", index)),
                        f"gerelateerd[{index + 1}]",
                        f'"{slug}" is geen verhaal; verwacht de naam van een bestand in stories/ zonder .md',
                    )
                )
            elif slug == entry.slug:
                problems.append(
                    Problem(
                        entry.path,
                        doc.line_of(("gerelateerd", index)),
                        f"gerelateerd[{index + 1}]",
                        "verwijst naar zichzelf; verwacht een ander verhaal",
                    )
                )


def _withdrawn_only(rel: str, text: str, problems: list[Problem]) -> tuple[Story, Document] | None:
    """A withdrawn story needs only `ingetrokken: true` (and its former names): everything else
    about the person who withdrew can, and should, be removed from the repository."""
    if "ingetrokken" not in text:  # most stories: no need to parse them twice (the cache asks next)
        return None
    doc = parse(rel, text)
    data = doc.data
    if doc.problems or data.get("ingetrokken") is not True or set(data) - {"ingetrokken", "eerdere_namen"}:
        return None
    names = data.get("eerdere_namen") or []
    if not isinstance(names, list) or not all(isinstance(n, str) and SLUG.fullmatch(n) for n in names):
        return None  # the full validation says what is wrong
    # Only what the checks of withdrawn stories read; no page, card or feed shows this entry.
    story = Story.model_construct(
        withdrawn=True, previous_names=names, themes=[], related=[], draft=False, date=dt.date(2000, 1, 1)
    )
    return story, doc


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _check_previous_names(
    entries: list[tuple[StoryEntry, Document]], existing: set[str], problems: list[Problem]
) -> None:
    claimed: dict[str, str] = {}
    for entry, doc in entries:
        for index, old in enumerate(entry.story.previous_names):
            line = doc.line_of(("eerdere_namen", index))
            if old in existing:
                problems.append(
                    Problem(
                        entry.path,
                        line,
                        f"eerdere_namen[{index + 1}]",
                        f'"{old}" is de naam van een bestaand verhaal; verwacht een naam die niet meer bestaat',
                    )
                )
            elif old in claimed:
                problems.append(
                    Problem(
                        entry.path,
                        line,
                        f"eerdere_namen[{index + 1}]",
                        f'"{old}" staat ook bij {claimed[old]}; verwacht elke oude naam maar één keer',
                    )
                )
            else:
                claimed[old] = entry.path
