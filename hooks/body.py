"""Mistakes in a Markdown body that Markdown itself forgives silently: said as notes ("Let op").

Markdown never refuses a text: a link without its closing bracket is published as the raw
characters, a `#` line becomes a second main heading, an image from another site becomes an empty
picture (the sanitiser drops its address: pages load nothing from other hosts). Each is found here
on the source, with its line, so `make check` and the build name it alike. They are notes, not
errors: the page is still safe (the sanitiser drops the foreign image), and one slip in a body
should not hold back everything else. Code blocks and inline code are left alone: there the
characters are meant as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .errors import Problem

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_HEADING_1 = re.compile(r"^\s{0,3}#(\s|$)")
_UNCLOSED_LINK = re.compile(r"\[[^\]\n]*\]\((?![^)\n]*\))")
_FOREIGN_IMAGE = re.compile(
    r"!\[[^\]\n]*\]\(\s*<?\s*(?:https?:)?//|<img\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//", re.I
)


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(index, text) of each line outside fenced code, with inline code blanked."""
    fence = ""
    for index, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield index, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def mistakes(path: str, body: str, first_line: int, title_in_body: bool = False) -> list[Problem]:
    """The body's silent mistakes as problems; `first_line` is the file's line of the body's first
    line; `title_in_body`: the page's own title is the body's first `#` line (pages in docs/)."""
    found: list[Problem] = []
    titles = 0
    for index, line in _prose_lines(body):
        number = first_line + index
        if _HEADING_1.match(line):
            titles += 1
            if titles > (1 if title_in_body else 0):
                found.append(
                    Problem(
                        path,
                        number,
                        "",
                        "een kop met één # maakt een tweede hoofdtitel op de pagina (de pagina heeft er al "
                        "een); verwacht ## voor een tussenkop",
                    )
                )
        if _UNCLOSED_LINK.search(line):
            found.append(
                Problem(
                    path,
                    number,
                    "",
                    "een link is niet afgesloten, dus de site toont de haakjes en het adres als tekst; "
                    "verwacht [tekst](https://adres) met ) na het adres, op dezelfde regel",
                )
            )
        if _FOREIGN_IMAGE.search(line):
            found.append(
                Problem(
                    path,
                    number,
                    "",
                    "een afbeelding van een andere website: de site laadt niets van andere websites, dus "
                    "hij wordt weggelaten; verwacht een afbeelding uit de map naast dit bestand (of een link)",
                )
            )
    return found
