"""Facts about audio and transcripts, measured from the files rather than typed by editors."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import mutagen
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from . import captions
from .cache_files import file_digest, is_verified, write_verified
from .captions import Cue

# Apple Podcasts plays these; anything else is refused with a clear message.
MIME_BY_KIND = {MP3: "audio/mpeg", MP4: "audio/x-m4a"}
TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip"}  # what editors may upload
PUBLISHED_TRANSCRIPT = (".vtt", "text/vtt")  # what listeners get, whatever was uploaded


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
    samples, rate = 0, 0
    for _, _, count, frame_rate in _mp3_frames(path.read_bytes()):
        samples, rate = samples + count, frame_rate
    return samples / rate if rate else 0.0


def mp3_sound(data: bytes) -> bytes:
    """Only the audio frames of an MP3: every tag, wherever it is and however many (ID3v2 at the
    start, a second one after it, ID3v1, APE, Lyrics3), and any bytes between frames, stay behind."""
    return b"".join(data[at : at + length] for at, length, _, _ in _mp3_frames(data, keep_header=True))


def _tag_length(data: bytes, at: int) -> int:
    """Bytes of an ID3v2 or APEv2 tag starting at `at`, else 0."""
    if data[at : at + 3] == b"ID3" and at + 10 <= len(data):
        size = (
            (data[at + 6] & 0x7F) << 21 | (data[at + 7] & 0x7F) << 14 | (data[at + 8] & 0x7F) << 7 | data[at + 9] & 0x7F
        )
        return 10 + size + (10 if data[at + 5] & 0x10 else 0)
    if data[at : at + 8] == b"APETAGEX" and at + 32 <= len(data):
        return 32 + int.from_bytes(data[at + 12 : at + 16], "little")
    return 0


def _sound_end(data: bytes) -> int:
    """Where the sound ends: before the tags players look for at the end (ID3v1, APE, Lyrics3)."""
    end = len(data)
    while True:
        if data[end - 128 : end - 125] == b"TAG":
            end -= 128
        elif data[end - 32 : end - 24] == b"APETAGEX":
            flags = int.from_bytes(data[end - 12 : end - 8], "little")
            end -= int.from_bytes(data[end - 20 : end - 16], "little") + (32 if flags & (1 << 31) else 0)
        elif data[end - 9 : end] == b"LYRICS200" and data[end - 15 : end - 9].isdigit():
            end -= int(data[end - 15 : end - 9]) + 15
        else:
            return max(end, 0)


def _mp3_frames(data: bytes, keep_header: bool = False) -> Iterator[tuple[int, int, int, int]]:
    """(offset, length, samples, sample rate) of each Layer III frame; a frame counts only when the
    next frame (or the end of the sound) follows it, so bytes inside a tag that look like a frame
    header are passed over. The Xing/Info/VBRI frame holds no sound: yielded only if `keep_header`."""
    end = _sound_end(data)
    at, first = 0, True
    while at + 4 <= end:
        skip = _tag_length(data, at)
        if skip:
            at += skip
            continue
        frame = _frame(int.from_bytes(data[at : at + 4], "big"))
        if frame is not None:
            length, count, rate = frame
            after = at + length
            if after == end or (
                after + 4 <= end
                and (_frame(int.from_bytes(data[after : after + 4], "big")) or _tag_length(data, after))
            ):
                body = data[at + 4 : at + min(length, 64)]
                header = first and (b"Xing" in body or b"Info" in body or b"VBRI" in body)
                first = False
                if keep_header or not header:
                    yield at, length, 0 if header else count, rate
                at = after
                continue
        found = data.find(b"\xff", at + 1, end)
        if found < 0:
            return
        at = found


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
AUDIO_RECIPE = "audio-alleen-klank-2"


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
            try:
                if isinstance(mutagen.File(path), MP3):  # its frames only: the original is read once
                    Path(temporary).write_bytes(mp3_sound(path.read_bytes()))
                else:
                    shutil.copyfile(path, temporary)
                    audio = mutagen.File(temporary)
                    if audio is not None:
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


def read_captions(path: Path) -> list[Cue]:
    """The cues of a transcript, read strictly (`captions.read`); its problems name the line."""
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_TYPES:
        raise MediaProblem("is geen .vtt- of .srt-bestand; verwacht een ondertitelbestand")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MediaProblem("is geen UTF-8-tekst; bewaar het ondertitelbestand als UTF-8") from None
    try:
        return captions.read(text, srt=suffix == ".srt")
    except captions.CaptionProblem as problem:
        raise MediaProblem(str(problem)) from None
