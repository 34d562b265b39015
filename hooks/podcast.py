"""Loads and validates the podcast folder: the show, its cover, and every episode with its audio,
transcript and art measured from the files themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import publication, remote_audio, urls
from .cache_files import file_digest
from .errors import Problem
from .frontmatter import Document, parse_data
from .images import ImageProblem, PublishedImage, publish_square_art
from .loading import (
    Named,
    content_files,
    derived,
    parse_valid,
    read_named,
    read_text,
    stray_file,
    validate,
)
from .media import PUBLISHED_TRANSCRIPT, AudioInfo, Cue, MediaProblem, clean_audio, read_audio, read_captions
from .podcast_models import Episode, Show, title_advice
from .publication import publication_time
from .render import clock, render


@dataclass(frozen=True)
class EpisodeEntry:
    slug: str
    path: str
    episode: Episode
    body: str
    published: dt.datetime
    audio: AudioInfo
    audio_file: Path | None = None
    transcript: tuple[Cue, ...] = ()
    transcript_file: Path | None = None
    image: PublishedImage | None = None
    status: str = publication.PUBLISHED
    published_audio: Path | None = None  # the copy without tags, published at audio_path
    audio_rel: str | None = None  # the local file's path under podcast/, as the editor wrote it

    @property
    def url(self) -> str:
        return urls.episode(self.slug)

    @property
    def audio_url(self) -> str:
        """Site-relative path of a local file, or the editor's https:// address."""
        if self.audio_file is None:
            return self.episode.audio
        return urls.episode_audio(self.audio_rel or self.audio_file.name)

    @property
    def audio_path(self) -> str:
        """Where the local file is written in the site (not encoded)."""
        return urls.episode_audio_path(self.audio_rel or (self.audio_file.name if self.audio_file else ""))

    @property
    def has_audio(self) -> bool:
        return self.audio.size > 0

    @property
    def transcript_mime(self) -> str | None:
        return PUBLISHED_TRANSCRIPT[1] if self.transcript else None

    def transcript_text(self) -> str:
        """The published transcript: new WebVTT written from the cues read, never the upload."""
        return str(render("transcript.vtt", cues=self.transcript))


@dataclass
class Podcast:
    show: Show
    cover: PublishedImage
    episodes: list[EpisodeEntry]  # published, newest first
    held_back: list[EpisodeEntry] = field(default_factory=list)  # drafts and scheduled

    @property
    def updated(self) -> dt.datetime | None:
        return self.episodes[0].published if self.episodes else None

    @property
    def has_feed(self) -> bool:
        """A feed is published once a real episode is: apps that subscribe to an empty (or
        example-only) feed show listeners nothing, and some never check it again."""
        return bool(self.episodes)

    @property
    def listenable(self) -> bool:
        """Something to listen to: a public episode here, or the place the show can be heard now
        (`nu_te_horen`). Without either, the menu and the home page leave the podcast out."""
        return self.has_feed or self.show.elsewhere is not None


# Covers that say they are examples (SHA-256 of the file): refused once an episode is public.
PLACEHOLDER_COVERS = frozenset({"aa708af5379eb9b23027d85247739803b09b7eaa30fd94165c1287caa5cc0bf5"})
REFUSED = (MediaProblem, ImageProblem)  # a reader's clear "no", recorded at the field


DURATION_SLACK = 3  # seconds an editor's `duur` may differ from the measured one without a note


def _measured_clean(path: Path) -> AudioInfo:
    """Audio facts of the published copy: the original is checked first (its problems are the
    editor's), then the copy is made (or found in .cache/audio/) and measured."""
    _measured(read_audio)(path)
    return _measured(read_audio)(clean_audio(path))


def _measured(reader):
    """A media reader whose results are kept between builds (the file's facts do not change)."""
    return lambda path: derived(reader.__name__, path, reader)


def _load_show(root: Path, folder: Path, problems: list[Problem], used: set[Path]):
    show_path = folder / "show.yml"
    if not show_path.is_file():
        problems.append(Problem("podcast/show.yml", 1, "", "het bestand ontbreekt; verwacht de gegevens van de show"))
        return None, None, None
    used.add(show_path.resolve())
    text = read_text(root, show_path, problems)
    if text is None:
        return None, None, None
    doc = parse_data("podcast/show.yml", text)
    if isinstance(doc.data.get("omslag"), str):
        used.add((folder / doc.data["omslag"]).resolve())
    show = validate(Show, doc, problems)
    if show is None:
        return None, None, None
    where = Named(doc.path, doc.line_of(("omslag",)), "omslag", "een afbeelding in podcast/")
    path, cover = read_named(folder, folder, show.cover, where, publish_square_art, REFUSED, problems)
    if path is not None:
        used.add(path)
        if file_digest(path) in PLACEHOLDER_COVERS:  # the digest the caches read anyway
            placeholder = Problem(
                doc.path,
                doc.line_of(("omslag",)),
                "omslag",
                "is de voorbeeldomslag (met VOORBEELD erop); verwacht de echte omslag van de podcast "
                "zodra er een aflevering op de site staat",
            )
            return show, cover, placeholder
    return show, cover, None


def _load_episode(
    root: Path,
    folder: Path,
    path: Path,
    now: dt.datetime,
    problems: list[Problem],
    used: set[Path],
    notes: list[Problem] | None = None,
    show_title: str = "",
) -> tuple[EpisodeEntry, Document] | None:
    rel = path.relative_to(root).as_posix()
    text = read_text(root, path, problems)
    if text is None:
        return None
    episode, doc = parse_valid(Episode, rel, text, problems, notes)
    # Files an episode names are its own even when the episode has errors: no follow-on noise.
    for key in ("audio", "transcript", "afbeelding"):
        if isinstance(doc.data.get(key), str):
            used.add((folder / doc.data[key]).resolve())
    if episode is None:
        return None
    advice = title_advice(episode.title, show_title)
    if advice and notes is not None:
        notes.append(Problem(rel, doc.line_of(("titel",)), "titel", f'"{episode.title}" {advice}'))
    before = len(problems)
    audio_line = doc.line_of(("audio",))
    audio_file = None
    audio = None
    if episode.audio.startswith("http://") and episode.draft:  # a moved show's draft, waiting for https
        if notes is not None:
            notes.append(
                Problem(
                    rel,
                    audio_line,
                    "audio",
                    f'"{episode.audio}" gebruikt http://; zet hem op https:// voor je publiceert',
                )
            )
        return None
    if episode.audio.startswith("http://"):
        problems.append(Problem(rel, audio_line, "audio", f'"{episode.audio}" gebruikt http://; verwacht https://'))
    elif episode.is_external:
        if episode.audio_bytes is not None and episode.duration is not None:
            audio = AudioInfo(episode.audio_bytes, _mime_from_name(episode.audio), episode.duration)
        else:
            try:
                measured = remote_audio.measure(episode.audio)
            except remote_audio.NotMeasured as exc:
                if notes is not None:
                    notes.append(Problem(rel, audio_line, "audio", f'"{episode.audio}" {exc}'))
            except remote_audio.RemoteProblem as exc:
                problems.append(Problem(rel, audio_line, "audio", f'"{episode.audio}" {exc}'))
            else:
                audio = measured.audio
                if episode.duration is not None:
                    audio = AudioInfo(audio.size, audio.mime, float(episode.duration))
                if measured.stale and notes is not None:
                    notes.append(
                        Problem(
                            rel,
                            audio_line,
                            "audio",
                            f'"{episode.audio}" is nu niet te bereiken; de site gebruikt de grootte en duur van de vorige keer',
                        )
                    )
    elif episode.draft and not (folder / episode.audio).is_file():
        audio = AudioInfo(0, _mime_from_name(episode.audio), 0.0)  # a draft may wait for its audio
    else:
        where = Named(rel, audio_line, "audio", "een mp3- of m4a-bestand in podcast/, zoals audio/aflevering-1.mp3")
        audio_file, audio = read_named(folder, folder, episode.audio, where, _measured_clean, REFUSED, problems)
        if episode.audio_bytes is not None:
            problems.append(
                Problem(
                    rel,
                    doc.line_of(("audio_bytes",)),
                    "audio_bytes",
                    "staat bij een eigen bestand; verwacht het alleen bij audio op een ander adres "
                    "(de site meet de grootte van een eigen bestand zelf)",
                )
            )
        if audio is not None and episode.duration is not None:
            measured = audio.duration
            audio = AudioInfo(audio.size, audio.mime, float(episode.duration))
            if abs(measured - audio.duration) > DURATION_SLACK and notes is not None:
                notes.append(
                    Problem(
                        rel,
                        doc.line_of(("duur",)),
                        "duur",
                        f"{clock(audio.duration)} wijkt af van de gemeten {clock(measured)}; "
                        "de site gebruikt jouw duur (haal `duur` weg om de gemeten duur te gebruiken)",
                    )
                )
    transcript_file, cues = None, tuple[Cue, ...]()
    if episode.transcript:
        where = Named(rel, doc.line_of(("transcript",)), "transcript", "een .vtt- of .srt-bestand in podcast/")
        transcript_file, read = read_named(
            folder, folder, episode.transcript, where, _measured(read_captions), REFUSED, problems
        )
        cues = tuple(read or ())
    image = None
    if episode.image:
        where = Named(rel, doc.line_of(("afbeelding",)), "afbeelding", "een afbeelding in podcast/")
        _, image = read_named(folder, folder, episode.image, where, publish_square_art, REFUSED, problems)
    if audio is not None and audio.duration and episode.chapters and episode.chapters[-1].start >= audio.duration:
        line = doc.line_of(("hoofdstukken", len(episode.chapters) - 1))
        problems.append(
            Problem(
                rel,
                line,
                f"hoofdstukken[{len(episode.chapters)}]",
                f"begint na het einde van de audio ({int(audio.duration)} s); verwacht een starttijd binnen de aflevering",
            )
        )
    last = max((max(cue.start, cue.end) for cue in cues), default=0.0)
    if audio is not None and audio.duration and last > audio.duration + DURATION_SLACK:
        problems.append(
            Problem(
                rel,
                doc.line_of(("transcript",)),
                "transcript",
                f"loopt door tot {clock(last)}, na het einde van de audio ({clock(audio.duration)}); verwacht het "
                "transcript van deze aflevering, met tijden binnen de aflevering",
            )
        )
    if len(problems) != before or audio is None:
        return None
    # The example is never public: the guide and the tests use it, listeners never get it.
    status = publication.status(when=episode.date, now=now, draft=episode.draft or episode.example)
    entry = EpisodeEntry(
        urls.slugify(path.stem),
        rel,
        episode,
        doc.body,
        publication_time(episode.date),
        audio,
        audio_file,
        cues,
        transcript_file,
        image,
        status,
        clean_audio(audio_file) if audio_file is not None else None,
        audio_file.relative_to(folder.resolve()).as_posix() if audio_file is not None else None,
    )
    return entry, doc


def _mime_from_name(url: str) -> str:
    return "audio/x-m4a" if url.lower().split("?")[0].endswith((".m4a", ".mp4")) else "audio/mpeg"


def load_podcast(
    root: Path,
    story_slugs: set[str],
    now: dt.datetime,
    problems: list[Problem],
    notes: list[Problem] | None = None,
) -> Podcast | None:
    folder = root / "podcast"
    if not folder.is_dir():
        return None
    used: set[Path] = set()
    show, cover, placeholder = _load_show(root, folder, problems, used)
    entries: list[tuple[EpisodeEntry, Document]] = []
    episode_files = (
        [p for p in content_files(folder / "episodes") if p.suffix.lower() == ".md"]
        if (folder / "episodes").is_dir()
        else []
    )
    for path in episode_files:
        used.add(path.resolve())
        loaded = _load_episode(root, folder, path, now, problems, used, notes, show.title if show else "")
        if loaded is not None:
            entries.append(loaded)
    _check_episodes(entries, story_slugs, problems)
    for path in content_files(folder):
        if path.resolve() not in used:
            rel = path.relative_to(root).as_posix()
            expected = "show.yml, afleveringen (episodes/*.md) en de bestanden die zij noemen"
            problems.append(
                stray_file(rel, f"wordt door geen aflevering of de show gebruikt; verwacht alleen {expected}")
            )
    if show is None or cover is None:
        return None
    live = [e for e, _ in entries if publication.is_live(e.status)]
    held = [e for e, _ in entries if publication.held_back(e.status)]
    if live and placeholder is not None:  # listeners' apps would show it for years
        problems.append(placeholder)
    live.sort(key=lambda e: (e.published, e.episode.season or 0, e.episode.number or 0), reverse=True)
    if show.show_type == "serial":
        live.sort(key=lambda e: (e.episode.season or 0, e.episode.number or 0), reverse=True)
    return Podcast(show, cover, live, held)


def _check_episodes(
    entries: list[tuple[EpisodeEntry, Document]], story_slugs: set[str], problems: list[Problem]
) -> None:
    guids: dict[Any, str] = {}
    numbers: dict[Any, str] = {}
    slugs: dict[Any, str] = {}
    # Oldest first: a duplicate is reported on the newer episode, never on the one whose guid apps
    # already know (following the message must not change a guid that is out there).
    entries = sorted(entries, key=lambda pair: (publication_time(pair[0].episode.date), pair[0].path))
    for entry, doc in entries:
        ep = entry.episode
        for table, key, fieldname, what in (
            (guids, ep.guid, "guid", "dezelfde guid"),
            (
                numbers,
                # Full episodes only: Apple lets a bonus share a number with the episode it belongs to.
                (ep.season, ep.number)
                if ep.number is not None and ep.kind == "aflevering" and not ep.example
                else object(),
                "nummer",
                "hetzelfde nummer in hetzelfde seizoen",
            ),
            (slugs, entry.slug, "", "hetzelfde webadres"),
        ):
            if key in table:
                problems.append(
                    Problem(
                        entry.path,
                        doc.line_of((fieldname,)) if fieldname else 1,
                        fieldname,
                        f"heeft {what} als {table[key]}; verwacht per aflevering een eigen waarde",
                    )
                )
            else:
                table[key] = entry.path
        for index, slug in enumerate(ep.related):
            if slug not in story_slugs:
                problems.append(
                    Problem(
                        entry.path,
                        doc.line_of(("gerelateerd", index)),
                        f"gerelateerd[{index + 1}]",
                        f'"{slug}" is geen verhaal; verwacht de naam van een bestand in stories/ zonder .md',
                    )
                )
