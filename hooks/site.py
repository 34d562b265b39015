"""The MkDocs hook: load -> validate -> add generated pages and files -> render them into the theme.
The page head lives in head.py, what a build knows in state.py.

MkDocs loads this file by path; the project root goes on sys.path so `hooks` imports as a package.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from hooks import blocks, cache_files, search_index, security, share, sitemap, story_feeds, urls  # noqa: E402
from hooks.cards import CardCache  # noqa: E402
from hooks.content import load  # noqa: E402
from hooks.errors import ContentError, Problem  # noqa: E402
from hooks.feed import build_feed, chapters_json  # noqa: E402
from hooks.lastmod import LastModified  # noqa: E402
from hooks.motion import motion  # noqa: E402
from hooks.pages import ContentPage  # noqa: E402
from hooks.render import environment, render, text  # noqa: E402

log = logging.getLogger("mkdocs.hooks.campagne")
# What the build did, printed even with `mkdocs build -q`.
report = logging.getLogger("hvk.verslag")
if not report.handlers:
    _out = logging.StreamHandler()
    _out.setFormatter(logging.Formatter("INFO    -  %(message)s"))
    report.addHandler(_out)
    report.setLevel(logging.INFO)
    report.propagate = False
# Advice that must be seen but must not fail a strict build goes to a logger MkDocs does not count.
advice = logging.getLogger("hvk.advies")
if not advice.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("LET OP  -  %(message)s"))
    advice.addHandler(_handler)
    advice.propagate = False
PERSON_ROLES = {"host": "presentator", "co-host": "co-presentator", "guest": "gast"}


from hooks.head import card_spec, head, is_public, page_kind, publication_status  # noqa: E402
from hooks.state import state  # noqa: E402
TIMINGS: dict[str, float] = {}   # seconds spent in each hook event during this build


def timed(func):
    """Adds up the time spent in a hook event, so `bench/` can say what our hooks cost."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            TIMINGS[func.__name__] = TIMINGS.get(func.__name__, 0.0) + time.perf_counter() - start
    return wrapper


def content_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _endpoint(config) -> tuple[str | None, list[Problem]]:
    """The petition endpoint from mkdocs.yml: https only (plain http only for a local test server)."""
    value = ((config.extra or {}).get("petitie") or {}).get("endpoint") or None
    if value is None or str(value).startswith("https://") or \
            str(value).startswith(("http://127.0.0.1:", "http://localhost:")):
        return value, []
    return None, [Problem("mkdocs.yml", 0, "extra.petitie.endpoint",
                          f'"{value}" is geen https://-adres; verwacht het https://-adres van het CRM van de stichting')]


@timed
def on_config(config):
    TIMINGS.clear()
    root = state.root = content_root(config)
    config.theme.static_templates.discard("sitemap.xml")   # ours has real dates; don't render theirs
    state.endpoint, problems = _endpoint(config)
    problems += blocks.check(Path(config.docs_dir), root)
    try:
        state.content = load(root)
        if problems:
            raise ContentError(problems)
    except ContentError as exc:
        raise Abort("\n" + ContentError(exc.problems + [p for p in problems if p not in exc.problems]).report()
                    + "\n") from None
    if state.endpoint is None:
        advice.warning("Er is geen adres voor het petitieformulier (extra.petitie.endpoint in mkdocs.yml). "
                       "De petitiepagina linkt nu naar %s.", state.content.campaign.petition.page)
    state.manifests = {urls.manifest_source(m.slug): m for m in state.content.manifests}
    state.story_html, state.cards, state.share_images, state.sitemap = {}, {}, {}, []
    state.lastmod = LastModified(root)
    state.policies = {}
    state.search_pages = search_index.SearchPages()
    state.csp_sources = None
    content = state.content
    podcast = content.podcast
    shown_stories = content.stories + (content.held_back if state.preview else [])
    state.stories = {urls.story_source(s.slug): s for s in shown_stories}
    state.withdrawn = {urls.story_source(s.slug): s for s in content.withdrawn}
    episodes = (podcast.episodes + (podcast.held_back if state.preview else [])) if podcast else []
    state.episodes = {urls.episode_source(e.slug): e for e in episodes}
    state.notes_html = {}
    counts = content.count()
    report.info("Inhoud: %d pagina's uit de inhoudsmappen, %d concept of gepland (%s), %d ingetrokken.",
                counts["pagina's"], counts["concepten en gepland"],
                "te zien in de voorvertoning" if state.preview else "niet gepubliceerd", counts["ingetrokken"])
    return config


def on_startup(command, dirty):
    """`make serve` previews drafts and scheduled items (with a banner); `make build` never publishes them."""
    state.preview = command == "serve"
    environment().auto_reload = state.preview   # a developer's template edit shows in the preview


def _add(files: Files, config, uri: str, **source) -> None:
    files.append(File.generated(config, uri, **source))


def _add_page(files: Files, config, source: str, entry) -> None:
    """A page from a content file. In `make serve` it is backed by the editor's file, so MkDocs'
    --dirty mode re-renders only pages whose file changed; in a build it is the parsed body, so
    MkDocs does not parse the front matter a second time (in pure-Python YAML)."""
    if state.preview:
        file = File.generated(config, source, abs_src_path=str(state.root / entry.path))
    else:
        file = File.generated(config, source, content=entry.body)
    files.append(file)
    ContentPage(None, file, config)   # becomes file.page: converted by the build's one Markdown instance


@timed
def on_files(files: Files, config) -> Files:
    _add(files, config, urls.stories_index_source(), content="# Verhalen\n")
    for source, entry in state.stories.items():
        _add_page(files, config, source, entry)
        if entry.photo is not None:
            _add(files, config, urls.story_photo(entry.slug, entry.photo.ext), content=entry.photo.data)
    for source in state.withdrawn:   # a friendly page; the photo goes with the story
        _add(files, config, source, content="")
    if state.manifests:
        _add(files, config, urls.manifests_index_source(), content="# Manifesten\n")
    for source, entry in state.manifests.items():
        _add_page(files, config, source, entry)
    _add(files, config, urls.motion_text(), content=motion(state.content.campaign).encode("utf-8"))
    _add(files, config, "robots.txt", content=sitemap.robots(urls.absolute(config.site_url or "/", "sitemap.xml")))
    _add_admin(files, config)
    podcast = state.content.podcast
    if podcast is not None:
        _add(files, config, urls.podcast_index_source(), content="# Podcast\n")
        _add(files, config, urls.podcast_cover(), content=podcast.cover.data)
        for source, entry in state.episodes.items():
            _add_page(files, config, source, entry)
            if entry.audio_file is not None:
                _add(files, config, entry.audio_url, abs_src_path=str(entry.audio_file))
            if entry.episode.chapters:
                _add(files, config, urls.episode_chapters(entry.slug), content=chapters_json(entry))
            if entry.transcript_file is not None:
                _add(files, config, urls.episode_transcript(entry.slug, entry.transcript_file.suffix.lower()),
                     abs_src_path=str(entry.transcript_file))
            if entry.image is not None:
                _add(files, config, urls.episode_image(entry.slug), content=entry.image.data)
    _start_cards(config)
    return files


def _start_cards(config) -> None:
    """Cards for stories and episodes are known now: drawing them overlaps with building the pages."""
    state.card_cache = CardCache(content_root(config) / ".cache" / "kaarten")
    known = [card_spec("story", e, "")[0] for e in state.stories.values() if e.share_image is None]
    known += [card_spec("episode", e, "")[0] for e in state.episodes.values()]
    state.card_cache.start(known)


def on_build_error(error):
    if getattr(state, "card_cache", None) is not None:
        state.card_cache.close()


CMS_DIST = ROOT / ".cache" / "cms" / "dist"


def _add_admin(files: Files, config) -> None:
    """The optional web editor at /admin/: our page and config, Decap CMS's own files as fetched by make."""
    cms_config = state.root / "cms" / "config.yml"
    if not cms_config.is_file():
        return
    if not (CMS_DIST / "decap-cms.js").is_file():
        advice.warning("De webeditor (/admin/) ontbreekt: `make cms` haalt hem op (npm nodig).")
        return
    _add(files, config, "admin/index.html", content=str(render("admin.html")))
    _add(files, config, "admin/config.yml", abs_src_path=str(cms_config))
    for path in sorted(CMS_DIST.iterdir()):
        _add(files, config, f"admin/{path.name}", abs_src_path=str(path))


@timed
def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if src in state.stories:
        story = state.stories[src].story
        page.meta.update(title=text(story.title), description=story.summary)
    elif src in state.episodes:
        episode = state.episodes[src].episode
        page.meta.update(title=text(episode.title), description=episode.summary)
    elif src in state.manifests:
        manifest = state.manifests[src].manifest
        page.meta.update(title=text(manifest.title), description=manifest.summary)
    elif src == urls.manifests_index_source():
        page.meta.update(title=text("Manifesten"), description="De manifesten van Het Vergeten Kind.")
    elif src in state.withdrawn:
        page.meta.update(title=text("Dit verhaal staat niet meer op de site"),
                         description="Dit verhaal is teruggetrokken.", search={"exclude": True})
    elif src == urls.stories_index_source():
        page.meta.update(title=text("Verhalen"),
                         description="Verhalen van jongeren, ouders en hulpverleners over uithuisplaatsing.")
    elif src == urls.podcast_index_source() and state.content.podcast:
        show = state.content.podcast.show
        page.meta.update(title=text(show.title), description=show.description[:300])
    return markdown


def _common(page) -> dict:
    campaign = state.content.campaign
    return {
        "campaign": campaign,
        "roles": campaign.roles,
        "themes": campaign.themes,
        "link": lambda target: urls.relative(page.url, target),
    }


@timed
def on_page_content(html, page, config, files):
    src = page.file.src_uri
    site_url = config.site_url or "/"
    podcast = state.content.podcast
    if src in state.stories:
        entry = state.stories[src]
        photo = None
        if entry.photo is not None:
            photo = {"src": urls.relative(page.url, urls.story_photo(entry.slug, entry.photo.ext)),
                     "width": entry.photo.width, "height": entry.photo.height}
        related = state.content.related(entry.story.related, state.preview)
        state.story_html[entry.slug] = html
        return render("story.html", entry=entry, body=Markup(html), related=related, photo=photo,
                      status=publication_status("story", entry),
                      **_share(page, config, entry.story.title), **_common(page))
    if src in state.withdrawn:
        return render("withdrawn.html", **_common(page))
    if src == urls.stories_index_source():
        stories = list(state.stories.values())
        return render("stories.html", entries=stories, used_roles={s.story.role.value for s in stories},
                      used_themes={t for s in stories for t in s.story.themes}, **_common(page))
    if src in state.episodes:
        entry = state.episodes[src]
        state.notes_html[entry.slug] = html
        audio_src = urls.relative(page.url, entry.audio_url) if entry.audio_file else entry.episode.audio
        related = state.content.related(entry.episode.related, state.preview)
        return render("episode.html", entry=entry, show=podcast.show, body=Markup(html), audio_src=audio_src,
                      status=publication_status("episode", entry),
                      related=related, person_roles=PERSON_ROLES,
                      **_share(page, config, entry.episode.title), **_common(page))
    if src == urls.podcast_index_source() and podcast:
        episodes = sorted(state.episodes.values(), key=lambda e: e.published, reverse=True)
        return render("podcast.html", show=podcast.show, episodes=episodes, status_of=lambda e: publication_status("episode", e),
                      cover_url=urls.podcast_cover(), feed_url=urls.absolute(site_url, urls.podcast_feed()),
                      **_common(page))
    if src in state.manifests:
        return render("manifest.html", entry=state.manifests[src], body=Markup(html), **_common(page))
    if src == urls.manifests_index_source():
        return render("manifests.html", entries=state.content.manifests, **_common(page))
    if blocks.used(html):
        return blocks.expand(html, _block_context(page))
    return html


def _share(page, config, title: str) -> dict:
    url = urls.absolute(config.site_url or "/", page.url)
    return {"share_url": url, "share_title": title, "share_links": share.links(url, title)}


def _block_context(page) -> dict:
    content = state.content
    podcast = content.podcast
    featured = content.campaign.campaign.featured_story
    return {
        **_common(page),
        "featured": content.story(featured) if featured else None,
        "latest": podcast.episodes[0] if podcast and podcast.episodes else None,
        "show": podcast.show if podcast else None,
        "has_podcast": bool(podcast),
        "endpoint": state.endpoint,
        "motion": motion(content.campaign),
        "motion_url": urls.motion_text(),
    }


def _csp_sources() -> dict[str, list[str]]:
    """Other hosts a page may need, all named by the content: external audio, the petition's CRM."""
    if state.csp_sources is None:      # once per build, not once per page
        state.csp_sources = _find_csp_sources()
    return state.csp_sources


def _find_csp_sources() -> dict[str, list[str]]:
    petition = state.content.campaign.petition
    media = [security.origin(e.episode.audio) for e in state.episodes.values() if e.episode.is_external]
    endpoint = security.origin(state.endpoint)
    return {"media": [m for m in media if m], "connect": [o for o in (endpoint, security.origin(petition.live_url)) if o],
            "forms": [endpoint] if endpoint else []}


def _secure(html: str, path: str) -> str:
    hashes = security.script_hashes(html)
    sources = _csp_sources()
    if "data-hvk-search" in html:
        hashes = hashes + ["'wasm-unsafe-eval'"]   # Pagefind searches with WebAssembly
    state.policies[path] = security.policy(hashes, **sources, for_header=True)
    return security.inject(html, security.policy(hashes, **sources))


@timed
def on_post_page(output, page, config):
    output = _secure(output, urls.root_relative(config.site_url, page.url))
    state.search_pages.add(page.url, output)
    return output


@timed
def on_post_template(output_content, template_name, config):
    if template_name == "404.html":
        return _secure(output_content, urls.root_relative(config.site_url, "404.html"))
    return output_content


def _write(config, path: str, data: bytes) -> None:
    target = Path(config.site_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _search_index(config) -> None:
    """Pagefind indexes the pages we marked (data-pagefind-body), with Dutch stemming."""
    try:
        reused = search_index.build(Path(config.site_dir), state.root / ".cache" / "zoekregister", state.search_pages)
    except RuntimeError as exc:
        raise Abort(f"\nHet zoekregister (Pagefind) kon niet gemaakt worden:\n{exc}\n") from None
    report.info("Zoekregister: %d pagina's, %s.", state.search_pages.count,
                "ongewijzigd, uit de cache" if reused else "opnieuw gemaakt")


@timed
def on_post_build(config):
    started = time.perf_counter()
    site_url = config.site_url or "/"
    podcast = state.content.podcast
    if podcast is not None:
        _write(config, urls.podcast_feed(), build_feed(podcast, site_url, state.notes_html))
    cache = state.card_cache
    for path, cached in cache.get_all(state.cards).items():
        _link(config, path, cached)
    for path, image in state.share_images.items():
        _write(config, path, image.data)
    report.info("Deelafbeeldingen: %d getekend, %d uit de cache.", cache.rendered, len(state.cards) - cache.rendered)
    if not state.preview:   # the preview also draws drafts' cards: let the real build decide what stays
        cache.prune(state.cards)
    stories = state.content.stories
    story_images = {e.slug: urls.absolute(site_url, _image_path(e.url)) for e in stories}
    _write(config, urls.stories_feed_rss(), story_feeds.rss(stories, site_url, story_images))
    _write(config, urls.stories_feed_json(), story_feeds.json_feed(stories, site_url, story_images, state.story_html))
    redirects = state.content.redirects()
    for old, new in redirects.items():
        _write(config, old + "index.html", render("redirect.html", target=urls.relative(old, new),
                                                  canonical=urls.absolute(site_url, new)).encode("utf-8"))
    # Hosts that read a _redirects file (Netlify, Cloudflare Pages) answer with a real 301.
    base = urls.root_relative(config.site_url, "")
    _write(config, "_redirects", "".join(f"{base}{old} {base}{new} 301\n" for old, new in sorted(redirects.items()))
           .encode("utf-8"))
    if state.preview and state.preview_builds:
        # `make serve` re-renders only changed pages: the whole-site outputs below would be partial.
        state.preview_builds += 1
        report.info("Voorvertoning: zoekregister, sitemap en _headers zijn van de eerste build.")
        return
    state.preview_builds += 1
    _write(config, "_headers", security.headers_file(state.policies).encode("utf-8"))
    _search_index(config)
    if os.environ.get("HVK_PROFIEL"):
        TIMINGS["on_post_build"] = time.perf_counter() - started   # this call, up to here
        report.info("Tijd in hooks: %s", json.dumps({k: round(v, 4) for k, v in TIMINGS.items()}))
    # mkdocs-material's JavaScript fetches sitemap.xml beside every <link rel="alternate"> (meant for
    # language versions); our feed links would make that a 404 and a console error on every page.
    for folder in (urls.STORIES, urls.PODCAST):
        _write(config, f"{folder}sitemap.xml", sitemap.sitemap([]))
    xml = sitemap.sitemap(state.sitemap)
    _write(config, "sitemap.xml", xml)
    _write(config, "sitemap.xml.gz", sitemap.gzipped(xml))


def _image_path(page_url: str) -> str:
    """Where a page's share image lives: the editor's own, else the drawn card."""
    own = urls.share_image(page_url)
    return own if own in state.share_images else urls.card(page_url)


def _link(config, path: str, cached: Path) -> None:
    target = Path(config.site_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    cache_files.link(cached, target)


@timed
def on_page_context(context, page, config, nav):
    context["hvk_head"] = head(page, config)
    context["hvk_searchable"] = is_public(*page_kind(page)) and page.file.src_uri != "zoeken.md"
    return context


@timed
def on_template_context(context, template_name, config):
    context["hvk_head"] = head(None, config)
    return context
