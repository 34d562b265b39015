"""The head of every page: title, description, canonical URL, share image and Open Graph meta,
JSON-LD, feeds, and whether the page is indexed. Rendered by our escaping templates.

`head()` returns what it made (the markup, the card to draw or the editor's own image, the sitemap
row); the plugin records that in the Build for the write stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import structured, urls
from .build import Build
from .cards import CardSpec
from .collections import COLLECTIONS, Route, is_public
from .docs_pages import DocsPage
from .images import PublishedImage
from .petition import is_closed
from .publication import PUBLISHED
from .render import render, render_text


@dataclass(frozen=True)
class PageFacts:
    """What the engine knows of a page, as plain values."""

    url: str
    src_uri: str  # the page's source among the engine's files
    src_path: str  # the editor's file relative to the root ('' for generated pages)
    title: str
    description: str
    is_homepage: bool


@dataclass(frozen=True)
class Head:
    html: Markup
    image_path: str | None = None
    card: CardSpec | None = None
    share_image: PublishedImage | None = None
    sitemap_row: tuple[str, dt.date | None] | None = None


def status_of(route: Route | None) -> str:
    if route is None or route.entry is None:
        return PUBLISHED
    return route.collection.status(route.entry)


def searchable(route: Route | None, src_uri: str) -> bool:
    return is_public(route, status_of(route)) and src_uri != "zoeken.md"


def _feeds(build: Build, here) -> list[dict[str, str]]:
    """Every feed a kind publishes, as the head's alternate links (each kind says which it has)."""
    return [
        {"title": title, "href": here(path), "type": kind}
        for collection in COLLECTIONS
        for title, path, kind in collection.feeds(build.content)
    ]


def error_page_head(build: Build) -> Head:
    """Error pages are served at any depth, so they get root-relative URLs."""
    settings = build.content.settings

    def here(target: str) -> str:
        return urls.root_relative(settings.site_url, target)

    html = render(
        "head.html",
        title=f"Pagina niet gevonden - {settings.site_name}",
        description=settings.site_description,
        canonical=None,
        favicon=here(settings.favicon),
        feeds=_feeds(build, here),
        social=None,
        jsonld=[],
        noindex=True,
    )
    return Head(html)


def _trail(route: Route | None, page: PageFacts, title: str) -> list[tuple[str, str]]:
    trail = [("Home", "")]
    if route is not None and route.entry is not None and not route.withdrawn:
        trail.append((route.collection.label, route.collection.section))
    if not page.is_homepage:
        trail.append((title, page.url))
    return trail


def _sources(build: Build, route: Route | None, page: PageFacts) -> list[str]:
    if route is None:
        return [page.src_path]
    if route.entry is not None:
        return [route.entry.path]
    return route.collection.index_sources(build.content)


def shared_as(build: Build, page: DocsPage | None, title: str, description: str) -> tuple[str, str]:
    """How a docs page shares: its share title and text (with the signature count while the
    petition is open, when known), else its title and description. The head and [[delen]] use it."""
    share_title = (page.share_title if page else None) or title or build.content.settings.site_name
    text = (page.share_text if page else None) or description
    tally = build.tally
    if page is None or not page.share_count or tally is None or tally.number == 0:
        return share_title, text
    if is_closed(build.content.campaign.petition, build.content.now):
        return share_title, text
    return share_title, render_text("share-count.txt", text=text, number=tally.number)


def page_head(build: Build, route: Route | None, page: PageFacts) -> Head:
    settings = build.content.settings
    site, site_url = settings.site_name, settings.site_url
    content = build.content

    def here(target: str) -> str:
        return urls.relative(page.url, target)

    title = page.title
    full = site if not title or page.is_homepage else f"{title} - {site}"
    description = page.description or settings.site_description
    entry = route.entry if route is not None and not route.withdrawn else None
    docs_page = content.docs.get(page.src_uri) if route is None else None
    # What a messenger shows: the page's own share title and text, written for sharing.
    share_title, share_text = shared_as(build, docs_page.page if docs_page else None, title, description)
    if route is not None and route.entry is None and route.collection.index_share_title:
        share_title = route.collection.index_share_title
    own = (
        route.collection.own_share_image(entry)
        if route is not None and entry is not None
        else (docs_page.share_image if docs_page else None)
    )
    card = None
    if own is not None:
        image_path = urls.share_image(page.url)
        own_alt = docs_page.page.share_image_alt if docs_page else None
        alt, width, height, mime = own_alt or share_title, own.width, own.height, own.mime
    else:
        drawn = route.collection.card(entry, content) if route is not None and entry is not None else None
        card, alt = drawn or (CardSpec("page", share_title, content.campaign.campaign.name), share_title)
        image_path = urls.card(page.url)
        width, height, mime = 1200, 630, "image/png"
    canonical = urls.absolute(site_url, page.url)
    image_url = urls.absolute(site_url, image_path)
    hidden = not is_public(route, status_of(route))
    social = {
        "type": "article" if entry is not None else "website",
        "title": share_title,
        "description": share_text,
        "url": canonical,
        "image": image_url,
        "width": width,
        "height": height,
        "alt": alt,
        "mime": mime,
        "site_name": site,
    }
    jsonld = []
    if page.is_homepage:
        jsonld.append(structured.organization(content.campaign, site_url))
    else:
        jsonld.append(structured.breadcrumbs(_trail(route, page, title), site_url))
    if route is not None and entry is not None:
        if not hidden:
            jsonld += route.collection.jsonld(entry, content, site_url, image_url)
    elif route is not None and not route.withdrawn:
        jsonld += route.collection.index_jsonld(content, site_url)
    row = None if hidden else (canonical, build.lastmod.of(*_sources(build, route, page)))
    html = render(
        "head.html",
        title=full,
        description=description,
        canonical=canonical,
        favicon=here(settings.favicon),
        feeds=_feeds(build, here),
        social=social,
        jsonld=jsonld,
        noindex=hidden,
    )
    return Head(html, image_path, card, own, row)


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str  # site-relative, as MkDocs gives it ('' for the home page)


def _linker(page_url: str | None, site_url: str) -> Callable[[str], str]:
    """Links for header and footer: relative to the page, or root-relative on the error page,
    which is served at any depth (`page_url` None)."""
    if page_url is None:
        return lambda target: urls.root_relative(site_url, target)
    return lambda target: urls.relative(page_url, target)


def site_footer(groups: list[tuple[str, list[MenuItem]]], page_url: str | None, build: Build) -> Markup:
    """The footer of every page: the navigation's sections (the foundation's own pages) and its details."""
    link = _linker(page_url, build.content.settings.site_url)
    shown = tuple((title, tuple((link(i.url), i.title, i.url == page_url) for i in items)) for title, items in groups)
    return build.rendered_once(
        ("footer", shown),
        lambda: render("footer.html", groups=groups, link=link, current=page_url, campaign=build.content.campaign),
    )


_ADDRESS = "\x00adres\x00"  # the page's own address, put in after the header is rendered


def site_header(menu: list[MenuItem], page_url: str | None, build: Build) -> Markup:
    """The header of every page; `page_url` None for the error page, which is served at any depth."""
    site_url = build.content.settings.site_url
    link = _linker(page_url, site_url)
    podcast = build.content.podcast
    if podcast is None or not podcast.listenable:  # no promise of a podcast nobody can hear yet
        menu = [m for m in menu if m.url != urls.PODCAST]
    current = None
    if page_url is not None:  # the section a page belongs to is the current menu item
        sections = sorted((m.url for m in menu if m.url and page_url.startswith(m.url)), key=len)
        current = page_url if any(m.url == page_url for m in menu) else (sections[-1] if sections else None)
    shown = (tuple((link(m.url), m.title, m.url == current) for m in menu), link(""), current == "")
    header = build.rendered_once(
        ("header", shown, page_url is None),
        lambda: render(
            "header.html",
            nav=menu,
            current=current,
            link=link,
            address=None if page_url is None else _ADDRESS,
            campaign=build.content.campaign,
        ),
    )
    if page_url is None:
        return header
    return Markup(header.replace(_ADDRESS, escape(urls.absolute(site_url, page_url))))
