"""Content pages reuse one Markdown instance: their HTML must be what MkDocs' own Page makes."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from hooks import helper, pages
from hooks.content import load
from hooks.pages import ContentPage, keep_conversions
from tests.helpers import ROOT

CONFIG = load_config(str(ROOT / "mkdocs.yml"))
CONFIG.plugins._current_plugin = "tests"  # File.generated() records who made a file


def _both(markdown: str, index: int) -> tuple[Page, Page]:
    files = Files([])
    pages = []
    for kind in (Page, ContentPage):
        file = File.generated(CONFIG, f"{kind.__name__.lower()}/verhaal-{index}.md", content=markdown)
        files.append(file)
        page = kind(None, file, CONFIG)
        page.read_source(CONFIG)
        page.render(CONFIG, files)
        pages.append(page)
    return pages[0], pages[1]


def _same(expected: Page, actual: Page) -> None:
    assert actual.content == expected.content
    assert [(i.title, i.id, i.level) for i in actual.toc] == [(i.title, i.id, i.level) for i in expected.toc]
    assert actual.title == expected.title
    assert actual.present_anchor_ids == expected.present_anchor_ids


@pytest.mark.slow
def test_every_real_story_and_manifest_converts_as_mkdocs_would():
    content = load(ROOT)
    bodies = [s.body for s in content.stories] + [m.body for m in content.manifests]
    for index, body in enumerate(bodies * 2):  # twice: the second round runs on a used instance
        _same(*_both(body, index))


BLOCKS = st.sampled_from(
    [
        "# Kop",
        "## Kop",
        "## Kop {: #eigen }",
        "Tekst met *nadruk* en `code`.",
        "> Een citaat.",
        "- een\n- twee",
        "1. een\n2. twee",
        '<div markdown="1">**vet** in html</div>',
        '<a id="anker"></a>',
        '!!! note "Let op"\n    Tekst in een kader.',
        "Zie [de petitie](../../petitie.md).",
        "--- en -- en ...",
        "Tekst[^1].\n\n[^1]: Een voetnoot.",
        "[link]: https://example.org\n\nEen [link].",
        "<script>x</script>",
        "[elders]: https://example.org/elders",
        "Een verwijzing naar [elders].",  # defined in one page, used in the next
        "(c) 2026, 1/2 liter, de 1st, <-- en --> en <-->, c/o, +/-, =/=, (tm) (r)",  # smartsymbols
        "`(c) 1/2` in code, en 11th, 3/4, x1/2, a-->b",
    ]
)


@pytest.mark.fast
@given(st.lists(st.lists(BLOCKS, min_size=1, max_size=6).map("\n\n".join), min_size=2, max_size=4))
def test_a_reused_converter_carries_nothing_from_one_page_to_the_next(documents):
    for index, markdown in enumerate(documents):
        _same(*_both(markdown, index))


def _kept(markdown: str, files: Files, name: str = "verhalen/kept.md") -> ContentPage:
    file = File.generated(CONFIG, name, content=markdown)
    if files.get_file_from_path(name) is None:
        files.append(file)
    page = ContentPage(None, file, CONFIG)
    page.read_source(CONFIG)
    page.render(CONFIG, files)
    return page


@pytest.mark.fast
@given(st.lists(BLOCKS, min_size=1, max_size=6).map("\n\n".join))
def test_a_kept_conversion_is_what_mkdocs_makes(markdown):
    """Converted once, saved, read back by the next build: the same HTML, contents and anchors."""
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "markdown.pickle"
        keep_conversions(store)
        files = Files([])
        _kept(markdown, files)
        pages.save_conversions()
        conversions = keep_conversions(store)
        recalled = _kept(markdown, files)
        assert conversions.recalled == 1 or "petitie.md" in markdown  # a warned page is converted again
        expected = Page(None, File.generated(CONFIG, "verhalen/kept.md", content=markdown), CONFIG)
        expected.read_source(CONFIG)
        expected.render(CONFIG, files)
        _same(expected, recalled)
    keep_conversions(None)


@pytest.mark.fast
def test_a_page_whose_conversion_warned_is_converted_and_warns_again(tmp_path, caplog):
    keep_conversions(tmp_path / "markdown.pickle")
    files = Files([])
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            _kept("Zie [weg](nergens.md).", files)
        assert any("nergens.md" in r.getMessage() for r in caplog.records), "said on every build"
        pages.save_conversions()
        conversions = keep_conversions(tmp_path / "markdown.pickle")
    assert conversions.recalled == 0
    keep_conversions(None)


@pytest.mark.fast
def test_a_new_file_in_the_site_converts_links_again(tmp_path):
    """A link's HTML depends on the files beside the page: the kept conversion is keyed on them."""
    keep_conversions(tmp_path / "markdown.pickle")
    files = Files([File.generated(CONFIG, "verhalen/ander.md", content="# Ander")])
    before = _kept("Zie [ander](ander.md) en [petitie](../petitie.md).", files).content
    files.append(File.generated(CONFIG, "petitie.md", content="# Petitie"))
    after = _kept("Zie [ander](ander.md) en [petitie](../petitie.md).", files).content
    assert before != after and 'href="../../petitie/"' in after
    keep_conversions(None)


@pytest.mark.slow
def test_pages_converted_ahead_in_a_worker_are_what_the_build_converts(monkeypatch, caplog):
    """A cold build converts half its pages ahead in a process of its own: each page's HTML, table of
    contents, title, anchors and links to anchors are what MkDocs' own Page makes, and a page whose
    conversion logs (a broken link) is converted by the build itself, which logs it once."""
    monkeypatch.setattr(pages, "AHEAD_FROM", 4)
    with tempfile.TemporaryDirectory() as cache:
        keep_conversions(Path(cache) / "markdown.pickle")
        files = Files([])
        texts = [
            f"# Verhaal {i}\n\n## Deel {i} {{: #deel-{i} }}\n\nZie [het vorige](verhaal-{max(i - 1, 0)}.md#deel-{max(i - 1, 0)})"
            f" en [de petitie](../petitie.md).\n\n--- en ... en *nadruk*.\n"
            + ("\nEen [kapotte link](nergens.md).\n" if i == 9 else "")
            for i in range(12)
        ]
        ours = []
        for i, text in enumerate(texts):
            file = File.generated(CONFIG, f"verhalen/verhaal-{i}.md", content=text)
            files.append(file)
            ours.append(ContentPage(None, file, CONFIG))
        files.append(File.generated(CONFIG, "petitie.md", content="# Petitie"))
        helper.start()
        pages.convert_ahead(CONFIG, files)
        assert len(pages._ahead._pending) == 6, "the back half"
        with caplog.at_level(logging.WARNING):
            for page in ours:
                page.read_source(CONFIG)
                page.render(CONFIG, files)
        assert not pages._ahead._pending, "every conversion made ahead was taken"
        pages.stop_converting_ahead()
        helper.stop()
        assert [r.getMessage() for r in caplog.records].count(
            "Doc file 'verhalen/verhaal-9.md' contains a link 'nergens.md', but the target 'verhalen/nergens.md' is not found among documentation files."
        ) == 1
        for i, (text, page) in enumerate(zip(texts, ours, strict=True)):
            plain_files = Files([File.generated(CONFIG, f.src_uri, content="") for f in files])
            plain = Page(None, plain_files.get_file_from_path(f"verhalen/verhaal-{i}.md"), CONFIG)
            plain.markdown = text
            plain.render(CONFIG, plain_files)
            _same(plain, page)
            assert {f.src_uri: links for f, links in page.links_to_anchors.items()} == {
                f.src_uri: links for f, links in plain.links_to_anchors.items()
            }
