"""Turns validated content into HTML. The one place that escapes: every template here autoescapes.

MkDocs' own Jinja environment does not autoescape, so nothing we render goes through it:
our HTML reaches the theme as finished fragments (`page.content`, `hvk_head`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dutch_date"] = dutch_date
    return env


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def dutch_date(value: Any) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def render(template: str, **context: Any) -> Markup:
    return Markup(environment().get_template(template).render(**context))


def text(value: str) -> Markup:
    """A plain string made safe for the theme's non-escaping templates (titles in the header)."""
    return escape(value)
