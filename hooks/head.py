"""The head of every page: title, description, canonical URL, share image and Open Graph meta,
JSON-LD, feeds, and whether the page is indexed. Rendered by our escaping templates."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import Abort

from hooks import structured, urls
from hooks.cards import CardSpec
from hooks.images import ImageProblem, PublishedImage, publish_share_image
from hooks.render import render
from hooks.state import state


def page_title(page) -> str:
    if page.meta.get("title"):
        return Markup(page.meta["title"]).unescape()
    return page.title or ""


def page_kind(page):
    """What a page shows: ('story', entry), ('episode', entry), ('manifest', entry) or (name, None)."""
    src = page.file.src_uri
    for kind, table in (("story", state.stories), ("episode", state.episodes), ("manifest", state.manifests),
                        ("withdrawn", state.withdrawn)):
        if src in table:
            return kind, table[src]
    return {urls.stories_index_source(): "stories", urls.podcast_index_source(): "podcast",
            urls.manifests_index_source(): "manifests"}.get(src, "page"), None


def card_spec(kind: str, entry, title: str) -> tuple[CardSpec, str]:
    """The card a page gets, and the alt text that describes it."""
    campaign = state.content.campaign
    if kind == "story":
        story = entry.story
        spec = CardSpec("story", story.title, f"Verhaal · {campaign.roles[story.role.value]}",
                        quote=story.quote, speaker=entry.speaker)
        return spec, f"“{story.quote}” — {entry.speaker}"
    if kind == "episode":
        podcast = state.content.podcast
        art = (entry.image or podcast.cover).data
        spec = CardSpec("episode", entry.episode.title, f"Podcast · Aflevering {entry.episode.number}", art=art)
        return spec, f"{podcast.show.title}, aflevering {entry.episode.number}: {entry.episode.title}"
    return CardSpec("page", title, campaign.campaign.name), title


def _own_share_image(page, kind: str, entry) -> PublishedImage | None:
    if kind == "story":
        return entry.share_image
    name = page.meta.get("deelafbeelding")
    if not name:
        return None
    source = Path(page.file.abs_src_path).parent / str(name)
    rel = Path(page.file.abs_src_path).relative_to(state.root).as_posix()
    if not source.is_file():
        raise Abort(f"\n{rel}: deelafbeelding: \"{name}\" bestaat niet; verwacht een afbeelding naast de pagina\n")
    try:
        return publish_share_image(source)
    except ImageProblem as exc:
        raise Abort(f"\n{rel}: deelafbeelding: \"{name}\" {exc}\n") from None


def _trail(page, kind: str, title: str) -> list[tuple[str, str]]:
    sections = {"story": ("Verhalen", urls.STORIES), "episode": ("Podcast", urls.PODCAST),
                "manifest": ("Manifesten", urls.MANIFESTS)}
    trail = [("Home", "")]
    if kind in sections:
        trail.append(sections[kind])
    if not page.is_homepage:
        trail.append((title, page.url))
    return trail


def _sources(page, kind: str, entry) -> list[str]:
    content = state.content
    if entry is not None:
        return [entry.path]
    if kind == "stories":
        return [s.path for s in content.stories]
    if kind == "podcast":
        return ["podcast/show.yml"] + [e.path for e in content.podcast.episodes]
    if kind == "manifests":
        return [m.path for m in content.manifests]
    return [f"{Path(page.file.abs_src_path).relative_to(state.root).as_posix()}"]



def head(page, config) -> Markup:
    site = config.site_name
    site_url = config.site_url or "/"
    # Error pages are served at any depth, so they get root-relative URLs.
    here = (lambda target: urls.relative(page.url, target)) if page else \
        (lambda target: urls.root_relative(config.site_url, target))
    feeds = [{"title": "Nieuwe verhalen (RSS)", "href": here(urls.stories_feed_rss()), "type": "application/rss+xml"},
             {"title": "Nieuwe verhalen (JSON Feed)", "href": here(urls.stories_feed_json()),
              "type": "application/feed+json"}]
    if state.content.podcast is not None:
        feeds.append({"title": f"Podcast {state.content.podcast.show.title}", "href": here(urls.podcast_feed()),
                      "type": "application/rss+xml"})
    if page is None:
        return render("head.html", title=f"Pagina niet gevonden - {site}", description=config.site_description or "",
                      canonical=None, favicon=here(config.theme["favicon"]), feeds=feeds, social=None, jsonld=[],
                      noindex=True)
    kind, entry = page_kind(page)
    title = page_title(page)
    full = site if not title or page.is_homepage else f"{title} - {site}"
    description = page.meta.get("description") or config.site_description or ""
    own = _own_share_image(page, kind, entry)
    if own is not None:
        image_path = urls.share_image(page.url)
        state.share_images[image_path] = own
        alt, width, height, mime = page.meta.get("deelafbeelding_alt") or title, own.width, own.height, own.mime
    else:
        spec, alt = card_spec(kind, entry, title)
        image_path = urls.card(page.url)
        state.cards[image_path] = spec
        width, height, mime = 1200, 630, "image/png"
    canonical = urls.absolute(site_url, page.url)
    hidden = not is_public(kind, entry)
    social = {
        "type": "article" if kind in ("story", "episode", "manifest") else "website",
        "title": title or site, "url": canonical, "image": urls.absolute(site_url, image_path),
        "width": width, "height": height, "alt": alt, "mime": mime, "site_name": site,
    }
    jsonld = []
    if page.is_homepage:
        jsonld.append(structured.organization(state.content.campaign, site_url))
    else:
        jsonld.append(structured.breadcrumbs(_trail(page, kind, title), site_url))
    if kind == "story" and not hidden:
        jsonld.append(structured.article(entry, state.content.campaign, site_url, social["image"]))
    elif kind == "episode":
        jsonld.append(structured.podcast_episode(state.content.podcast, entry, site_url))
    elif kind == "podcast":
        jsonld.append(structured.podcast_series(state.content.podcast, site_url))
    if not hidden:
        state.sitemap.append((canonical, state.lastmod.of(*_sources(page, kind, entry))))
    return render("head.html", title=full, description=description, canonical=canonical,
                  favicon=here(config.theme["favicon"]), feeds=feeds, social=social, jsonld=jsonld,
                  noindex=hidden)


def is_public(kind: str, entry) -> bool:
    """Listed, indexed and searchable: not withdrawn, not a draft or scheduled item in a preview."""
    return kind != "withdrawn" and publication_status(kind, entry) == "gepubliceerd"


def publication_status(kind: str, entry) -> str:
    """gepubliceerd, concept or gepland: the last two only ever appear in `make serve`."""
    if kind == "story":
        return entry.status
    if kind == "episode":
        held = state.content.podcast.held_back
        return "concept" if entry.episode.draft else ("gepland" if entry in held else "gepubliceerd")
    return "gepubliceerd"
