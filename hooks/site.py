"""The MkDocs hook: load -> validate -> add generated pages and files -> render them into the theme.

MkDocs loads this file by path; the project root goes on sys.path so `hooks` imports as a package.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from hooks import blocks, structured, urls  # noqa: E402
from hooks.content import ManifestEntry, SiteContent, StoryEntry, load  # noqa: E402
from hooks.errors import ContentError  # noqa: E402
from hooks.errors import Problem  # noqa: E402
from hooks.feed import build_feed, chapters_json  # noqa: E402
from hooks.motion import motion  # noqa: E402
from hooks.podcast import EpisodeEntry  # noqa: E402
from hooks.render import render, text  # noqa: E402

log = logging.getLogger("mkdocs.hooks.campagne")
# Advice that must be seen but must not fail a strict build goes to a logger MkDocs does not count.
advice = logging.getLogger("hvk.advies")
if not advice.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("LET OP  -  %(message)s"))
    advice.addHandler(_handler)
    advice.propagate = False
PERSON_ROLES = {"host": "presentator", "co-host": "co-presentator", "guest": "gast"}


class _State:
    content: SiteContent
    stories: dict[str, StoryEntry]       # by generated source path
    episodes: dict[str, EpisodeEntry]    # by generated source path
    notes_html: dict[str, str]           # episode slug -> rendered show notes
    manifests: dict[str, ManifestEntry]  # by generated source path
    endpoint: str | None                 # where the petition form posts


state = _State()


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


def on_config(config):
    root = content_root(config)
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
    state.stories = {urls.story_source(s.slug): s for s in state.content.stories}
    podcast = state.content.podcast
    state.episodes = {urls.episode_source(e.slug): e for e in podcast.episodes} if podcast else {}
    state.notes_html = {}
    held = len(podcast.held_back) if podcast else 0
    log.info("Inhoud geladen: %d verhalen, %d afleveringen (%d nog niet gepubliceerd).",
             len(state.content.stories), len(state.episodes), held)
    return config


def _add(files: Files, config, uri: str, **source) -> None:
    files.append(File.generated(config, uri, **source))


def on_files(files: Files, config) -> Files:
    _add(files, config, urls.stories_index_source(), content="# Verhalen\n")
    for source, entry in state.stories.items():
        _add(files, config, source, content=entry.body)
        if entry.photo is not None:
            _add(files, config, urls.story_photo(entry.slug, entry.photo.ext), content=entry.photo.data)
    if state.manifests:
        _add(files, config, urls.manifests_index_source(), content="# Manifesten\n")
    for source, entry in state.manifests.items():
        _add(files, config, source, content=entry.body)
    _add(files, config, urls.motion_text(), content=motion(state.content.campaign).encode("utf-8"))
    podcast = state.content.podcast
    if podcast is not None:
        _add(files, config, urls.podcast_index_source(), content="# Podcast\n")
        _add(files, config, urls.podcast_cover(), content=podcast.cover.data)
        for source, entry in state.episodes.items():
            _add(files, config, source, content=entry.body)
            if entry.audio_file is not None:
                _add(files, config, entry.audio_url, abs_src_path=str(entry.audio_file))
            if entry.episode.chapters:
                _add(files, config, urls.episode_chapters(entry.slug), content=chapters_json(entry))
            if entry.transcript_file is not None:
                _add(files, config, urls.episode_transcript(entry.slug, entry.transcript_file.suffix.lower()),
                     abs_src_path=str(entry.transcript_file))
            if entry.image is not None:
                _add(files, config, urls.episode_image(entry.slug), content=entry.image.data)
    return files


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
        related = [state.content.story(slug) for slug in entry.story.related]
        return render("story.html", entry=entry, body=Markup(html), related=related, photo=photo, **_common(page))
    if src == urls.stories_index_source():
        stories = state.content.stories
        return render("stories.html", entries=stories, used_roles={s.story.role.value for s in stories},
                      used_themes={t for s in stories for t in s.story.themes}, **_common(page))
    if src in state.episodes:
        entry = state.episodes[src]
        state.notes_html[entry.slug] = html
        audio_src = urls.relative(page.url, entry.audio_url) if entry.audio_file else entry.episode.audio
        related = [state.content.story(slug) for slug in entry.episode.related]
        return render("episode.html", entry=entry, show=podcast.show, body=Markup(html), audio_src=audio_src,
                      related=related, person_roles=PERSON_ROLES,
                      structured=structured.podcast_episode(podcast, entry, site_url), **_common(page))
    if src == urls.podcast_index_source() and podcast:
        return render("podcast.html", show=podcast.show, episodes=podcast.episodes,
                      cover_url=urls.podcast_cover(), feed_url=urls.absolute(site_url, urls.podcast_feed()),
                      structured=structured.podcast_series(podcast, site_url), **_common(page))
    if src in state.manifests:
        return render("manifest.html", entry=state.manifests[src], body=Markup(html), **_common(page))
    if src == urls.manifests_index_source():
        return render("manifests.html", entries=state.content.manifests, **_common(page))
    if blocks.used(html):
        return blocks.expand(html, _block_context(page))
    return html


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


def on_post_build(config):
    podcast = state.content.podcast
    if podcast is not None:
        feed = Path(config.site_dir) / urls.podcast_feed()
        feed.parent.mkdir(parents=True, exist_ok=True)
        feed.write_bytes(build_feed(podcast, config.site_url or "/", state.notes_html))


def _head(page, config) -> Markup:
    site = config.site_name
    title = ""
    if page is not None:
        title = Markup(page.meta["title"]).unescape() if page.meta.get("title") else (page.title or "")
    full = site if not title or (page and page.is_homepage) else f"{title} - {site}"
    description = (page.meta.get("description") if page else None) or config.site_description or ""
    canonical = page.canonical_url if page else None
    # Error pages are served at any depth, so they get root-relative URLs.
    here = (lambda target: urls.relative(page.url, target)) if page else \
        (lambda target: urls.root_relative(config.site_url, target))
    feeds = []
    if state.content.podcast is not None:
        feeds.append({"title": f"Podcast {state.content.podcast.show.title}", "href": here(urls.podcast_feed())})
    return render("head.html", title=full, description=description, canonical=canonical,
                  favicon=here(config.theme["favicon"]), feeds=feeds)


def on_page_context(context, page, config, nav):
    context["hvk_head"] = _head(page, config)
    return context


def on_template_context(context, template_name, config):
    context["hvk_head"] = _head(None, config)
    return context
