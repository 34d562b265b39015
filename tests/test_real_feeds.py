"""Real feeds from other projects' test suites (#26; tests/fixtures/real-feeds/BRONNEN.md), not
feeds we wrote: each one moves in, and what it wrote passes our own check, or the import refuses it
with one Dutch sentence for a reason the show's owner can act on (its lock)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import feedparser
import podcastparser
import pytest

from hooks import cli, feed_import
from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow
FEEDS = Path(__file__).parent / "fixtures" / "real-feeds"
LOCKED = {"pt-no-agenda.xml", "pt-example.xml", "ns-example.xml"}  # podcast:locked yes, old and new address


def _no_network(url: str, limit: int) -> bytes:
    raise OSError("niet opgehaald in deze test")


def _empty_site(tmp_path: Path) -> Path:
    root = copy_site(tmp_path / "src")
    for path in (root / "podcast" / "episodes").glob("*.md"):
        path.unlink()
    (root / "podcast" / "audio" / "voorbeeld.mp3").unlink()
    (root / "podcast" / "transcripts" / "voorbeeld.vtt").unlink()
    return root


def _check(root: Path) -> tuple[int, str]:
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = cli.check(root)
    return code, said.getvalue()


@pytest.mark.parametrize("name", sorted(p.name for p in FEEDS.glob("*.xml")))
def test_a_real_feed_moves_in_and_passes_our_check(tmp_path, name):
    root = _empty_site(tmp_path)
    source = FEEDS / name
    if name in LOCKED:
        with pytest.raises(feed_import.ImportRefused, match="vergrendeld door de eigenaar"):
            feed_import.run(str(source), root, _no_network, feed_url="https://oud.example/feed.xml")
        return
    written, notes = feed_import.run(str(source), root, _no_network, feed_url="https://oud.example/feed.xml")
    items = len(re.findall(rb"<item[\s>]", source.read_bytes()))
    episodes = [w for w in written if w.startswith("podcast/episodes/")]
    skipped = [n for n in notes if "is overgeslagen" in n]
    assert len(episodes) + len(skipped) == items, "every item is an episode, or named as skipped"
    code, said = _check(root)
    assert code == 0, said
    assert "Traceback" not in said


def test_an_episode_on_plain_http_arrives_as_a_draft_that_says_why(tmp_path):
    """rss-parser's feed serves its audio over http://: the site publishes https only, so the episode
    is written as a draft with the reason in it, and check passes with a note (it refused before)."""
    root = _empty_site(tmp_path)
    _, notes = feed_import.run(str(FEEDS / "rp-itunes-category.xml"), root, _no_network, feed_url="https://o.example/f")
    assert any("staat als concept klaar" in n for n in notes), notes
    (episode,) = (root / "podcast" / "episodes").glob("*.md")
    assert "concept: true" in episode.read_text("utf-8")
    code, said = _check(root)
    assert code == 0 and "gebruikt http://; zet hem op https:// voor je publiceert" in said, said


def test_repaired_feeds_say_what_was_repaired():
    notes: list[str] = []
    feed_import.parse_xml((FEEDS / "pt-sentimental-garbage.xml").read_bytes(), notes)
    assert any("witruimte voor <?xml" in n for n in notes), notes
    notes = []
    root = feed_import.parse_xml((FEEDS / "pt-no-agenda.xml").read_bytes(), notes)
    assert any("geen strikte XML" in n for n in notes), notes
    assert any("ouder adres van de podcast-namespace" in n for n in notes)
    assert root.find(f"channel/{{{feed_import.PODCAST}}}locked") is not None, "the old address is read as the new"


def test_titles_and_numbers_arrive_as_the_feed_gave_them(tmp_path):
    root = _empty_site(tmp_path)
    feed_import.run(str(FEEDS / "pt-dk-podcast.xml"), root, _no_network, feed_url="https://oud.example/feed.xml")
    titles = [
        re.search(r"^titel: (.*)$", p.read_text("utf-8"), re.M).group(1)
        for p in (root / "podcast" / "episodes").glob("*.md")
    ]
    assert any(t.strip("\"'").startswith("31.01.2022 – ") for t in titles), titles[:5]
    root = _empty_site(tmp_path / "twee")
    feed_import.run(str(FEEDS / "pt-changing-the-tide.xml"), root, _no_network, feed_url="https://oud.example/f.xml")
    first = next((root / "podcast" / "episodes").glob("*00000001*.md")).read_text("utf-8")
    assert 'titel: "0.00000001: Brian Harrington, BTC Circular Economy"' in first, "not a digit taken off"


def test_an_imported_feed_builds_and_four_readers_read_ours(tmp_path):
    """A feed whose items give size and duration builds without fetching anything; our feed is read
    back by feedparser and podcastparser with the same episodes."""
    root = _empty_site(tmp_path)
    source = FEEDS / "pt-dk-podcast.xml"
    feed_import.run(str(source), root, _no_network, feed_url="https://oud.example/feed.xml")
    built = build(root, env={"PETITION_SERVICE_URL": ""})
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    ours = (root / "site" / "podcast" / "feed.xml").read_bytes()
    theirs = feedparser.parse(source.read_bytes())
    read = feedparser.parse(ours)
    assert not read.bozo, read.bozo_exception
    # Every guid kept verbatim; an empty one becomes the audio's address, as podcast apps take it.
    assert {e.id for e in read.entries} == {e.get("id") or e.enclosures[0].href for e in theirs.entries}
    assert {e.title for e in read.entries} == {e.title for e in theirs.entries}, "every title kept verbatim"
    parsed = podcastparser.parse("https://voorbeeld.example/podcast/feed.xml", io.BytesIO(ours))
    assert len(parsed["episodes"]) == len(theirs.entries)
    lengths = {e.enclosures[0].href: int(e.enclosures[0].length) for e in theirs.entries}
    assert all(int(e.enclosures[0].length) == lengths[e.enclosures[0].href] for e in read.entries), (
        "sizes of a million bytes and more are kept, not measured again"
    )
