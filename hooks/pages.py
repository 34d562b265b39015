"""Pages for the content collections (stories, episodes, manifests), converted by one Markdown
instance per build.

MkDocs builds a new `markdown.Markdown` with every extension for each page; at 1,000 stories that
was about 0.7 s of a 5.5 s rebuild. Python-Markdown's `reset()` exists to make an instance safe to
reuse, and MkDocs 1.6 takes a Page that a hook made (`file.page`), as mkdocs-material's blog does.
The per-page processors are MkDocs' own, registered again for each page under the same names.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

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


class ContentPage(Page):
    """A page whose Markdown is converted exactly as MkDocs does it, without a new converter."""

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
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
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative.links_to_anchors
