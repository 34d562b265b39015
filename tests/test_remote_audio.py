"""Audio hosted elsewhere, measured by the build over HTTPS from a real local server: once, again
only when the host's ETag changes, and from the kept facts (with a note) when the host is down."""

from __future__ import annotations

import functools
import http.server
import shutil
import ssl
import subprocess
import threading

import pytest
from lxml import etree

from tests.helpers import ROOT, build, copy_site

pytestmark = pytest.mark.slow
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        path = self.translate_path(self.path)
        try:
            with open(path, "rb") as f:
                self.send_header("ETag", f'"{hash(f.read())}"')
        except OSError:
            pass
        super().end_headers()


@pytest.fixture
def host(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    files = tmp_path / "host"
    files.mkdir()
    shutil.copy(ROOT / "podcast" / "audio" / "voorbeeld.mp3", files / "afl.mp3")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(files)))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}/afl.mp3", files, cert, server
    server.shutdown()


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
