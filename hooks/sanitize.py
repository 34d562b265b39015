"""HTML from content, made safe: an allow-list sanitiser (nh3, the binding of ammonia).

Every Markdown body (stories, manifests, episodes, the pages in `docs/`) is converted by MkDocs
and then passes through `clean` once, before our blocks are filled in; pages, feeds and the search
index all take that same HTML. What editors may write is what the editors' guide lists: text,
headings, lists, links, quotes, tables, code, images from this site, `<details>`, and `class`/`id`
from Markdown's attribute lists. Nothing that runs script, refreshes, embeds another page, restyles
the page or loads from another host survives.
"""

from __future__ import annotations

import re
from functools import cache

import nh3

TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
        "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "details": {"open"},
    "ol": {"start"},
    "abbr": {"title"},
}
SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with everything inside them, not only the tags.
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "title"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]{0,80}$")


def _attribute(element: str, name: str, value: str) -> str | None:
    if name in ("class", "id"):
        words = [w for w in value.split() if _NAME.match(w)]
        return " ".join(words) or None
    if name in ("href", "src") and any(char in value for char in '<>"`'):
        return None  # not an address but markup inside one (`href='<meta ...>'`): a link to nowhere
    if element == "img" and name == "src":
        lowered = value.strip().lower()
        if lowered.startswith(("http:", "https:", "//", "data:")):
            return None  # images come from this site only: no request to another host
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=DROP_WITH_CONTENT,
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_attribute,
        url_schemes=SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


_IMAGE_WITHOUT_SOURCE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>", re.I)


def clean(html: str) -> str:
    """The body HTML with only what editors may use. An image whose address pointed elsewhere
    lost it above and goes entirely: an empty picture helps no one (the check notes it)."""
    return _IMAGE_WITHOUT_SOURCE.sub("", str(_cleaner().clean(html)))
