"""Audio hosted elsewhere (the normal case for a real show: GitHub Pages allows 1 GB per site),
measured by the build itself: once, and again only when the host says the file changed.

A HEAD request (redirects followed) gives the size and the ETag/Last-Modified; the first time,
and whenever those change, the file is fetched once and measured like a local one (frames
counted, so the duration is exact). The facts are kept in `.cache/extern-audio.json` by URL.
Unreachable on a first build: an error. Unreachable later: the kept facts, with a note.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import fetch
from .cache_files import write_whole
from .media import AudioInfo, MediaProblem, read_audio

AUDIO_DEADLINE = 600.0  # a whole episode from a slow host; a small file gets fetch.DEADLINE
MAX_BYTES = 1_000_000_000  # larger than any podcast episode; refuse what cannot be one
_CACHE: list[Path] = []


def use_cache(path: Path) -> None:
    _CACHE[:] = [path]


class RemoteProblem(ValueError):
    """A Dutch description of why the audio at an address cannot be measured."""


class NotMeasured(RemoteProblem):
    """Not measured because nothing may be fetched now (`make check`): a note, not a problem."""


@dataclass(frozen=True)
class Measured:
    audio: AudioInfo
    stale: bool = False  # the host did not answer; these are the facts of an earlier build


def _load() -> dict[str, dict]:
    if not _CACHE or not _CACHE[0].is_file():
        return {}
    try:
        data = json.loads(_CACHE[0].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a broken record: measured again
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, dict]) -> None:
    if _CACHE:
        write_whole(_CACHE[0], json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


def _head(url: str) -> dict[str, str]:
    return fetch.head(url).headers


def _version(headers: dict[str, str]) -> str:
    return "|".join(headers.get(k, "") for k in ("etag", "last-modified", "content-length"))


def _fetch(url: str, suffix: str) -> AudioInfo:
    handle, temporary = tempfile.mkstemp(suffix=suffix)
    try:
        with fetch.open_url(url, deadline=AUDIO_DEADLINE) as (_, body), os.fdopen(handle, "wb") as out:
            total = 0
            for block in body:
                total += len(block)
                if total > MAX_BYTES:
                    raise RemoteProblem("is groter dan 1 GB; verwacht een podcastaflevering")
                out.write(block)
        try:
            return read_audio(Path(temporary))
        except MediaProblem as exc:
            raise RemoteProblem(str(exc)) from None
    finally:
        os.unlink(temporary)


def download(url: str, limit: int) -> bytes:
    """A small file from another host (a feed, a cover, a transcript), by the one fetcher
    (hooks/fetch.py); OSError (FetchRefused) when it cannot or may not be fetched."""
    return fetch.get(url, limit)


def measure(url: str) -> Measured:
    """The size, type and duration of the audio at `url`; RemoteProblem when it cannot be known."""
    kept = _load()
    known = kept.get(url)
    try:
        headers = _head(url)
    except fetch.Offline:
        if known:  # what the last build measured: what the next one will most likely use
            return Measured(AudioInfo(known["size"], known["mime"], known["duration"]))
        raise NotMeasured(
            "is nog niet gemeten: make check haalt niets van andere hosts (de build wel, en make check ONLINE=1)"
        ) from None
    except OSError as exc:
        if known:
            return Measured(AudioInfo(known["size"], known["mime"], known["duration"]), stale=True)
        raise RemoteProblem(f"is niet te bereiken ({exc}); verwacht een adres waar de audio nu staat") from None
    version = _version(headers)
    if known and known.get("version") == version:
        return Measured(AudioInfo(known["size"], known["mime"], known["duration"]))
    suffix = Path(urlsplit(url).path).suffix or ".mp3"
    try:
        audio = _fetch(url, suffix)
    except OSError as exc:
        raise RemoteProblem(f"is niet op te halen ({exc})") from None
    kept[url] = {"version": version, "size": audio.size, "mime": audio.mime, "duration": audio.duration}
    _save(kept)
    return Measured(audio)
