"""Shared test helpers: a scratch copy of the site to break, and a way to build it for real."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hooks.collections import COLLECTIONS

ROOT = Path(__file__).resolve().parent.parent
# The site's files a copy needs: every kind's folder (as the kinds say: a new kind is copied
# without touching this list), and the rest.
SITE_PARTS = tuple(
    dict.fromkeys(
        ["mkdocs.yml", "docs", "overrides", "data", "podcast", "cms"] + [c.folder.split("/")[0] for c in COLLECTIONS]
    )
)


EXAMPLE_EPISODE = "podcast/episodes/voorbeeld.md"


def without_story_order(campaign: str) -> str:
    """The campaign data without `volgorde_verhalen`, for a copy that lacks the stories it names."""
    return re.sub(r"\n  volgorde_verhalen: .*", "", campaign)


def publish_example(root: Path) -> None:
    """Turn the example episode (a draft, never public) into a published episode, as an editor's
    first real one would be: the tests of the feed and the episode page use it."""
    path = root / EXAMPLE_EPISODE
    text = path.read_text("utf-8")
    for flag in ("voorbeeld: true\n", "concept: true\n"):
        assert flag in text, f"{EXAMPLE_EPISODE} has no {flag!r}"
        text = text.replace(flag, "")
    path.write_text(text, "utf-8")


def copy_site(dest: Path, with_content: bool = True, example_published: bool = True) -> Path:
    """A full copy of the real site (code linked, content copied) that a test may change; the
    example episode published unless `example_published` is False."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if not src.exists():
            continue
        if src.is_dir():
            if part == "stories" and not with_content:
                (dest / part).mkdir()
                continue
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    (dest / "hooks").symlink_to(ROOT / "hooks")
    if not with_content:  # the campaign's own order names stories this copy does not have
        data = dest / "data" / "campagne.yml"
        data.write_text(without_story_order(data.read_text("utf-8")), "utf-8")
    if example_published and (dest / EXAMPLE_EPISODE).is_file():
        publish_example(dest)
    return dest


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon (UTC) on `day`: a build that runs on that date."""
    return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))


def build(root: Path, site_dir: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real build, as `make build` runs it, on the site at `root` (with `env` added)."""
    code = (
        "import sys; from pathlib import Path; from hooks.cli import build; "
        f"sys.exit(build(Path({str(root)!r}), Path({str(site_dir or root / 'site')!r})))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and bytes: equal digests mean an untouched tree."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


STORY = """---
titel: "Een titel"
naam: Sam
leeftijd: 16
rol: jongere
schuilnaam: ja
citaat: "Dit is een citaat."
samenvatting: "Een samenvatting van het verhaal."
datum: 2026-02-01
themas: [contact]
toestemming: ja
bron: "Testbron voor dit verhaal"
---

Het verhaal zelf.
"""


def story_with_photo(file: str, alt: str = "Een oranje vlak", story: str = STORY) -> str:
    """The story with a photo block (with consent) before its `bron`: how tests give a story a photo."""
    return story.replace("bron:", f"foto:\n  bestand: {file}\n  alt: {alt}\n  toestemming: true\nbron:")


def csp(html: str) -> str:
    """A built page's Content-Security-Policy, read as a browser reads the attribute."""
    from lxml import html as lxml_html

    found = lxml_html.fromstring(html).xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert len(found) == 1, "one policy per page"
    return str(found[0])


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as podcast hosts are: files with an ETag that changes with their bytes."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        try:
            with open(self.translate_path(self.path), "rb") as f:
                self.send_header("ETag", f'"{hashlib.sha256(f.read()).hexdigest()[:16]}"')
        except OSError:
            pass
        super().end_headers()


@contextmanager
def https_host(folder: Path, scratch: Path) -> Iterator[tuple[str, Path, http.server.ThreadingHTTPServer]]:
    """A real HTTPS server for `folder` on 127.0.0.1 with its own certificate: (base URL, the
    certificate for SSL_CERT_FILE, the server). Its port is known before anything is served."""
    cert, key = scratch / "cert.pem", scratch / "key.pem"
    if not cert.exists():
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
             "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True,
        )  # fmt: skip
    handler = functools.partial(_StaticHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", cert, server
    finally:
        server.shutdown()
        server.server_close()
