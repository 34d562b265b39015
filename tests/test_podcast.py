"""The podcast: content validation, the feed read back by two independent parsers, Apple's rules,
guid stability, drafts and scheduled episodes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import podcastparser
import pytest
from PIL import Image

from hooks.content import load
from hooks.errors import ContentError
from hooks.podcast_models import podcast_guid
from tests.helpers import EXAMPLE_EPISODE, ROOT, build, copy_site, csp, publish_example

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}
SITE_URL = "https://gezinshulpeerst.hetvergetenkind.nl/"
FEED_URL = SITE_URL + "podcast/feed.xml"
# The example episode as a published one (in the repository it is a draft that is never public).
EPISODE = (ROOT / EXAMPLE_EPISODE).read_text("utf-8").replace("voorbeeld: true\n", "").replace("concept: true\n", "")


def feed_of(site: Path) -> bytes:
    return (site / "podcast" / "feed.xml").read_bytes()


@pytest.mark.fast
def test_spec_test_vector_for_podcast_guid():
    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid("podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


@pytest.mark.slow
def test_feed_read_back_by_feedparser(real_site, real_source):
    parsed = feedparser.parse(feed_of(real_site))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Oost, West, Thuis Best"
    assert parsed.feed.language == "nl"
    episodes = load(real_source).podcast.episodes
    assert len(parsed.entries) == len(episodes) >= 1
    for item, entry in zip(parsed.entries, episodes, strict=True):
        (enclosure,) = item.enclosures
        assert enclosure.href == SITE_URL + entry.audio_url
        assert int(enclosure.length) == (real_site / entry.audio_path).stat().st_size
        assert enclosure.type == "audio/mpeg"
        assert item.id == entry.episode.guid
        assert item.itunes_duration == str(round(entry.audio.duration))
        assert item.published_parsed is not None


@pytest.mark.slow
def test_feed_read_back_by_podcastparser(real_site):
    import io

    parsed = podcastparser.parse(FEED_URL, io.BytesIO(feed_of(real_site)))
    assert parsed["title"] == "Oost, West, Thuis Best"
    assert re.fullmatch(re.escape(SITE_URL) + r"podcast/omslag-[0-9a-f]{10}\.jpg", parsed["cover_url"])
    assert (real_site / parsed["cover_url"].removeprefix(SITE_URL)).is_file()
    (episode,) = parsed["episodes"]
    (enclosure,) = episode["enclosures"]
    assert enclosure["file_size"] == (real_site / "podcast/audio/voorbeeld.mp3").stat().st_size
    assert enclosure["mime_type"] == "audio/mpeg"
    assert 20 <= episode["total_time"] <= 30
    assert episode["guid"].startswith("hvk-owtb-")
    assert episode["published"] == int(dt.datetime(2026, 1, 29, tzinfo=dt.timezone(dt.timedelta(hours=1))).timestamp())
    assert [c["title"] for c in episode.get("chapters", [])] in (
        [],
        ["Welkom", "Wat je in de echte afleveringen hoort"],
    )


@pytest.mark.slow
def test_apple_and_podcasting20_tags(real_site):
    channel = ET.fromstring(feed_of(real_site)).find("channel")
    assert channel.findtext("link") == SITE_URL + "podcast/"
    self_link = channel.find("atom:link", NS)
    assert (self_link.get("rel"), self_link.get("href")) == ("self", FEED_URL)
    for tag in ("title", "description", "language", "copyright", "lastBuildDate"):
        assert channel.findtext(tag), tag
    cover = channel.find("itunes:image", NS).get("href")
    assert re.fullmatch(re.escape(SITE_URL) + r"podcast/omslag-[0-9a-f]{10}\.jpg", cover), "a URL per artwork"
    assert (real_site / "podcast" / "omslag.jpg").read_bytes() == (
        real_site / cover.removeprefix(SITE_URL)
    ).read_bytes()
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("itunes:type", namespaces=NS) == "episodic"
    assert channel.findtext("itunes:owner/itunes:email", namespaces=NS) == "wereldvanaandacht@hetvergetenkind.nl"
    categories = [(c.get("text"), [s.get("text") for s in c]) for c in channel.findall("itunes:category", NS)]
    assert categories == [("Kids & Family", ["Parenting"]), ("Society & Culture", [])]
    assert channel.findtext("podcast:guid", namespaces=NS) == podcast_guid(FEED_URL)
    assert channel.find("podcast:locked", NS).get("owner") == "wereldvanaandacht@hetvergetenkind.nl"
    assert channel.find("podcast:funding", NS).get("url").startswith("https://")
    assert len(channel.findtext("description").encode()) <= 4000
    item = channel.find("item")
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("itunes:explicit", namespaces=NS) == "false"
    assert item.findtext("podcast:episode", namespaces=NS) == item.findtext("itunes:episode", namespaces=NS) == "1"
    assert item.findtext("podcast:season", namespaces=NS) == "1"
    transcript = item.find("podcast:transcript", NS)
    assert transcript.get("type") == "text/vtt"
    assert (real_site / transcript.get("url").removeprefix(SITE_URL)).read_text().startswith("WEBVTT")
    chapters = item.find("podcast:chapters", NS)
    assert chapters.get("type") == "application/json+chapters"
    document = json.loads((real_site / chapters.get("url").removeprefix(SITE_URL)).read_text("utf-8"))
    assert document["version"] == "1.2.0"
    starts = [c["startTime"] for c in document["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0
    assert all(isinstance(c["title"], str) and isinstance(c["startTime"], (int, float)) for c in document["chapters"])


@pytest.mark.slow
def test_cover_meets_apple_rules(real_site):
    with Image.open(real_site / "podcast" / "omslag.jpg") as cover:
        assert cover.format == "JPEG" and cover.mode == "RGB"
        assert cover.width == cover.height and 1400 <= cover.width <= 3000
        assert not cover.getexif()


@pytest.mark.slow
def test_same_content_same_feed_bytes(real_site, real_source, tmp_path):
    again = tmp_path / "site"
    assert build(real_source, again).returncode == 0
    assert feed_of(again) == feed_of(real_site)


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """The real site with the episode renamed and edited, one draft and one scheduled episode added,
    a second episode with guests and external audio, explicit content and a feed move."""
    root = copy_site(tmp_path_factory.mktemp("podcast") / "src")
    episodes = root / "podcast" / "episodes"
    (episodes / "voorbeeld.md").rename(episodes / "hernoemd.md")
    renamed = episodes / "hernoemd.md"
    renamed.write_text(renamed.read_text("utf-8").replace("zo klinkt een aflevering", "een nieuwe titel"), "utf-8")
    other = EPISODE.replace("hvk-owtb-029fff24-d97d-4891-a720-84eb5053f165", "hvk-owtb-tweede-0001")
    other = other.replace("nummer: 1", "nummer: 2").replace("datum: 2026-01-29", "datum: 2026-02-05")
    other = other.replace(
        "audio: audio/voorbeeld.mp3", 'audio: https://media.example.org/afl2.mp3\naudio_bytes: 123456\nduur: "31:05"'
    )
    other = other.replace(
        "expliciet: false",
        'expliciet: true\npersonen:\n  - naam: "Sam <b>"\n    rol: host\n'
        "  - naam: Kim\n    rol: guest\n    url: https://example.org/kim",
    )
    other = other.replace("transcript: transcripts/voorbeeld.vtt\n", "")
    (episodes / "tweede.md").write_text(other, "utf-8")
    draft = EPISODE.replace("hvk-owtb-029fff24", "hvk-owtb-concept1").replace("nummer: 1", "nummer: 3")
    (episodes / "concept.md").write_text(draft.replace("expliciet: false", "expliciet: false\nconcept: true"), "utf-8")
    future = EPISODE.replace("hvk-owtb-029fff24", "hvk-owtb-later001").replace("nummer: 1", "nummer: 4")
    (episodes / "later.md").write_text(future.replace("datum: 2026-01-29", "datum: 2999-01-01"), "utf-8")
    show = root / "podcast" / "show.yml"
    show.write_text(show.read_text("utf-8") + "nieuwe_feed_url: https://nieuw.example.org/feed.xml\n", "utf-8")
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.mark.slow
def test_guid_survives_rename_and_edit(real_site, changed_site):
    old = feedparser.parse(feed_of(real_site)).entries[0]
    new = {e.id: e for e in feedparser.parse(feed_of(changed_site)).entries}
    assert new[old.id].title == "Voorbeeldaflevering: een nieuwe titel"
    assert new[old.id].link == SITE_URL + "podcast/hernoemd/"


@pytest.mark.slow
def test_drafts_and_scheduled_episodes_are_not_published(changed_site):
    feed = feed_of(changed_site).decode()
    assert "concept1" not in feed and "later001" not in feed
    assert not (changed_site / "podcast" / "concept").exists()
    assert not (changed_site / "podcast" / "later").exists()
    listing = (changed_site / "podcast" / "index.html").read_text("utf-8")
    assert "concept/" not in listing and "later/" not in listing


@pytest.mark.slow
def test_newest_first_external_audio_persons_explicit_and_move(changed_site):
    parsed = feedparser.parse(feed_of(changed_site))
    assert not parsed.bozo
    assert [e.id for e in parsed.entries] == ["hvk-owtb-tweede-0001", "hvk-owtb-029fff24-d97d-4891-a720-84eb5053f165"]
    channel = ET.fromstring(feed_of(changed_site)).find("channel")
    assert channel.findtext("itunes:new-feed-url", namespaces=NS) == "https://nieuw.example.org/feed.xml"
    assert channel.findtext("podcast:guid", namespaces=NS) == podcast_guid(FEED_URL), "guid kept on a move"
    item = channel.find("item")
    enclosure = item.find("enclosure")
    assert (enclosure.get("url"), enclosure.get("length")) == ("https://media.example.org/afl2.mp3", "123456")
    assert item.findtext("itunes:duration", namespaces=NS) == str(31 * 60 + 5)
    assert item.findtext("itunes:explicit", namespaces=NS) == "true"
    persons = [(p.text, p.get("role"), p.get("href")) for p in item.findall("podcast:person", NS)]
    assert persons == [("Sam <b>", "host", None), ("Kim", "guest", "https://example.org/kim")]
    page = (changed_site / "podcast" / "tweede" / "index.html").read_text("utf-8")
    assert "Sam &lt;b&gt;" in page and 'src="https://media.example.org/afl2.mp3"' in page


# --- validation of podcast content -------------------------------------------------------------


@pytest.fixture
def podsite(tmp_path):
    root = tmp_path
    (root / "data").mkdir()
    shutil.copy(ROOT / "data" / "campagne.yml", root / "data")
    shutil.copytree(ROOT / "tijdlijn", root / "tijdlijn")  # the moments the campaign data names
    shutil.copytree(ROOT / "podcast", root / "podcast")
    shutil.copytree(ROOT / "stories", root / "stories")
    publish_example(root)
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load(root)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.mark.fast
def test_external_audio_that_cannot_be_reached_on_a_first_build_is_an_error(podsite):
    edit(podsite / "podcast/episodes/voorbeeld.md", "audio: audio/voorbeeld.mp3", "audio: https://127.0.0.1:1/a.mp3")
    (podsite / "podcast/audio/voorbeeld.mp3").unlink()
    (line,) = problems(podsite)
    assert line.startswith('podcast/episodes/voorbeeld.md:11: audio: "https://127.0.0.1:1/a.mp3" is niet te bereiken (')
    assert line.endswith("; verwacht een adres waar de audio nu staat")


@pytest.mark.fast
def test_external_audio_host_is_allowed_by_the_pages_policy(podsite):
    from hooks.build import Build

    edit(
        podsite / "podcast/episodes/voorbeeld.md",
        "audio: audio/voorbeeld.mp3",
        "audio: https://cdn.example.org/a.mp3\naudio_bytes: 1000\nduur: 0:23",
    )
    (podsite / "podcast/audio/voorbeeld.mp3").unlink()
    build = Build(podsite, load(podsite))
    assert build.csp_sources["media"] == ["https://cdn.example.org"]
    page = build.secure('<meta charset="utf-8"><p>x</p>', "/podcast/voorbeeld/")
    assert "media-src 'self' https://cdn.example.org" in csp(page)


@pytest.mark.fast
@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "is leeg"),
        (b"<html>geen audio</html>" * 50, "is geen"),
    ],
)
def test_audio_that_is_not_audio(podsite, content, expected):
    (podsite / "podcast/audio/voorbeeld.mp3").write_bytes(content)
    (line,) = problems(podsite)
    assert line.startswith('podcast/episodes/voorbeeld.md:11: audio: "audio/voorbeeld.mp3" ' + expected)


@pytest.mark.fast
def test_missing_audio_file(podsite):
    (podsite / "podcast/audio/voorbeeld.mp3").unlink()
    (line,) = problems(podsite)
    assert '"audio/voorbeeld.mp3" bestaat niet' in line


@pytest.mark.fast
@pytest.mark.parametrize(
    "size, mode, fmt, outcome",
    [
        ((1400, 1000), "RGB", "JPEG", "is niet vierkant (1400×1000 pixels)"),
        ((1000, 1000), "RGB", "PNG", "is te klein (1000×1000 pixels)"),
        ((3200, 3200), "RGBA", "PNG", None),
        ((1500, 1500), "RGB", "WEBP", None),
    ],
)
def test_cover_rules(podsite, size, mode, fmt, outcome):
    name = f"omslag.{fmt.lower()}"
    (podsite / "podcast/omslag.jpg").unlink()
    Image.new(mode, size, (200, 100, 50, 128) if mode == "RGBA" else (200, 100, 50)).save(
        podsite / "podcast" / name, fmt
    )
    edit(podsite / "podcast/show.yml", "omslag: omslag.jpg", f"omslag: {name}")
    if outcome:
        (line,) = problems(podsite)
        assert line.startswith(f'podcast/show.yml:18: omslag: "{name}" {outcome}')
    else:
        cover = load(podsite).podcast.cover
        assert cover.width == cover.height == min(size[0], 3000) and cover.mime == "image/jpeg"


@pytest.mark.fast
@pytest.mark.parametrize(
    "field, old, new, expected",
    [
        ("hoofdstukken", 'start: "0:13"', 'start: "0:00"', "staan niet op volgorde van tijd"),
        ("hoofdstukken[2]", 'start: "0:13"', 'start: "5:00"', "begint na het einde van de audio"),
        ("gerelateerd[1]", "gerelateerd: [marilene]", "gerelateerd: [niemand]", '"niemand" is geen verhaal'),
        ("nummer", "nummer: 1", "nummer: een", '"een" is geen getal'),
    ],
)
def test_episode_rules(podsite, field, old, new, expected):
    edit(podsite / "podcast/episodes/voorbeeld.md", old, new)
    (line,) = problems(podsite)
    assert f" {field}: " in line and expected in line, line


@pytest.mark.fast
@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            '  - "Society & Culture"',
            '  - "Maatschappij"',
            'categorieen[2]: "Maatschappij" is geen categorie van Apple Podcasts',
        ),
        ("expliciet: false", "expliciet: misschien", 'expliciet: "misschien" is geen ja/nee-waarde'),
        ("type: episodic", "type: serie", 'type: "serie" is niet toegestaan; verwacht episodic of serial'),
        ("guid: f7f75d6e-732f-52cd-90de-77ed99a270b3\n", "", "guid: ontbreekt"),
    ],
)
def test_show_rules(podsite, old, new, expected):
    edit(podsite / "podcast/show.yml", old, new)
    (line,) = problems(podsite)
    assert line.startswith("podcast/show.yml:") and expected in line, line


@pytest.mark.fast
def test_description_longer_than_4000_bytes(podsite):
    edit(podsite / "podcast/show.yml", "bij de campagne Gezinshulp eerst.", "é" * 2100)
    (line,) = problems(podsite)
    assert "beschrijving:" in line and "langer dan 4000 bytes" in line


@pytest.mark.fast
def test_duplicate_guid_and_unused_file(podsite):
    shutil.copy(podsite / "podcast/episodes/voorbeeld.md", podsite / "podcast/episodes/kopie.md")
    edit(podsite / "podcast/episodes/kopie.md", "nummer: 1", "nummer: 2")
    (podsite / "podcast/audio/oud.mp3").write_bytes(b"x")
    lines = problems(podsite)
    assert any("guid: heeft dezelfde guid als podcast/episodes/kopie.md" in line for line in lines), lines
    assert "podcast/audio/oud.mp3: wordt door geen aflevering of de show gebruikt" in lines[0]


@pytest.mark.fast
def test_measured_audio_is_kept_but_a_cut_off_upload_is_still_found(podsite):
    from hooks.content import load

    audio = podsite / "podcast/audio/voorbeeld.mp3"
    first = load(podsite).podcast.episodes[0]
    assert (podsite / ".cache" / "inhoud.pickle").is_file()
    assert load(podsite).podcast.episodes[0].audio == first.audio  # measured once, kept
    audio.write_bytes(audio.read_bytes()[: audio.stat().st_size // 2])  # an upload that stopped halfway
    (line,) = problems(podsite)
    assert 'audio: "audio/voorbeeld.mp3" is onvolledig' in line


@pytest.mark.slow
def test_while_nothing_can_be_heard_nothing_promises_the_podcast(tmp_path):
    """The repository as it is: the example episode is never public, so no feed is published (an app
    that subscribes to an empty feed may never look again), and without a place to listen now the
    menu and the home page leave the podcast out; with one (`nu_te_horen`) they lead there (#26)."""
    root = copy_site(tmp_path / "src", example_published=False)
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    assert not (site / "podcast" / "feed.xml").exists()
    assert not (site / "podcast" / "voorbeeld").exists()
    assert not list(site.rglob("voorbeeld.mp3"))
    home = (site / "index.html").read_text("utf-8")
    assert "Luister de podcast" not in home and 'id="luister"' not in home, "no button, no empty heading"
    assert 'href="podcast/"' not in home, "the menu leaves it out"
    page = (site / "podcast" / "index.html").read_text("utf-8")
    assert "binnenkort" not in page and "Nog geen afleveringen op deze site" in page
    assert "podcast/feed.xml" not in page and 'href="feed.xml"' not in page and "Abonneren" not in page
    for html in site.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "podcast/voorbeeld/" not in text and "Voorbeeldaflevering" not in text, html
    assert "voorbeeld" not in (site / "sitemap.xml").read_text("utf-8")

    show = root / "podcast" / "show.yml"
    show.write_text(
        show.read_text("utf-8")
        + 'nu_te_horen:\n  url: https://example.org/oude-host\n  tekst: "Luister bij de oude host"\n',
        "utf-8",
    )
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text("utf-8")
    assert "Luister de podcast" in home and 'href="https://example.org/oude-host">Luister bij de oude host' in home
    page = (site / "podcast" / "index.html").read_text("utf-8")
    assert '<a href="https://example.org/oude-host">Luister bij de oude host</a>' in page
    assert "podcast/feed.xml" not in page


@pytest.mark.fast
def test_the_example_cover_is_refused_once_an_episode_is_public(podsite):
    """The cover that says VOORBEELD would be in listeners' apps for years."""
    old = (ROOT / "tests" / "fixtures" / "voorbeeldomslag.jpg").read_bytes()  # the cover until #26
    (podsite / "podcast" / "omslag.jpg").write_bytes(old)
    (line,) = problems(podsite)
    assert line.startswith("podcast/show.yml:18: omslag: is de voorbeeldomslag (met VOORBEELD erop)")


@pytest.mark.slow
def test_the_edited_show_passes_podcast_index_and_the_namespace_rules(changed_site):
    from lxml import etree

    from tests.feed_rules import independent_parsers, podcasting20_rules

    feed = changed_site / "podcast" / "feed.xml"
    channel = etree.fromstring(feed.read_bytes()).find("channel")
    assert podcasting20_rules(channel) == []
    parsed = independent_parsers(feed)
    guids = [item.findtext("guid") for item in channel.findall("item")]
    assert [i["guid"] for i in parsed["partytime"]["items"]] == guids
    assert [i["guid"] for i in parsed["rssParser"]["items"]] == guids
    people = {p["name"] for i in parsed["partytime"]["items"] for p in i["people"]}
    assert people == {"Sam <b>", "Kim"}


@pytest.mark.slow
def test_make_check_fetches_nothing_unless_asked(tmp_path, capsys, monkeypatch):
    """`make check` takes external audio as the last build measured it and otherwise says it did not
    measure it; nothing reaches the other host. `make check ONLINE=1` measures (#25)."""
    from hooks import cli
    from tests.helpers import https_host

    root = copy_site(tmp_path / "src")
    served = tmp_path / "host"
    served.mkdir()
    shutil.move(root / "podcast/audio/voorbeeld.mp3", served / "a.mp3")
    with https_host(served, tmp_path) as (base, cert, server):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        seen: list[int] = []
        handler = server.RequestHandlerClass
        server.RequestHandlerClass = lambda *a, **k: seen.append(1) or handler(*a, **k)
        edit(root / "podcast/episodes/voorbeeld.md", "audio: audio/voorbeeld.mp3", f"audio: {base}/a.mp3")
        assert cli.check(root) == 0
        said = capsys.readouterr().out
        assert seen == [] and "is nog niet gemeten: make check haalt niets van andere hosts" in said, said
        assert cli.check(root, online=True) == 0
        assert seen and "nog niet gemeten" not in capsys.readouterr().out
        seen.clear()
        assert cli.check(root) == 0
        assert seen == [] and "nog niet gemeten" not in capsys.readouterr().out, "the last measurement counts"


@pytest.mark.fast
@pytest.mark.parametrize(
    ("title", "advice"),
    [
        ("Aflevering 1: welkom", True),
        ("Oost, West, Thuis Best: welkom", True),
        ("#12 Wachtlijsten", True),
        ("00000001: Brian Harrington", True),
        ("31.01.2022 – Langsam gesprochene Nachrichten", False),  # a date, not a number
        ("1.5 miljoen kinderen", False),
        ("Wat een wijkteam kan doen", False),
    ],
)
def test_a_number_or_the_show_s_name_in_a_title_is_advice_not_a_refusal(podsite, title, advice):
    """Apple advises against them and takes them; a moved show keeps its titles as listeners know them."""
    edit(
        podsite / "podcast/episodes/voorbeeld.md",
        'titel: "Voorbeeldaflevering: zo klinkt een aflevering"',
        f'titel: "{title}"',
    )
    content = load(podsite)
    said = [str(n) for n in content.notes if " titel: " in str(n)]
    assert bool(said) is advice, said
    assert all("Apple raadt aan" in line for line in said)
