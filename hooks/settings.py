"""What the build needs from mkdocs.yml, as plain values, checked like content.

The plugin (and `make check`, through the same adapter) fills this from the engine's config, so
nothing below the adapter knows MkDocs' config types.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .errors import Problem
from .frontmatter import key_lines
from .live import Editor
from .petition import Service


@dataclass(frozen=True)
class Settings:
    docs_dir: str = "docs"  # relative to the root
    site_url: str = "/"
    site_name: str = ""
    site_description: str = ""
    favicon: str = "assets/images/favicon.png"
    petition: Service | None = None  # the petition service the form posts to
    editor: Editor | None = None  # the web editor's repository and login (hooks/live.py)
    problems: tuple[Problem, ...] = field(default=())


def on_their_lines(problems: Iterable[Problem], config_text: str) -> tuple[Problem, ...]:
    """mkdocs.yml's problems on the line of their field (or of the nearest key above it that is
    written down), so an editor finds `extra.petitie.dienst` without counting lines."""
    lines = key_lines(config_text)

    def line(field: str) -> int:
        loc = tuple(field.split("."))
        while loc and loc not in lines:
            loc = loc[:-1]
        return lines.get(loc, 0)

    return tuple(replace(p, line=line(p.field)) if p.path == "mkdocs.yml" and not p.line else p for p in problems)
