"""Two audio files with the same name in different folders get two addresses; names with spaces
or accents are percent-encoded in the feed and on the page, and each episode plays its own file."""

from __future__ import annotations

import re
import shutil
import uuid

import feedparser
import pytest

from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow


def test_audio_keeps_its_path_and_is_encoded(tmp_path):
    root = copy_site(tmp_path / "src")
    podcast = root / "podcast"
    source = (podcast / "episodes" / "voorbeeld.md").read_text("utf-8")
    original = podcast / "audio" / "voorbeeld.mp3"
    (podcast / "audio" / "s2").mkdir()
    shutil.copy(original, podcast / "audio" / "aflevering-1.mp3")
    second = podcast / "audio" / "s2" / "aflevering 1 één.mp3"
    second.write_bytes(original.read_bytes() + original.read_bytes()[-4096:])  # another file, another size
    for slug, audio, number in (("een", "audio/aflevering-1.mp3", 2), ("twee", "audio/s2/aflevering 1 één.mp3", 3)):
        text = re.sub(r"^guid: .*$", f"guid: hvk-owtb-{uuid.uuid4()}", source, count=1, flags=re.M)
        text = re.sub(r"^nummer: .*$", f"nummer: {number}", text, count=1, flags=re.M)
        text = re.sub(r"^audio: .*$", f'audio: "{audio}"', text, count=1, flags=re.M)
        (podcast / "episodes" / f"{slug}.md").write_text(text, "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    feed = feedparser.parse((site / "podcast" / "feed.xml").read_bytes())
    hrefs = {e.enclosures[0].href.rsplit("/podcast/", 1)[1]: int(e.enclosures[0].length) for e in feed.entries}
    assert "audio/aflevering-1.mp3" in hrefs
    encoded = "audio/s2/aflevering%201%20%C3%A9%C3%A9n.mp3"
    assert encoded in hrefs, hrefs
    assert hrefs[encoded] == (site / "podcast" / "audio" / "s2" / "aflevering 1 één.mp3").stat().st_size
    assert hrefs[encoded] != hrefs["audio/aflevering-1.mp3"]
    page = (site / "podcast" / "twee" / "index.html").read_text("utf-8")
    assert "s2/aflevering%201%20%C3%A9%C3%A9n.mp3" in page
