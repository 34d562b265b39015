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
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .cache_files import write_whole
from .media import AudioInfo, MediaProblem, read_audio

TIMEOUT = 20
MAX_BYTES = 1_000_000_000  # larger than any podcast episode; refuse what cannot be one
_CACHE: list[Path] = []


def use_cache(path: Path) -> None:
    _CACHE[:] = [path]


class RemoteProblem(ValueError):
    """A Dutch description of why the audio at an address cannot be measured."""


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
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "gezinshulp-eerst-build"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310 - https only, checked by the model
        return {k.lower(): v for k, v in answer.headers.items()}


def _version(headers: dict[str, str]) -> str:
    return "|".join(headers.get(k, "") for k in ("etag", "last-modified", "content-length"))


def _fetch(url: str, suffix: str) -> AudioInfo:
    request = urllib.request.Request(url, headers={"User-Agent": "gezinshulp-eerst-build"})
    handle, temporary = tempfile.mkstemp(suffix=suffix)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer, os.fdopen(handle, "wb") as out:  # noqa: S310
            total = 0
            while block := answer.read(1 << 20):
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
    """A small file from another host (a feed, a cover, a transcript), redirects followed; OSError
    when it cannot be fetched or is larger than `limit`."""
    request = urllib.request.Request(url, headers={"User-Agent": "gezinshulp-eerst-build"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310 - the editor's own source
            data = answer.read(limit + 1)
    except (urllib.error.URLError, ValueError) as exc:
        raise OSError(str(getattr(exc, "reason", exc))) from None
    if len(data) > limit:
        raise OSError(f"groter dan {limit // 1_000_000} MB")
    return data


def measure(url: str) -> Measured:
    """The size, type and duration of the audio at `url`; RemoteProblem when it cannot be known."""
    kept = _load()
    known = kept.get(url)
    try:
        headers = _head(url)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        if known:
            return Measured(AudioInfo(known["size"], known["mime"], known["duration"]), stale=True)
        reason = getattr(exc, "reason", exc)
        raise RemoteProblem(f"is niet te bereiken ({reason}); verwacht een adres waar de audio nu staat") from None
    version = _version(headers)
    if known and known.get("version") == version:
        return Measured(AudioInfo(known["size"], known["mime"], known["duration"]))
    suffix = Path(urlsplit(url).path).suffix or ".mp3"
    try:
        audio = _fetch(url, suffix)
    except (urllib.error.URLError, OSError) as exc:
        raise RemoteProblem(f"is niet op te halen ({getattr(exc, 'reason', exc)})") from None
    kept[url] = {"version": version, "size": audio.size, "mime": audio.mime, "duration": audio.duration}
    _save(kept)
    return Measured(audio)
