"""The MkDocs plugin `campagne`: the thin adapter between the engine and our code.

MkDocs (or ProperDocs, which runs it unchanged) calls the events below; each turns the engine's
objects into plain values, asks the collections and the Build, and hands the result back. Only
this module and `pages.py` know MkDocs' types, so another engine needs another adapter, nothing else.
Load -> validate in `on_config`; pages are added in `on_files`; rendering in the page events;
writing in `on_post_build`.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import logging
import os
import posixpath
import re
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from . import (
    blocks,
    cache_files,
    cms,
    council,
    helper,
    live,
    old_output,
    publication,
    sanitize,
    search_index,
    security,
    sitemap,
    theme_assets,
    urls,
)
from . import petition as petition_service
from .build import Build
from .cards import CardCache
from .collections import COLLECTIONS, GeneratedFile
from .content import load
from .errors import ContentError, Problem, unexpected
from .head import MenuItem, PageFacts, error_page_head, page_head, searchable, shared_as, site_footer, site_header
from .images import CLEANED_FORMATS, UNREADABLE, unreadable
from .loading import content_files
from .pages import (
    ContentPage,
    convert_ahead,
    keep_conversions,
    save_conversions,
    stop_converting_ahead,
)
from .render import environment, render, render_text, text
from .settings import Settings, on_their_lines
from .share import share

# What the build did, printed even with `mkdocs build -q`.
report = logging.getLogger("hvk.verslag")
if not report.handlers:
    _out = logging.StreamHandler()
    _out.setFormatter(logging.Formatter("INFO    -  %(message)s"))
    report.addHandler(_out)
    report.setLevel(logging.INFO)
    report.propagate = False
# Advice that must be seen but must not fail a strict build goes to a logger MkDocs does not count.
advice = logging.getLogger("hvk.advies")
if not advice.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("LET OP  -  %(message)s"))
    advice.addHandler(_handler)
    advice.propagate = False

# The web editor's script bundle, fetched by `make cms` into the repository (not into each site).
CMS_DIST = Path(__file__).resolve().parent.parent / ".cache" / "cms" / "dist"
CMS_YAML = CMS_DIST.parent / "yaml"
TIMINGS: dict[str, float] = {}  # seconds spent in each event during this build
F = TypeVar("F", bound=Callable[..., Any])


# What the web editor says of a photo it cannot turn into a JPEG: the check's own words.
UNREADABLE_PHOTOS = {kind: unreadable(kind) for kind in sorted(set(UNREADABLE.values()))}


class CampaignConfig(Config):
    """The plugin's options in mkdocs.yml (`plugins: - campagne: ...`)."""

    cache_dir = c.Type(str, default=".cache")  # cards, search index, parsed files: see README
    web_editor = c.Type(bool, default=True)  # publish the web editor at /admin/


def event(func: F) -> F:
    """An engine event: its time is added up (for bench/), and an unexpected error in our code
    becomes one Dutch line naming the file being built, never a traceback."""

    @functools.wraps(func)
    def wrapper(self: CampaignPlugin, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(self, *args, **kwargs)
        except (Abort, KeyboardInterrupt):
            raise
        except ContentError as exc:
            raise Abort("\n" + exc.report() + "\n") from None
        except Exception as exc:  # noqa: BLE001 - see the docstring
            page = kwargs.get("page") or next((a for a in args if hasattr(a, "file")), None)
            where = self._editor_path(page) if page is not None else ""
            raise Abort("\n" + ContentError([unexpected(where, exc)]).report() + "\n") from None
        finally:
            TIMINGS[func.__name__] = TIMINGS.get(func.__name__, 0.0) + time.perf_counter() - start

    return wrapper  # type: ignore[return-value]


def settings_from(config: Any) -> Settings:
    """The plain settings our code needs, from the engine's config (also used by `make check`)."""
    root = Path(config.config_file_path).resolve().parent
    extra = config.extra or {}
    petition = extra.get("petitie") if isinstance(extra, Mapping) else None
    service, problems = petition_service.service(petition.get("dienst") if isinstance(petition, Mapping) else None)
    web_editor, editor_problems = live.editor(extra.get("webeditor") if isinstance(extra, Mapping) else None, service)
    docs = Path(config.docs_dir).resolve()
    return Settings(
        docs_dir=docs.relative_to(root).as_posix() if docs.is_relative_to(root) else "docs",
        site_url=config.site_url or "/",
        site_name=config.site_name,
        site_description=config.site_description or "",
        favicon=config.theme["favicon"],
        petition=service,
        editor=web_editor,
        problems=on_their_lines(problems + editor_problems, Path(config.config_file_path).read_text("utf-8")),
    )


def read_settings(config_file: Path) -> Settings:
    """mkdocs.yml read the way the engine reads it, for `make check`."""
    from mkdocs.config import load_config

    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        return settings_from(load_config(str(config_file)))
    finally:
        quiet.setLevel(level)


# The theme's drawer and search toggles (checkboxes its own JavaScript drove) and the overlay that
# closed the drawer: the theme writes them outside any block, and nothing uses them any more.
_THEME_TOGGLES = re.compile(
    r'<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)" '
    r'autocomplete="off">\s*|<label class="md-overlay" for="__drawer"></label>\s*'
)


def without_theme_toggles(html: str) -> str:
    return _THEME_TOGGLES.sub("", html)


def _menu(nav: Any) -> list[MenuItem]:
    """The engine's navigation as plain items: the top level of mkdocs.yml's `nav`."""
    items = getattr(nav, "items", None) or []
    return [MenuItem(item.title, item.url or "") for item in items if getattr(item, "url", None) is not None]


def _footer(nav: Any) -> list[tuple[str, list[MenuItem]]]:
    """The sections of mkdocs.yml's `nav` (a title with pages under it): each a group in the footer."""
    items = getattr(nav, "items", None) or []
    return [
        (item.title, [MenuItem(child.title, child.url or "") for child in item.children if getattr(child, "url", None)])
        for item in items
        if getattr(item, "children", None)
    ]


class CampaignPlugin(BasePlugin[CampaignConfig]):
    """Stories, episodes, manifests and the campaign's own pages, as generated pages of the site."""

    def __init__(self) -> None:
        super().__init__()
        self.preview = False
        self.command = ""  # what mkdocs was asked: build, serve, gh-deploy
        self.theme_files: list[str] = []
        # What the theme's pruning found last time (not in the preview, which does not prune), and
        # the stylesheet names it gave, which pages are written with at once:
        self.theme_facts: theme_assets.FileFacts | None = None
        self.stylesheet_names: dict[str, str] = {}
        self.indexing: search_index.Indexing | None = None  # from every page converted to the build's end
        self.templates_cache: FileSystemBytecodeCache | None = None
        self.preview_builds = 0
        self.dirty = False
        self.page_keys: dict[str, str] = {}  # the preview's last build: what each entry page showed
        self._pending_keys: dict[str, str] = {}
        self._rendered_before: dict[tuple[str, str], str] = {}
        self.build: Build | None = None
        self.cards_started: CardCache | None = None  # a cold build's card workers, started before the content loads
        self.problems: list[Problem] = []  # `make serve`: what is wrong in the files now
        self.old_output: old_output.Removal | None = None  # the last build's site, being removed
        self.page_scans: theme_assets.PageScans | None = None  # a cold build's pages, scanned for pruning
        self.renaming: Future | None = None  # the helper giving pages the purged stylesheet's name

    @property
    def _indexes(self) -> bool:
        """Whether this build makes the search index: a later preview build keeps the first's."""
        return not (self.preview and self.preview_builds)

    @property
    def b(self) -> Build:
        assert self.build is not None, "on_config has not run"
        return self.build

    def _editor_path(self, page: Any) -> str:
        """The file an editor would open for this page."""
        route = self.build.route(page.file.src_uri) if self.build else None
        if route is not None and route.entry is not None:
            return str(route.entry.path)
        if route is not None:
            return route.collection.folder + "/"
        return self._rel(page.file.abs_src_path) if page.file.abs_src_path else page.file.src_uri

    def _rel(self, path: str) -> str:
        return Path(path).resolve().relative_to(self.b.root).as_posix()

    # -- load -> validate -------------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`make serve` previews drafts and scheduled items (with a banner); `make build` never publishes them."""
        self.preview = command == "serve"
        self.command = command
        self.dirty = dirty  # `make serve` runs --dirty: unchanged entry pages are not rendered again
        environment().auto_reload = self.preview  # a developer's template edit shows in the preview

    def on_shutdown(self) -> None:
        """`mkdocs build` is over and its process ends: every object still tracked is left out of
        garbage collection, so Python's finalization does not walk the whole heap again, several
        times over (0.2-0.3 s at 1,000 stories, on one core, after the site is written). What has
        no cycle is still freed as always; the memory of the rest goes back with the process."""
        if self.command == "build":
            gc.freeze()

    @event
    def on_config(self, config: Any) -> Any:
        TIMINGS.clear()
        root = Path(config.config_file_path).resolve().parent
        config.theme.static_templates.discard("sitemap.xml")  # ours has real dates; don't render theirs
        settings = settings_from(config)
        self._warm_up(root / self.config.cache_dir)
        try:
            content = load(
                root,
                settings=settings,
                cache_dir=root / self.config.cache_dir,
                listener=self._entry_loaded if self.cards_started is not None else None,
            )
            self.problems = []
        except ContentError as exc:
            if not (self.preview and self.build is not None):
                raise Abort("\n" + exc.report() + "\n") from None
            # `make serve`: the last content that was right stays on screen, and every page says
            # what is wrong now (file, line, field), so the editor sees it in the browser.
            self.problems = list(exc.problems)
            advice.warning(exc.report())
            content = self.build.content
        for note in content.notes:
            advice.warning("Let op: %s", note)
        if settings.petition is None:
            advice.warning(
                "Er is geen petitiedienst (extra.petitie.dienst in mkdocs.yml). De petitiepagina linkt nu naar %s.",
                content.campaign.petition.page,
            )
        tally = petition_service.fetch(settings.petition) if settings.petition else None
        tally = tally or petition_service.from_campaign(content.campaign.petition)
        report.info(
            "Petitie: %s.",
            "geen telling"
            if tally is None
            else f"{tally.number} handtekeningen volgens {'de petitiedienst' if tally.live else 'data/campagne.yml'}",
        )
        compiled = root / self.config.cache_dir / "sjablonen"  # Jinja writes each beside and renames it
        compiled.mkdir(parents=True, exist_ok=True)
        self.templates_cache = FileSystemBytecodeCache(str(compiled))
        environment().bytecode_cache = self.templates_cache
        theme_dirs = [Path(d) for d in config.theme.dirs] + [Path(__file__).parent / "templates"]
        self.build = Build(
            root, content, preview=self.preview, tally=tally, template_scripts=security.template_scripts(theme_dirs)
        )
        if self.preview and self.dirty:  # the bodies of pages this build skips, for the feeds
            self.build.rendered.update(self._rendered_before)
        counts = content.count()
        report.info(
            "Inhoud: %d onderdelen uit de inhoudsmappen, %d concept of gepland (%s), %d ingetrokken.",
            counts["onderdelen"],
            counts["concepten en gepland"],
            "te zien in de voorvertoning" if self.preview else "niet gepubliceerd",
            counts["ingetrokken"],
        )
        self._start_cards()  # the content is known: drawing overlaps with everything from here on
        return config

    @event
    def on_pre_build(self, *, config: Any) -> None:
        """Where MkDocs empties the site folder next, its entries go aside and are removed beside
        the build (`old_output`); a build that stopped before this point left the old site as it was."""
        if self.command in ("build", "gh-deploy") and not self.dirty:
            self.old_output = old_output.set_aside(Path(config.site_dir))

    @event
    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        """The theme's templates, compiled once and kept (by their source's checksum) like ours. Every
        page is converted now: Pagefind starts on their search documents, beside the rendering."""
        env.bytecode_cache = self.templates_cache
        if self._indexes:
            build = self.b
            self.indexing = search_index.Indexing(
                Path(config.site_dir), build.root / self.config.cache_dir / "zoekregister", build.search_pages
            )
        if self._indexes and not self.preview and helper.running():  # pruning's scan beside the writing
            self.page_scans = theme_assets.PageScans(
                Path(config.site_dir), self.theme_files, self.stylesheet_names, helper.submit
            )
        return env

    # -- pages and files ------------------------------------------------------------------------
    @event
    def on_files(self, files: Files, *, config: Any) -> Files:
        build = self.b
        for source, route in build.routes.items():  # worked out once, when the Build was made
            if route.entry is None:
                self._add(files, config, GeneratedFile(source, content=route.collection.index_heading))
            elif route.withdrawn:
                self._add(files, config, GeneratedFile(source, content=""))  # a friendly page
            else:
                self._add_page(files, config, source, route.entry)
        for collection in COLLECTIONS:
            for generated in collection.files(build.content, build.preview):
                self._add(files, config, generated)
        author = build.content.campaign.organisation.name
        kept = build.root / self.config.cache_dir / "raad"
        for document in build.council_documents:
            for ext, data in council.files(document, author, kept).items():
                self._add(files, config, GeneratedFile(urls.council_document(document.slug, ext), content=data))
        robots = sitemap.robots(urls.absolute(build.site_url, "sitemap.xml"))
        self._add(files, config, GeneratedFile("robots.txt", content=robots))
        if self.config.web_editor:
            self._add_admin(files, config)
        self._clean_docs_images(files, config)
        if self.preview and self.dirty:
            self._skip_unchanged(files)
        keep_conversions(build.root / self.config.cache_dir / "markdown.pickle")
        searchable_pages = sum(searchable(build.route(f.src_uri), f.src_uri) for f in files.documentation_pages())
        shards = search_index.shard_count(searchable_pages)  # the search page names each shard's folder
        if not self._indexes:
            build.search_pages = search_index.SearchPages(shards)
        else:
            cache = build.root / self.config.cache_dir
            build.search_pages = search_index.SearchPages(
                shards,
                cache_files.KeptResults(cache / "zoekwoorden.pickle"),
                search_index.documents_folder(cache / "zoekregister"),
            )
        theme_dirs = {Path(d).resolve() for d in config.theme.dirs} - {Path(config.theme.custom_dir or ".").resolve()}
        self.theme_files = [f.dest_uri for f in files if f.src_dir and Path(f.src_dir).resolve() in theme_dirs]
        if not self.preview:
            self.theme_facts = theme_assets.FileFacts(
                cache_files.KeptResults(build.root / self.config.cache_dir / "thema.pickle")
            )
            self.stylesheet_names = self.theme_facts.renamed()
        return files

    @event
    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        """Every file is known now: a cold build (its helper runs, never in the preview) converts half
        its pages ahead (pages.py)."""
        convert_ahead(config, files)
        return nav

    def _skip_unchanged(self, files: Files) -> None:
        """`make serve --dirty`: MkDocs skips a page whose File says it is not modified. An entry's
        page is skipped only when nothing it shows changed since the last preview build: its own
        file, the entries it shows (related stories), and everything that is not an entry (data,
        settings, overrides, photos, audio, the problems banner). Lists and docs pages (the home
        page lists stories) are always rendered again; a page whose body uses a block too."""
        build = self.b
        root = build.root
        shared = _signature([root / "mkdocs.yml", *content_files(root / "data"), *content_files(root / "overrides")])
        entry_paths = {root / e.path for c in COLLECTIONS for e in c.loaded(build.content).every}
        for collection in COLLECTIONS:
            shared += _signature([p for p in content_files(root / collection.folder) if p not in entry_paths])
        shared += repr(self.problems)
        keys: dict[str, str] = {}
        for source, route in build.routes.items():
            if route.entry is None or route.withdrawn or blocks.used(route.entry.body):
                continue
            shown = [route.entry, *route.collection.shown_with(route.entry, build.content)]
            keys[source] = shared + _signature([root / e.path for e in shown])
        for file in files.documentation_pages():
            unchanged = file.src_uri in keys and self.page_keys.get(file.src_uri) == keys[file.src_uri]
            file.is_modified = functools.partial(bool, not unchanged)  # type: ignore[method-assign]
        self._pending_keys = keys

    def _clean_docs_images(self, files: Files, config: Any) -> None:
        """Images in docs/ are published re-encoded from their pixels (no EXIF, GPS or comments), as
        loading made them; one loading did not make is never published as it is."""
        docs = Path(config.docs_dir).resolve()
        for file in list(files):
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if source is None or not source.is_relative_to(docs) or source.suffix.lower() not in CLEANED_FORMATS:
                continue
            files.remove(file)
            cleaned = self.b.content.docs_images.get(file.src_uri)
            if cleaned is not None:
                files.append(File.generated(config, file.src_uri, content=cleaned.data))

    @staticmethod
    def _add(files: Files, config: Any, generated: GeneratedFile) -> None:
        if generated.source is not None:
            files.append(File.generated(config, generated.uri, abs_src_path=str(generated.source)))
        else:
            files.append(File.generated(config, generated.uri, content=generated.content or ""))

    def _add_page(self, files: Files, config: Any, source: str, entry: Any) -> None:
        """A page from a content file. In `make serve` it is backed by the editor's file, so MkDocs'
        --dirty mode re-renders only pages whose file changed; in a build it is the parsed body, so
        MkDocs does not parse the front matter a second time (in pure-Python YAML)."""
        if self.preview:
            file = File.generated(config, source, abs_src_path=str(self.b.root / entry.path))
        else:
            file = File.generated(config, source, content=entry.body)
        files.append(file)
        ContentPage(None, file, config)  # becomes file.page: converted by the build's one Markdown instance

    def _warm_up(self, cache: Path) -> None:
        """A cold build (no cards, no conversions kept) starts its worker processes before the
        content loads: the second core has nothing else to do in that second."""
        if self.preview:
            return
        if not (cache / "kaarten").is_dir():
            self.cards_started = CardCache(cache / "kaarten")
            self.cards_started.warm_up()
        if not (cache / "markdown.pickle").is_file():  # nothing converted kept: the helper has work
            helper.start()

    def _entry_loaded(self, collection: Any, entry: Any, content: Any) -> None:
        """A cold build draws a published entry's card as soon as the entry is loaded, on the core
        that loading leaves idle. Only a guess: `_start_cards` decides, once everything is loaded,
        which cards the site has (a card drawn for nothing is pruned from the cache at the end)."""
        assert self.cards_started is not None
        if not publication.is_live(collection.status(entry)):
            return
        try:
            card = collection.card_to_draw(entry, content)
        except Exception:  # noqa: BLE001 - checks made after loading report what is wrong; the card waits till then
            return
        if card is not None:
            self.cards_started.offer(card)

    def _start_cards(self) -> None:
        """Cards for the collections' entries are known now: drawing them overlaps with building pages."""
        build = self.b
        build.card_cache = self.cards_started or CardCache(build.root / self.config.cache_dir / "kaarten")
        self.cards_started = None
        known = [
            route.collection.card_to_draw(route.entry, build.content)
            for route in build.routes.values()
            if route.entry is not None and not route.withdrawn
        ]
        build.card_cache.start(card for card in known if card is not None)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        """`make serve` reloads on a change in any content folder that exists, and in data/."""
        root = self.b.root
        top = {c.folder.split("/")[0] for c in COLLECTIONS} | {"data"}
        for folder in sorted(top):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        self._old_output_removed()
        stop_converting_ahead()
        self.page_scans, self.renaming = None, None
        helper.stop()
        if self.indexing is None and self.build is not None:
            self.build.search_pages.discard()
        if self.cards_started is not None:
            self.cards_started.close()
            self.cards_started = None
        if self.build is not None and self.build.card_cache is not None:
            self.build.card_cache.close()
        if self.indexing is not None:  # no Pagefind left running, no half index kept
            self.indexing.cancel()
            self.indexing = None

    def _add_admin(self, files: Files, config: Any) -> None:
        """The web editor at /admin/: our page and config, Decap CMS's own files as fetched by make."""
        root = self.b.root
        cms_config = root / "cms" / "config.yml"
        dist = CMS_DIST
        if not cms_config.is_file():
            return
        if not (dist / "decap-cms.js").is_file() or not (CMS_YAML / "index.js").is_file():
            advice.warning("De webeditor (/admin/) ontbreekt: `make cms` haalt hem op (npm nodig).")
            return
        self._add(
            files,
            config,
            GeneratedFile("admin/index.html", content=str(render("admin.html", unreadable=UNREADABLE_PHOTOS))),
        )
        generated = cms.rendered(
            cms_config.read_text("utf-8"), self.b.content.campaign, self.b.site_url, self.b.content.settings.editor
        )
        self._add(files, config, GeneratedFile("admin/config.yml", content=generated.encode("utf-8")))
        for name in ("redactie.js", "formaat.js", "voorbeeld.js", "redactie.css"):  # ours: see cms/redactie.js
            if (root / "cms" / name).is_file():
                self._add(files, config, GeneratedFile(f"admin/{name}", source=root / "cms" / name))
        for path in sorted(dist.iterdir()):
            self._add(files, config, GeneratedFile(f"admin/{path.name}", source=path))
        for path in sorted(CMS_YAML.rglob("*.js")):  # the yaml library that cms/formaat.js uses
            self._add(files, config, GeneratedFile(f"admin/yaml/{path.relative_to(CMS_YAML).as_posix()}", source=path))

    # -- render ---------------------------------------------------------------------------------
    @event
    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        route = self.b.route(page.file.src_uri)
        if route is None:  # a page in docs/: its title reaches the theme's templates, which do not escape
            if isinstance(page.meta.get("title"), str):
                page.meta["title"] = text(page.meta["title"])
            return markdown
        if route.withdrawn:
            page.meta.update(
                title=text("Dit verhaal staat niet meer op de site"),
                description="Dit verhaal is teruggetrokken.",
                search={"exclude": True},
            )
        elif route.entry is not None:
            title, description = route.collection.meta(route.entry)
            page.meta.update(title=text(title), description=description)
        else:
            title, description = route.collection.index_meta(self.b.content)
            page.meta.update(title=text(title), description=description)
        return markdown

    def _page_context(self, page: Any) -> dict[str, Any]:
        """What a docs page's blocks need of the page: its share links ([[delen]]), with the title
        and text written for sharing, and its form of address (`u`: the council pages)."""
        build = self.b
        docs_page = build.content.docs.get(page.file.src_uri)
        meta = docs_page.page if docs_page else None
        description = page.meta.get("description") or build.content.settings.site_description
        title, text = shared_as(build, meta, page.title, description)
        shared = share(page.url, build.site_url, title, render_text("share-page.txt", title=title, text=text))
        return {**shared, "u": bool(meta and meta.address == "u")}

    @event
    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        html = self._page_content(html, page)
        build = self.b
        if self._indexes and searchable(build.route(page.file.src_uri), page.file.src_uri):
            # Its search document now, while other pages still convert (Pagefind starts in on_env).
            build.search_pages.add(page.file.dest_uri, config.theme["language"], page.title or config.site_name, html)
        return html

    def _page_content(self, html: str, page: Any) -> str:
        build = self.b
        html = sanitize.clean(html)  # what an editor wrote, before our own blocks and templates
        route = build.route(page.file.src_uri)
        if route is None:
            if not blocks.used(html):
                return html
            return blocks.expand(html, {**build.block_context(page.url), **self._page_context(page)})
        if route.withdrawn or route.entry is None:
            # Our template replaces the generated Markdown, and with it the headings its table of
            # contents named: the theme's skip link pointed at `#verhalen`, which no element has.
            page.toc = get_toc([])
            if route.withdrawn:
                return route.collection.render_withdrawn(route.entry, page.url, build)
            return route.collection.render_index(page.url, build)
        # Feeds and cards take the editor's text; the page also gets the blocks it names, filled in.
        build.rendered[(route.collection.name, route.entry.slug)] = blocks.without(html)
        if blocks.used(html):
            html = blocks.expand(html, build.block_context(page.url))
        return route.collection.render(route.entry, html, page.url, build)

    @event
    def on_page_context(self, context: TemplateContext, *, page: Any, config: Any, nav: Any) -> TemplateContext:
        build = self.b
        route = build.route(page.file.src_uri)
        meta_title = page.meta.get("title")
        facts = PageFacts(
            url=page.url,
            src_uri=page.file.src_uri,
            src_path=self._rel(page.file.abs_src_path) if page.file.abs_src_path else "",
            title=Markup(meta_title).unescape() if meta_title else (page.title or ""),
            description=page.meta.get("description") or "",
            is_homepage=page.is_homepage,
        )
        head = page_head(build, route, facts)
        if head.share_image is not None and head.image_path is not None:
            build.share_images[head.image_path] = head.share_image
        elif head.card is not None and head.image_path is not None:
            build.cards[head.image_path] = head.card
        if head.sitemap_row is not None:
            build.sitemap.append(head.sitemap_row)
        context["hvk_head"] = head.html  # type: ignore[typeddict-unknown-key]
        context["hvk_header"] = site_header(_menu(nav), page.url, build)  # type: ignore[typeddict-unknown-key]
        context["hvk_footer"] = site_footer(_footer(nav), page.url, build)  # type: ignore[typeddict-unknown-key]
        context["hvk_searchable"] = searchable(route, page.file.src_uri)  # type: ignore[typeddict-unknown-key]
        return context

    @event
    def on_template_context(self, context: TemplateContext, *, template_name: str, config: Any) -> TemplateContext:
        context["hvk_head"] = error_page_head(self.b).html  # type: ignore[typeddict-unknown-key]
        # Served at any depth: root-relative links, as in the error page's head.
        context["hvk_header"] = site_header(_menu(context.get("nav")), None, self.b)  # type: ignore[typeddict-unknown-key]
        context["hvk_footer"] = site_footer(_footer(context.get("nav")), None, self.b)  # type: ignore[typeddict-unknown-key]
        return context

    @event
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        output = without_theme_toggles(output)
        if self.problems:
            banner = render("preview-problems.html", problems=self.problems)
            output = output.replace('<div id="inhoud"', f'{banner}<div id="inhoud"', 1)
        start, end = output.find('<div id="inhoud"'), output.rfind("</article>")
        if 0 <= start < end:  # the content's links get their address for print (not the menus)
            address = urls.absolute(self.b.site_url, page.url)
            output = output[:start] + urls.print_targets(output[start:end], address) + output[end:]
        output = self.b.secure(output, urls.root_relative(config.site_url, page.url))
        if self.page_scans is not None:
            self.page_scans.written_next(page.file.dest_uri)
        return theme_assets.with_names(output, self.stylesheet_names)

    @event
    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        if template_name == "404.html":
            output_content = without_theme_toggles(output_content)
            return self.b.secure(output_content, urls.root_relative(config.site_url, "404.html"))
        return output_content

    # -- write ----------------------------------------------------------------------------------
    @event
    def on_post_build(self, *, config: Any) -> None:
        started = time.perf_counter()
        save_conversions()  # every page is rendered by now
        site = Path(config.site_dir)
        # What follows reads the whole site folder (the theme files in use, the hashed names): the
        # last build's files must be gone, not going.
        self._old_output_removed()
        # Pagefind started when every page was converted (on_env). None: a later `make serve` build,
        # which keeps the first one's whole-site outputs.
        indexing, self.indexing = self.indexing, None
        try:
            self._finish_build(config, site, indexing, started)
        finally:
            if indexing is not None:
                indexing.cancel()
            self._helper_done()

    def _helper_done(self) -> None:
        """The helper's last task (pages renamed) done, and the helper stopped."""
        renaming, self.renaming, self.page_scans = self.renaming, None, None
        try:
            if renaming is not None:
                renaming.result()  # an error writing (a full disk) is the build's error
        finally:
            helper.stop()

    def _rename(self, paths: list[str], back: dict[str, str], renamed: dict[str, str]) -> None:
        """Pages get the purged stylesheet's name in the helper, while the build finishes the rest."""
        self.renaming = helper.submit(theme_assets.rename_in, paths, back, renamed)
        if self.renaming is None:
            theme_assets.rename_in(paths, back, renamed)

    def _old_output_removed(self) -> None:
        """The last build's files gone (`old_output`): before the end of a build reads the whole
        site folder, and after an error."""
        removal, self.old_output = self.old_output, None
        if removal is not None:
            removal.wait()

    def _finish_build(self, config: Any, site: Path, indexing: search_index.Indexing | None, started: float) -> None:
        build = self.b
        self.page_keys, self._rendered_before = self._pending_keys, dict(build.rendered)
        for collection in COLLECTIONS:
            self._write_all(site, collection.outputs(build))
        for path, image in build.share_images.items():
            _write(site, path, image.data)
        for path, scripts in sorted(build.strange_scripts.items()):
            advice.warning("%s: een script dat niet uit een sjabloon komt, wordt geblokkeerd: %s", path, scripts[0])
        redirects = build.redirects()
        for old, new in redirects.items():
            page = render("redirect.html", target=urls.relative(old, new), canonical=urls.absolute(build.site_url, new))
            _write(site, old + "index.html", page.encode("utf-8"))
        # Hosts that read a _redirects file (Netlify, Cloudflare Pages) answer with a real 301.
        base = urls.root_relative(config.site_url, "")
        _write(
            site,
            "_redirects",
            "".join(f"{base}{old} {base}{new} 301\n" for old, new in sorted(redirects.items())).encode("utf-8"),
        )
        # Pruning reads every text file the build wrote (not the cards), so it runs while the card
        # workers finish; on a cold build the cards are the last thing the build waits for.
        if indexing is not None and not self.preview:  # the preview's later builds link the theme's own files again
            facts = self.theme_facts
            assert facts is not None
            scanned = self.page_scans.results() if self.page_scans is not None else None
            sizes = theme_assets.prune(
                site, self.theme_files, facts, self.stylesheet_names, scanned=scanned, rename=self._rename
            )
            facts.kept.save()
            report.info(
                "Stijlblad van het thema: %d kB, waarvan %d kB gebruikt.", sizes["voor"] // 1000, sizes["na"] // 1000
            )
        cache = build.card_cache
        assert cache is not None
        for path, cached in cache.get_all(build.cards).items():
            _link(site, path, cached)
        report.info(
            "Deelafbeeldingen: %d getekend, %d uit de cache.", cache.rendered, len(build.cards) - cache.rendered
        )
        if not build.preview:  # the preview also draws drafts' cards: let the real build decide what stays
            cache.prune(build.cards)
        self.preview_builds += 1
        if indexing is None:
            # `make serve` re-renders only changed pages: the whole-site outputs below would be partial.
            report.info("Voorvertoning: zoekregister, sitemap en _headers zijn van de eerste build.")
            return
        headers = security.headers_file(build.policies, security.hashed_files(site))
        _write(site, "_headers", headers.encode("utf-8"))
        self._search_index(indexing)
        if os.environ.get("HVK_PROFIEL"):
            TIMINGS["on_post_build"] = time.perf_counter() - started  # this call, up to here
            report.info("Tijd in hooks: %s", json.dumps({k: round(v, 4) for k, v in TIMINGS.items()}))
        # mkdocs-material's JavaScript fetches sitemap.xml beside every <link rel="alternate"> (meant for
        # language versions); our feed links would make that a 404 and a console error on every page.
        feed_folders = {posixpath.dirname(path) for c in COLLECTIONS for _, path, _ in c.feeds(build.content)}
        for folder in sorted(feed_folders - {""}):
            _write(site, f"{folder}/sitemap.xml", sitemap.sitemap([]))
        xml = sitemap.sitemap(build.sitemap)
        _write(site, "sitemap.xml", xml)
        _write(site, "sitemap.xml.gz", sitemap.gzipped(xml))

    @staticmethod
    def _write_all(site: Path, outputs: dict[str, bytes]) -> None:
        for path, data in outputs.items():
            _write(site, path, data)

    def _search_index(self, indexing: search_index.Indexing) -> None:
        """Pagefind indexes the pages we marked (data-pagefind-body), with Dutch stemming."""
        build = self.b
        try:
            reused = indexing.finish()
        except RuntimeError as exc:
            raise Abort(f"\nHet zoekregister (Pagefind) kon niet gemaakt worden:\n{exc}\n") from None
        shards = len(build.search_pages.shards)
        report.info(
            "Zoekregister: %d pagina's in %d %s: %d uit de cache, %d opnieuw gemaakt.",
            build.search_pages.count,
            shards,
            "deel" if shards == 1 else "delen",
            reused,
            shards - reused,
        )


def _signature(paths: list[Path]) -> str:
    """Each file's path, size and modification time: what tells the preview a file was saved."""
    rows = []
    for path in paths:
        try:
            stat = path.stat()
            rows.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            rows.append(f"{path}:-")
    return hashlib.sha1("\n".join(rows).encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def _write(site: Path, path: str, data: bytes) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _link(site: Path, path: str, cached: Path) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    cache_files.link(cached, target)


__all__ = ["CampaignPlugin", "Problem", "read_settings", "settings_from"]
