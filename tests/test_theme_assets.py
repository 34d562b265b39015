"""The theme's stylesheet is shipped with only the rules the site can use, and theme files nothing
names are not shipped: pages look the same to the pixel, and load a third of the CSS."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import material
import pytest

from hooks.theme_assets import purge, used_classes

THEME_CSS = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))


@pytest.mark.fast
def test_purge_keeps_what_can_match_and_nothing_else():
    css = (
        "/* x */.a{color:red}.b,.a .c{margin:0}.b{x:1}"
        "@media screen{.a:not(.zz){top:0}.b{left:0}}"
        "@font-face{font-family:f}@keyframes k{0%{opacity:0}}"
        ':is(.a,.b)>p{y:2}.a[title="}{"]{z:3}.d\\:e{w:4}:root{--v:1}'
    )
    used = used_classes(['<p class="a  c">', "<i class='d:e'>"], ["el.classList.add('f')"])
    assert used >= {"a", "c", "d:e", "f"}
    assert purge(css, used) == (
        ".a{color:red}.a .c{margin:0}@media screen{.a:not(.zz){top:0}}"
        "@font-face{font-family:f}@keyframes k{0%{opacity:0}}"
        ':is(.a,.b)>p{y:2}.a[title="}{"]{z:3}.d\\:e{w:4}:root{--v:1}'
    )


@pytest.mark.slow
def test_the_site_ships_the_used_theme_css_under_its_own_hash(real_site):
    shipped = list((real_site / "assets" / "stylesheets").glob("main.*.min.css"))
    assert len(shipped) == 1
    css = shipped[0].read_bytes()
    assert shipped[0].name == f"main.{hashlib.sha256(css).hexdigest()[:8]}.min.css", "a new content, a new name"
    assert len(css) < THEME_CSS.stat().st_size / 2
    assert not (real_site / "assets" / "stylesheets" / THEME_CSS.name).exists()
    for folder in ("assets/javascripts/lunr", "assets/javascripts/workers"):
        assert not (real_site / folder).exists(), f"{folder}: the site never loads it"
    assert not list(real_site.rglob("bundle.*.min.js")) and not list(real_site.rglob("palette.*.css"))
    for page in real_site.rglob("*.html"):
        for name in re.findall(r'(?:href|src)="[^"]*?/?(assets/[^"?#]+)', page.read_text("utf-8")):
            assert (real_site / name).exists() or (page.parent / name).exists(), f"{page}: {name}"


@pytest.mark.slow
@pytest.mark.parametrize("path", ["", "petitie/", "verhalen/", "verhalen/tineke/", "podcast/", "gemeenten/", "zoeken/"])
def test_pages_look_the_same_with_the_whole_theme_stylesheet(harness, path):
    original = THEME_CSS.read_bytes()
    for viewport in ({"width": 375, "height": 740}, {"width": 1280, "height": 900}):
        visit = harness.open(path, viewport=viewport)
        page = visit.page
        page.locator(".hvk-menu__button").first.click() if viewport["width"] == 375 else None
        purged = page.screenshot(full_page=True)
        page.route(
            "**/assets/stylesheets/main.*.min.css", lambda route: route.fulfill(body=original, content_type="text/css")
        )
        page.reload()
        page.locator(".hvk-menu__button").first.click() if viewport["width"] == 375 else None
        assert page.screenshot(full_page=True) == purged, f"{path} at {viewport['width']} px"
        page.context.close()
