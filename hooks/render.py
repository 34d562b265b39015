"""Turns validated content into HTML. The one place that escapes: every template here autoescapes.

MkDocs' own Jinja environment does not autoescape, so nothing we render goes through it:
our HTML reaches the theme as finished fragments (`page.content`, `hvk_head`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
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
        auto_reload=False,  # no stat() per page and include; `make serve` turns it on (site.on_startup)
    )
    env.filters["dutch_date"] = dutch_date
    env.filters["clock"] = clock
    env.filters["jsonld"] = jsonld
    env.filters["filesize"] = filesize
    env.filters["yaml"] = yaml_value
    env.filters["vtt_time"] = vtt_time
    env.filters["vtt_text"] = vtt_text
    return env


def dutch_date(value: Any) -> str:
    """ "29 januari 2026": the date as Dutch writes it (Babel's CLDR data; the service and the
    browser use the same data, through Babel and Intl)."""
    return format_date(value, "d MMMM y", locale="nl")


def render(template: str, **context: Any) -> Markup:
    return Markup(environment().get_template(template).render(**context))


def render_text(template: str, **context: Any) -> str:
    """A template's words as plain text (for feeds, share messages and image text, which escape
    on their own): one place for words that also appear in pages."""
    return " ".join(render(template, **context).unescape().split())


def text(value: str) -> Markup:
    """A plain string made safe for the theme's non-escaping templates (titles in the header)."""
    return escape(value)


def vtt_time(seconds: float) -> str:
    """WebVTT's hh:mm:ss.ttt."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def vtt_text(value: str) -> Markup:
    """Cue text for WebVTT: only the three references every player reads (no `&#39;`)."""
    return Markup(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def clock(seconds: float) -> str:
    """12.5 -> '0:12', 3723 -> '1:02:03': how players show a time."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def filesize(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",") if size >= 1_000_000 else f"{max(1, round(size / 1000))} kB"


def yaml_value(value: Any) -> Markup:
    """One value as YAML on one line, for the files the feed import writes: text always in double
    quotes, so a guid like `tag:host,2010:1`, a `#` or a `yes` stays text."""
    if isinstance(value, str):
        dumped = yaml.safe_dump(value, allow_unicode=True, default_style='"', width=1_000_000)
    else:
        dumped = yaml.safe_dump(value, default_flow_style=True, width=1_000_000)
    return Markup(dumped.removesuffix("...\n").strip())


def jsonld(data: object) -> Markup:
    """JSON for a <script type="application/ld+json"> block: no '<', '>' or '&' can end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
