"""What the build needs from mkdocs.yml, as plain values, checked like content.

The plugin (and `make check`, through the same adapter) fills this from the engine's config, so
nothing below the adapter knows MkDocs' config types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problem
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
