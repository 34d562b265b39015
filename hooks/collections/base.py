"""What every kind of content is: the `Collection` base, its entries, routes and generated files,
and the protocols for what a kind reads of the site and the build. The kinds import this module,
never the registry (`hooks.collections`) nor the loader and the build, which import them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from markupsafe import Markup

from .. import publication, urls
from ..cards import CardSpec
from ..loading import content_files
from ..render import render
from ..share import share

if TYPE_CHECKING:
    import datetime as dt

    from ..campaign import Campaign
    from ..errors import Problem
    from ..images import PublishedImage
    from ..lastmod import LastModified
    from ..podcast import Podcast


class SiteContent(Protocol):
    """What a kind reads of the loaded site (`hooks.content.SiteContent` is the one there is). A
    protocol, so that the kinds never import the loader that imports them."""

    @property
    def campaign(self) -> Campaign: ...
    @property
    def campaign_lines(self) -> dict: ...
    @property
    def collections(self) -> dict[str, Loaded]: ...
    @property
    def existing(self) -> dict[str, set[str]]: ...

    podcast: Podcast | None  # the episodes' kind sets it when it loads the show

    @property
    def notes(self) -> list[Problem]: ...
    @property
    def now(self) -> dt.datetime: ...
    @property
    def root(self) -> Path: ...
    def story(self, slug: str, preview: bool = False) -> Any: ...
    def announce(self, collection: Any, entry: Any) -> None: ...
    def related(self, slugs: list[str], preview: bool = False) -> list[Any]: ...


class Build(Protocol):
    """What a kind reads of the build (`hooks.build.Build`), as a protocol for the same reason."""

    @property
    def content(self) -> SiteContent: ...
    @property
    def site_url(self) -> str: ...
    @property
    def preview(self) -> bool: ...
    @property
    def rendered(self) -> dict[tuple[str, str], str]: ...
    @property
    def lastmod(self) -> LastModified: ...
    def common(self, page_url: str) -> dict[str, Any]: ...
    def image_path(self, page_url: str) -> str: ...


class Entry(Protocol):
    """What every entry of every collection has."""

    slug: str
    path: str  # the editor's file, relative to the content root
    body: str  # its Markdown
    status: str  # see publication.py

    @property
    def url(self) -> str: ...


@dataclass(frozen=True)
class GeneratedFile:
    """A file the site gets besides pages: `content` (bytes or text) or a copy of `source`."""

    uri: str
    content: bytes | str | None = None
    source: Path | None = None


@dataclass(frozen=True)
class Route:
    """What a generated page shows: an entry of a collection, or (entry None) its index page."""

    collection: Collection
    entry: Any = None
    withdrawn: bool = False


@dataclass
class Loaded:
    """A collection's entries after loading, all statuses kept apart."""

    entries: list = field(default_factory=list)  # published, in the collection's order
    held_back: list = field(default_factory=list)  # drafts and scheduled items
    withdrawn: list = field(default_factory=list)

    @property
    def every(self) -> list:
        """Every entry whatever its status: for checks that hold for drafts and withdrawn ones too."""
        return [*self.entries, *self.held_back, *self.withdrawn]


class Collection:
    """Base of every kind of content. Subclasses set the class attributes and the hooks they need."""

    name: ClassVar[str]  # 'story'
    index_name: ClassVar[str]  # 'stories'
    folder: ClassVar[str]  # content folder under the root: 'stories'
    suffixes: ClassVar[tuple[str, ...]] = (".md",)  # what an entry's file is called
    section: ClassVar[str]  # URL folder: 'verhalen/'
    label: ClassVar[str]  # in breadcrumbs: 'Verhalen'
    content_model: ClassVar[type]  # the model of an entry's file: Story (its JSON Schema, its editor fields)
    schema_name: ClassVar[str]  # schemas/<schema_name>.schema.json: 'verhaal'
    editor_name: ClassVar[str]  # its collection in cms/config.yml: 'verhalen'
    index_heading: ClassVar[str]  # the generated index page's Markdown
    index_description: ClassVar[str] = ""
    index_share_title: ClassVar[str] = ""  # the listing's title when shared (else its page title)
    template: ClassVar[str]  # one entry's page
    index_template: ClassVar[str]  # the index page
    entry_pages: ClassVar[bool] = True  # False: entries appear on the index page only
    blocks: ClassVar[tuple[str, ...]] = ()  # `[[blok]]` names this collection fills (templates/blocks/)
    model_attribute: ClassVar[str]  # the entry's attribute that holds its validated front matter: 'story'

    # -- load -> validate -------------------------------------------------------------------------
    def load(self, root: Path, content: SiteContent, now: dt.datetime, problems: list[Problem]) -> Loaded:
        raise NotImplementedError

    def check(self, content: SiteContent, problems: list[Problem]) -> None:
        """Checks across files and collections, once everything is loaded."""

    def model(self, entry: Any) -> Any:
        """An entry's validated front matter (its pydantic model)."""
        return getattr(entry, self.model_attribute)

    def shown_with(self, entry: Any, content: SiteContent) -> list[Any]:
        """The other entries an entry's page shows (its related stories), so the preview knows to
        render it again when one of them changes."""
        return content.related(list(getattr(self.model(entry), "related", None) or []), True)

    def entry_files(self, root: Path) -> list[Path]:
        """Every file in the folder that is an entry by its suffix, valid or not."""
        folder = root / self.folder
        if not folder.is_dir():
            return []
        return [p for p in content_files(folder) if p.suffix.lower() in self.suffixes]

    @staticmethod
    def slugs(files: list[Path]) -> set[str]:
        """The entry names of `entry_files`: every one that exists, valid or not (links to a broken
        file are not a second problem)."""
        return {urls.slugify(p.stem) for p in files}

    # -- what a build shows -------------------------------------------------------------------------
    def loaded(self, content: SiteContent) -> Loaded:
        return content.collections[self.name]

    def shown(self, content: SiteContent, preview: bool) -> list:
        loaded = self.loaded(content)
        return loaded.entries + (loaded.held_back if preview else [])

    def has_index(self, content: SiteContent) -> bool:
        return True

    def source(self, entry: Entry) -> str:
        """Where an entry's generated page sits among MkDocs' files."""
        return f"{self.section}{entry.slug}.md"

    def index_source(self) -> str:
        return f"{self.section}index.md"

    def routes(self, content: SiteContent, preview: bool) -> Iterator[tuple[str, Route]]:
        if self.has_index(content):
            yield self.index_source(), Route(self)
        if not self.entry_pages:
            return
        for entry in self.shown(content, preview):
            yield self.source(entry), Route(self, entry)
        for entry in self.loaded(content).withdrawn:
            yield self.source(entry), Route(self, entry, withdrawn=True)

    def files(self, content: SiteContent, preview: bool) -> Iterator[GeneratedFile]:
        """Files beside the pages (photos, audio, transcripts): none by default."""
        return iter(())

    # -- render ---------------------------------------------------------------------------------
    def meta(self, entry: Any) -> tuple[str, str]:
        """(title, description) of an entry's page."""
        raise NotImplementedError

    def index_meta(self, content: SiteContent) -> tuple[str, str]:
        return self.label, self.index_description

    def render(self, entry: Any, html: str, page_url: str, build: Build) -> Markup:
        shared = share(page_url, build.site_url, self.meta(entry)[0])
        return render(self.template, entry=entry, body=Markup(html), **shared, **build.common(page_url))

    def render_index(self, page_url: str, build: Build) -> Markup:
        shared = share(page_url, build.site_url, self.index_meta(build.content)[0])
        entries = self.shown(build.content, build.preview)
        return render(self.index_template, entries=entries, **shared, **build.common(page_url))

    def render_withdrawn(self, entry: Any, page_url: str, build: Build) -> Markup:
        return render("withdrawn.html", **build.common(page_url))

    def status(self, entry: Any) -> str:
        return entry.status

    def appears_on(self, entry: Any) -> dt.datetime | None:
        """When a scheduled entry goes live (None: the kind has no date of its own)."""
        return None

    def block_context(self, content: SiteContent, preview: bool) -> dict[str, Any]:
        """What this collection's blocks need, for the ordinary pages that place them."""
        return {}

    def media_addresses(self, content: SiteContent, preview: bool) -> list[str]:
        """Addresses on other hosts that pages play media from (the pages' policy must allow them)."""
        return []

    # -- the page head --------------------------------------------------------------------------
    def card(self, entry: Any, content: SiteContent) -> tuple[CardSpec, str] | None:
        """The drawn share card and its alt text; None: the plain page card."""
        return None

    def own_share_image(self, entry: Any) -> PublishedImage | None:
        return None

    def card_to_draw(self, entry: Any, content: SiteContent) -> CardSpec | None:
        """The card the build draws for the entry's page: none when the entry brings its own share
        image, or when its kind draws none."""
        if self.own_share_image(entry) is not None:
            return None
        drawn = self.card(entry, content)
        return drawn[0] if drawn is not None else None

    def jsonld(self, entry: Any, content: SiteContent, site_url: str, image: str) -> list[dict]:
        return []

    def index_jsonld(self, content: SiteContent, site_url: str) -> list[dict]:
        return []

    def index_sources(self, content: SiteContent) -> list[str]:
        """The files whose last change dates the index page (for the sitemap)."""
        return [e.path for e in self.loaded(content).entries]

    # -- whole-site outputs ---------------------------------------------------------------------
    def outputs(self, build: Build) -> dict[str, bytes]:
        """Feeds and other files made from every published entry, by site path."""
        return {}

    def editor_preview_path(self) -> str:
        """Where the web editor's "Bekijk live" opens an entry (Decap fills in {{slug}})."""
        return f"{self.section}{{{{slug}}}}/"

    def editor_field(self, field: dict[str, Any], campaign: Any) -> None:
        """This kind's own rules for one of its web-editor fields (cms.py fills in the model's):
        `gerelateerd` names stories, so the editor offers them to pick from."""
        if field["name"] == "gerelateerd" and "related" in getattr(self.content_model, "model_fields", {}):
            field.update(widget="relation", collection="verhalen", search_fields=["titel", "naam"],
                         value_field="{{slug}}", display_fields=["{{naam}}: {{titel}}"], multiple=True)  # fmt: skip

    def feeds(self, content: SiteContent) -> list[tuple[str, str, str]]:
        """(title, site path, type) of each feed this kind publishes, for every page's head."""
        return []

    def redirects(self, content: SiteContent) -> dict[str, str]:
        """Old URL -> current URL, for renamed entries that are still published."""
        return {}


def is_public(route: Route | None, status: str) -> bool:
    """Listed, indexed and searchable: not withdrawn, not a draft or scheduled item in a preview."""
    return not (route is not None and route.withdrawn) and publication.is_live(status)
