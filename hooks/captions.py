"""Transcripts read strictly and published as new WebVTT written from what was read.

The uploaded file is never published: STYLE, REGION and NOTE blocks, cue settings, markup other
than the speaker's name, control characters and byte-order marks stay behind, and a block that
looks like a cue but cannot be read is a problem with its line, never silently dropped. SRT is read
too; what listeners get is always WebVTT (`templates/transcript.vtt`, escaped like HTML text).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# (hh:)mm:ss.ttt in WebVTT, hh:mm:ss,ttt in SRT (a dot is accepted in SRT as players do).
_TIME = r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
_TAG = re.compile(r"<[^>]{0,200}>")
# C0 and C1 controls except tab and newline, bidi overrides, zero-width and other format characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


class CaptionProblem(ValueError):
    """A Dutch description of what is wrong, with the line of the transcript it is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"regel {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Cue:
    start: float
    text: str
    speaker: str = ""  # from a WebVTT voice tag, `<v Naam>`
    end: float = 0.0


def _seconds(groups: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, millis = groups
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0) + int(millis or 0) / 1000


def _plain(text: str) -> str:
    """Cue text as words: tags gone, entities read, invisible characters gone, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blocks separated by blank lines, each with the number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def read(text: str, srt: bool) -> list[Cue]:
    """The cues of a WebVTT (`srt=False`) or SRT file's text, in order of time."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = _blocks(text)
    if not srt:
        if not blocks or not re.match(r"WEBVTT(?:[ \t].*)?$", blocks[0][1][0]):
            raise CaptionProblem(1, "begint niet met WEBVTT; verwacht een WebVTT-bestand")
        blocks = blocks[1:]
    cues: list[Cue] = []
    for start, lines in blocks:
        if not srt and re.match(r"(NOTE|STYLE|REGION)(?:\s|$)", lines[0]):
            continue  # comments, styles and regions are not for listeners
        at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if at is None:
            raise CaptionProblem(start, "is geen tijdregel met -->; verwacht bijvoorbeeld 00:01.000 --> 00:04.000")
        timing = _TIMING.match(lines[at])
        if timing is None:
            raise CaptionProblem(
                start + at,
                f'"{lines[at].strip()[:60]}" is geen geldige tijd; verwacht bijvoorbeeld 00:00:01.000 --> 00:00:04.000',
            )
        begin, end = _seconds(timing.groups()[:4]), _seconds(timing.groups()[4:])
        if end < begin:
            raise CaptionProblem(start + at, "eindigt voor het begint; verwacht een eindtijd na de begintijd")
        for offset, line in enumerate(lines[at + 1 :], start=at + 1):
            if "-->" in line:  # players start a new cue here and may drop the text between
                raise CaptionProblem(
                    start + offset,
                    "heeft --> in de tekst of een tijdregel zonder lege regel ervoor; verwacht een lege regel voor elke tijdregel",
                )
        body = "\n".join(lines[at + 1 :])
        voice = _VOICE.search(body)
        words = _plain(body)
        if words:
            cues.append(Cue(begin, words, _plain(voice.group(1)) if voice else "", end))
    if not cues:
        raise CaptionProblem(1, "bevat geen tekst; verwacht de uitgeschreven aflevering")
    return sorted(cues, key=lambda cue: cue.start)
