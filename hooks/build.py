"""One build: what it knows (content, routes) and what rendering produced (cards, share images,
sitemap rows, policies, rendered bodies), for the write stage to take from there."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from petition import addresses

from . import council, security, urls
from .cards import CardCache, CardSpec
from .collections import COLLECTIONS, Route
from .content import SiteContent
from .images import PublishedImage
from .lastmod import LastModified
from .petition import Tally, is_closed
from .search_index import SearchPages, shard_folder


@dataclass
class Build:
    root: Path  # the folder that holds mkdocs.yml and the content
    content: SiteContent
    preview: bool = False  # `mkdocs serve`: drafts and scheduled items shown, with a banner
    tally: Tally | None = None  # the signature count at build time (the service's, else the data file's)
    template_scripts: list[re.Pattern[str]] = field(default_factory=list)  # the only inline scripts allowed
    strange_scripts: dict[str, list[str]] = field(default_factory=dict)  # page -> inline scripts no template wrote
    routes: dict[str, Route] = field(default_factory=dict)  # generated page source -> what it shows
    # What rendering produced, for the write stage:
    rendered: dict[tuple[str, str], str] = field(default_factory=dict)  # (collection, slug) -> body HTML
    cards: dict[str, CardSpec] = field(default_factory=dict)  # card path -> what it shows
    share_images: dict[str, PublishedImage] = field(default_factory=dict)  # editors' own, by site path
    sitemap: list[tuple[str, dt.date | None]] = field(default_factory=list)
    policies: dict[str, str] = field(default_factory=dict)  # page path -> its CSP
    search_pages: SearchPages = field(default_factory=SearchPages)
    card_cache: CardCache | None = None
    # The header and footer, rendered once for each set of links they show (the same on most pages):
    once: dict[tuple, Markup] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for collection in COLLECTIONS:
            self.routes.update(collection.routes(self.content, self.preview))

    @property
    def site_url(self) -> str:
        return self.content.settings.site_url

    @cached_property
    def lastmod(self) -> LastModified:
        return LastModified(self.root)

    @cached_property
    def council_documents(self) -> list[council.CouncilDocument]:
        """The motion and the written questions, made once per build for pages and files."""
        return council.documents(self.content.campaign)

    def rendered_once(self, key: tuple, render: Callable[[], Markup]) -> Markup:
        """`render()`, or what it gave for the same key earlier in this build."""
        if key not in self.once:
            self.once[key] = render()
        return self.once[key]

    def route(self, src_uri: str) -> Route | None:
        return self.routes.get(src_uri)

    def common(self, page_url: str) -> dict[str, Any]:
        """What every template of ours gets."""
        campaign = self.content.campaign
        return {
            "campaign": campaign,
            "roles": campaign.roles,
            "themes": campaign.themes,
            "link": lambda target: urls.relative(page_url, target),
        }

    def block_context(self, page_url: str) -> dict[str, Any]:
        """What the `[[blok]]` templates get: the campaign's own facts and each collection's."""
        content = self.content
        context: dict[str, Any] = {}
        for collection in COLLECTIONS:
            context.update(collection.block_context(content, self.preview))
        return {
            **context,
            **self.common(page_url),
            "service": content.settings.petition,
            "campaign_url": content.settings.site_url.rstrip("/") + "/",
            "tally": self.tally,
            "petition_closed": is_closed(content.campaign.petition, content.now),
            "council_documents": {d.slug: d for d in self.council_documents},
            "council_url": urls.council_document,
            "search_folders": [shard_folder(shard) for shard in range(len(self.search_pages.shards))],
            "u": False,  # the form of address: "je" unless the docs page says u (plugin._page_context)
        }

    @cached_property
    def csp_sources(self) -> dict[str, list[str]]:
        """Other hosts a page may need, all named by the content: external audio, the petition service."""
        found = [url for c in COLLECTIONS for url in c.media_addresses(self.content, self.preview)]
        media = [addresses.origin(url) for url in found]
        service = self.content.settings.petition
        hosts = [service.base] if service else []
        return {"media": [m for m in media if m], "connect": hosts, "forms": hosts}

    def secure(self, html: str, path: str) -> str:
        """The page's own Content-Security-Policy, in the page and (for hosts that read it) in _headers."""
        hashes, strangers = security.script_hashes(html, self.template_scripts)
        if strangers:
            self.strange_scripts[path] = strangers
        if "data-hvk-search" in html:
            hashes = hashes + ["'wasm-unsafe-eval'"]  # Pagefind searches with WebAssembly
        if self.preview:
            # `make serve` only: MkDocs adds its live-reload script to every page as it serves it, with
            # a new timestamp each time, so no hash can allow it. Never in `make build`.
            hashes = ["'unsafe-inline'", *(h for h in hashes if h == "'wasm-unsafe-eval'")]
        hosts = self.csp_sources
        media, connect, forms = hosts["media"], hosts["connect"], hosts["forms"]
        self.policies[path] = security.policy(hashes, media=media, connect=connect, forms=forms, for_header=True)
        return security.inject(html, security.policy(hashes, media=media, connect=connect, forms=forms))

    def image_path(self, page_url: str) -> str:
        """Where a page's share image lives: the editor's own, else the drawn card."""
        own = urls.share_image(page_url)
        return own if own in self.share_images else urls.card(page_url)

    def redirects(self) -> dict[str, str]:
        moved: dict[str, str] = {}
        for collection in COLLECTIONS:
            moved.update(collection.redirects(self.content))
        return moved
