"""Keyboard journeys on every page of the real site, at phone width and on a desktop: the first Tab
is a skip link that works, the menu opens with Enter, is walked with Tab and closes with Escape,
no focus ever lands on something invisible, and every focus ring has 3:1 against what is around it."""

from __future__ import annotations

import pytest

from tests.test_browser import pages_of_real_site

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# What the focused element is, where it is, and the contrast of its focus ring against the nearest
# opaque background behind it (WCAG's relative luminance; 1:1 when no ring is drawn).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = e.parentElement, bg = [255, 255, 255];
  while (node) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length >= 3 && (c.length === 3 || c[3] > 0.9)) { bg = c.slice(0, 3); break; }
    node = node.parentElement;
  }
  const ring = parseFloat(s.outlineWidth) >= 2 && s.outlineStyle !== "none" ? rgb(s.outlineColor).slice(0, 3) : null;
  const [a, b] = ring ? [lum(ring), lum(bg)].sort((x, y) => y - x) : [1, 1];
  let hidden = s.visibility !== "visible" || parseFloat(s.opacity) === 0;
  for (let n = e; n && !hidden; n = n.parentElement) if (getComputedStyle(n).opacity === "0") hidden = true;
  return {
    what: e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " " + (e.textContent || "").trim().slice(0, 30),
    id: e.id, cls: e.className, tag: e.tagName,
    visible: !hidden && r.width > 1 && r.height > 1 && r.right > 0 && r.left < innerWidth && r.bottom > -5000,
    contrast: (a + 0.05) / (b + 0.05),
  };
}"""


def _tab(page) -> dict | None:
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


def _sweep(page, limit: int = 80) -> list[dict]:
    """Every tab stop from the top of the page to the end (or `limit`)."""
    stops, seen = [], set()
    for _ in range(limit):
        stop = _tab(page)
        if stop is None:
            break
        key = page.evaluate(
            "(() => { const e = document.activeElement; return e.outerHTML.slice(0, 200) + e.getBoundingClientRect().top + scrollY; })()"
        )
        if key in seen:
            break
        seen.add(key)
        stops.append(stop)
    return stops


def assert_every_stop_visible_with_a_clear_ring(page, path: str) -> None:
    for stop in _sweep(page):
        assert stop["visible"], f"{path}: focus on something invisible: {stop}"
        assert stop["contrast"] >= 3, f"{path}: focus ring {stop['contrast']:.2f}:1 on {stop['what']}"


PAGES = pages_of_real_site()


@pytest.mark.slow
@pytest.mark.parametrize("path", PAGES)
def test_phone_keyboard_journey(harness, path):
    visit = harness.open(path, viewport=PHONE)
    page = visit.page
    first = _tab(page)
    assert first is not None and "hvk-skip" in first["cls"] and first["visible"], first
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud", "the skip link moves focus to the content"
    page.reload()
    stops = [_tab(page) for _ in range(3)]
    assert stops[-1]["tag"] == "SUMMARY" and stops[-1]["what"].endswith("Menu"), stops
    menu = page.locator("[data-hvk-menu]")
    assert page.evaluate("document.activeElement.parentElement.open") is False
    page.keyboard.press("Enter")
    assert menu.evaluate("m => m.open") is True
    links = menu.locator("a").count()
    for _ in range(links):
        stop = _tab(page)
        assert stop["tag"] == "A" and stop["visible"] and stop["contrast"] >= 3, stop
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Escape")
    assert menu.evaluate("m => m.open") is False
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY", "Escape gives focus back to the button"
    page.reload()
    assert_every_stop_visible_with_a_clear_ring(page, path)
    page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize("path", ["", "verhalen/marilene/", "petitie/", "404.html"])
def test_desktop_keyboard_journey(harness, path):
    visit = harness.open(path, viewport=DESKTOP)
    page = visit.page
    first = _tab(page)
    assert "hvk-skip" in first["cls"] and first["visible"], first
    assert _tab(page)["what"].startswith("a Gezinshulp eerst")
    menu_links = page.locator(".hvk-nav--wide a")
    for index in range(menu_links.count()):
        stop = _tab(page)
        assert stop["visible"] and stop["contrast"] >= 3, stop
        assert stop["what"].endswith(menu_links.nth(index).inner_text().strip()[:30]), stop
    page.reload()
    assert_every_stop_visible_with_a_clear_ring(page, path)
    page.context.close()


@pytest.mark.slow
def test_the_menu_works_without_javascript(harness):
    visit = harness.open("verhalen/", viewport=PHONE, javascript=False)
    page = visit.page
    for _ in range(3):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.locator("[data-hvk-menu]").evaluate("m => m.open") is True
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Home"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.locator("[data-hvk-menu]").evaluate("m => m.open") is False
    page.context.close()
