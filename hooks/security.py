"""Content-Security-Policy and the other security headers.

Inline scripts are allowed by the SHA-256 of their exact text, and only when that text is one of
the inline scripts of the templates (the theme's, our overrides', ours): each template script is
a pattern whose `{{ ... }}` parts may vary (a relative base URL), nothing else. A script anywhere
else in a page, an editor's included, gets no hash and never runs; the build names the page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from markupsafe import escape

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""type\s*=\s*["']?(application/(ld\+)?json)""", re.I)

OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "X-Frame-Options": "DENY",
}


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_HOST = re.compile(r"^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$")


def _inline_scripts(html: str) -> Iterable[str]:
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or _DATA_TYPE.search(attrs):
            continue
        yield match.group("body")


def template_scripts(folders: Iterable[Path]) -> list[re.Pattern[str]]:
    """The inline scripts of every template in these folders, as patterns of the text they render to."""
    patterns: set[str] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            for body in _inline_scripts(path.read_text(encoding="utf-8")):
                parts = _JINJA.split(body)
                patterns.add(
                    "".join(
                        re.escape(p) + ("[^\"'<>\n]{0,300}" if i < len(parts) - 1 else "") for i, p in enumerate(parts)
                    )
                )
    return [re.compile(p, re.S) for p in sorted(patterns)]


def _digest(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def script_hashes(html: str, allowed: Sequence[re.Pattern[str]]) -> tuple[list[str], list[str]]:
    """(hashes of the page's inline scripts that a template wrote, the beginnings of any others)."""
    found, strangers = set(), []
    for body in _inline_scripts(html):
        if any(pattern.fullmatch(body) for pattern in allowed):
            found.add(_digest(body))
        else:
            strangers.append(" ".join(body.split())[:60])
    return sorted(found), strangers


def policy(
    hashes: list[str],
    *,
    media: Sequence[str] = (),
    connect: Sequence[str] = (),
    forms: Sequence[str] = (),
    for_header: bool = False,
) -> str:
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *hashes]),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "media-src " + " ".join(["'self'", *sorted(set(media))]),
        "connect-src " + " ".join(["'self'", *sorted(set(connect))]),
        "form-action " + " ".join(["'self'", *sorted(set(forms))]),
        "object-src 'none'",
        "base-uri 'self'",
    ]
    if for_header:  # only honoured as a header, and browsers complain about it in a meta tag
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def inject(html: str, content: str) -> str:
    """The policy as the first thing after <meta charset>, so it covers everything after it."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{escape(content)}">'
    return html.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n{tag}', 1)


# Files whose names change with their bytes: the theme's bundles (`main.57a0d79d.min.css`) and our
# art (`omslag-d5a3e9835e.jpg`). A browser may keep them a year; any change is a new name.
_HASHED_NAME = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)$|-[0-9a-f]{10}\.(jpg|png)$")
IMMUTABLE = "public, max-age=31536000, immutable"


def hashed_files(site: Path) -> list[str]:
    """Site paths (`/assets/…`) of the files whose names carry their content's hash."""
    return sorted("/" + path.relative_to(site).as_posix() for path in site.rglob("*") if _HASHED_NAME.search(path.name))


def headers_file(pages: dict[str, str], immutable: Iterable[str] = ()) -> str:
    """Netlify/Cloudflare `_headers`: the other headers everywhere, each page's own CSP on its path,
    and a year's cache for files whose names carry their hash (each by its exact path)."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in OTHER_HEADERS.items()] + [""]
    for path, content in sorted(pages.items()):
        lines += [path, f"  Content-Security-Policy: {content}", ""]
    for path in immutable:
        lines += [path, f"  Cache-Control: {IMMUTABLE}", ""]
    return "\n".join(lines)
