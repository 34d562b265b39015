"""Campaign blocks that editors place in ordinary pages as `[[naam]]` on a line of its own.

The block's HTML comes from the one campaign data file, so a figure or an IBAN is never copied
into a page by hand.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from .errors import Problem
from .render import render

NAMES = (
    "cijfers",
    "kerncijfer",
    "uitgelicht-verhaal",
    "laatste-aflevering",
    "doe-mee",
    "petitie",
    "teller",
    "gemeente-zoeken",
    "petitie-bewaren",
    "tekstvoorstellen",
    "motie",
    "schriftelijke-vragen",
    "contact",
    "doneren",
    "nieuwsbrief",
    "sociale-media",
    "manifest-pdfs",
    "zoeken",
    "delen",
)
_IN_MARKDOWN = re.compile(r"^[ \t]*\[\[([^\]\n]*)\]\][ \t]*$", re.MULTILINE)
_IN_HTML = re.compile(r"<p>\[\[([a-z-]+)\]\]</p>")


def names() -> tuple[str, ...]:
    """The blocks of the campaign data, then those the collections fill."""
    from .collections import COLLECTIONS

    return NAMES + tuple(name for c in COLLECTIONS for name in c.blocks)


def check_text(path: str, text: str, first_line: int) -> list[Problem]:
    """Every unknown block name in one page's text, with its line (`first_line`: where the text starts)."""
    problems = []
    known = names()
    for match in _IN_MARKDOWN.finditer(text):
        if match.group(1) not in known:
            line = first_line + text.count("\n", 0, match.start()) + 1
            problems.append(
                Problem(
                    path, line, f"[[{match.group(1)}]]", "is geen bekend blok; verwacht een van: " + ", ".join(known)
                )
            )
    return problems


def expand(html: str, context: dict) -> str:
    return _IN_HTML.sub(lambda m: str(render(f"blocks/{m.group(1)}.html", **context)), html)


def without(html: str) -> str:
    """The HTML with its block placeholders left out (for feeds, which show text, not forms)."""
    return _IN_HTML.sub("", html)


def used(html: str) -> set[str]:
    return set(_IN_HTML.findall(html))


__all__ = ["NAMES", "Markup", "check_text", "expand", "used", "without"]
