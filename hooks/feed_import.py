"""Moving an existing show in: reads another host's podcast feed and turns it into our content.

Apps know a show by its `podcast:guid` and feed address, and an episode by its `<guid>`: both are
kept verbatim, so a move loses no subscriber and duplicates no episode. Reading the feed is pure
(`read_feed`: bytes in, a model out); fetching and writing are at the edge (`run`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from html import unescape
from html.entities import name2codepoint
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdownify
from lxml import etree
from markupsafe import Markup, escape

from . import urls
from .frontmatter import parse, parse_data
from .podcast_models import APPLE_CATEGORIES, MAX_DESCRIPTION_BYTES, parse_seconds, podcast_guid, title_advice
from .render import clock, render
from .sanitize import clean
from .templates_new import free_path

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
# The namespace's other addresses, which readers must accept too (half the feeds tried used the first).
PODCAST_ALIASES = (
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    "http://podcastindex.org/namespace/1.0",
)
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"
PSC = "http://podlove.org/simple-chapters"
GOOGLEPLAY = "http://www.google.com/schemas/play-podcasts/1.0"

PREFIXES = {
    ITUNES: "itunes",
    PODCAST: "podcast",
    CONTENT: "content",
    ATOM: "atom",
    PSC: "psc",
    GOOGLEPLAY: "googleplay",
}
# What the import keeps of an item (the rest is named per episode, never dropped without a word).
KEPT_IN_ITEM = {
    "title", "link", "description", "pubDate", "guid", "enclosure", "content:encoded",
    "itunes:title", "itunes:episode", "itunes:season", "itunes:episodeType", "itunes:duration",
    "itunes:explicit", "itunes:image", "itunes:subtitle", "itunes:summary",
    "podcast:chapters", "podcast:transcript", "podcast:person", "podcast:season", "podcast:episode", "psc:chapters",
}  # fmt: skip
# What the import keeps of the channel; `item`s are episodes; the rest is named once.
KEPT_IN_CHANNEL = {
    "title", "description", "link", "language", "image", "item", "atom:link", "lastBuildDate", "pubDate",
    "generator", "docs", "itunes:author", "itunes:owner", "itunes:image", "itunes:category", "itunes:explicit",
    "itunes:type", "itunes:summary", "itunes:new-feed-url", "managingEditor", "podcast:guid", "podcast:locked",
    "podcast:funding",
}  # fmt: skip


def _name(element) -> str:
    """`podcast:soundbite`, `itunes:author`, `comments`: a tag as feeds write it."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag.startswith("{"):
        return tag
    space, local = tag[1:].split("}", 1)
    return f"{PREFIXES.get(space, space)}:{local}"


def _left_out(item) -> list[str]:
    """What of an item the import does not keep: tags it does not read, and values of kept tags it
    cannot use (a transcript in HTML or JSON, a person in another role)."""
    found = {_name(child) for child in item if _name(child) and _name(child) not in KEPT_IN_ITEM}
    for transcript in item.findall(f"{{{PODCAST}}}transcript"):
        if transcript.get("type", "").lower() not in TRANSCRIPT_SUFFIX:
            found.add(f"podcast:transcript ({transcript.get('type', 'zonder type')})")
    for person in item.findall(f"{{{PODCAST}}}person"):
        if person.get("role", "host").lower() not in ROLES:
            found.add(f"podcast:person (rol {person.get('role')})")
        if person.get("img"):
            found.add("podcast:person (foto)")
    return sorted(found)


TRANSCRIPT_SUFFIX = {"text/vtt": ".vtt", "application/x-subrip": ".srt", "application/srt": ".srt"}
IMAGE_SUFFIX = {b"\xff\xd8\xff": ".jpg", b"\x89PNG": ".png"}
MAX_ASSET_BYTES = 20_000_000  # a cover, a transcript or a chapters file; never an episode's audio
ROLES = {"host": "host", "co-host": "co-host", "cohost": "co-host", "guest": "guest"}
KINDS = {"full": "aflevering", "trailer": "trailer", "bonus": "bonus"}

_TIMESTAMP = re.compile(r"^\s*[\[(]?((?:\d{1,2}:)?\d{1,2}:\d{2})[\])]?\s*[-–:|]?\s*(\S.*)$")


class ImportRefused(ValueError):
    """A Dutch sentence saying why this feed is not imported, and what to do about it."""


@dataclass
class ImportedEpisode:
    guid: str
    title: str
    feed_title: str  # the feed's <title>, when Apple's <itunes:title> (used) differs from it
    date: dt.datetime
    kind: str
    number: int | None
    season: int | None
    explicit: bool
    audio: str
    audio_bytes: int | None
    duration: float | None
    notes_html: str
    summary: str
    chapters_url: str | None = None
    chapters: list[tuple[float, str]] = field(default_factory=list)
    transcripts: list[tuple[str, str]] = field(default_factory=list)  # (url, mime), best first
    persons: list[tuple[str, str, str | None]] = field(default_factory=list)
    image_url: str | None = None
    link: str = ""
    feed_number: int | None = None  # the number the feed gave, when it had to change (a duplicate)


@dataclass
class ImportedShow:
    title: str
    description: str
    author: str
    owner_name: str
    owner_email: str
    categories: list[str]
    explicit: bool
    show_type: str
    cover_url: str | None
    guid: str
    feed_url: str | None
    locked_by: str | None  # the owner's address when the feed says podcast:locked yes
    new_feed_url: str | None
    funding: tuple[str, str] | None
    episodes: list[ImportedEpisode]
    notes: list[str] = field(default_factory=list)


def _parser(recover: bool = False) -> etree.XMLParser:
    # No DTDs, no entities, no network: a feed is data from another host.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=recover)


def _html_entity(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode("ascii")
    if name in XML_ENTITIES or name not in name2codepoint:
        return match.group(0)
    return f"&#{name2codepoint[name]};".encode("ascii")


def parse_xml(data: bytes, notes: list[str]) -> etree._Element:
    """The feed's XML as every podcast app reads it: strictly if it is well-formed, else repaired
    (text before `<?xml`, HTML entities such as `&nbsp;`, then libxml2's recovery), saying what was
    repaired. The namespace's older addresses are read as the current one."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as strict:
        repairs = []
        fixed = data.lstrip(b"\xef\xbb\xbf \t\r\n")
        if fixed != data:
            repairs.append("witruimte voor <?xml weggehaald")
        entities = re.sub(rb"&([A-Za-z][A-Za-z0-9]{1,31});", _html_entity, fixed)
        if entities != fixed:
            repairs.append("HTML-tekens zoals &nbsp; omgezet")
        fixed = entities
        try:
            root = etree.fromstring(fixed, _parser())
        except etree.XMLSyntaxError:
            root = etree.fromstring(fixed, _parser(recover=True))
            repairs.append("wat niet te lezen was overgeslagen, zoals podcast-apps doen")
        if root is None or not re.search(rb"</rss>\s*$", fixed):  # cut off: a half feed is not a feed
            raise ImportRefused(f"is geen leesbare feed ({strict}); verwacht een RSS-feed van een podcast") from None
        notes.append(f"de feed was geen strikte XML ({strict}); hersteld: {', '.join(repairs)}")
    renamed = 0
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            space, local = element.tag[1:].split("}", 1)
            if space in PODCAST_ALIASES:
                element.tag, renamed = f"{{{PODCAST}}}{local}", renamed + 1
    if renamed:
        notes.append(f"de feed gebruikt een ouder adres van de podcast-namespace; gelezen als {PODCAST}")
    return root


def _text(element, path: str) -> str:
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None and found.text else ""


def _raw(element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _yes(value: str) -> bool | None:
    value = value.strip().lower()
    if value in ("yes", "true", "explicit"):
        return True
    if value in ("no", "false", "clean"):
        return False
    return None


def _or(value: bool | None, default: bool) -> bool:
    return default if value is None else value


def _int(value: str, digits: int = 6) -> int | None:
    """A positive whole number of at most `digits` digits (an episode's number; a file's size: 12)."""
    return int(value) if re.fullmatch(rf"\s*\d{{1,{digits}}}\s*", value) and int(value) > 0 else None


def plain(html: str) -> str:
    """Text of an HTML fragment, with line breaks where blocks and <br> were."""
    text = re.sub(r"(?i)<br\s*/?>|</(p|li|h\d|div)>", "\n", html)
    text = unescape(re.sub(r"<[^<>]+>", "", text))  # [^<>]: a match cannot start inside another (linear on "<<<<")
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def as_html(notes: str) -> str:
    """Shownotes as HTML: some hosts (SoundCloud) write plain text, where lines are the structure."""
    if re.search(r"<[a-zA-Z][^<>]*>", notes):
        return notes
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", notes) if p.strip()]
    return "".join(f"<p>{'<br>'.join(escape(line) for line in p.splitlines())}</p>" for p in paragraphs)


def chapters_in_text(html: str) -> list[tuple[float, str]]:
    """Chapter times as shownotes write them ("0:00 Welkom", "(12:30) Gast"), for feeds without a
    chapters file: they must start at 0:00 and go forward, or they are not chapters."""
    found = []
    for line in plain(html).splitlines():
        match = _TIMESTAMP.match(line)
        if match:
            seconds = parse_seconds(match.group(1))
            if seconds is not None:
                found.append((seconds, match.group(2).strip()[:120]))
    starts = [s for s, _ in found]
    if len(found) < 2 or starts[0] != 0 or starts != sorted(set(starts)):
        return []
    return found


def markdown(html: str) -> str:
    """Shownotes as Markdown, from the sanitised HTML (the build sanitises again, as for every body)."""
    text = markdownify.markdownify(clean(html), heading_style="ATX", bullets="-", escape_underscores=False)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _summary(item, notes_html: str) -> str:
    for candidate in (plain(_raw(item, f"{{{ITUNES}}}subtitle")), plain(_raw(item, f"{{{ITUNES}}}summary"))):
        candidate = " ".join(candidate.split())
        if 10 <= len(candidate) <= 300:
            return candidate
    text = " ".join(plain(notes_html).split()) or _text(item, "title")
    sentences = re.split(r"(?<=[.!?])\s+", text)
    summary = ""
    for sentence in sentences:
        if len(summary) + len(sentence) > 280 and summary:
            break
        summary = f"{summary} {sentence}".strip()
    summary = summary[:300]
    return summary if len(summary) >= 10 else f"{summary} (aflevering)".strip()


def _categories(channel) -> list[str]:
    found = []
    for element in channel.findall(f"{{{ITUNES}}}category"):
        parent = element.get("text", "").strip()
        child = element.find(f"{{{ITUNES}}}category")
        child_text = child.get("text", "").strip() if child is not None else ""
        if parent in APPLE_CATEGORIES:
            found.append(f"{parent} > {child_text}" if child_text in APPLE_CATEGORIES[parent] else parent)
    return found[:3]


def _episode(item, show_title: str, channel_explicit: bool, notes: list[str]) -> ImportedEpisode | None:
    raw_title = _text(item, "title") or _text(item, f"{{{ITUNES}}}title")
    clean_title = _text(item, f"{{{ITUNES}}}title") or raw_title  # Apple's tag holds the title without number
    enclosure = item.find("enclosure")
    if enclosure is None or not enclosure.get("url"):
        notes.append(f'"{raw_title}" heeft geen audio (enclosure) en is overgeslagen')
        return None
    audio = enclosure.get("url", "").strip()
    guid = _raw(item, "guid") or audio  # what apps fall back on when a feed has no guid
    if not _raw(item, "guid"):
        notes.append(f'"{raw_title}" heeft geen guid; het audioadres is de guid, zoals podcast-apps doen')
    try:
        date = parsedate_to_datetime(_text(item, "pubDate"))
    except (TypeError, ValueError):
        notes.append(f'"{raw_title}" heeft geen leesbare datum (pubDate) en is overgeslagen')
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    encoded = _raw(item, f"{{{CONTENT}}}encoded")
    notes_html = as_html(encoded or _raw(item, "description") or _raw(item, f"{{{ITUNES}}}summary"))
    kind = KINDS.get(_text(item, f"{{{ITUNES}}}episodeType").lower() or "full", "aflevering")
    number = _int(_text(item, f"{{{ITUNES}}}episode") or _text(item, f"{{{PODCAST}}}episode"))
    season = _int(_text(item, f"{{{ITUNES}}}season") or _text(item, f"{{{PODCAST}}}season"))
    if kind == "trailer":
        number = None
    length = _int(enclosure.get("length", ""), digits=12)  # bytes: an episode is tens of millions
    duration = parse_seconds(_text(item, f"{{{ITUNES}}}duration"))
    title = clean_title  # as the old host wrote it: listeners know the episode by it
    if title_advice(title, show_title):
        notes.append(
            f'"{title}": de titel noemt het nummer of de podcast zelf; Apple raadt aan dat weg te laten '
            "(overgenomen zoals hij was; pas `titel` aan als je wilt)"
        )
    episode = ImportedEpisode(
        guid=guid,
        title=title,
        feed_title=raw_title,
        date=date,
        kind=kind,
        number=number,
        season=season,
        explicit=_or(_yes(_text(item, f"{{{ITUNES}}}explicit")), channel_explicit),
        audio=audio,
        audio_bytes=length if length and length > 1000 else None,  # 0 or 1 is a host's placeholder
        duration=duration if duration else None,
        notes_html=notes_html,
        summary=_summary(item, notes_html),
        link=_text(item, "link"),
    )
    if episode.link.startswith(("https://", "http://")):  # the old site's relative links, made whole
        episode.notes_html = urls.absolute_links(episode.notes_html, episode.link)
    chapters = item.find(f"{{{PODCAST}}}chapters")
    if chapters is not None and chapters.get("url"):
        episode.chapters_url = chapters.get("url")
    simple = item.find(f"{{{PSC}}}chapters")
    if simple is not None:
        for chapter in simple.findall(f"{{{PSC}}}chapter"):
            start = parse_seconds(chapter.get("start", "").split(".")[0])
            if start is not None and chapter.get("title"):
                episode.chapters.append((start, chapter.get("title", "").strip()[:120]))
    transcripts = [
        (t.get("url", ""), t.get("type", "").lower())
        for t in item.findall(f"{{{PODCAST}}}transcript")
        if t.get("url") and t.get("type", "").lower() in TRANSCRIPT_SUFFIX
    ]
    episode.transcripts = sorted(transcripts, key=lambda t: t[1] != "text/vtt")
    for person in item.findall(f"{{{PODCAST}}}person"):
        name = " ".join((person.text or "").split())[:80]
        role = ROLES.get(person.get("role", "host").lower())
        if name and role:
            href = person.get("href")
            episode.persons.append((name, role, href if href and href.startswith("https://") else None))
    image = item.find(f"{{{ITUNES}}}image")
    if image is not None and image.get("href"):
        episode.image_url = image.get("href")
    left_out = _left_out(item)
    if left_out:
        notes.append(f'"{title}": niet overgenomen (de site schrijft dit nog niet): {", ".join(left_out)}')
    return episode


def read_feed(data: bytes, source_url: str | None = None) -> ImportedShow:
    """The show and its episodes as the feed gives them; ImportRefused for what is not a podcast feed."""
    notes: list[str] = []
    root = parse_xml(data, notes)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ImportRefused("is geen RSS-feed; verwacht de RSS-feed van een podcast (met <rss> en <channel>)")
    title = _text(channel, "title")
    locked = channel.find(f"{{{PODCAST}}}locked")
    self_link = next(
        (link.get("href") for link in channel.findall(f"{{{ATOM}}}link") if link.get("rel") == "self"), None
    )
    feed_url = self_link or source_url
    guid = _text(channel, f"{{{PODCAST}}}guid")
    if not guid:
        if not feed_url:
            raise ImportRefused(
                "heeft geen podcast:guid en geen eigen adres (atom:link rel=self); "
                "verwacht het feedadres: geef het mee met --feed-adres"
            )
        guid = podcast_guid(feed_url)
        notes.append(f"de feed heeft geen podcast:guid; berekend uit het feedadres {feed_url}: {guid}")
    channel_explicit = bool(_yes(_text(channel, f"{{{ITUNES}}}explicit")))
    description = plain(_raw(channel, "description") or _raw(channel, f"{{{ITUNES}}}summary"))
    while len(description.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
        description = description[: len(description) - 100].rsplit(" ", 1)[0]
        if len(description.encode("utf-8")) <= MAX_DESCRIPTION_BYTES:
            notes.append("de beschrijving van de show was langer dan 4000 bytes en is ingekort")
    image = channel.find(f"{{{ITUNES}}}image")
    cover = image.get("href") if image is not None else None
    cover = cover or _text(channel, "image/url") or None
    owner = channel.find(f"{{{ITUNES}}}owner")
    funding = channel.find(f"{{{PODCAST}}}funding")
    episodes = [e for item in channel.findall("item") if (e := _episode(item, title, channel_explicit, notes))]
    channel_left_out = sorted({_name(c) for c in channel if _name(c) and _name(c) not in KEPT_IN_CHANNEL})
    if channel_left_out:
        notes.append(f"van de show niet overgenomen (de site schrijft dit nog niet): {', '.join(channel_left_out)}")
    show = ImportedShow(
        title=title,
        description=description,
        author=_text(channel, f"{{{ITUNES}}}author") or _text(channel, "managingEditor") or title,
        owner_name=_text(owner, f"{{{ITUNES}}}name") if owner is not None else "",
        owner_email=_text(owner, f"{{{ITUNES}}}email") if owner is not None else "",
        categories=_categories(channel),
        explicit=channel_explicit,
        show_type="serial" if _text(channel, f"{{{ITUNES}}}type").lower() == "serial" else "episodic",
        cover_url=cover,
        guid=guid,
        feed_url=feed_url,
        locked_by=(locked.get("owner") or "de eigenaar")
        if locked is not None and (locked.text or "").strip().lower() == "yes"
        else None,
        new_feed_url=_text(channel, f"{{{ITUNES}}}new-feed-url") or None,
        funding=(funding.get("url", ""), " ".join((funding.text or "").split()))
        if funding is not None and funding.get("url")
        else None,
        episodes=episodes,
        notes=notes,
    )
    _number_the_unnumbered(show)
    return show


def _number_the_unnumbered(show: ImportedShow) -> None:
    """A full episode needs a number of its own in its season (Apple's rule; a bonus may share one):
    the feed's order by date gives the missing ones, and a number a later episode repeats becomes
    the next free one, said per episode and kept in a comment in its file."""
    taken: dict[int | None, set[int]] = {}
    for ep in sorted(show.episodes, key=lambda e: e.date):
        if ep.kind != "aflevering" or ep.number is None:
            continue
        used = taken.setdefault(ep.season, set())
        if ep.number in used:
            ep.feed_number = ep.number
            ep.number = None  # numbered below, after every number the feed gives is known
        else:
            used.add(ep.number)
    for ep in sorted(show.episodes, key=lambda e: e.date):
        if ep.kind == "aflevering" and ep.number is None:
            used = taken.setdefault(ep.season, set())
            ep.number = max(used, default=0) + 1
            used.add(ep.number)
            if ep.feed_number is not None:
                show.notes.append(
                    f'"{ep.title}" had nummer {ep.feed_number}, dat een eerdere aflevering al had; '
                    f"het is nu nummer {ep.number}"
                )
            else:
                show.notes.append(f'"{ep.title}" had geen nummer; het is nu nummer {ep.number} (op volgorde van datum)')


# --- the edge: fetching what the feed points to, and writing the files ----------------------------

Fetch = Callable[[str, int], bytes]


def _existing_guids(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        guid = parse(path.name, path.read_text("utf-8", errors="replace")).data.get("guid")
        if isinstance(guid, str):
            found[guid] = path.name
    return found


def _own_slug(link: str, site_url: str | None, folder: Path, taken: set[str]) -> str | None:
    """An episode of our own feed keeps its address (a restore), when that name is free."""
    prefix = urls.absolute(site_url, urls.PODCAST) if site_url else None
    if not prefix or not link.startswith(prefix):
        return None
    slug = link[len(prefix) :].strip("/")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or slug in taken or (folder / f"{slug}.md").exists():
        return None
    taken.add(slug)
    return slug


def _fetch_image(url: str, fetch: Fetch) -> tuple[bytes, str] | None:
    """(the bytes, .jpg or .png) of a cover or episode art; None when it is neither or cannot be fetched."""
    try:
        picture = fetch(url, MAX_ASSET_BYTES)
    except OSError:
        return None
    return next(((picture, suffix) for magic, suffix in IMAGE_SUFFIX.items() if picture.startswith(magic)), None)


def _chapters_from_json(data: bytes) -> list[tuple[float, str]]:
    document = json.loads(data.decode("utf-8"))
    found = []
    for chapter in document.get("chapters", []):
        if chapter.get("toc", True) is False or "startTime" not in chapter:
            continue
        found.append((float(chapter["startTime"]), " ".join(str(chapter.get("title", "")).split())[:120]))
    return [c for c in found if c[1]]


def _local_audio(audio: str, site_url: str | None, podcast: Path) -> str:
    """Our own published audio, imported again (a restore), is the local file it came from."""
    prefix = urls.absolute(site_url, urls.episode_audio("")) if site_url else None
    if prefix and audio.startswith(prefix):
        rel = "audio/" + unquote(audio[len(prefix) :])
        if (podcast / rel).is_file() and ".." not in rel.split("/"):
            return rel
    return audio


def _fetch_chapters(ep: ImportedEpisode, fetch: Fetch, notes: list[str]) -> None:
    if ep.chapters_url:
        try:
            from_file = _chapters_from_json(fetch(ep.chapters_url, MAX_ASSET_BYTES))
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            notes.append(f'"{ep.title}": hoofdstukken niet op te halen ({ep.chapters_url}: {exc})')
        else:
            ep.chapters = from_file or ep.chapters
    if not ep.chapters:
        ep.chapters = chapters_in_text(ep.notes_html)
    if ep.chapters and ep.chapters[0][0] != 0:
        notes.append(f'"{ep.title}": de hoofdstukken beginnen niet bij 0:00 en zijn weggelaten')
        ep.chapters = []


def run(
    source: str,
    root: Path,
    fetch: Fetch,
    site_url: str | None = None,
    feed_url: str | None = None,
    today: dt.date | None = None,
) -> tuple[list[str], list[str]]:
    """Import `source` into `root`/podcast/: (files written, notes). Raises ImportRefused."""
    data = read_source(source, fetch)
    show = read_feed(data, feed_url or (source if source.startswith(("https://", "http://")) else None))
    podcast = root / "podcast"
    episodes_folder = podcast / "episodes"
    current = (
        parse_data("podcast/show.yml", (podcast / "show.yml").read_text("utf-8")).data
        if (podcast / "show.yml").is_file()
        else {}
    )
    if show.locked_by and str(current.get("guid", "")) != show.guid:
        raise ImportRefused(
            f"is vergrendeld door de eigenaar ({show.locked_by}): podcast:locked staat op yes. "
            "Zet bij de oude host de vergrendeling uit (vaak: 'podcast:locked' of 'feed beveiligen'), "
            "en importeer dan opnieuw"
        )
    notes = list(show.notes)
    out: dict[Path, bytes] = {}  # written together at the end: a failure leaves nothing half-imported
    replaced: list[Path] = []
    known = _existing_guids(episodes_folder)
    taken: set[str] = set()
    for ep in sorted(show.episodes, key=lambda e: e.date):
        if ep.guid in known:
            notes.append(f'"{ep.title}" staat er al ({known[ep.guid]}, dezelfde guid) en is niet opnieuw gemaakt')
            continue
        slug = _own_slug(ep.link, site_url, episodes_folder, taken)
        if slug is None:
            slug = free_path(episodes_folder, ep.title, taken, fallback="aflevering").stem
            taken.add(slug)
        ep.audio = _local_audio(ep.audio, site_url, podcast)
        if ep.audio.startswith("http://"):  # written as a draft: it builds, and waits for an https address
            notes.append(
                f'"{ep.title}": de audio staat op http:// ({ep.audio}); de site vraagt https://. '
                "De aflevering staat als concept klaar: zet de audio op https:// en haal `concept` weg"
            )
        _fetch_chapters(ep, fetch, notes)
        transcript = None
        for url, mime in ep.transcripts:
            try:
                captions = fetch(url, MAX_ASSET_BYTES)
            except OSError as exc:
                notes.append(f'"{ep.title}": transcript niet op te halen ({url}: {exc})')
                continue
            transcript = f"transcripts/{slug}{TRANSCRIPT_SUFFIX[mime]}"
            out[podcast / transcript] = captions
            break
        image = None
        if ep.image_url and ep.image_url != show.cover_url:
            art = _fetch_image(ep.image_url, fetch)
            if art is None:
                notes.append(f'"{ep.title}": de afbeelding is niet op te halen als JPEG of PNG ({ep.image_url})')
            else:
                image = f"afbeeldingen/{slug}{art[1]}"
                out[podcast / image] = art[0]
        local = not ep.audio.startswith(("https://", "http://"))
        written = render(
            "import/episode.md",
            ep=ep,
            slug=slug,
            transcript=transcript,
            image=image,
            audio_bytes=None if local else ep.audio_bytes,
            duration=clock(ep.duration) if ep.duration and not local else None,
            chapters=[(clock(start), title) for start, title in ep.chapters],
            body=Markup(markdown(ep.notes_html)) if ep.notes_html else "",
            title_changed=ep.title != ep.feed_title.strip(),
            plain_http=ep.audio.startswith("http://"),
            feed_number=ep.feed_number,
        )
        out[episodes_folder / f"{slug}.md"] = str(written).encode("utf-8")
    cover = current.get("omslag") if isinstance(current.get("omslag"), str) else None
    fetched = _fetch_image(show.cover_url, fetch) if show.cover_url else None
    if show.cover_url and fetched is None:
        notes.append(f"de omslag is niet op te halen als JPEG of PNG ({show.cover_url}); de huidige blijft")
    if fetched is not None:
        picture, suffix = fetched
        if cover and cover != f"omslag{suffix}" and (podcast / cover).is_file():
            replaced.append(podcast / cover)  # a cover no one names is an error of its own
            notes.append(f"de omslag {cover} is vervangen door omslag{suffix} uit de feed (git bewaart de oude)")
        cover = f"omslag{suffix}"
        out[podcast / cover] = picture
    text = render(
        "import/show.yml",
        show=show,
        cover=cover or "omslag.jpg",
        current=current,
        source=source if source.startswith(("https://", "http://")) else Path(source).name,
        today=(today or dt.date.today()).isoformat(),
        owner_name=show.owner_name or (current.get("eigenaar") or {}).get("naam", ""),
        owner_email=show.owner_email or (current.get("eigenaar") or {}).get("email", ""),
        categories=show.categories or current.get("categorieen") or [],
    )
    out[podcast / "show.yml"] = str(text).encode("utf-8")
    for path, data in out.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for path in replaced:
        path.unlink()
    return [path.relative_to(root).as_posix() for path in out], notes


def read_source(source: str, fetch: Fetch) -> bytes:
    """A feed's address (https:// or http://) or a saved feed file."""
    if urlsplit(source).scheme in ("https", "http"):
        return fetch(source, 50_000_000)
    return Path(source).read_bytes()
