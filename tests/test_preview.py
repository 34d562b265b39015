"""`make serve` as an editor uses it: the real `mkdocs serve` (as the Makefile starts it) on a copy of
the site, a story open in Chromium. An edit reloads the open page by itself; a mistake shows in the
page (file, line, field) over the last good version; fixing it makes the message go; a changed
summary reaches the listing, and the pages that show the story as related, too."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.helpers import ROOT, copy_site
from tests.petition_harness import free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(tmp_path):
    root = copy_site(tmp_path / "site")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "PETITION_SERVICE_URL": ""},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    import urllib.request

    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base, timeout=2).read()
            break
        except OSError:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
    yield root, base, tmp_path / "serve.log"
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _wait(page, expression: str, timeout: float = 60) -> None:
    """Like wait_until, through the reloads the preview itself makes."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate(expression):
                return
        except Error:
            pass  # the page is reloading
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {expression}")


def _edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.mark.slow
def test_the_preview_reloads_shows_a_mistake_in_the_page_and_recovers(browser, preview):
    root, base, log = preview
    page = browser.new_page(viewport={"width": 375, "height": 800})
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(m.text) if m.type == "error" and "livereload" in m.text.lower() else None
    )
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base + "verhalen/mandy/")
    story = root / "stories" / "mandy.md"

    _edit(story, "Eerst ging ik met mijn ouders naar opa en oma", "Eerst ging ik met mijn ouders naar tante Ria")
    _wait(page, "document.querySelector('.hvk-story__hero').textContent.includes('tante Ria')")
    assert not [c for c in csp if "script" in c.lower()], csp
    # --dirty skips unchanged story pages, but never one that shows the edited story (as related)
    page.goto(base + "verhalen/ruben/")
    _wait(page, "document.querySelector('.hvk-related').textContent.includes('tante Ria')", timeout=15)
    page.goto(base + "verhalen/mandy/")

    _edit(story, "rol: jongere", "rol: leraar")
    _wait(page, "!!document.querySelector('.hvk-preview-problems')")
    alert = page.locator(".hvk-preview-problems").inner_text()
    assert 'stories/mandy.md:5: rol: "leraar" is geen toegestane waarde' in alert, alert
    assert "tante Ria" in page.locator(".hvk-story__hero").inner_text(), "the last good version stays on screen"

    _edit(story, "rol: leraar", "rol: jongere")
    _wait(page, "!document.querySelector('.hvk-preview-problems')")

    page.goto(base + "verhalen/")  # the listing was rendered again too
    _wait(page, "document.body.textContent.includes('tante Ria')")
    page.close()


@pytest.mark.slow
def test_the_published_site_never_allows_inline_script(real_site):
    """Live reload's allowance is for `make serve` only: no page or header of a real build has it."""
    for path in [*real_site.rglob("*.html"), real_site / "_headers"]:
        assert "unsafe-inline" not in path.read_text("utf-8"), path
