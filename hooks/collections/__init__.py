"""Kinds of content: one collection object per kind, knowing its folder, model, URLs, status rule,
templates and what it adds to feeds, search, sitemap, JSON-LD and share cards.

The plugin and the page head loop over `COLLECTIONS`; nothing else asks "what kind of page is
this". Adding a kind of content is a module here, its templates, and a line in `COLLECTIONS`.
The kinds build on `base.py`; this registry imports them, and nothing they import imports it.
"""

from __future__ import annotations

from .base import Collection, Entry, GeneratedFile, Loaded, Route, is_public
from .episodes import Episodes
from .manifests import Manifests
from .stories import Stories
from .timeline import Timeline

__all__ = ["BY_NAME", "COLLECTIONS", "Collection", "Entry", "GeneratedFile", "Loaded", "Route", "is_public"]

COLLECTIONS: tuple[Collection, ...] = (Stories(), Manifests(), Episodes(), Timeline())
BY_NAME = {c.name: c for c in COLLECTIONS}
