"""Every episode type (full, trailer, bonus) with Apple's rules and podcast:trailer; artwork URLs that change with it."""

from __future__ import annotations

import re
import uuid

import feedparser
import pytest
from lxml import etree

from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def _episode(root, slug, kind, number):
    source = (root / "podcast" / "episodes" / "voorbeeld.md").read_text("utf-8")
    text = re.sub(r"^guid: .*$", f"guid: hvk-owtb-{uuid.uuid4()}", source, count=1, flags=re.M)
    text = re.sub(
        r"^nummer: .*\n", f"soort: {kind}\n" + (f"nummer: {number}\n" if number else ""), text, count=1, flags=re.M
    )
    (root / "podcast" / "episodes" / f"{slug}.md").write_text(text, "utf-8")


def test_trailer_and_bonus_reach_the_feed_and_the_pages(tmp_path):
    root = copy_site(tmp_path / "src")
    _episode(root, "trailer", "trailer", None)
    _episode(root, "extra", "bonus", None)
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    raw = (root / "site" / "podcast" / "feed.xml").read_bytes()
    channel = etree.fromstring(raw).find("channel")
    kinds = {i.findtext("title") + "|" + i.findtext(f"{ITUNES}episodeType"): i for i in channel.findall("item")}
    assert sorted(k.split("|")[1] for k in kinds) == ["bonus", "full", "trailer"]
    for key, item in kinds.items():
        has_number = item.find(f"{ITUNES}episode") is not None
        assert has_number == key.endswith("|full"), key
    trailers = channel.findall(f"{PODCAST}trailer")
    assert len(trailers) == 1 and trailers[0].get("url").endswith("/podcast/audio/voorbeeld.mp3")
    assert trailers[0].get("season") == "1" and int(trailers[0].get("length")) > 0
    assert not feedparser.parse(raw).bozo
    page = (root / "site" / "podcast" / "trailer" / "index.html").read_text("utf-8")
    assert '<p class="hvk-muted">Trailer, seizoen 1' in page


@pytest.mark.parametrize(
    ("kind", "number", "expected"),
    [("aflevering", None, "een aflevering zonder `nummer`"), ("trailer", 4, "een trailer met een `nummer`")],
)
def test_numbers_follow_apple_s_rules(tmp_path, kind, number, expected):
    root = copy_site(tmp_path / "src")
    _episode(root, "fout", kind, number)
    result = build(root)
    assert result.returncode != 0 and expected in result.stdout + result.stderr


def test_new_artwork_gets_a_new_url_and_the_old_address_keeps_working(tmp_path):
    from PIL import Image

    root = copy_site(tmp_path / "src")
    first = build(root, env={"PETITION_SERVICE_URL": ""})
    assert first.returncode == 0

    def cover_href():
        channel = etree.fromstring((root / "site" / "podcast" / "feed.xml").read_bytes()).find("channel")
        return channel.find(f"{ITUNES}image").get("href")

    before = cover_href()
    Image.new("RGB", (1400, 1400), (120, 40, 160)).save(root / "podcast" / "omslag.jpg", quality=90)
    assert build(root, env={"PETITION_SERVICE_URL": ""}).returncode == 0
    after = cover_href()
    assert after != before and re.search(r"/podcast/omslag-[0-9a-f]{10}\.jpg$", after)
    assert (root / "site" / "podcast" / "omslag.jpg").is_file(), "links to the old fixed name still work"


def test_an_editor_s_duration_wins_with_a_note_and_a_size_next_to_a_local_file_is_refused(tmp_path):
    root = copy_site(tmp_path / "src")
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    text = episode.read_text("utf-8")
    episode.write_text(text.replace("---\n", '---\nduur: "1:00"\n', 1), "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "Let op: podcast/episodes/voorbeeld.md:2: duur: 1:00 wijkt af van de gemeten 0:23; de site gebruikt jouw duur"
        in result.stdout + result.stderr
    )
    channel = etree.fromstring((root / "site" / "podcast" / "feed.xml").read_bytes()).find("channel")
    assert channel.find("item").findtext(f"{ITUNES}duration") == "60"
    episode.write_text(text.replace("---\n", "---\naudio_bytes: 1234\n", 1), "utf-8")
    refused = build(root)
    assert refused.returncode != 0
    assert (
        "podcast/episodes/voorbeeld.md:2: audio_bytes: staat bij een eigen bestand" in refused.stdout + refused.stderr
    )


def test_moving_away_also_unlocks_the_feed(tmp_path):
    root = copy_site(tmp_path / "src")
    show = root / "podcast" / "show.yml"
    show.write_text(show.read_text("utf-8") + "nieuwe_feed_url: https://nieuw.example.org/feed.xml\n", "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    channel = etree.fromstring((root / "site" / "podcast" / "feed.xml").read_bytes()).find("channel")
    assert channel.findtext(f"{ITUNES}new-feed-url") == "https://nieuw.example.org/feed.xml"
    assert channel.findtext(f"{PODCAST}locked") == "no"


@pytest.mark.parametrize(
    "guid",
    ["tag:soundcloud,2010:tracks/123456789", "https://podcast.example.nl/?p=123", "123", "Buzzsprout-1234567"],
)
def test_guids_as_other_hosts_write_them_are_kept_verbatim(tmp_path, guid):
    root = copy_site(tmp_path / "src")
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    episode.write_text(
        re.sub(r"^guid: .*$", f'guid: "{guid}"', episode.read_text("utf-8"), count=1, flags=re.M), "utf-8"
    )
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    item = etree.fromstring((root / "site" / "podcast" / "feed.xml").read_bytes()).find("channel/item")
    assert item.findtext("guid") == guid
    assert item.find("guid").get("isPermaLink") == "false"


def test_a_date_as_feeds_write_it_is_read(tmp_path):
    root = copy_site(tmp_path / "src")
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    text = re.sub(
        r"^datum: .*$", 'datum: "Thu, 29 Jan 2026 10:00:00 +0100"', episode.read_text("utf-8"), count=1, flags=re.M
    )
    episode.write_text(text, "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    item = etree.fromstring((root / "site" / "podcast" / "feed.xml").read_bytes()).find("channel/item")
    assert item.findtext("pubDate") == "Thu, 29 Jan 2026 10:00:00 +0100"
