"""The browser harness: serve a built site on 127.0.0.1, open it in Debian's headless Chromium,
refuse every request to another host, and run axe-core's WCAG 2.2 AA rules.

Later tests reuse `Harness.open()` and `Harness.axe()`.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 375, "height": 740}


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("google-chrome")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with byte ranges and gzip, as every real host serves them (a player seeks with
    ranges; GitHub Pages and Netlify compress text)."""

    COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")

    def log_message(self, *args):  # keep test output readable
        pass

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if (
            not match
            and os.path.isfile(path)
            and "gzip" in self.headers.get("Accept-Encoding", "")
            and self.guess_type(path).startswith(self.COMPRESSED)
        ):
            with open(path, "rb") as handle:
                data = gzip.compress(handle.read(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        if not match or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        start = int(match.group(1)) if match.group(1) else max(0, size - int(match.group(2) or 0))
        end = min(int(match.group(2)), size - 1) if match.group(1) and match.group(2) else size - 1
        if start >= size:
            self.send_error(416)
            return None
        handle = open(path, "rb")  # noqa: SIM115 - closed by the response writer
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._remaining = end - start + 1
        return handle

    def copyfile(self, source, outputfile):
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        outputfile.write(source.read(remaining))
        self._remaining = None


class Server:
    """A static file server on a free loopback port, like the host the site will live on."""

    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Visit:
    """One opened page, with what it tried to load from elsewhere and what it logged."""

    page: object
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)


@functools.cache
def _template_scripts(folders: tuple) -> list:
    from hooks import security

    return security.template_scripts(folders)


class Harness:
    def __init__(self, browser, server: Server):
        self.browser = browser
        self.server = server
        self.axe = Axe()

    def open(
        self, path: str, *, viewport: dict | None = None, javascript: bool = True, bypass_csp: bool = False
    ) -> Visit:
        context = self.browser.new_context(
            viewport=viewport or PHONE, java_script_enabled=javascript, locale="nl-NL", bypass_csp=bypass_csp
        )
        page = context.new_page()
        visit = Visit(page)

        def guard(route):
            host = urlsplit(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                route.continue_()
            else:
                visit.foreign_requests.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', "
            "e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
        )

        def console(msg) -> None:
            if msg.type == "error":
                visit.console_errors.append(msg.text)

        def response(r) -> None:
            if r.status >= 400:
                visit.broken.append(f"{r.status} {r.url}")

        page.on("console", console)
        page.on("response", response)
        page.on("pageerror", lambda exc: visit.console_errors.append(str(exc)))
        url = path if path.startswith("http://127.0.0.1:") else self.server.base + path.lstrip("/")
        page.goto(url, wait_until="load")
        return visit

    def csp_violations(self, visit: Visit) -> list[str]:
        """What the page's policy blocked, and any inline script in the served file that none of our
        templates writes (the build gives those no hash, so they could not run anyway)."""
        from hooks import security
        from tests.test_security import TEMPLATES

        blocked = list(visit.page.evaluate("window.__csp"))  # type: ignore[attr-defined]
        url: str = visit.page.url.split("#")[0].split("?")[0]  # type: ignore[attr-defined]
        if url.startswith(self.server.base):
            path = self.server.root / url[len(self.server.base) :]
            path = path / "index.html" if path.is_dir() else path
            if path.suffix == ".html" and path.is_file():
                html = path.read_text("utf-8")
                _, strangers = security.script_hashes(html, _template_scripts(tuple(TEMPLATES)))
                blocked += [f"script-src inline script from no template: {s}" for s in strangers]
        return blocked

    def violations(self, visit: Visit) -> list[str]:
        """axe-core's WCAG 2.2 AA violations, one readable line per failing element."""
        results = self.axe.run(
            visit.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        )
        lines = []
        for violation in results.response["violations"]:
            for node in violation["nodes"]:
                lines.append(f"{violation['id']}: {node['target']} {node.get('failureSummary', '')[:200]}")
        return lines


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression from outside the page. Playwright's wait_for_function evaluates
    its predicate with eval() inside the page, which our Content-Security-Policy rightly forbids."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(50)
