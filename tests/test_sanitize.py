"""Raw HTML in any Markdown body cannot run script, redirect, embed, restyle or load from elsewhere:
in pages, feeds and search, for every kind of content, checked in the built files and in Chromium."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from hooks.sanitize import clean
from tests.browser import Harness, Server
from tests.helpers import build, copy_site

# Each line is a way to get script, a refresh, an embed, a style or a foreign load into a page.
HOSTILE = [
    "<script>alert('script')</script>",
    '<img src="x" onerror="alert(\'onerror\')">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<a href=\"javascript:alert('href')\">klik</a>",
    '<a href="JaVaScRiPt:alert(1)">klik2</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik3</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x">',
    "<style>body{display:none}</style>",
    '<p style="position:fixed;inset:0;background:red">style</p>',
    '<img src="https://evil.example/pixel.gif" alt="pixel">',
    '<img src="//evil.example/pixel2.gif" alt="pixel2">',
    "<svg onload=\"alert('svg')\"><script>alert(2)</script></svg>",
    '<form action="https://evil.example/"><input name="x"><button>stuur</button></form>',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<details open ontoggle=\"alert('toggle')\"><summary>meer</summary>tekst</details>",
    '<div onclick="alert(1)" data-x="1">div</div>',
    '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
    '<video src="https://evil.example/v.mp4" autoplay></video>',
    '<audio src="https://evil.example/a.mp3" autoplay></audio>',
    '<object><param name="x" value="y"></object>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="d">',
    '<p><a href="https://www.hetvergetenkind.nl" target="_blank" rel="opener">gewone link</a></p>',
    '<noscript><img src="https://evil.example/ns.gif"></noscript>',
    "<template><script>alert(1)</script></template>",
    '<p id="x" class="hvk-lead" title="t">toegestaan</p>',
    "<!-- <script>alert(1)</script> -->",
]
BODY = "\n\n".join(HOSTILE) + "\n\nGewone tekst blijft staan.\n"
FORBIDDEN = re.compile(r"\son[a-z]+\s*=|javascript:|evil\.example|style=|http-equiv=.refresh", re.I)
# Elements our own templates may use too: a hostile page may have no more of them than the real one.
ELEMENTS = re.compile(
    r"<(script|iframe|object|embed|style|meta|base|link|form|svg|math|video|audio|template|noscript)\b", re.I
)


def _elements(html: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for match in ELEMENTS.finditer(html):
        found[match.group(1).lower()] = found.get(match.group(1).lower(), 0) + 1
    return found


def _add_hostile_bodies(root):
    story = root / "stories" / "marilene.md"
    story.write_text(story.read_text("utf-8") + "\n" + BODY, "utf-8")
    manifest = root / "manifests" / "gezinshulp-eerst.md"
    manifest.write_text(manifest.read_text("utf-8") + "\n" + BODY, "utf-8")
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    episode.write_text(episode.read_text("utf-8") + "\n" + BODY, "utf-8")
    page = root / "docs" / "over.md"
    text = page.read_text("utf-8").replace("---\n", '---\ntitle: "Over <script>alert(1)</script> ons"\n', 1)
    page.write_text(text + "\n" + BODY, "utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_site(tmp_path_factory.mktemp("boos") / "src")
    _add_hostile_bodies(root)
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


PAGES = ["verhalen/marilene/", "manifesten/gezinshulp-eerst/", "podcast/voorbeeld/", "over/"]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_pages_keep_the_text_and_lose_everything_hostile(hostile_site, real_site, page):
    html = (hostile_site / page / "index.html").read_text("utf-8")
    body = lxml_html.fromstring(html).xpath("//article")[0]
    content = etree.tostring(body, encoding="unicode")
    assert "Gewone tekst blijft staan." in content
    assert 'class="hvk-lead"' in content and ">toegestaan<" in content, "what editors may use stays"
    assert 'href="https://www.hetvergetenkind.nl"' in content
    assert not FORBIDDEN.search(html), FORBIDDEN.search(html)
    assert _elements(html) == _elements((real_site / page / "index.html").read_text("utf-8"))
    if page == "over/":
        assert "<title>Over &lt;script&gt;alert(1)&lt;/script&gt; ons" in html, "a docs page's title is escaped"


@pytest.mark.slow
def test_feeds_and_search_get_the_same_clean_html(hostile_site):
    feed = json.loads((hostile_site / "verhalen" / "feed.json").read_text("utf-8"))
    for item in feed["items"]:
        assert not FORBIDDEN.search(item.get("content_html", "")), item["id"]
        assert not ELEMENTS.search(item.get("content_html", "")), item["id"]
    for name in ("verhalen/feed.xml", "podcast/feed.xml"):
        text = (hostile_site / name).read_text("utf-8")
        etree.fromstring(text.encode())  # still well-formed XML
        for match in re.finditer(
            r"<(?:content:encoded|description)>(.*?)</(?:content:encoded|description)>", text, re.S
        ):
            unescaped = (
                match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
            )
            assert not FORBIDDEN.search(unescaped), (name, FORBIDDEN.search(unescaped))
            assert not ELEMENTS.search(unescaped), (name, ELEMENTS.search(unescaped))


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_in_chromium_nothing_runs_moves_or_loads_elsewhere(hostile_site, browser, page):
    with Server(hostile_site) as server:
        harness = Harness(browser, server)
        visit = harness.open(page)
        dialogs: list[str] = []
        visit.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for link in visit.page.locator("article a").all():
            if "klik" in (link.inner_text() or ""):
                link.click(no_wait_after=True)
        visit.page.wait_for_timeout(300)
        assert dialogs == []
        assert visit.page.url == server.base + page, "no navigation away"
        assert visit.foreign_requests == []
        assert harness.csp_violations(visit) == []
        visit.page.context.close()


fragment = st.lists(
    st.sampled_from(
        HOSTILE + ["<b>", "</b>", "<a href='", "'>", '"', "<", ">", "&", "<img src=x ", "onerror=alert(1)>", "tekst "]
    ),
    max_size=20,
).map("".join)


@pytest.mark.fast
@settings(max_examples=300, deadline=None)
@given(fragment)
def test_generated_html_fragments_come_out_without_script(html):
    out = clean(html)
    parsed = lxml_html.fragment_fromstring(f"<div>{out}</div>") if out.strip() else None
    if parsed is not None:
        for element in parsed.iter():
            assert element.tag not in ("script", "iframe", "object", "embed", "style", "meta", "base", "link", "form")
            for name, value in element.attrib.items():
                assert not name.startswith("on") and name != "style"
                assert not value.strip().lower().startswith(("javascript:", "data:"))
            if element.tag == "img":
                assert not element.get("src", "").lower().startswith(("http", "//")), "no image from another host"


@pytest.mark.slow
def test_the_harness_notices_a_script_no_template_wrote(hostile_site, browser):
    """Proof that the browser check can fail: a script slipped into a built file is named (and blocked)."""
    page = hostile_site / "over" / "index.html"
    (hostile_site / "los").mkdir(exist_ok=True)
    (hostile_site / "los" / "index.html").write_text(
        page.read_text("utf-8").replace("</article>", "<script>window.x = 1</script></article>", 1), "utf-8"
    )
    with Server(hostile_site) as server:
        harness = Harness(browser, server)
        visit = harness.open("los/")
        found = harness.csp_violations(visit)
        assert "script-src inline script from no template: window.x = 1" in found
        assert any(v.startswith("script-src-elem inline") for v in found), "and the policy blocked it"
        visit.page.context.close()


def _markup(html: str) -> str:
    """Every start tag with its attributes, without the text between them."""
    tags = []
    for element in lxml_html.fromstring(html).iter():
        if isinstance(element.tag, str):
            attributes = "".join(f' {name}="{value}"' for name, value in element.attrib.items())
            tags.append(f"<{element.tag}{attributes}>")
    return "\n".join(tags)


@pytest.mark.slow
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(fragment, min_size=4, max_size=4))
def test_generated_fragments_in_every_kind_of_body_through_the_real_build(tmp_path_factory, fragments):
    root = copy_site(tmp_path_factory.mktemp("gegenereerd") / "src")
    for rel, text in zip(
        ("stories/marilene.md", "manifests/gezinshulp-eerst.md", "podcast/episodes/voorbeeld.md", "docs/over.md"),
        fragments,
        strict=True,
    ):
        path = root / rel
        path.write_text(path.read_text("utf-8") + "\n\n" + text + "\n", "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    for page in PAGES:
        html = (site / page / "index.html").read_text("utf-8")
        markup = _markup(html)  # the tags and attributes: what an editor types as text may say anything
        assert not FORBIDDEN.search(markup), (page, FORBIDDEN.search(markup))
        body = etree.tostring(lxml_html.fromstring(html).xpath("//article")[0], encoding="unicode")
        for tag in ("script", "iframe", "object", "embed", "style", "meta", "base", "link", "form"):
            assert f"<{tag}" not in body.lower() or tag == "form", (page, tag)
    feed = json.loads((site / "verhalen" / "feed.json").read_text("utf-8"))
    assert all(not ELEMENTS.search(i.get("content_html", "")) for i in feed["items"])
