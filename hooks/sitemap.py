"""sitemap.xml with real last-modified dates, and robots.txt that names it."""

from __future__ import annotations

import datetime as dt
import gzip
import io
from xml.sax.saxutils import escape


def sitemap(entries: list[tuple[str, dt.date | None]]) -> bytes:
    """`entries` are (absolute URL, last modified) pairs; the output is sorted, so stable."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in sorted(entries):
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(url)}</loc>")
        if modified:
            lines.append(f"    <lastmod>{modified.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def gzipped(data: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as handle:  # mtime=0: same bytes every build
        handle.write(data)
    return out.getvalue()


def robots(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
