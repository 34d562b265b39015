"""Episode pages: who speaks in a WebVTT transcript (`<v Naam>`), and subscribing from every page."""

from __future__ import annotations

import pytest

from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow
VTT = """WEBVTT

00:00:00.000 --> 00:00:06.500
<v Presentator>Welkom bij Oost, West, Thuis Best.

00:00:06.500 --> 00:00:13.000
<v.zacht Jan de Vries>Dank je wel.</v>

00:00:13.000 --> 00:00:20.000
Tekst zonder spreker.
"""


def test_speakers_are_on_the_page_without_javascript(tmp_path):
    root = copy_site(tmp_path / "src")
    (root / "podcast" / "transcripts" / "voorbeeld.vtt").write_text(VTT, "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "podcast" / "voorbeeld" / "index.html").read_text("utf-8")
    assert '<strong class="hvk-transcript__speaker">Presentator:</strong> Welkom bij Oost, West, Thuis Best.' in html
    assert '<strong class="hvk-transcript__speaker">Jan de Vries:</strong> Dank je wel.' in html
    assert "</a> Tekst zonder spreker." in html


def test_every_episode_page_offers_subscribing_with_web_links_only(tmp_path):
    root = copy_site(tmp_path / "src")
    show = root / "podcast" / "show.yml"
    show.write_text(
        show.read_text("utf-8")
        .replace("  apple:\n", "  apple: https://podcasts.apple.com/nl/podcast/id123\n")
        .replace("  pocket_casts:\n", "  pocket_casts: https://pca.st/abc123\n"),
        "utf-8",
    )
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("podcast/index.html", "podcast/voorbeeld/index.html"):
        html = (root / "site" / page).read_text("utf-8")
        assert 'href="https://podcasts.apple.com/nl/podcast/id123">Apple Podcasts</a>' in html, page
        assert 'href="https://pca.st/abc123">Pocket Casts</a>' in html, page
        assert 'id="feed-adres"' in html and "/podcast/feed.xml" in html, page
        assert "pktc://" not in html and "overcast://" not in html, "app-only schemes do nothing without the app"


@pytest.fixture(scope="module")
def speakers_site(tmp_path_factory):
    root = copy_site(tmp_path_factory.mktemp("afl") / "src")
    (root / "podcast" / "transcripts" / "voorbeeld.vtt").write_text(VTT, "utf-8")
    assert build(root, env={"PETITION_SERVICE_URL": ""}).returncode == 0
    return root / "site"


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_episode_page_in_a_browser(speakers_site, browser, width, javascript):
    """Speakers, chapters' player and subscribing at phone and desktop width, with and without script."""
    from tests.browser import Harness, Server

    with Server(speakers_site) as server:
        harness = Harness(browser, server)
        visit = harness.open("podcast/voorbeeld/", viewport={"width": width, "height": 900}, javascript=javascript)
        page = visit.page
        assert page.locator(".hvk-transcript__speaker").first.inner_text() == "Presentator:"
        assert page.locator("#abonneren").is_visible() and page.locator("#feed-adres").is_visible()
        assert page.locator("audio").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
        assert visit.foreign_requests == [] and visit.console_errors == []
        if javascript:
            assert harness.violations(visit) == []
            assert harness.csp_violations(visit) == []
        page.context.close()
