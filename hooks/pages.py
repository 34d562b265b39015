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
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
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

from .cache_files import KeptResults
from .loading import code_version

log = logging.getLogger("mkdocs.structure.pages")
_converter: tuple[object, markdown.Markdown] | None = None


def _markdown(config) -> markdown.Markdown:
    """One instance per configuration (a `make serve` rebuild brings a new one)."""
    global _converter
    if _converter is None or _converter[0] is not config:  # held, so its id is never reused
        _converter = (
            config,
            markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}),
        )
    return _converter[1]


class _Warnings(logging.Handler):
    """Counts the warnings logged while one page is converted (a broken link, an extension's complaint)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


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
    _conversions.save()


class ContentPage(Page):
    """A page whose Markdown is converted exactly as MkDocs does it, without a new converter, and
    only when something that decides its HTML changed."""

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        key = _conversions.key(config, files, self, self.markdown)
        hit = _conversions.recall(key)
        if hit is not None:
            self.content, tokens, self._title_from_render, self.present_anchor_ids, anchors = hit
            self.toc = get_toc(tokens)
            if log.getEffectiveLevel() > logging.DEBUG:
                self.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in anchors.items()}
            return
        warnings = _Warnings()
        watched = (logging.getLogger(), logging.getLogger("mkdocs"))
        for logger in watched:
            logger.addHandler(warnings)
        try:
            self._convert(config, files)
        finally:
            for logger in watched:
                logger.removeHandler(warnings)
        if not warnings.count:
            anchors = {target.src_uri: links for target, links in (self.links_to_anchors or {}).items()}
            tokens = self._tokens
            _conversions.keep(key, (self.content, tokens, self._title_from_render, self.present_anchor_ids, anchors))

    def _convert(self, config, files) -> None:
        md = _markdown(config)
        md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(self.file, files, config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        self.content = md.convert(self.markdown)
        self._tokens = getattr(md, "toc_tokens", [])
        self.toc = get_toc(self._tokens)
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative.links_to_anchors
