"""Transcripts (#25): what listeners get is new WebVTT written from the cues read, never the upload;
a cue that cannot be read is a problem on its line, in check and build alike."""

from __future__ import annotations

import subprocess
import sys

import pytest
import webvtt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks import captions
from hooks.render import render
from tests.helpers import build, copy_site

CONTROLS = [chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))] + ["\u202e", "\u200b", "\ufeff"]

HOSTILE = """\ufeffWEBVTT - Kind: captions
X-TIMESTAMP-MAP=LOCAL:00:00:00.000,MPEGTS:0

STYLE
::cue { background-image: url(https://volger.example/pixel.png) }

REGION
id:geheim width:40%

NOTE Adres van de familie: Dorpsstraat 1, Ergens

1
00:00:01.000 --> 00:00:04.000 region:geheim line:0 position:10%
<v.luid Anna\x07>Hallo <c.x>daar</c>\x1b[31m &amp; <script>alert(1)</script>welkom\u202e

00:05.000 --> 00:07.500
<ruby>tweede<rt>2</rt></ruby> <00:06.000>regel
"""


def _published(text: str, srt: bool = False) -> str:
    return str(render("transcript.vtt", cues=captions.read(text, srt)))


@pytest.mark.fast
def test_a_hostile_upload_reaches_listeners_as_plain_cues_only(tmp_path):
    published = _published(HOSTILE)
    for gone in (
        "STYLE",
        "REGION",
        "NOTE",
        "Dorpsstraat",
        "volger.example",
        "X-TIMESTAMP",
        "line:0",
        "<script",
        "\ufeff",
    ):
        assert gone not in published, gone
    assert not any(c in published for c in CONTROLS)
    # An independent reader (webvtt-py) finds exactly the cues we read, with their times.
    (tmp_path / "uit.vtt").write_text(published, "utf-8")
    read_back = webvtt.read(str(tmp_path / "uit.vtt")).captions
    assert [(c.start, c.end, c.voice) for c in read_back] == [
        ("00:00:01.000", "00:00:04.000", "Anna"),
        ("00:00:05.000", "00:00:07.500", None),
    ]
    assert read_back[0].raw_text.endswith("Hallo daar[31m &amp; alert(1)welkom")


@pytest.mark.fast
@pytest.mark.parametrize(
    ("text", "srt", "line"),
    [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nEen\n\n00:03.000 -> 00:04.000\nTwee\n", False, 6),  # one dash
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nEen\n00:03.000 --> 00:04.000\nTwee\n", False, 5),  # no blank line
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nEen\n\nTwee zonder tijd\n", False, 6),
        ("WEBVTT\n\n00:61.000 --> 01:02.000\nEen\n", False, 3),  # 61 seconds
        ("WEBVTT\n\n00:09.000 --> 00:02.000\nEen\n", False, 3),  # ends before it starts
        ("Titel\n\n00:01.000 --> 00:02.000\nEen\n", False, 1),  # no signature
        ("1\n00:00:01,000 --> 00:00:02,000\nEen\n\n2\n00:00:03 --> 00:00:04,000\nTwee\n", True, 6),  # no millis
    ],
)
def test_a_cue_that_cannot_be_read_is_named_with_its_line(text, srt, line):
    with pytest.raises(captions.CaptionProblem) as problem:
        captions.read(text, srt)
    assert problem.value.line == line


cue_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(lambda t: "-->" not in t)


@pytest.mark.fast
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 36_000_000), st.integers(0, 60_000), cue_text), min_size=1, max_size=6))
def test_whatever_the_cue_text_the_published_file_says_the_same_and_nothing_else(tmp_path_factory, cues):
    """Generated cue texts (any character, markup, controls): the published WebVTT holds no control
    or format character, and reading it back (ours and webvtt-py) gives the same words and times."""
    source = "WEBVTT\n\n" + "\n\n".join(
        f"{captions_time(start)} --> {captions_time(start + length)}\n{text}" for start, length, text in cues
    )
    try:
        read = captions.read(source, srt=False)
    except captions.CaptionProblem:
        return  # e.g. a text that is only a blank line ends the block: named, not published
    published = str(render("transcript.vtt", cues=read))
    assert not any(c in published for c in CONTROLS)
    assert captions.read(published, srt=False) == read
    path = tmp_path_factory.mktemp("vtt") / "uit.vtt"
    path.write_text(published, "utf-8")
    assert len(webvtt.read(str(path)).captions) == len(read)


def captions_time(millis: int) -> str:
    hours, rest = divmod(millis, 3_600_000)
    return f"{hours:02d}:{rest // 60_000:02d}:{rest // 1000 % 60:02d}.{rest % 1000:03d}"


@pytest.mark.slow
def test_check_and_build_publish_the_clean_transcript_and_name_a_broken_cue(tmp_path):
    root = copy_site(tmp_path / "src")
    upload = root / "podcast" / "transcripts" / "voorbeeld.vtt"
    upload.write_text(HOSTILE, "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    published = (root / "site" / "podcast" / "voorbeeld" / "transcript.vtt").read_text("utf-8")
    assert published.startswith("WEBVTT\n") and "Dorpsstraat" not in published and "STYLE" not in published
    page = (root / "site" / "podcast" / "voorbeeld" / "index.html").read_text("utf-8")
    assert "Dorpsstraat" not in page and "<script>alert" not in page and "Hallo daar" in page

    upload.write_text(HOSTILE.replace("00:05.000 --> 00:07.500", "00:05.000 -> 00:07.500"), "utf-8")
    check = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    built = build(root, env={"PETITION_SERVICE_URL": ""})
    assert check.returncode != 0 and built.returncode != 0
    for output in (check.stdout + check.stderr, built.stdout + built.stderr):
        assert "regel 16" in output and "transcript" in output and "Traceback" not in output, output
    assert (root / "site" / "podcast" / "voorbeeld" / "transcript.vtt").read_text("utf-8") == published, (
        "last good site stays"
    )


@pytest.mark.slow
def test_a_transcript_running_past_the_audio_is_named(tmp_path):
    """A transcript of another (longer) recording: cues hours after the audio ends made a 16 MB page."""
    from hooks.content import load
    from hooks.errors import ContentError

    root = copy_site(tmp_path / "src")
    upload = root / "podcast" / "transcripts" / "voorbeeld.vtt"
    upload.write_text(upload.read_text("utf-8") + "\n02:59:00.000 --> 03:00:00.000\nNog een zin.\n", "utf-8")
    with pytest.raises(ContentError) as raised:
        load(root)
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith("podcast/episodes/voorbeeld.md:") and "transcript: loopt door tot 3:00:00" in problem
