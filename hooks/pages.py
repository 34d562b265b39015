"""Pages for the content collections (stories, episodes, manifests), converted by one Markdown
instance per build, and not again while nothing that shapes their HTML changed.

MkDocs builds a new `markdown.Markdown` with every extension for each page; at 1,000 stories that
was about 0.7 s of a 5.5 s rebuild. Python-Markdown's `reset()` exists to make an instance safe to
reuse, and MkDocs 1.6 takes a Page that a hook made (`file.page`), as mkdocs-material's blog does.
The per-page processors are MkDocs' own, registered again for each page under the same names.

Converting 1,000 stories was half of a rebuild with one story changed, for HTML that only the page's
own text, its place, the site's file list, the Markdown configuration and our code decide. So a
page's conversion is kept (`.cache/markdown.pickle`) by a hash of exactly those; a conversion that
logged a warning is never kept, so every warning is given again on every build.

A cold build converts half the pages ahead, in its helper process (see "converted ahead" below):
the build's own process is its longest path, the second core's cards can wait.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path, PurePath
from types import SimpleNamespace
from typing import Any

import markdown
import mkdocs
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from . import helper
from .cache_files import KeptResults
from .inline_passes import skip_unmatched
from .loading import code_version

log = logging.getLogger("mkdocs.structure.pages")
_converter: tuple[object, markdown.Markdown] | None = None


def _markdown(config) -> markdown.Markdown:
    """One instance per configuration (a `make serve` rebuild brings a new one)."""
    global _converter
    if _converter is None or _converter[0] is not config:  # held, so its id is never reused
        _converter = (
            config,
            skip_unmatched(
                markdown.Markdown(
                    extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
                )
            ),
        )
    return _converter[1]


class _Logged(logging.Handler):
    """Counts the records of `level` and above logged while one page is converted (a broken link,
    an extension's complaint)."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def _counting(level: int) -> Iterator[_Logged]:
    """What is logged at `level` and above, on the root logger and MkDocs', while the block runs."""
    logged = _Logged(level)
    watched = (logging.getLogger(), logging.getLogger("mkdocs"))
    for logger in watched:
        logger.addHandler(logged)
    try:
        yield logged
    finally:
        for logger in watched:
            logger.removeHandler(logged)


class Conversions(KeptResults):
    """Kept conversions: what this build used is stored for the next one, nothing else."""

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self._setup: tuple[object, str] | None = None  # the Markdown setup and the files, once per build
        self._files: tuple[object, str] | None = None

    def key(self, config: Any, files: Any, page: Page, text: str) -> str:
        if self._setup is None or self._setup[0] is not config:  # held, so its id is never reused
            self._setup = (config, _ADDRESS.sub("", repr((config["markdown_extensions"], config["mdx_configs"]))))
        if self._files is None or self._files[0] is not files:
            listing = "\n".join(f"{f.src_uri}\t{f.url}" for f in files)
            self._files = (files, hashlib.sha1(listing.encode(), usedforsecurity=False).hexdigest())
        parts = (_VERSIONS, self._setup[1], self._files[1], page.file.src_uri, page.url, text)
        return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


# Our code and the libraries that convert: a new version of any converts every page again.
_VERSIONS = f"{code_version()}/{markdown.__version__}/{mkdocs.__version__}"
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")  # a function in the configuration: its name, not where it sits
_conversions = Conversions(None)


def keep_conversions(path: Path | None) -> Conversions:
    """From now on, pages reuse and store conversions in `path` (None: keep nothing)."""
    global _conversions
    _conversions = Conversions(path)
    return _conversions


def save_conversions() -> None:
    """Stores what this build converted or reused, for the next build (call when every page is rendered)."""
    _ahead.close()
    _conversions.save()


class ContentPage(Page):
    """A page whose Markdown is converted exactly as MkDocs does it, without a new converter, and
    only when something that decides its HTML changed."""

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        key = _conversions.key(config, files, self, self.markdown)
        hit = _conversions.recall(key)
        if hit is None:
            hit = _ahead.take(key)
        if hit is not None:
            self.content, tokens, self._title_from_render, self.present_anchor_ids, anchors = hit
            self.toc = get_toc(tokens)
            if log.getEffectiveLevel() > logging.DEBUG:
                self.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in anchors.items()}
            return
        with _counting(logging.WARNING) as warnings:
            self._convert(config, files)
        if not warnings.count:
            anchors = {target.src_uri: links for target, links in (self.links_to_anchors or {}).items()}
            tokens = self._tokens
            _conversions.keep(key, (self.content, tokens, self._title_from_render, self.present_anchor_ids, anchors))

    def _convert(self, config, files) -> None:
        assert self.markdown is not None  # read by `render`'s caller
        (
            self.content,
            self._tokens,
            self._title_from_render,
            self.present_anchor_ids,
            links_to_anchors,
        ) = _converted(config, files, self.file, self.markdown)
        self.toc = get_toc(self._tokens)
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = links_to_anchors


def _converted(config, files, file, text: str) -> tuple:
    """MkDocs' conversion of a page's text, with its own per-page processors: the HTML, the table
    of contents' tokens, the title from the first heading, the anchors present, links to anchors."""
    md = _markdown(config)
    md.reset()
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(file, files, config)
    anchors._register(md)
    relative = _RelativePathTreeprocessor(file, files, config)
    relative._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    content = md.convert(text)
    present = anchors.present_anchor_ids | raw_html.present_anchor_ids
    return content, getattr(md, "toc_tokens", []), title.title, present, relative.links_to_anchors


# -- converted ahead, by the build's helper process --------------------------------------------------
# A cold build converts every page on its main process, the longest path of the build, while the
# second core draws cards that have until the end of the build. Half the pages to convert are
# converted ahead by the helper (`helper.py`), from the back of the build's order; the build takes
# each conversion when it reaches its page. What the helper needs of MkDocs' configuration and file
# list is sent once (`_Listing`, `_Setup`); a conversion that logged anything is not used (the build
# converts that page itself and logs it), so messages and results are exactly the build's own.
AHEAD_FROM = 200  # pages to convert from which half are converted ahead
_CHUNK = 40


class _Link:
    """What the link processors ask of a file."""

    __slots__ = ("inclusion", "src_uri", "url")

    def __init__(self, src_uri: str, url: str, inclusion: Any) -> None:
        self.src_uri, self.url, self.inclusion = src_uri, url, inclusion


class _Listing:
    """The site's files as the link processors ask for them."""

    def __init__(self, rows: list[tuple[str, str, Any]]) -> None:
        self._files = {src_uri: _Link(src_uri, url, inclusion) for src_uri, url, inclusion in rows}

    def get_file_from_path(self, path: str) -> _Link | None:
        return self._files.get(PurePath(path).as_posix())


class _Setup(dict):
    """The configuration's parts a conversion reads: the Markdown setup (by key), the URL style and
    the link checks' levels (as attributes)."""

    def __init__(self, extensions: list, configs: dict, directory_urls: bool, links: dict[str, Any]) -> None:
        super().__init__(markdown_extensions=extensions, mdx_configs=configs)
        self.use_directory_urls = directory_urls
        self.validation = SimpleNamespace(links=SimpleNamespace(**links))


_worker: tuple[_Setup, _Listing] | None = None


def _start_worker(setup: tuple, rows: list[tuple[str, str, Any]]) -> None:
    """In the helper: what the conversions read of the configuration and the file list."""
    global _worker
    _worker = (_Setup(*setup), _Listing(rows))


def _convert_in_worker(pages: list[tuple[str, str]]) -> list[tuple | None]:
    """Runs in the helper: each (src_uri, text) converted, or None where the conversion logged."""
    assert _worker is not None
    setup, listing = _worker
    results: list[tuple | None] = []
    for src_uri, text in pages:
        with _counting(logging.INFO) as logged:
            content, tokens, title, present, links = _converted(
                setup, listing, listing.get_file_from_path(src_uri), text
            )
        anchors = {target.src_uri: found for target, found in links.items()}
        results.append(None if logged.count else (content, tokens, title, present, anchors))
    return results


class _Ahead:
    """The conversions being made ahead for this build, by the key of each."""

    def __init__(self) -> None:
        self._pending: dict[str, tuple[Future, int]] = {}

    def start(self, config: Any, files: Any) -> None:
        if not helper.running() or log.getEffectiveLevel() <= logging.DEBUG:
            return
        todo = []
        for file in files.documentation_pages():
            page = file.page
            if isinstance(page, ContentPage) and page.markdown is None:
                text, _ = meta.get_data(file.content_string)
                key = _conversions.key(config, files, page, text)
                if _conversions.recall(key) is None:
                    todo.append((key, file.src_uri, text))
        if len(todo) < AHEAD_FROM:
            return
        links = config.validation.links
        setup = (
            config["markdown_extensions"],
            config["mdx_configs"] or {},
            config.use_directory_urls,
            {name: getattr(links, name) for name in ("absolute_links", "unrecognized_links", "not_found")},
        )
        helper.submit(_start_worker, setup, [(file.src_uri, file.url, file.inclusion) for file in files])
        ahead = todo[len(todo) // 2 :]
        for at in range(0, len(ahead), _CHUNK):
            chunk = ahead[at : at + _CHUNK]
            future = helper.submit(_convert_in_worker, [(src_uri, text) for _, src_uri, text in chunk])
            assert future is not None
            self._pending.update((key, (future, index)) for index, (key, _, _) in enumerate(chunk))

    def take(self, key: str) -> tuple | None:
        """The conversion made ahead for `key` (waited for), kept for the next build; None if there is none."""
        pending = self._pending.pop(key, None)
        if pending is None:
            return None
        future, index = pending
        try:
            result = future.result()[index]
        except Exception:  # noqa: BLE001 - the build converts the page itself, and says what is wrong
            return None
        if result is not None:
            _conversions.keep(key, result)
        return result

    def close(self) -> None:
        for future, _ in self._pending.values():
            future.cancel()
        self._pending = {}


_ahead = _Ahead()


def convert_ahead(config: Any, files: Any) -> None:
    """Hands half of the pages that need converting to the helper (`helper.py`, a cold build's), when
    there are many."""
    _ahead.close()
    _ahead.start(config, files)


def stop_converting_ahead() -> None:
    _ahead.close()
