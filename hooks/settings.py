"""What the build needs from mkdocs.yml, as plain values, checked like content.

The plugin (and `make check`, through the same adapter) fills this from the engine's config, so
nothing below the adapter knows MkDocs' config types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import Problem

LOCAL_TEST_HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class Settings:
    docs_dir: str = "docs"  # relative to the root
    site_url: str = "/"
    site_name: str = ""
    site_description: str = ""
    favicon: str = "assets/images/favicon.png"
    endpoint: str | None = None  # where the petition form posts
    problems: tuple[Problem, ...] = field(default=())


def petition_endpoint(value: object) -> tuple[str | None, list[Problem]]:
    """The petition endpoint: https only (plain http only for a local test server)."""
    if value is None or value == "":
        return None, []
    text = str(value)
    parts = urlsplit(text)
    if text.startswith("https://") or (
        parts.scheme == "http"
        and parts.hostname in LOCAL_TEST_HOSTS
        and text.startswith(("http://127.0.0.1:", "http://localhost:"))
    ):
        return text, []
    return None, [
        Problem(
            "mkdocs.yml",
            0,
            "extra.petitie.endpoint",
            f'"{text}" is geen https://-adres; verwacht het https://-adres van het CRM van de stichting',
        )
    ]
