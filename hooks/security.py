"""Content-Security-Policy and the other security headers, computed from what each page holds.

Inline scripts are allowed by the SHA-256 of their exact text, computed at build time, so a
script that was not in the page when we built it never runs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""type\s*=\s*["']?(application/(ld\+)?json)""", re.I)

OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "X-Frame-Options": "DENY",
}


def script_hashes(html: str) -> list[str]:
    """Hashes of the inline scripts that run (JSON and JSON-LD blocks are data, not scripts)."""
    found = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if "src=" in attrs or _DATA_TYPE.search(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        found.append(f"'sha256-{digest}'")
    return sorted(set(found))


def origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


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
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return html.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n{tag}', 1)


def headers_file(pages: dict[str, str]) -> str:
    """Netlify/Cloudflare `_headers`: the other headers everywhere, each page's own CSP on its path."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in OTHER_HEADERS.items()] + [""]
    for path, content in sorted(pages.items()):
        lines += [path, f"  Content-Security-Policy: {content}", ""]
    return "\n".join(lines)
