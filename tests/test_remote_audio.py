"""Audio hosted elsewhere, measured by the build over HTTPS from a real local server: once, again
only when the host's ETag changes, and from the kept facts (with a note) when the host is down."""

from __future__ import annotations

import shutil

import pytest
from lxml import etree

from tests.helpers import ROOT, build, copy_site, https_host

pytestmark = pytest.mark.slow
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


@pytest.fixture
def host(tmp_path):
    files = tmp_path / "host"
    files.mkdir()
    shutil.copy(ROOT / "podcast" / "audio" / "voorbeeld.mp3", files / "afl.mp3")
    with https_host(files, tmp_path) as (base, cert, server):
        yield f"{base}/afl.mp3", files, cert, server


def _feed_item(root):
    return etree.fromstring((root / "site" / "podcast" / "feed.xml").read_bytes()).find("channel/item")


def test_measured_once_remeasured_on_change_kept_when_down(tmp_path, host):
    url, files, cert, server = host
    root = copy_site(tmp_path / "src")
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    episode.write_text(episode.read_text("utf-8").replace("audio: audio/voorbeeld.mp3", f"audio: {url}"), "utf-8")
    (root / "podcast" / "audio" / "voorbeeld.mp3").unlink()
    env = {"SSL_CERT_FILE": str(cert), "PETITION_SERVICE_URL": ""}
    result = build(root, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    item = _feed_item(root)
    assert item.find("enclosure").get("url") == url
    assert item.find("enclosure").get("length") == str((files / "afl.mp3").stat().st_size)
    assert item.findtext(f"{ITUNES}duration") == "24"
    # The host's file changes (another ETag, another size): measured again.
    (files / "afl.mp3").write_bytes((files / "afl.mp3").read_bytes() * 2)
    assert build(root, env=env).returncode == 0
    assert _feed_item(root).find("enclosure").get("length") == str((files / "afl.mp3").stat().st_size)
    assert _feed_item(root).findtext(f"{ITUNES}duration") == "47"
    # The host is down: the kept facts, and a note.
    server.shutdown()
    server.server_close()
    later = build(root, env=env)
    assert later.returncode == 0, later.stdout + later.stderr
    assert (
        "is nu niet te bereiken; de site gebruikt de grootte en duur van de vorige keer" in later.stdout + later.stderr
    )
    assert _feed_item(root).findtext(f"{ITUNES}duration") == "47"
