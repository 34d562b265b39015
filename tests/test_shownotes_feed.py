"""Shownotes reach every app: the whole HTML in content:encoded with absolute links, a description
within Apple's 4,000 bytes shortened at a sentence with a link to the page, chapters as times."""

from __future__ import annotations

import feedparser
import podcastparser
import pytest
from lxml import etree

from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow
NS = {"content": "http://purl.org/rss/1.0/modules/content/"}


def test_long_shownotes_are_shortened_with_a_link_and_kept_whole_in_content_encoded(tmp_path):
    root = copy_site(tmp_path / "src")
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    sentences = " ".join(f"Dit is zin nummer {i} van de lange shownotes, over gezinnen en hulp." for i in range(120))
    episode.write_text(
        episode.read_text("utf-8")
        + f"\n\nLees ook [het verhaal van Jay](../../verhalen/jay/).\n\n{sentences} Laatste zin.\n",
        "utf-8",
    )
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    raw = (root / "site" / "podcast" / "feed.xml").read_bytes()
    item = etree.fromstring(raw).find("channel/item")
    description = item.findtext("description")
    encoded = item.findtext("content:encoded", namespaces=NS)
    assert len(description.encode("utf-8")) <= 4000
    assert "Lees de volledige shownotes op de website" in description
    assert 'href="https://gezinshulpeerst.hetvergetenkind.nl/podcast/voorbeeld/"' in description
    cut = description.split("</p>")[0]
    assert cut.rstrip().endswith("."), "shortened at the end of a sentence"
    assert "Hoofdstukken:<br>0:00 Welkom" in description
    assert "Laatste zin." in encoded, "content:encoded has all of it"
    assert 'href="https://gezinshulpeerst.hetvergetenkind.nl/verhalen/jay/"' in encoded, "links made absolute"
    parsed = feedparser.parse(raw)
    assert not parsed.bozo and "Laatste zin." in parsed.entries[0].content[0].value
    assert podcastparser.parse("feed.xml", __import__("io").BytesIO(raw))["episodes"][0]["title"]


def test_the_stories_json_feed_has_absolute_links_too(tmp_path):
    import json

    root = copy_site(tmp_path / "src")
    story = root / "stories" / "marilene.md"
    story.write_text(story.read_text("utf-8") + "\n\nLees ook [het verhaal van Jay](../jay/).\n", "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    feed = json.loads((root / "site" / "verhalen" / "feed.json").read_text("utf-8"))
    (item,) = [i for i in feed["items"] if i["url"].endswith("/verhalen/marilene/")]
    assert 'href="https://gezinshulpeerst.hetvergetenkind.nl/verhalen/jay/"' in item["content_html"]
