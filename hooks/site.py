"""The MkDocs hook: load -> validate -> add generated pages -> render them into the theme.

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

from hooks import urls  # noqa: E402
from hooks.content import SiteContent, StoryEntry, load  # noqa: E402
from hooks.errors import ContentError  # noqa: E402
from hooks.images import PublishedImage  # noqa: E402
from hooks.render import render, text  # noqa: E402

log = logging.getLogger("mkdocs.hooks.campagne")


class _State:
    content: SiteContent
    stories_by_source: dict[str, StoryEntry]
    photos: dict[str, tuple[str, PublishedImage]]


state = _State()


def content_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    try:
        state.content = load(content_root(config))
    except ContentError as exc:
        raise Abort("\n" + exc.report() + "\n") from None
    state.stories_by_source = {urls.story_source(s.slug): s for s in state.content.stories}
    state.photos = {}
    log.info("Inhoud geladen: %d verhalen.", len(state.content.stories))
    return config


def on_files(files: Files, config) -> Files:
    files.append(File.generated(config, urls.stories_index_source(), content="# Verhalen\n"))
    for source, entry in state.stories_by_source.items():
        files.append(File.generated(config, source, content=entry.body))
        if entry.photo is not None:
            photo = entry.photo
            uri = urls.story_photo(entry.slug, photo.ext)
            files.append(File.generated(config, uri, content=photo.data))
            state.photos[entry.slug] = (uri, photo)
    return files


def on_page_markdown(markdown, page, config, files):
    entry = state.stories_by_source.get(page.file.src_uri)
    if entry is not None:
        page.meta["title"] = text(entry.story.title)
        page.meta["description"] = entry.story.summary
    elif page.file.src_uri == urls.stories_index_source():
        page.meta["title"] = text("Verhalen")
        page.meta["description"] = "Verhalen van jongeren, ouders en hulpverleners over uithuisplaatsing."
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
    entry = state.stories_by_source.get(src)
    if entry is not None:
        photo = None
        if entry.slug in state.photos:
            uri, published = state.photos[entry.slug]
            photo = {"src": urls.relative(page.url, uri), "width": published.width, "height": published.height}
        related = [state.content.story(slug) for slug in entry.story.related]
        return render("story.html", entry=entry, body=Markup(html), related=related, photo=photo, **_common(page))
    if src == urls.stories_index_source():
        stories = state.content.stories
        return render(
            "stories.html", entries=stories,
            used_roles={s.story.role.value for s in stories},
            used_themes={t for s in stories for t in s.story.themes},
            **_common(page),
        )
    return html


def _head(page, config) -> Markup:
    site = config.site_name
    title = str(page.meta.get("title") or page.title or "") if page else ""
    if page is not None and page.meta.get("title"):
        title = Markup(page.meta["title"]).unescape()
    full = site if not title or (page and page.is_homepage) else f"{title} - {site}"
    description = (page.meta.get("description") if page else None) or config.site_description or ""
    canonical = page.canonical_url if page else None
    # Error pages are served at any depth, so they get a root-relative favicon URL.
    favicon = (urls.relative(page.url, config.theme["favicon"]) if page
               else urls.root_relative(config.site_url, config.theme["favicon"]))
    return render("head.html", title=full, description=description, canonical=canonical,
                  favicon=favicon.rstrip("/"))


def on_page_context(context, page, config, nav):
    context["hvk_head"] = _head(page, config)
    return context


def on_template_context(context, template_name, config):
    context["hvk_head"] = _head(None, config)
    return context
