"""The real site in a real browser: accessible, self-contained, readable on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import wait_until
from tests.helpers import ROOT

pytestmark = pytest.mark.browser


def site_pages(site) -> list[str]:
    return sorted(
        p.parent.relative_to(site).as_posix() + "/" if p.name == "index.html" else p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "admin" not in p.parts
    )


def pages_of_real_site() -> list[str]:
    """Page paths known before building, so each page is its own test in the report."""
    import tempfile

    from hooks.collections import COLLECTIONS
    from hooks.content import load
    from tests.helpers import copy_site

    source = copy_site(Path(tempfile.mkdtemp()) / "site")  # as the real_site fixture builds it
    content = load(source)
    sources = [source for c in COLLECTIONS for source, _ in c.routes(content, preview=False)]
    stories = [source.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/" for source in sources]
    docs = [p.relative_to(ROOT / "docs").with_suffix("").as_posix() for p in (ROOT / "docs").rglob("*.md")]
    pages = ["" if d == "index" else (d[: -len("index")] if d.endswith("/index") else d + "/") for d in docs]
    return sorted(set(pages + stories + ["verhalen/", "404.html"]))


@pytest.mark.slow
def test_page_list_matches_the_built_site(real_site):
    built = {p if p != "./" else "" for p in site_pages(real_site)}
    assert built == set(pages_of_real_site())


@pytest.mark.slow
@pytest.mark.parametrize("path", pages_of_real_site())
def test_page_is_accessible_self_contained_and_fits_a_phone(harness, path):
    visit = harness.open(path)
    page = visit.page
    assert page.locator("html").get_attribute("lang") == "nl"
    assert harness.violations(visit) == []
    assert visit.foreign_requests == []
    assert visit.broken == []
    assert harness.csp_violations(visit) == []
    assert visit.console_errors == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at 375px"
    page.context.close()


def cards(page):
    return page.locator(".hvk-card:visible")


@pytest.mark.slow
def test_filter_by_role_and_theme_in_place(harness):
    visit = harness.open("verhalen/")
    page = visit.page
    total = page.locator(".hvk-card").count()
    assert cards(page).count() == total > 1
    page.select_option("#filter-rol", "jongere")
    youth = cards(page)
    assert 0 < youth.count() < total
    for i in range(youth.count()):
        assert youth.nth(i).get_attribute("data-rol") == "jongere"
    assert page.locator("[data-hvk-count]").inner_text() == f"{youth.count()} verhalen"
    assert "rol=jongere" in page.url
    page.select_option("#filter-thema", "ouders")
    assert cards(page).count() == 0
    assert page.locator("[data-hvk-empty]").is_visible()
    page.select_option("#filter-rol", "")
    shown = cards(page)
    assert shown.count() > 0
    for i in range(shown.count()):
        assert "ouders" in shown.nth(i).get_attribute("data-themas").split()
    assert harness.violations(visit) == []
    page.context.close()


@pytest.mark.slow
def test_theme_link_on_a_story_opens_the_filtered_list(harness):
    visit = harness.open("verhalen/ruben/")
    page = visit.page
    page.get_by_role("link", name="Contact met familie").click()
    page.wait_for_url("**/verhalen/?thema=contact")
    assert page.locator("#filter-thema").input_value() == "contact"
    for i in range(cards(page).count()):
        assert "contact" in cards(page).nth(i).get_attribute("data-themas").split()
    page.context.close()


@pytest.mark.slow
def test_without_javascript_every_story_is_listed_and_readable(harness):
    visit = harness.open("verhalen/", javascript=False)
    page = visit.page
    assert not page.locator("[data-hvk-filter]").is_visible()
    assert (
        cards(page).count()
        == page.locator(".hvk-card").count()
        == len(__import__("hooks.content", fromlist=["load"]).load(ROOT).stories)
    )
    page.get_by_role("link", name="Ik ben bang dat ik straks opa niet meer zie").click()
    assert page.locator("blockquote").first.is_visible()
    page.context.close()


INJECT_TRACKER = """() => {
        const img = document.createElement('img'); img.src = 'https://tracker.example/pixel.gif';
        document.body.appendChild(img);
    }"""


@pytest.mark.slow
def test_csp_blocks_what_the_page_did_not_ship(harness):
    visit = harness.open("verhalen/")
    visit.page.evaluate(INJECT_TRACKER)
    visit.page.wait_for_timeout(200)
    assert harness.csp_violations(visit) == ["img-src https://tracker.example/pixel.gif"]
    assert visit.foreign_requests == [], "blocked by the policy before it left the browser"
    visit.page.context.close()


@pytest.mark.slow
def test_harness_catches_violations_and_foreign_requests(harness):
    """The checks above could pass by accident; here they must fail on a page we break on purpose."""
    visit = harness.open("verhalen/", bypass_csp=True)
    page = visit.page
    page.evaluate("""() => {
        const img = document.createElement('img'); img.src = 'https://tracker.example/pixel.gif';
        document.body.appendChild(img);
        const low = document.createElement('p'); low.textContent = 'grijs'; low.style.color = '#ccc';
        document.querySelector('article, .hvk-stories').appendChild(low);
    }""")
    page.wait_for_timeout(200)
    found = " ".join(harness.violations(visit))
    assert "image-alt" in found and "color-contrast" in found
    assert visit.foreign_requests == ["https://tracker.example/pixel.gif"]
    page.context.close()


@pytest.mark.slow
def test_episode_plays_jumps_to_a_chapter_and_changes_speed(harness):
    visit = harness.open("podcast/voorbeeld/")
    page = visit.page
    player = page.locator("audio#speler")
    wait_until(page, "document.getElementById('speler').readyState >= 1")
    assert 20 < page.evaluate("document.getElementById('speler').duration") < 30
    page.get_by_role("link", name="0:13 Wat je in de echte afleveringen hoort").click()
    wait_until(page, "document.getElementById('speler').currentTime >= 13 && !document.getElementById('speler').paused")
    page.get_by_role("button", name="1,5×").click()
    assert page.evaluate("document.getElementById('speler').playbackRate") == 1.5
    assert page.get_by_role("button", name="1,5×").get_attribute("aria-pressed") == "true"
    wait_until(page, "document.getElementById('speler').currentTime > 13.3")
    assert player.is_visible()
    assert "Welkom bij Oost, West, Thuis Best" in page.locator(".hvk-transcript").inner_text()
    assert visit.console_errors == [] and harness.csp_violations(visit) == []
    page.context.close()


@pytest.mark.slow
def test_audio_player_works_by_keyboard(harness):
    visit = harness.open("podcast/voorbeeld/")
    page = visit.page
    wait_until(page, "document.getElementById('speler').readyState >= 1")
    page.focus("#speler")
    page.keyboard.press("Space")
    wait_until(page, "!document.getElementById('speler').paused")
    page.context.close()


@pytest.mark.slow
def test_episode_without_javascript_still_plays_and_links_chapters(harness):
    visit = harness.open("podcast/voorbeeld/", javascript=False)
    page = visit.page
    assert page.locator("audio#speler[controls]").count() == 1
    assert not page.locator("[data-hvk-speed]").is_visible()
    href = page.get_by_role("link", name="0:13 Wat je in de echte afleveringen hoort").get_attribute("href")
    assert href == "../audio/voorbeeld.mp3#t=13"
    page.context.close()


@pytest.mark.slow
def test_copy_feed_address(harness, browser):
    visit = harness.open("podcast/")
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=harness.server.base.rstrip("/"))
    page.get_by_role("button", name="Kopieer", exact=True).click()
    wait_until(page, "document.querySelector('.hvk-copy__status').textContent.length > 0")
    assert (
        page.evaluate("navigator.clipboard.readText()") == "https://gezinshulpeerst.hetvergetenkind.nl/podcast/feed.xml"
    )
    page.context.close()


@pytest.mark.slow
def test_search_finds_a_story_by_a_word_from_its_body(harness):
    visit = harness.open("zoeken/")
    page = visit.page
    label = page.locator("label[for=zoekterm]")
    assert label.is_visible() and label.inner_text() == "Waar zoek je naar?"
    page.fill("#zoekterm", "rouw")
    page.keyboard.press("Enter")
    page.locator("#zoek-resultaten a").first.wait_for(timeout=15_000)
    titles = page.locator("#zoek-resultaten a").all_inner_texts()
    assert "Pas dan kan een kind stappen zetten" in titles  # "rouw" is only in Marianne's story body
    status = page.locator("#zoek-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == f"{len(titles)} {'resultaat' if len(titles) == 1 else 'resultaten'} voor “rouw”."
    assert page.url.endswith("?q=rouw"), "the search is in the address, to share or go back to"
    assert [t for t in page.locator("button").all_inner_texts() if t.strip()] == ["Zoeken"], "Dutch buttons only"
    assert harness.csp_violations(visit) == [] and visit.console_errors == []
    page.context.close()


@pytest.mark.slow
def test_a_search_in_the_address_starts_by_itself(harness):
    visit = harness.open("zoeken/?q=opa")
    page = visit.page
    wait_until(page, "document.getElementById('zoek-status').textContent.includes('voor “opa”')")
    assert page.input_value("#zoekterm") == "opa"
    found = page.locator("#zoek-resultaten li").count()
    assert found >= 1 and page.locator("#zoek-resultaten mark").first.inner_text().lower().startswith("opa")
    assert harness.csp_violations(visit) == [] and visit.console_errors == []
    page.context.close()


def _found(harness, word: str) -> tuple[str, list[str], list[str]]:
    """A search as a visitor does it: the status line, the titles shown, and the index folders read."""
    visit = harness.open(f"zoeken/?q={word}")
    folders: set[str] = set()
    visit.page.on("request", lambda r: folders.add(r.url.rsplit("/", 2)[-2]) if "/pagefind/" in r.url else None)
    wait_until(visit.page, f"document.getElementById('zoek-status').textContent.includes('voor “{word}”')")
    status = visit.page.locator("#zoek-status").inner_text()
    titles = sorted(visit.page.locator("#zoek-resultaten a").all_inner_texts())
    assert harness.csp_violations(visit) == [] and visit.console_errors == [] and visit.broken == []
    visit.page.context.close()
    return status, titles, sorted(folders)


@pytest.mark.slow
def test_a_search_over_the_index_in_shards_finds_what_one_index_finds(harness, browser, real_source, tmp_path):
    """A large site's index comes in shards (search_index.py) that the search page merges: the real
    site built with shards of 4 pages finds the same pages as with one index."""
    import os
    import shutil
    import subprocess
    import sys

    from hooks import engine
    from tests.browser import Harness, Server

    source = tmp_path / "bron"
    shutil.copytree(real_source, source, symlinks=True, ignore=shutil.ignore_patterns("site"))
    site = tmp_path / "site"
    code = (  # the build's own engine process, with a smaller shard
        "import runpy, sys; import hooks.search_index as s; s.SHARD_PAGES = 4; "
        f"sys.argv = ['engine', {engine.DEFAULT!r}, 'build', '--strict', '-q', '-d', {str(site)!r}]; "
        "runpy.run_module('hooks.engine', run_name='__main__')"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", code], cwd=source, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    shards = sorted(p.name for p in (site / "pagefind").glob("deel-*"))
    assert len(shards) >= 4, shards
    with Server(site) as server:
        sharded = Harness(browser, server)
        # Words in a few pages, and words in none, which Pagefind answers with their longest prefix
        # that is in the index ("opaatje": "opa"): each shard must answer as the one index does.
        for word in ("opa", "rouw", "opaatje", "huiskamers", "xylofoon"):
            status, titles, folders = _found(sharded, word)
            assert (status, titles) == _found(harness, word)[:2], word
            assert len(set(folders) & set(shards)) >= 2, f"the shards were searched: {folders}"
        assert _found(sharded, "opaatje")[1], "a word in no page finds its prefix"


@pytest.mark.slow
def test_other_pages_load_nothing_for_search(harness):
    for path in ("", "verhalen/ruben/"):
        visit = harness.open(path)
        requested = []
        visit.page.on("request", lambda r, seen=requested: seen.append(r.url))
        visit.page.reload(wait_until="networkidle")
        assert not [u for u in requested if "pagefind" in u or "search" in u], requested
        visit.page.context.close()
