"""The theme's stylesheet is shipped with only the rules the site can use, and theme files nothing
names are not shipped: pages look the same to the pixel, and load a third of the CSS."""

from __future__ import annotations

import hashlib
import random
import re
import shutil
from concurrent.futures import Future
from pathlib import Path

import material
import pytest

from hooks.cache_files import KeptResults
from hooks.theme_assets import FileFacts, PageScans, classes_in, prune, purge, rename_in, script_words, with_names

THEME_CSS = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))


@pytest.mark.fast
def test_purge_keeps_what_can_match_and_nothing_else():
    css = (
        "/* x */.a{color:red}.b,.a .c{margin:0}.b{x:1}"
        "@media screen{.a:not(.zz){top:0}.b{left:0}}"
        "@font-face{font-family:f}@keyframes k{0%{opacity:0}}"
        ':is(.a,.b)>p{y:2}.a[title="}{"]{z:3}.d\\:e{w:4}:root{--v:1}'
    )
    used = classes_in('<p class="a  c">') | classes_in("<i class='d:e'>") | script_words(["el.classList.add('f')"])
    assert used >= {"a", "c", "d:e", "f"}
    assert purge(css, used) == (
        ".a{color:red}.a .c{margin:0}@media screen{.a:not(.zz){top:0}}"
        "@font-face{font-family:f}@keyframes k{0%{opacity:0}}"
        ':is(.a,.b)>p{y:2}.a[title="}{"]{z:3}.d\\:e{w:4}:root{--v:1}'
    )


@pytest.mark.fast
@pytest.mark.parametrize(
    ("html", "classes"),
    [
        ('<p class="a  b">', {"a", "b"}),
        ('<p CLASS="a"><i Class="b">', {"a", "b"}),  # attribute names in any case
        ("<p class='a'>", {"a"}),
        ('<p class = "a">', {"a"}),
        ('<p class="a" data-x="class">', {"a"}),  # the word elsewhere: the general pattern decides
        ('<p class="a', set()),  # no closing quote
        ('<p klass="a">', set()),
        ('<p clasſ="a">', set()),  # a long s is no "s" in an HTML attribute name
    ],
)
def test_classes_in_reads_every_spelling_of_the_attribute(html, classes):
    assert classes_in(html) == classes


def _small_site(folder: Path, rng: random.Random, classes: list[str], rules: list[str] | None = None) -> list[str]:
    """A site of random pages on a theme of a stylesheet (with a rule for each of `rules`, by default
    the classes the pages carry), a script and two search-language files."""
    theme = {
        "assets/stylesheets/main.0123abcd.min.css": "".join(
            f".{c}{{top:{i}px}}" for i, c in enumerate(rules or classes)
        ),
        "assets/javascripts/bundle.js": "document.body.classList.add('k9');",
        "assets/javascripts/lunr/lunr.da.min.js": "x",
        "assets/javascripts/lunr/lunr.nl.min.js": "x",
    }
    for path, text in theme.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, "utf-8")
    for n in range(30):
        page = folder / f"p{n}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        used = " ".join(rng.sample(classes, rng.randrange(0, 4)))
        search = '<script src="../assets/javascripts/lunr/lunr.nl.min.js"></script>' if rng.random() < 0.2 else ""
        page.write_text(
            '<link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">'
            f'<script src="../assets/javascripts/bundle.js"></script>{search}<p class="{used}">x</p>',
            "utf-8",
        )
    return list(theme)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.fast
@pytest.mark.parametrize("seed", range(5))
def test_what_the_last_build_found_in_each_file_prunes_as_a_fresh_scan_does(tmp_path, seed):
    """A rebuild asks `FileFacts` what unchanged files name and carry; the pruned site must be byte
    for byte what a scan of every file gives, after random pages changed between the builds."""
    rng = random.Random(seed)
    classes = [f"k{i}" for i in range(12)]
    kept = tmp_path / "feiten.pickle"
    first = tmp_path / "eerste"
    theme = _small_site(first, random.Random(seed), classes)
    facts = FileFacts(KeptResults(kept))
    prune(first, theme, facts)
    facts.kept.save()
    # The next build: the same theme, some pages changed.
    again, fresh = tmp_path / "opnieuw", tmp_path / "vers"
    _small_site(again, random.Random(seed), classes)
    for page in rng.sample(sorted(again.glob("p*/index.html")), 5):
        page.write_text(page.read_text("utf-8").replace('class="', f'class="{rng.choice(classes)} '), "utf-8")
    shutil.copytree(again, fresh)
    remembered = FileFacts(KeptResults(kept))
    assert prune(again, theme, remembered) == prune(fresh, theme)
    assert _tree(again) == _tree(fresh)
    assert remembered.kept.recalled > 0, "unchanged files were not scanned again"
    # And both are right, by what the pages say: a class's rule stays if a page carries it (or the
    # script adds it), a search-language file stays if a page names it.
    pages = [p.read_text("utf-8") for p in sorted(again.glob("p*/index.html"))]
    carried = {c for page in pages for c in re.findall(r'class="([^"]*)"', page)[0].split()} | {"k9"}
    [stylesheet] = again.glob("assets/stylesheets/main.*.min.css")
    assert {c for c in classes if f".{c}{{" in stylesheet.read_text("utf-8")} == carried
    named = any("lunr.nl.min.js" in page for page in pages)
    assert (again / "assets/javascripts/lunr/lunr.nl.min.js").is_file() == named
    assert not (again / "assets/javascripts/lunr/lunr.da.min.js").exists()


@pytest.mark.fast
@pytest.mark.parametrize(("seed", "edits"), [(seed, edits) for seed in range(4) for edits in (0, 1, 5)])
def test_pages_written_with_last_builds_stylesheet_name_prune_as_if_written_with_the_themes(tmp_path, seed, edits):
    """Pages are written with the purged stylesheet's name from the last build; whether the purge
    gives that name again (nothing changed) or another (pages carry a class none carried before),
    the pruned site is byte for byte the one written with the theme's name, and a right guess
    rewrites no page."""
    rng = random.Random(seed)
    classes = [f"k{i}" for i in range(12)]
    kept = tmp_path / "feiten.pickle"
    first = tmp_path / "eerste"
    theme = _small_site(first, random.Random(seed), classes, rules=[*classes, "nieuw"])
    facts = FileFacts(KeptResults(kept))
    prune(first, theme, facts)
    facts.kept.save()
    guessed, fresh = tmp_path / "geraden", tmp_path / "vers"
    _small_site(fresh, random.Random(seed), classes, rules=[*classes, "nieuw"])
    for page in rng.sample(sorted(fresh.glob("p*/index.html")), edits):
        page.write_text(page.read_text("utf-8").replace('class="', 'class="nieuw '), "utf-8")
    shutil.copytree(fresh, guessed)
    remembered = FileFacts(KeptResults(kept))
    names = remembered.renamed()
    assert names and all(old != new for old, new in names.items())
    for page in guessed.glob("p*/index.html"):
        page.write_text(with_names(page.read_text("utf-8"), names), "utf-8")
    written = {p: p.stat().st_mtime_ns for p in guessed.glob("p*/index.html")}
    assert prune(guessed, theme, remembered, written=names) == prune(fresh, theme)
    assert _tree(guessed) == _tree(fresh)
    [stylesheet] = fresh.glob("assets/stylesheets/main.*.min.css")
    assert (stylesheet.name in names.values()) == (edits == 0)
    if edits == 0:  # the guess was right: no page written twice
        assert all(p.stat().st_mtime_ns == mtime for p, mtime in written.items())


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


@pytest.mark.fast
@pytest.mark.parametrize("value", [(), ("",), (0,), (None,), ("namen", ("a",))])
def test_a_kept_result_comes_back_whatever_it_is_even_empty(tmp_path, value):
    """An empty result (a file that names no theme file) is a result: before, `()` counted as a
    miss, and every such file was scanned again on every build."""
    kept = KeptResults(tmp_path / "k.pickle")
    kept.keep("sleutel", value)
    kept.save()
    again = KeptResults(tmp_path / "k.pickle")
    assert again.recall("sleutel") == value
    assert again.recalled == 1
    assert again.recall("ander") is None


@pytest.mark.fast
@pytest.mark.parametrize("seed", range(4))
def test_pages_scanned_while_the_build_writes_prune_as_a_scan_at_the_end(tmp_path, seed):
    """A cold build's helper scans the pages as they are written (`PageScans`, `scan_pages`, here in
    this process); pruning with those scans gives the site byte for byte that a scan of every file
    at the end gives, also when a page changed after its scan (it is scanned again), and what the
    helper found is kept for the next build as `prune`'s own scan would keep it."""
    rng = random.Random(seed)
    classes = [f"k{i}" for i in range(12)]
    helped, fresh = tmp_path / "geholpen", tmp_path / "vers"
    theme = _small_site(helped, random.Random(seed), classes, rules=[*classes, "nieuw"])
    pages = sorted(p.relative_to(helped).as_posix() for p in helped.glob("p*/index.html"))
    with (helped / pages[0]).open("a", encoding="utf-8") as page:
        page.write("<p>weg.js, a file the theme may bring but did not</p>")
    handed: list[int] = []

    def submit(function, *args):  # the helper runs what it is handed in order; here at once
        handed.append(len(args[1]))
        future: Future = Future()
        future.set_result(function(*args))
        return future

    scans = PageScans(helped, [*theme, "assets/javascripts/weg.js"], {}, submit)
    scans.BATCH = 7
    for page in pages:
        scans.written_next(page)
    scanned = scans.results()
    assert sum(handed) == len(pages) and max(handed) <= 7 and set(scanned) == set(pages)
    changed = rng.choice(pages)  # after its scan: the stamp no longer fits, and only it has "nieuw"
    (helped / changed).write_text((helped / changed).read_text("utf-8").replace('class="', 'class="nieuw '), "utf-8")
    shutil.copytree(helped, fresh)
    kept, kept_fresh = FileFacts(KeptResults(None)), FileFacts(KeptResults(None))
    renamed: list[list[str]] = []

    def rename(paths, back, names):
        renamed.append(paths)
        rename_in(paths, back, names)

    assert prune(helped, theme, kept, scanned=scanned, rename=rename) == prune(fresh, theme, kept_fresh)
    assert _tree(helped) == _tree(fresh)
    assert len(renamed) == 1 and len(renamed[0]) == len(pages)
    assert kept.kept._new == kept_fresh.kept._new
