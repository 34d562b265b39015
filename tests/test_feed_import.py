"""Moving the show in: feeds saved from five kinds of host (Anchor/Spotify for Creators, Buzzsprout,
Libsyn, a WordPress podcast plugin, SoundCloud), their audio made by real encoders and served over
HTTPS, imported with the real command, checked and built; and our own feed imported back.

Every built feed is read by two parsers no other test uses (podcast-partytime, Podcast Index's own,
and rss-parser, both from npm) and checked against the Podcasting 2.0 rules for each `podcast:` tag;
every duration, length and URL is checked against FFmpeg's full decode and the served file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from tests.audio import decoded_seconds, encode
from tests.feed_rules import independent_parsers, podcasting20_rules
from tests.helpers import EXAMPLE_EPISODE, ROOT, build, copy_site, https_host, tree_digest

pytestmark = pytest.mark.slow
FIXTURES = ROOT / "tests" / "fixtures" / "feeds"
NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
SOUND = "aevalsrc='if(lt(t,4),0,sin(440*2*PI*t)*0.3+(random(0)-0.5)*0.6)':s=44100:d={seconds}"
# Each host's files as its feed names them: (encoder, seconds).
AUDIO = {
    "anchor/s/f1e2d3c4/podcast/play/1001/aflevering-1.mp3": ("cbr", 30),
    "anchor/s/f1e2d3c4/podcast/play/1002/aflevering-2.mp3": ("vbr zonder kop", 25),
    "buzzsprout/2212345/14523456-wat-een-wijkteam-kan-doen.mp3": ("vbr", 35),
    "buzzsprout/2212345/14500001-trailer.mp3": ("mono 22 kHz", 12),
    "libsyn/secure/oostwest/S2E1_seizoen.mp3": ("cbr", 20),
    "libsyn/secure/oostwest/S1E1 het begin.mp3": ("vbr", 22),
    "wordpress/wp-content/uploads/2026/02/vader-wachtlijst.m4a": ("aac", 25),
    "wordpress/wp-content/uploads/2026/02/bonus-vragen.mp3": ("cbr", 15),
    "soundcloud/stream/1987654321-hetvergetenkind-een-jongere-over-thuis.mp3": ("vbr zonder kop", 30),
}
COVERS = {
    "anchor/cover.jpg": "JPEG",
    "buzzsprout/artwork.jpg": "JPEG",
    "libsyn/showimage.png": "PNG",
    "wordpress/wp-content/uploads/powerpress/omslag.jpg": "JPEG",
    "soundcloud/artworks-000-t3000x3000.jpg": "JPEG",
}
VTT = """WEBVTT

00:00:00.000 --> 00:00:06.000
<v Presentator>Welkom bij deze aflevering.

00:00:06.000 --> 00:00:12.000
<v Hulpverlener>Ik werk in een wijkteam.
"""
SRT = """1
00:00:00,000 --> 00:00:05,000
Welkom.

2
00:00:05,000 --> 00:00:10,000
Een vader vertelt.
"""
CHAPTERS = {
    "version": "1.2.0",
    "chapters": [{"startTime": 0, "title": "Begin"}, {"startTime": 20, "title": "Wat werkt"}],
}


def _encode(kind: str, seconds: int, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    wav = out.with_suffix(".wav")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", SOUND.format(seconds=seconds), "-ac", "1", str(wav)],
        check=True,
    )
    encode(kind, wav, out)
    wav.unlink()


@pytest.fixture(scope="module")
def old_hosts(tmp_path_factory):
    """Five old hosts on one local HTTPS server, with their feeds (also saved as files)."""
    for tool in ("ffmpeg", "lame", "node"):
        assert shutil.which(tool), f"{tool} ontbreekt: `make test` installeert het"
    scratch = tmp_path_factory.mktemp("oude-hosts")
    files = scratch / "www"
    for rel, (kind, seconds) in AUDIO.items():
        _encode(kind, seconds, files / rel)
    for index, (rel, kind) in enumerate(COVERS.items()):
        (files / rel).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (1400, 1400), (90 + index * 20, 40, 120)).save(files / rel, kind)
    (files / "buzzsprout/2212345/14523456").mkdir(parents=True)
    (files / "buzzsprout/2212345/14523456/transcript.vtt").write_text(VTT, "utf-8")
    (files / "buzzsprout/2212345/14523456/chapters.json").write_text(json.dumps(CHAPTERS), "utf-8")
    (files / "wordpress/wp-content/uploads/2026/02/vader-wachtlijst.srt").write_text(SRT, "utf-8")
    with https_host(files, scratch) as (base, cert, _server):
        saved = scratch / "opgeslagen"
        saved.mkdir()
        for fixture in FIXTURES.glob("*.xml"):
            text = fixture.read_text("utf-8").replace("__HOST__", base)
            text = re.sub(r"__LEN:(.+?)__", lambda m: str((files / m.group(1)).stat().st_size), text)
            text = re.sub(
                r"__DUR:(.+?)__",
                lambda m: str(dt.timedelta(seconds=round(decoded_seconds(files / m.group(1))))).rjust(8, "0"),
                text,
            )
            (files / fixture.name).write_text(text, "utf-8")
            (saved / fixture.name).write_text(text, "utf-8")
        yield base, cert, files, saved


def _importeer(root: Path, source: str, cert: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {"SSL_CERT_FILE": str(cert), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HVK_ALLOW_LOOPBACK": "1"}
    return subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "importeer", source, *extra],
        capture_output=True,
        text=True,
        env=env,
    )


def _check(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HVK_ALLOW_LOOPBACK": "1"},
    )


def _fresh_copy(path: Path) -> Path:
    """Our site before the move: the example is a draft, no real episode yet."""
    return copy_site(path, example_published=False)


# Each host once by address or by saved file, and two of them both ways.
@pytest.mark.parametrize(
    ("host", "how"),
    [("anchor", "adres"), ("buzzsprout", "adres"), ("buzzsprout", "bestand"), ("libsyn", "bestand"),
     ("wordpress", "adres"), ("wordpress", "bestand"), ("soundcloud", "bestand")],
)  # fmt: skip
def test_an_old_hosts_feed_moves_in_whole(old_hosts, tmp_path, host, how):
    base, cert, files, saved = old_hosts
    root = _fresh_copy(tmp_path / "site")
    source = f"{base}/{host}.xml" if how == "adres" else str(saved / f"{host}.xml")
    result = _importeer(root, source, cert)
    assert result.returncode == 0, result.stdout + result.stderr
    old = etree.parse(str(files / f"{host}.xml")).getroot().find("channel")
    env = {"SSL_CERT_FILE": str(cert), "PETITION_SERVICE_URL": ""}
    checked = _check(root, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    if host == "buzzsprout":  # the title is kept as it was; import and check both give Apple's advice
        assert "de titel noemt het nummer of de podcast zelf" in result.stdout
        assert "Apple raadt aan die weg te laten" in checked.stdout
    built = build(root, env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    feed_path = root / "site" / "podcast" / "feed.xml"
    channel = etree.parse(str(feed_path)).getroot().find("channel")

    # The show keeps its identity: the old podcast:guid, or the one the spec derives from the old address.
    old_guid = old.findtext("podcast:guid", namespaces=NS)
    self_link = old.find("{http://www.w3.org/2005/Atom}link[@rel='self']").get("href")
    from hooks.podcast_models import podcast_guid

    assert channel.findtext("podcast:guid", namespaces=NS) == (old_guid or podcast_guid(self_link))
    assert podcasting20_rules(channel) == []

    old_items = {i.findtext("guid"): i for i in old.findall("item")}
    new_items = {i.findtext("guid"): i for i in channel.findall("item")}
    assert set(new_items) == set(old_items), "every guid verbatim, none added"
    for guid, item in new_items.items():
        before = old_items[guid]
        assert parsedate_to_datetime(item.findtext("pubDate")) == parsedate_to_datetime(before.findtext("pubDate"))
        enclosure, old_enclosure = item.find("enclosure"), before.find("enclosure")
        assert enclosure.get("url") == old_enclosure.get("url")
        served = files / re.sub(r"\?.*$", "", enclosure.get("url")[len(base) + 1 :]).replace("%20", " ")
        assert int(enclosure.get("length")) == served.stat().st_size, "the served file's size"
        assert enclosure.get("type") == ("audio/x-m4a" if served.suffix == ".m4a" else "audio/mpeg")
        duration = int(item.findtext("itunes:duration", namespaces=NS))
        assert abs(duration - decoded_seconds(served)) <= 1, f"{served.name}: {duration} s"
        old_type = before.findtext("itunes:episodeType", namespaces=NS) or "full"
        assert item.findtext("itunes:episodeType", namespaces=NS) == old_type
        for tag in ("itunes:season", "itunes:episode"):
            if before.findtext(tag, namespaces=NS):
                assert item.findtext(tag, namespaces=NS) == before.findtext(tag, namespaces=NS)
        assert item.findtext("itunes:explicit", namespaces=NS) == "false"
        assert item.find("content:encoded", namespaces=NS) is not None

    # What each host carried beyond the basics survives the move.
    pages = root / "site" / "podcast"
    if host == "buzzsprout":
        wijkteam = new_items["Buzzsprout-14523456"]
        transcript = wijkteam.find("podcast:transcript", namespaces=NS)
        assert transcript.get("type") == "text/vtt"
        page = (pages / "wat-een-wijkteam-kan-doen" / "index.html").read_text("utf-8")
        assert "Hulpverlener" in page and "Ik werk in een wijkteam." in page, "speakers on the page"
        chapters = json.loads((pages / "wat-een-wijkteam-kan-doen" / "hoofdstukken.json").read_text("utf-8"))
        assert [c["startTime"] for c in chapters["chapters"]] == [0, 20]
        assert channel.find("podcast:funding", namespaces=NS).get("url") == "https://www.hetvergetenkind.nl/doneren"
        assert channel.find("podcast:trailer", namespaces=NS) is not None
    if host == "wordpress":
        vader = new_items["https://www.example-stichting.nl/?p=1234"]
        srt = vader.find("podcast:transcript", namespaces=NS)  # uploaded as SRT, published as WebVTT written anew
        assert srt.get("type") == "text/vtt" and srt.get("url").endswith("/transcript.vtt")
        notes = vader.findtext("content:encoded", namespaces=NS)
        assert "In deze aflevering</h2>" in notes and "<li>De wachtlijst</li>" in notes
        assert 'href="https://www.example-stichting.nl/verhalen/"' in notes, "the old site's relative link, made whole"
        chapters = vader.find("podcast:chapters", namespaces=NS)
        assert chapters is not None, "psc:chapters inline became chapters"
    if host in ("anchor", "soundcloud"):  # chapters only as times in the shownotes
        assert any(i.find("podcast:chapters", namespaces=NS) is not None for i in new_items.values())
    if host == "soundcloud":
        # The title as the old host wrote it: listeners know the episode by it (Apple's advice is a note).
        assert channel.find("item/title").text == "Oost, West, Thuis Best #1 - Een jongere over thuis"

    # Two parsers that no other test uses read the same feed.
    parsed = independent_parsers(feed_path)
    party = parsed["partytime"]
    assert party is not None and party["guid"] == channel.findtext("podcast:guid", namespaces=NS)
    assert party["locked"] is True
    assert {i["guid"] for i in party["items"]} == set(old_items)
    for item in party["items"]:
        new = new_items[item["guid"]]
        assert item["enclosure"]["url"] == new.find("enclosure").get("url")
        assert item["enclosure"]["length"] == int(new.find("enclosure").get("length"))
        assert item["duration"] == int(new.findtext("itunes:duration", namespaces=NS))
    assert {i["guid"] for i in parsed["rssParser"]["items"]} == set(old_items)

    # Importing again duplicates nothing.
    before = tree_digest(root / "podcast" / "episodes")
    again = _importeer(root, source, cert)
    assert again.returncode == 0, again.stderr
    assert tree_digest(root / "podcast" / "episodes") == before
    assert again.stdout.count("staat er al") == len(old_items)


def test_a_locked_feed_is_refused_politely_and_nothing_changes(old_hosts, tmp_path):
    base, cert, files, saved = old_hosts
    locked = saved / "buzzsprout.xml"
    text = locked.read_text("utf-8").replace(">no</podcast:locked>", ">yes</podcast:locked>")
    (tmp_path / "vergrendeld.xml").write_text(text, "utf-8")
    root = _fresh_copy(tmp_path / "site")
    before = tree_digest(root)
    result = _importeer(root, str(tmp_path / "vergrendeld.xml"), cert)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "is vergrendeld door de eigenaar (wereldvanaandacht@hetvergetenkind.nl)" in line
    assert "Zet bij de oude host de vergrendeling uit" in line and "Er is niets veranderd." in line
    assert tree_digest(root) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<html><body>Niet gevonden</body></html>", "is geen RSS-feed"),
        (b"<?xml version='1.0'?><rss><channel><title>x", "is geen leesbare feed"),
        (b'<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel>&b;</channel></rss>', "feed"),
    ],
)
def test_what_is_not_a_feed_gets_one_line_and_no_change(tmp_path, content, expected):
    root = _fresh_copy(tmp_path / "site")
    (tmp_path / "feed.xml").write_bytes(content)
    before = tree_digest(root)
    result = _importeer(root, str(tmp_path / "feed.xml"), tmp_path / "geen.pem")
    assert result.returncode == 1, result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert expected in line and "Traceback" not in result.stderr
    assert tree_digest(root) == before


def test_our_own_feed_round_trips(tmp_path):
    """Build our site at a local HTTPS address, import its feed into a copy without episodes, build
    that at the same address: the feed says the same thing."""
    first = copy_site(tmp_path / "eerste")
    served = tmp_path / "eerste-site"
    served.mkdir()
    with https_host(served, tmp_path) as (base, cert, _server):
        env = {"SSL_CERT_FILE": str(cert), "PETITION_SERVICE_URL": "", "SITE_URL": f"{base}/"}
        built = build(first, served, env=env)
        assert built.returncode == 0, built.stdout + built.stderr
        second = copy_site(tmp_path / "tweede", example_published=False)
        for rel in (EXAMPLE_EPISODE, "podcast/audio/voorbeeld.mp3", "podcast/transcripts/voorbeeld.vtt"):
            (second / rel).unlink()
        imported = subprocess.run(
            [sys.executable, "-m", "hooks.cli", "--root", str(second), "importeer", f"{base}/podcast/feed.xml"],
            capture_output=True,
            text=True,
            env={**env, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HVK_ALLOW_LOOPBACK": "1"},
        )
        assert imported.returncode == 0, imported.stdout + imported.stderr
        rebuilt = build(second, env=env)
        assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    a = etree.parse(str(served / "podcast" / "feed.xml")).getroot().find("channel")
    b = etree.parse(str(second / "site" / "podcast" / "feed.xml")).getroot().find("channel")
    same_text = [
        "title",
        "language",
        "itunes:author",
        "itunes:type",
        "itunes:explicit",
        "podcast:guid",
        "podcast:locked",
    ]
    for tag in same_text:
        assert b.findtext(tag, namespaces=NS) == a.findtext(tag, namespaces=NS), tag
    assert [c.get("text") for c in b.iterfind(".//itunes:category", NS)] == [
        c.get("text") for c in a.iterfind(".//itunes:category", NS)
    ]
    (item_a,), (item_b,) = a.findall("item"), b.findall("item")
    for tag in ("guid", "title", "pubDate", "itunes:duration", "itunes:episode", "itunes:season", "itunes:episodeType"):
        assert item_b.findtext(tag, namespaces=NS) == item_a.findtext(tag, namespaces=NS), tag
    assert dict(item_b.find("enclosure").attrib) == dict(item_a.find("enclosure").attrib)
    for tag in ("podcast:transcript", "podcast:chapters"):
        assert dict(item_b.find(tag, namespaces=NS).attrib) == dict(item_a.find(tag, namespaces=NS).attrib), tag

    def words(html: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", html).split())

    for tag in ("description", "content:encoded"):
        assert words(item_b.findtext(tag, namespaces=NS)) == words(item_a.findtext(tag, namespaces=NS)), tag
    assert podcasting20_rules(b) == []
