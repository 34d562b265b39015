"""Sharing and being found: cards, Open Graph, JSON-LD, feeds, sitemap, share links."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from hooks import glyphs
from hooks.cards import (
    BAR_TOP,
    BOLD,
    MARGIN,
    PURPLE,
    REGULAR,
    CardSpec,
    _font,
    _plain_ink,
    _width,
    draw,
    fit,
    render,
    wrap,
)
from tests.helpers import ROOT, STORY, build, copy_site, csp, tree_digest

SITE_URL = "https://gezinshulpeerst.hetvergetenkind.nl/"
CARD_BUDGET = 120_000  # bytes per card
HOSTILE = '</script><script>alert("x")</script> "quotes" & <b>'


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content", "")
        if tag == "link":
            self.links.append(attrs)
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text("utf-8"))
    return head


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "admin" not in p.parts)  # /admin/ is the CMS


def local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url.removeprefix(SITE_URL)


@pytest.mark.slow
def test_every_page_has_complete_absolute_open_graph_and_a_card(real_site):
    for page in pages(real_site):
        meta = head_of(page).meta
        for key in (
            "og:title",
            "og:description",
            "og:url",
            "og:image",
            "og:image:width",
            "og:image:height",
            "og:image:alt",
            "og:type",
            "og:locale",
            "twitter:card",
            "twitter:image",
            "description",
        ):
            assert meta.get(key), f"{page}: {key}"
        assert meta["og:locale"] == "nl_NL"
        assert meta["og:url"].startswith(SITE_URL) and meta["og:image"].startswith(SITE_URL)
        card = local(real_site, meta["og:image"])
        with Image.open(card) as image:
            assert image.size == (1200, 630) == (int(meta["og:image:width"]), int(meta["og:image:height"]))
        assert card.stat().st_size < CARD_BUDGET, f"{card.name}: {card.stat().st_size} bytes"


@pytest.mark.slow
def test_json_ld_parses_with_the_right_types(real_site):
    expected = {
        "": {"Organization"},
        "verhalen/ruben/": {"BreadcrumbList", "Article"},
        "podcast/": {"BreadcrumbList", "PodcastSeries"},
        "podcast/voorbeeld/": {"BreadcrumbList", "PodcastEpisode"},
        "petitie/": {"BreadcrumbList"},
    }
    for page in pages(real_site):
        blocks = [json.loads(block) for block in head_of(page).jsonld]
        assert blocks, page
        rel = page.parent.relative_to(real_site).as_posix()
        rel = "" if rel == "." else rel + "/"
        if rel in expected:
            assert {b["@type"] for b in blocks} == expected[rel], rel
    crumbs = next(
        json.loads(b) for b in head_of(real_site / "verhalen/ruben/index.html").jsonld if '"BreadcrumbList"' in b
    )
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "Home",
        "Verhalen",
        "Ik ben bang dat ik straks opa niet meer zie",
    ]


@pytest.mark.fast
def test_card_text_stays_inside_the_card_however_long():
    spec = CardSpec(
        "story",
        "t",
        "Verhaal · Jongere",
        quote=("Heel lang citaat met ééééén woord en 👨‍👩‍👧 emoji " * 40)
        + "Onafgebrokenwoordzonderspatiesdatnooitophoudt" * 6,
        speaker="Marilène " * 20,
    )
    image = Image.open(__import__("io").BytesIO(render(spec))).convert("RGB")
    assert image.size == (1200, 630)
    # The margins around the text must be pure background: nothing drawn crosses them.
    for box in (
        (0, 0, MARGIN - 4, BAR_TOP),
        (1200 - MARGIN + 4, 0, 1200, BAR_TOP),
        (0, 0, 1200, 50),
        (0, BAR_TOP - 20, 1200, BAR_TOP),
    ):
        colours = image.crop(box).getcolors(maxcolors=10_000)
        assert [c for _, c in colours] == [PURPLE], box
    long_title = CardSpec(
        "page", "Een titel die maar doorgaat " * 30 + "Superlangwoordzonderspaties" * 8, "Gezinshulp eerst"
    )
    image = Image.open(__import__("io").BytesIO(render(long_title))).convert("RGB")
    for box in ((0, 0, MARGIN - 4, BAR_TOP), (1200 - MARGIN + 4, 0, 1200, BAR_TOP), (0, BAR_TOP - 20, 1200, BAR_TOP)):
        assert [c for _, c in image.crop(box).getcolors(maxcolors=10_000)] == [PURPLE], box


@pytest.mark.fast
@given(
    st.lists(
        st.text(alphabet="abcdeéfghijklmnopqrstuvwxyzAVTWY.,’“”—-ëï0123456789🏠", min_size=1, max_size=30),
        min_size=1,
        max_size=40,
    ),
    st.integers(22, 76),
)
def test_wrapped_lines_fit_their_box_and_keep_every_word(words, size):
    """Line widths are estimated word by word; whatever the text, every line measured whole fits."""
    text = " ".join(words)
    lines = wrap(text, BOLD, size, 1060)
    assert all(_width(line, BOLD, size) <= 1060 for line in lines)
    assert "".join(" ".join(lines).split()) == "".join(text.split())


def _saved_against_drawn(spec: CardSpec) -> tuple[int, int]:
    """(worst level, pixels more than 5 levels off) between the saved PNG and the card drawn in RGB."""
    from PIL import ImageChops

    saved = Image.open(__import__("io").BytesIO(render(spec)))
    assert saved.mode == "P"
    difference = ImageChops.difference(draw(spec), saved.convert("RGB")).convert("L")
    histogram = difference.histogram()
    return max(i for i, n in enumerate(histogram) if n), sum(histogram[6:])


@pytest.mark.fast
@pytest.mark.parametrize(
    "spec",
    [
        CardSpec(
            "story", "t", "Verhaal · Ouder", quote="Niemand vroeg wat wij nodig hadden.", speaker="Mandy, 34 jaar"
        ),
        CardSpec("page", "Voor gemeenten: zo helpt u gezinnen eerst", "Gezinshulp eerst"),
        CardSpec("story", "t", "Verhaal · Jongere", quote="Ik wil gewoon thuis zijn 🏠❤️", speaker="Sam, 16 jaar"),
    ],
)
def test_card_colours_survive_the_palette(spec):
    """The saved PNG (256 colours) shows what was drawn: every pixel within a few levels of it."""
    worst, _ = _saved_against_drawn(spec)
    assert worst <= (16 if "🏠" in (spec.quote or "") else 5)


@pytest.mark.fast
def test_an_episode_card_keeps_its_artworks_colours():
    """An episode's card maps onto the ramps and its artwork's own 128 colours (the show's cover)."""
    spec = CardSpec(
        "episode",
        "Gesprek over thuis en hulp",
        "Podcast · Aflevering 3",
        art=(ROOT / "podcast/omslag.jpg").read_bytes(),
    )
    worst, off = _saved_against_drawn(spec)
    assert worst <= 24 and off <= 1200 * 630 // 500, (worst, off)


# Letters with accents above and below, stacked combining marks, right-to-left scripts, kerning pairs.
CARD_TEXT = st.lists(
    st.sampled_from(
        [*"abcdeéfgjpqyAVTWYÅÉÇÑǺȀ .,’“”—-ëï0123456789ẞאבגمرحب", "AV", "To", "Wa", "\u0301" * 3, "\u0323" * 4, "  "]
    ),
    min_size=1,
    max_size=80,
).map("".join)


@pytest.mark.fast
@given(CARD_TEXT, CARD_TEXT, CARD_TEXT, st.booleans())
def test_a_text_card_drawn_in_palette_indices_looks_as_drawn_in_colour(quote, eyebrow, speaker, story):
    """Text-only cards are drawn straight into palette indices, band by band; whatever the text (marks
    that reach into the next band included), the PNG matches the card drawn in full colour."""
    spec = CardSpec("story", "t", eyebrow, quote=quote, speaker=speaker) if story else CardSpec("page", quote, eyebrow)
    worst, off = _saved_against_drawn(spec)
    assert off <= 40 and worst <= 16, (worst, off)


@pytest.mark.fast
@given(
    st.text(st.sampled_from(sorted(glyphs.PLAIN)), min_size=1, max_size=60).filter(lambda line: line.strip()),
    st.sampled_from([BOLD, REGULAR]),
    st.integers(22, 76),
)
def test_a_plain_line_has_its_ink_within_the_bound_that_saves_measuring_it(line, font, size):
    """`_bands` trusts `_plain_ink` instead of measuring a line of Latin letters: it must be a bound."""
    top, bottom = _plain_ink(font, size)
    _, ink_top, _, ink_bottom = _font(font, size).getbbox(line)
    assert top <= ink_top and ink_bottom <= bottom


@pytest.mark.fast
@given(
    CARD_TEXT,
    st.integers(120, 1060),
    st.sampled_from([(330, 64, 26, 1.22), (400, 76, 30, 1.18), (46, 34, 24, 1.25)]),
)
def test_fitted_text_fits_when_measured_whole(text, width, sizes):
    """The sizes are searched with word widths scaled from one size; what comes out is measured exactly."""
    height, largest, smallest, spacing = sizes
    size, lines = fit(text, BOLD, (width, height), largest, smallest, spacing)
    assert smallest <= size <= largest
    assert all(_width(line, BOLD, size) <= width for line in lines)
    if size > smallest:
        assert len(lines) * size * spacing <= height
        assert " ".join(lines).split() == text.split()


@pytest.mark.slow
def test_story_feeds_parse(real_site):
    rss = feedparser.parse((real_site / "verhalen/feed.xml").read_bytes())
    assert not rss.bozo, rss.get("bozo_exception")
    from hooks.content import load

    stories = load(ROOT).stories
    assert [e.link for e in rss.entries] == [SITE_URL + s.url for s in stories]
    assert all(e.published_parsed for e in rss.entries)
    assert not any(e.get("enclosures") for e in rss.entries), "no enclosure with a made-up length"
    feed = json.loads((real_site / "verhalen/feed.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == SITE_URL + "verhalen/feed.json" and feed["title"]
    assert len(feed["items"]) == len(stories)
    from hooks.publication import AMSTERDAM

    for item, story in zip(feed["items"], stories, strict=True):
        assert item["id"] and item["url"].startswith(SITE_URL) and item["content_html"]
        published = dt.datetime.fromisoformat(item["date_published"])
        noon = dt.datetime.combine(story.story.date, dt.time(12), tzinfo=AMSTERDAM)
        assert published == noon and published.utcoffset() == noon.utcoffset(), "noon in Amsterdam, summer or winter"
        assert local(real_site, item["image"]).exists()
    links = head_of(real_site / "index.html").links
    types = {(link.get("type"), link.get("href")) for link in links if link.get("rel") == "alternate"}
    assert ("application/rss+xml", "verhalen/feed.xml") in types
    assert ("application/feed+json", "verhalen/feed.json") in types
    assert ("application/rss+xml", "podcast/feed.xml") in types


@pytest.mark.slow
def test_sitemap_lists_every_page_with_a_date_and_robots_names_it(real_site):
    xml = (real_site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    expected = {head_of(p).meta["og:url"] for p in pages(real_site)}
    assert set(locs) == expected
    assert xml.count("<lastmod>") == len(locs)
    assert f"Sitemap: {SITE_URL}sitemap.xml" in (real_site / "robots.txt").read_text()


@pytest.mark.slow
def test_share_links_are_plain_links(real_site):
    html = (real_site / "verhalen/ruben/index.html").read_text("utf-8")
    section = html[html.index('class="hvk-share"') : html.index("</section>", html.index('class="hvk-share"'))]
    hrefs = re.findall(r'href="([^"]+)"', section)
    assert [h.split("?")[0].split(":")[0] if h.startswith("mailto") else h.split("?")[0] for h in hrefs] == [
        "https://wa.me/",
        "mailto",
        "https://www.facebook.com/sharer/sharer.php",
        "https://www.linkedin.com/sharing/share-offsite/",
        "https://bsky.app/intent/compose",
        "https://x.com/intent/post",
    ]
    assert all("gezinshulpeerst.hetvergetenkind.nl%2Fverhalen%2Fruben%2F" in h for h in hrefs)
    assert "<script" not in section


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_site(tmp_path_factory.mktemp("delen") / "src")
    story = STORY.replace('titel: "Een titel"', "titel: '" + HOSTILE.replace("'", "''") + "'")
    story = story.replace(
        'citaat: "Dit is een citaat."', 'citaat: "Regel één\\nregel twee met \\"aanhalingstekens\\" en </script>"'
    )
    image = Image.new("RGB", (2000, 1500), "teal")
    exif = Image.Exif()
    exif[0x0131] = "PhoneMaker"  # Software
    image.save(root / "stories" / "eigen.jpg", exif=exif)
    (root / "stories" / "sam.md").write_text(story.replace("bron:", "deelafbeelding: eigen.jpg\nbron:"), "utf-8")
    first = build(root)
    assert first.returncode == 0, first.stdout + first.stderr
    return root, first


@pytest.mark.slow
def test_hostile_titles_stay_valid_everywhere(hostile_site):
    root, _ = hostile_site
    site = root / "site"
    head = head_of(site / "verhalen/sam/index.html")
    assert head.meta["og:title"] == HOSTILE
    article = next(json.loads(b) for b in head.jsonld if '"Article"' in b)
    assert article["headline"] == HOSTILE
    html = (site / "verhalen/sam/index.html").read_text("utf-8")
    assert "<script>alert" not in html and '</script><script>alert("x")' not in html
    feed = feedparser.parse((site / "verhalen/feed.xml").read_bytes())
    assert not feed.bozo and HOSTILE in [e.title for e in feed.entries]
    items = json.loads((site / "verhalen/feed.json").read_text("utf-8"))["items"]
    assert HOSTILE in [i["title"] for i in items]


@pytest.mark.slow
def test_editor_share_image_is_cropped_and_stripped(hostile_site):
    root, _ = hostile_site
    meta = head_of(root / "site/verhalen/sam/index.html").meta
    assert meta["og:image"] == SITE_URL + "kaarten/verhalen-sam.jpg"
    path = root / "site/kaarten/verhalen-sam.jpg"
    with Image.open(path) as image:
        assert image.size == (1200, 630) and not image.getexif()
    assert b"PhoneMaker" not in path.read_bytes()


def _search_text(site: Path, url: str) -> str:
    """The text Pagefind stored for a page (its fragment: gzipped JSON after a signature)."""
    for path in (site / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        if data["url"] == url:
            return data["content"]
    raise AssertionError(f"{url} staat niet in het zoekregister")


@pytest.mark.slow
def test_rebuild_redraws_only_changed_cards_and_reindexes_only_on_change(hostile_site):
    root, first = hostile_site
    log = lambda result: result.stdout + result.stderr  # noqa: E731
    drawn = lambda result: int(re.search(r"Deelafbeeldingen: (\d+) getekend", log(result)).group(1))  # noqa: E731
    assert drawn(first) > 10 and "0 uit de cache, 1 opnieuw gemaakt" in log(first)
    before = {p.name: p.read_bytes() for p in (root / "site/kaarten").iterdir()}
    index_before = tree_digest(root / "site" / "pagefind")
    again = build(root)
    assert again.returncode == 0 and drawn(again) == 0
    assert "1 uit de cache, 0 opnieuw gemaakt" in log(again)
    assert tree_digest(root / "site" / "pagefind") == index_before
    ruben = root / "stories" / "ruben.md"
    ruben.write_text(
        ruben.read_text("utf-8").replace('opa niet meer zie."', 'opa en oma niet meer zie."')
        + "\nEen nieuw woord: zeepbellenblazer.\n",
        "utf-8",
    )
    changed = build(root)
    assert changed.returncode == 0 and drawn(changed) == 1
    after = {p.name: p.read_bytes() for p in (root / "site/kaarten").iterdir()}
    assert sorted(name for name in after if after[name] != before.get(name)) == ["verhalen-ruben.png"]
    assert "0 uit de cache, 1 opnieuw gemaakt" in log(changed)
    assert "zeepbellenblazer" in _search_text(root / "site", "/verhalen/ruben/")
    # The cache keeps the cards in use, not Ruben's old one.
    cached = {p.read_bytes() for p in (root / ".cache" / "kaarten").glob("*.png")}
    assert cached == {data for name, data in after.items() if name.endswith(".png")}
    assert before["verhalen-ruben.png"] not in cached


@pytest.mark.slow
def test_security_headers_file_matches_the_pages(real_site):
    headers = (real_site / "_headers").read_text()
    for name in ("X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer", "Permissions-Policy:"):
        assert name in headers
    blocks = dict(re.findall(r"^(/\S*)\n  Content-Security-Policy: (.+)$", headers, re.M))
    for page in pages(real_site):
        rel = "/" + page.parent.relative_to(real_site).as_posix() + "/"
        rel = "/" if rel == "/./" else rel
        meta = csp(page.read_text("utf-8"))
        assert blocks[rel] == meta + "; frame-ancestors 'none'", rel
        assert "'unsafe-inline'" not in meta and "'unsafe-eval'" not in meta
        assert ("'wasm-unsafe-eval'" in meta) == (rel == "/zoeken/"), "WebAssembly only where Pagefind searches"
    # A year's cache only for files whose names change with their bytes, each by its exact path.
    cached = re.findall(r"^(/\S*)\n  Cache-Control: public, max-age=31536000, immutable$", headers, re.M)
    assert any(p.startswith("/assets/stylesheets/main.") for p in cached) and any("/omslag-" in p for p in cached)
    assert all((real_site / p.lstrip("/")).is_file() for p in cached)
    assert not any(p.endswith(("campagne.js", "campagne.css", ".html")) for p in cached), "names without a hash"


# One page of each type, as a messenger (WhatsApp, Signal, LinkedIn) reads it when someone shares it.
PAGE_TYPES = {
    "home": "",
    "petitie": "petitie/",
    "gemeenten": "gemeenten/",
    "onderzoek": "onderzoek/",
    "verhalen": "verhalen/",
    "verhaal": "verhalen/jay/",
    "podcast": "podcast/",
    "aflevering": "podcast/voorbeeld/",
    "manifesten": "manifesten/",
    "manifest": "manifesten/gezinshulp-eerst/",
    "tijdlijn": "tijdlijn/",
}
GENERIC = {"home", "petitie", "verhalen", "podcast", "gemeenten", "manifesten", "voor gemeenten"}


@pytest.mark.slow
def test_each_page_type_shares_as_itself(real_site):
    seen: dict[str, dict[str, str]] = {}
    for kind, path in PAGE_TYPES.items():
        meta = head_of(real_site / path / "index.html").meta
        shared = {key: meta[f"og:{key}"] for key in ("title", "description", "image", "image:alt")}
        assert shared["title"].lower() not in GENERIC, f"{kind}: shares as {shared['title']!r}"
        assert len(shared["description"]) >= 40, f"{kind}: {shared['description']!r}"
        assert local(real_site, shared["image"]).is_file()
        for other, earlier in seen.items():
            for key in ("title", "description", "image"):
                assert shared[key] != earlier[key], f"{kind} and {other} share the same {key}"
        seen[kind] = shared
    assert "petitie" in seen["petitie"]["title"].lower() and "Teken" in seen["petitie"]["description"]
    story = seen["verhaal"]
    assert "(naam verzonnen)" in story["image:alt"] and "De naam Jay is verzonnen" in story["description"]


@pytest.mark.slow
def test_the_petition_shares_its_count_while_it_is_open(real_site, petition_service):
    """The real site was built beside the real service: its count at build time is in the text."""
    meta = head_of(real_site / "petitie" / "index.html").meta
    count = re.search(r"Al ([\d.]+) mensen tekenden\.$", meta["og:description"])
    page = (real_site / "petitie" / "index.html").read_text("utf-8")
    number = re.search(r"data-hvk-count-number>([\d.]*)<", page)
    assert number is not None
    if number.group(1) in ("", "0"):
        assert count is None, "no count to share before the first signature"
    else:
        assert count is not None and count.group(1) == number.group(1)


@pytest.mark.slow
def test_a_shared_story_names_who_speaks_and_asks_to_sign(real_site):
    from urllib.parse import parse_qs, urlsplit

    page = (real_site / "verhalen" / "jay" / "index.html").read_text("utf-8")
    whatsapp = re.search(r'href="(https://wa\.me/[^"]+)"', page).group(1).replace("&amp;", "&")
    message = parse_qs(urlsplit(whatsapp).query)["text"][0]
    assert message.startswith("Jay, gezinshuisouder (naam verzonnen) vertelt: “")
    assert "teken de petitie" in message and message.endswith(SITE_URL + "verhalen/jay/")


@pytest.mark.slow
def test_invented_names_carry_the_notice_into_both_story_feeds(real_site):
    rss = feedparser.parse((real_site / "verhalen" / "feed.xml").read_bytes())
    data = json.loads((real_site / "verhalen" / "feed.json").read_text("utf-8"))
    from hooks.content import load

    invented = {e.story.title for e in load(ROOT).stories if e.invented_name}
    assert invented
    for entry in rss.entries:
        if entry.title in invented:
            assert "(naam verzonnen)" in entry.summary and "is verzonnen" in entry.summary
    for item in data["items"]:
        if item["title"] in invented:
            assert "is verzonnen" in item["summary"]


@pytest.mark.fast
@pytest.mark.parametrize(
    ("day", "offset"), [("2026-01-29", 1), ("2026-07-01", 2), ("2026-10-25", 1), ("2026-03-29", 2)]
)
def test_a_story_is_dated_noon_in_amsterdam_in_summer_and_winter(day, offset):
    from types import SimpleNamespace

    from hooks.story_feeds import _when

    entry = SimpleNamespace(story=SimpleNamespace(date=dt.date.fromisoformat(day)))
    assert _when(entry).utcoffset() == dt.timedelta(hours=offset)


class _Chrome(HTMLParser):
    """The links of a page's header and footer, which is marked current, and the printed address."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, bool]] = []
        self.address: str | None = None
        self._depth = 0
        self._printed = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("header", "footer") and any(c in (attrs.get("class") or "") for c in ("hvk-header", "hvk-footer")):
            self._depth += 1
        if self._depth and tag == "a" and not (attrs.get("href") or "").startswith(("mailto:", "tel:", "http")):
            self.links.append((attrs["href"], attrs.get("aria-current") == "page"))

    def handle_endtag(self, tag):
        if tag in ("header", "footer") and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if data.startswith("Deze pagina online: "):
            self.address = data.removeprefix("Deze pagina online: ").strip()


@pytest.mark.slow
def test_every_page_header_and_footer_are_its_own(real_site):
    """Header and footer are rendered once per set of links they show: on every page, each link
    still leads to a page that exists from where it stands, the item marked current is the page's
    own section, and the address printed at the top is the page's own."""
    for page in pages(real_site):
        chrome = _Chrome()
        chrome.feed(page.read_text("utf-8"))
        own = page.parent.relative_to(real_site).as_posix()
        own = "" if own == "." else own + "/"
        assert chrome.address == SITE_URL + own, page
        assert chrome.links, page
        for href, current in chrome.links:
            target = (page.parent / href.split("#")[0]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (page, href)
            if current:
                section = target.relative_to(real_site.resolve()).as_posix()
                assert own.startswith("" if section == "." else section + "/"), (page, href)
