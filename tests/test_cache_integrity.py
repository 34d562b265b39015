"""Caches that verify themselves: a truncated card, a garbage image record or a broken audio copy
in .cache/ is noticed on read and made again; half-written files of a stopped build are removed."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow


def test_broken_cache_entries_are_made_again_never_served(tmp_path):
    root = copy_site(tmp_path / "src")
    assert build(root).returncode == 0
    cache = root / ".cache"
    cards = sorted((cache / "kaarten").glob("*.png"))
    records = sorted((cache / "afbeeldingen").glob("*.json"))
    audio = sorted(p for p in (cache / "audio").iterdir() if p.suffix == ".mp3")
    assert cards and records and audio
    cards[0].write_bytes(cards[0].read_bytes()[:100])  # truncated
    records[0].write_text("{niet: json", "utf-8")  # garbage
    audio[0].write_bytes(b"\x00" * 10)  # overwritten
    script = next((cache / "zoekregister").glob("*/pagefind.js"))
    original_script = script.read_bytes()
    script.write_text("alert('uit de cache')", "utf-8")  # a garbage cached script
    partial = cache / "kaarten" / ".abc.png.99999999.tmp"
    partial.write_bytes(b"half")
    site = root / "site"
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not partial.exists(), "a stopped build's half-written file is gone"
    for png in site.rglob("*.png"):
        with Image.open(png) as image:
            image.verify()
    published = next((site / "podcast" / "audio").glob("*.mp3")).read_bytes()
    assert len(published) > 10_000 and published != b"\x00" * 10
    assert (site / "pagefind" / "pagefind.js").read_bytes() == original_script, "the index was made again"
    assert not (site / "pagefind" / ".inhoud.sha256").exists()
    feed = (site / "podcast" / "feed.xml").read_text("utf-8")
    assert f'length="{len(published)}"' in feed


def test_an_edit_in_the_middle_of_a_transcript_is_seen_by_the_next_build(tmp_path):
    root = copy_site(tmp_path / "src")
    transcript = root / "podcast" / "transcripts" / "voorbeeld.vtt"
    lines = [  # a long transcript: over 200 kB, more than the 64 kB at either end
        f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}.000 --> {i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}.500\n"
        f"Zin nummer {i:04d} van het transcript, met genoeg woorden om de regel lang te maken."
        for i in range(2400)
    ]
    transcript.write_text("WEBVTT\n\n" + "\n\n".join(lines) + "\n", "utf-8")
    # An hour of talk needs an hour of audio (a transcript running past the audio is refused):
    # the episode says its length, as an editor does for a long recording.
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    episode.write_text(
        episode.read_text("utf-8").replace("expliciet: false\n", 'expliciet: false\nduur: "1:00:00"\n'), "utf-8"
    )
    assert build(root, env={"PETITION_SERVICE_URL": ""}).returncode == 0
    text = transcript.read_text("utf-8")
    transcript.write_text(text.replace("Zin nummer 1200", "Zin NUMMER 1200"), "utf-8")  # same size, same head and tail
    assert build(root, env={"PETITION_SERVICE_URL": ""}).returncode == 0
    page = (root / "site" / "podcast" / "voorbeeld" / "index.html").read_text("utf-8")
    assert "Zin NUMMER 1200 van het transcript" in page
