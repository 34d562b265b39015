"""Real MkDocs builds of the real site and of small fixture sites."""

from __future__ import annotations

import gc
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from hooks.content import load
from hooks.plugin import CampaignPlugin
from tests.helpers import ROOT, STORY, build, copy_site, tree_digest


class Links(HTMLParser):
    """Collects what a page links to and loads, to check targets without a browser."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag in ("script", "img", "audio", "source", "iframe") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
            self.loads.append(attrs["href"])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text("utf-8"))
    return links


@pytest.mark.slow
def test_every_story_has_its_page_and_card(real_site):
    from hooks.collections.stories import listed_order

    content = load(ROOT)
    stories = listed_order(content.stories, content.campaign)
    index = (real_site / "verhalen" / "index.html").read_text("utf-8")
    positions = []
    for entry in stories:
        page = real_site / "verhalen" / entry.slug / "index.html"
        assert page.is_file(), entry.slug
        assert f'href="{entry.slug}/"' in index
        positions.append(index.index(f'href="{entry.slug}/"'))
    assert positions == sorted(positions), "cards in the campaign's order"
    roles = [e.story.role.value for e in stories]
    assert stories[0].slug == content.campaign.campaign.featured_story
    assert roles.index("hulpverlener") > max(i for i, r in enumerate(roles) if r in ("jongere", "ouder"))
    assert f"{len(stories)} verhalen" in index


@pytest.mark.slow
def test_story_page_shows_quote_speaker_notice_related_and_petition(real_site):
    ruben = (real_site / "verhalen" / "ruben" / "index.html").read_text("utf-8")
    assert "Omdat ik niet meer thuis ga wonen, ben ik bang dat ik straks opa niet meer zie." in ruben
    assert "Ruben, 14 jaar" in ruben
    assert "De naam Ruben is verzonnen" in ruben
    assert 'href="../mandy/"' in ruben and 'href="../../petitie/"' in ruben
    marilene = (real_site / "verhalen" / "marilene" / "index.html").read_text("utf-8")
    assert "is verzonnen" not in marilene, "the source does not say Marilène is a pseudonym"
    assert "<title>Ik was nooit echt in gevaar - " in marilene


@pytest.mark.slow
def test_all_internal_links_and_assets_resolve(real_site):
    for page in real_site.rglob("*.html"):
        if page.name == "404.html":
            continue
        links = parse(page)
        for target in links.hrefs + links.loads:
            if re.match(r"^([a-z][a-z0-9+.-]*:|#|\?)", target):
                continue
            path = (page.parent / target.split("#")[0].split("?")[0]).resolve()
            if path.is_dir():
                path = path / "index.html"
            assert path.exists(), f"{page.relative_to(real_site)} -> {target}"


@pytest.mark.slow
def test_every_link_to_an_anchor_finds_it(real_site):
    """`page#anker` and `#anker`: the anchor exists in the page it points to (a chip once pointed at
    `/verhalen/?thema=…#verhalen`, which no page has)."""
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            text = path.read_text("utf-8")
            ids[path] = set(re.findall(r'\sid="([^"]+)"', text)) | set(re.findall(r'\sname="([^"]+)"', text))
        return ids[path]

    missing = []
    for page in real_site.rglob("*.html"):
        if page.name == "404.html" or "admin" in page.parts:
            continue
        for target in parse(page).hrefs:
            if "#" not in target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            where, anchor = target.split("#", 1)
            if not anchor:
                continue
            path = (page.parent / where.split("?")[0]).resolve() if where else page
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.exists() and anchor not in anchors(path):
                missing.append(f"{page.relative_to(real_site)} -> {target}")
    assert missing == [], missing


@pytest.mark.slow
def test_nothing_is_loaded_from_another_host(real_site):
    for page in real_site.rglob("*.html"):
        for target in parse(page).loads:
            assert not re.match(r"^(https?:)?//", target), f"{page}: {target}"
    css = "".join(p.read_text("utf-8") for p in real_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


@pytest.mark.slow
def test_stories_stay_out_of_the_navigation(real_site):
    home = (real_site / "index.html").read_text("utf-8")
    story = (real_site / "verhalen" / "ruben" / "index.html").read_text("utf-8")
    assert "verhalen/ruben/" not in home
    assert 'href="../jay/"' not in story, "only related stories are linked from a story"


@pytest.mark.slow
def test_bad_story_fails_the_build_and_keeps_the_last_good_site(tmp_path):
    root = copy_site(tmp_path / "src")
    first = build(root)
    assert first.returncode == 0, first.stderr
    before = tree_digest(root / "site")
    story = root / "stories" / "ruben.md"
    story.write_text(story.read_text("utf-8").replace("leeftijd: 14", "leeftijd: veertien"), "utf-8")
    (root / "stories" / "mandy.md").write_text(STORY.replace("rol: jongere", "rol: buurman"), "utf-8")
    failed = build(root)
    assert failed.returncode != 0
    assert (
        'stories/ruben.md:4: leeftijd: "veertien" is geen getal; verwacht een getal zoals 21'
        in failed.stdout + failed.stderr
    )
    assert 'stories/mandy.md:5: rol: "buurman" is geen toegestane waarde' in failed.stdout + failed.stderr
    assert "gerelateerd" not in failed.stdout, "no follow-on errors for links to a broken story"
    assert "Traceback" not in failed.stdout + failed.stderr
    assert tree_digest(root / "site") == before
    assert not list(root.glob(".site-*")), "no half-built folder is left behind"


@pytest.mark.slow
def test_small_fixture_site_with_hostile_text_and_a_photo(tmp_path):
    root = copy_site(tmp_path / "src", with_content=False)
    photo = Image.new("RGB", (2400, 1200), "orange")
    exif = Image.Exif()
    exif[0x010E] = "Vakantie bij oma"  # ImageDescription: stripped on publishing
    exif[0x0131] = "TelefoonApp 2.1"  # Software (location and camera are refused: test_editor_messages)
    photo.save(root / "stories" / "sam.jpg", exif=exif)
    # Named marilene.md because the example podcast episode links to that story.
    hostile = STORY.replace('titel: "Een titel"', 'titel: "</script><img src=x onerror=alert(1)> & co"')
    hostile = hostile.replace("bron:", "foto:\n  bestand: sam.jpg\n  alt: Oranje vlak\n  toestemming: true\nbron:")
    (root / "stories" / "marilene.md").write_text(hostile, "utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "verhalen" / "marilene" / "index.html").read_text("utf-8")
    assert "<img src=x" not in page and "</script><img" not in page
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; co" in page
    index = (root / "site" / "verhalen" / "index.html").read_text("utf-8")
    assert "1 verhaal<" in index
    published = root / "site" / "verhalen" / "marilene" / "foto.jpg"
    with Image.open(published) as image:
        assert image.size == (1600, 800)
        assert not image.getexif(), "EXIF (and GPS) must be stripped"
        assert "exif" not in image.info and "xmp" not in image.info
    assert b"PhoneMaker" not in published.read_bytes()


@pytest.mark.fast
@pytest.mark.parametrize(("command", "frozen"), [("build", True), ("serve", False), ("gh-deploy", False)])
def test_only_a_finished_build_leaves_its_heap_out_of_the_last_collections(command, frozen):
    """`mkdocs build` ends without Python's finalization walking the heap again (`on_shutdown`); a
    preview keeps collecting as it goes on."""
    plugin = CampaignPlugin()
    plugin.on_startup(command=command, dirty=False)
    try:
        plugin.on_shutdown()
        assert (gc.get_freeze_count() > 0) is frozen
    finally:
        gc.unfreeze()
