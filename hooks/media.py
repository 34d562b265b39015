"""Facts about audio and transcripts, measured from the files rather than typed by editors."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import mutagen
import webvtt
from mutagen import apev2, id3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from .cache_files import file_digest, is_verified, write_verified

# Apple Podcasts plays these; anything else is refused with a clear message.
MIME_BY_KIND = {MP3: "audio/mpeg", MP4: "audio/x-m4a"}
TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip"}


class MediaProblem(ValueError):
    """A Dutch description of why a media file cannot be used."""


@dataclass(frozen=True)
class AudioInfo:
    size: int
    mime: str
    duration: float


def read_audio(path: Path) -> AudioInfo:
    size = path.stat().st_size
    if size == 0:
        raise MediaProblem("is leeg; verwacht een mp3- of m4a-bestand")
    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError as exc:
        raise MediaProblem(f"is geen audio die de site kan lezen ({exc}); verwacht een mp3- of m4a-bestand") from None
    if audio is None or type(audio) not in MIME_BY_KIND:
        raise MediaProblem("is geen mp3- of m4a-bestand; verwacht audio die Apple Podcasts afspeelt")
    duration = float(getattr(audio.info, "length", 0) or 0)
    if isinstance(audio, MP3):
        scanned = mp3_duration(path)
        # The header's length, checked against the frames the file really holds (below), and
        # without a VBR header only an estimate from the first frame: the frames decide.
        duration_from_frames = scanned if scanned > 0 else duration
    else:
        duration_from_frames = duration
    if duration <= 0:
        raise MediaProblem("heeft geen speelduur; verwacht een heel, onbeschadigd audiobestand")
    bitrate = int(getattr(audio.info, "bitrate", 0) or 0)
    if bitrate and size < 0.9 * bitrate / 8 * duration:
        # The header promises more sound than the file holds: it was cut off (an upload that stopped).
        raise MediaProblem(
            f"is onvolledig: de kop belooft {int(duration)} seconden, maar het bestand is te klein; "
            "verwacht het hele audiobestand"
        )
    return AudioInfo(size=size, mime=MIME_BY_KIND[type(audio)], duration=duration_from_frames)


# MPEG audio frame headers: bitrates (kbit/s) and sample rates by version, for Layer III.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_duration(path: Path) -> float:
    """Seconds of sound, counted frame by frame (Layer III): exact for CBR and VBR, with or without
    a Xing/VBRI header, where a header-based estimate can be off by minutes. 0.0 if no frame."""
    data = path.read_bytes()
    at = 0
    if data[:3] == b"ID3" and len(data) > 10:
        at = 10 + ((data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F))
    end = len(data) - (128 if data[-128:-125] == b"TAG" else 0)
    samples, rate, first = 0, 0, True
    while at + 4 <= end:
        header = int.from_bytes(data[at : at + 4], "big")
        frame = _frame(header)
        if frame is None or at + frame[0] > end + 1:
            nxt = data.find(b"\xff", at + 1, end)
            if nxt < 0:
                break
            at = nxt
            continue
        length, count, frame_rate = frame
        body = data[at + 4 : at + min(length, 64)]
        if first and (b"Xing" in body or b"Info" in body or b"VBRI" in body):
            pass  # the header frame holds no sound
        else:
            samples += count
            rate = frame_rate
        first = False
        at += length
    return samples / rate if rate else 0.0


def _frame(header: int) -> tuple[int, int, int] | None:
    """(frame length in bytes, samples, sample rate) of a Layer III frame header, or None."""
    if header >> 21 != 0x7FF:
        return None
    version = (header >> 19) & 3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    layer = (header >> 17) & 3
    bitrate_index = (header >> 12) & 0xF
    rate_index = (header >> 10) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = _BITRATES[1 if version == 3 else 2][bitrate_index] * 1000
    rate = _RATES[version][rate_index]
    padding = (header >> 9) & 1
    if version == 3:
        return 144 * bitrate // rate + padding, 1152, rate
    return 72 * bitrate // rate + padding, 576, rate


_AUDIO_CACHE: list[Path] = []
_CLEANED: dict[tuple[str, int, int], Path] = {}
AUDIO_RECIPE = "audio-zonder-tags-1"


def use_cache(folder: Path) -> None:
    _AUDIO_CACHE[:] = [folder]


def clean_audio(path: Path) -> Path:
    """The copy that is published: the same sound with every tag removed (ID3v1/v2, APE, MP4 atoms:
    comments, names, embedded cover art with its EXIF). Podcast apps take titles and art from the
    feed. The editor's original is never published; the copy lives in .cache/audio/ by a hash."""
    stat = path.stat()
    memo = (str(path), stat.st_size, stat.st_mtime_ns)
    if memo in _CLEANED and _CLEANED[memo].is_file():
        return _CLEANED[memo]
    folder = _AUDIO_CACHE[0] if _AUDIO_CACHE else Path(tempfile.gettempdir()) / "hvk-audio"
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{AUDIO_RECIPE}\0{file_digest(path)}".encode()).hexdigest()[:32]
    target = folder / f"{key}{path.suffix.lower()}"
    if not is_verified(target):
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=path.suffix.lower())
        os.close(handle)
        try:
            shutil.copyfile(path, temporary)
            try:
                audio = mutagen.File(temporary)
                if isinstance(audio, MP3):
                    id3.delete(temporary, delete_v1=True, delete_v2=True)
                    apev2.delete(temporary)
                elif audio is not None:
                    audio.delete()
            except mutagen.MutagenError as exc:
                raise MediaProblem(
                    f"is geen audio die de site kan lezen ({exc}); verwacht een mp3- of m4a-bestand"
                ) from None
            os.replace(temporary, target)
            write_verified(target, target.read_bytes())  # its hash beside it, checked on every build
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    _CLEANED[memo] = target
    return target


@dataclass(frozen=True)
class Cue:
    start: float
    text: str
    speaker: str = ""  # from a WebVTT voice tag, `<v Naam>`


def read_transcript(path: Path) -> list[Cue]:
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_TYPES:
        raise MediaProblem("is geen .vtt- of .srt-bestand; verwacht een ondertitelbestand")
    try:
        captions = webvtt.read(str(path)) if suffix == ".vtt" else webvtt.from_srt(str(path))
    except (webvtt.errors.MalformedFileError, UnicodeDecodeError, ValueError) as exc:
        raise MediaProblem(f"is geen geldig ondertitelbestand ({exc}); verwacht WebVTT of SRT") from None
    cues = [
        Cue(c.start_in_seconds, " ".join(c.text.split()), " ".join((getattr(c, "voice", None) or "").split()))
        for c in captions.captions
        if c.text.strip()
    ]
    if not cues:
        raise MediaProblem("bevat geen tekst; verwacht de uitgeschreven aflevering")
    return cues
