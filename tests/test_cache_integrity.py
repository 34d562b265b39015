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
