"""Pagefind runs beside the build (search_index.Indexing), on a search document per page: it writes
outside the site until the build takes its index, a build that stops first leaves no Pagefind and no
half index, and the documents index exactly as the built pages would. A large site's index comes in
shards: a page keeps its shard, and only a changed shard is indexed again."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hooks.search_index import (
    FOLDER,
    MANIFEST,
    SHARD_PAGES,
    Indexing,
    SearchPages,
    shard_count,
    shard_folder,
    shard_of,
)


def _site(folder: Path, n: int = 40, shards: int = 1, changed: int | None = None, new_words: str = "") -> SearchPages:
    pages = SearchPages(shards)
    for i in range(n):
        body = "<p>" + "Gezinshulp eerst, zodat kinderen thuis kunnen blijven wonen. " * 20 + "</p>"
        if i == changed:
            body += f"<p>{new_words or 'Kinderen eerst.'}</p>"
        pages.add(f"verhaal-{i}/index.html", "nl", f"Verhaal {i}", body)
    return pages


@pytest.mark.fast
@pytest.mark.parametrize(
    ("pages", "shards"),
    [(0, 1), (1, 1), (SHARD_PAGES, 1), (SHARD_PAGES + 1, 2), (3 * SHARD_PAGES, 3), (3 * SHARD_PAGES + 1, 4)],
)
def test_a_shard_holds_at_most_shard_pages_pages(pages, shards):
    assert shard_count(pages) == shards


@pytest.mark.fast
def test_a_page_keeps_its_shard_and_the_shards_are_even():
    paths = [f"verhalen/verhaal-{i}/index.html" for i in range(3000)]
    shards = [shard_of(path, 3) for path in paths]
    assert shards == [shard_of(path, 3) for path in paths], "the same shard every time"
    assert {shard: shards.count(shard) for shard in range(3)} == {
        shard: pytest.approx(1000, rel=0.1) for shard in range(3)
    }
    assert shard_folder(0) == f"{FOLDER}/" and shard_folder(2) == f"{FOLDER}/deel-2/"


@pytest.mark.slow
def test_the_index_is_written_outside_the_site_until_it_is_taken_then_reused(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    pages = _site(site)
    indexing = Indexing(site, cache, pages)
    assert not (site / FOLDER).exists(), "nothing in the site while the build still writes it"
    assert indexing.finish() == 0
    assert (site / FOLDER / "pagefind.js").is_file() and not (site / FOLDER / MANIFEST).exists()
    assert [p.name for p in cache.iterdir()] == indexing.keys, "one entry, no work folder left"
    again = Indexing(site, cache, pages)
    assert again.finish() == 1, "the same pages: the cached index"


@pytest.mark.slow
def test_only_the_shard_of_a_changed_page_is_indexed_again(tmp_path):
    """...unless the change brings a word the site did not have: every shard knows every word
    (search-words.html), so then every shard is indexed again."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    pages = _site(site, 60, shards=3)
    assert all(pages.shards) and pages.count == 60
    first = Indexing(site, cache, pages)
    assert first.finish() == 0
    assert sorted(p.name for p in cache.iterdir()) == sorted(first.keys), "one entry per shard, nothing else"
    for shard in range(3):
        fragments = list((site / shard_folder(shard) / "fragment").iterdir())
        assert len(fragments) == len(pages.shards[shard]) + 1, "each shard: its own pages and the words page"
    before = {p: p.stat().st_ino for p in (site / FOLDER).rglob("*") if p.is_file()}
    changed = Indexing(site, cache, _site(site, 60, shards=3, changed=7))  # words the site has
    moved = shard_of("verhaal-7/index.html", 3)
    assert [k for k, (a, b) in enumerate(zip(first.keys, changed.keys, strict=True)) if a != b] == [moved]
    assert changed.finish() == 2
    after = {p: p.stat().st_ino for p in (site / FOLDER).rglob("*") if p.is_file()}
    renewed = {p for p in after if before.get(p) != after[p]}
    assert renewed and all(shard_of_file(site, p) == moved for p in renewed), "only the changed shard is new"
    assert sorted(p.name for p in cache.iterdir()) == sorted(changed.keys), "the old shard is gone"
    new_word = Indexing(site, cache, _site(site, 60, shards=3, changed=7, new_words="Een pleeggezin."))
    assert all(a != b for a, b in zip(changed.keys, new_word.keys, strict=True))
    assert new_word.finish() == 0


@pytest.mark.slow
@pytest.mark.parametrize("failing", [0, 2], ids=["een-volgend-deel-loopt", "het-laatste-deel"])
def test_a_shard_that_cannot_be_stored_stops_the_index_and_no_pagefind_is_left(tmp_path, monkeypatch, failing):
    """A shard is stored while the next one is indexed: when storing fails (a full disk), the build
    gets the error, the next Pagefind is stopped, and no half index is kept."""
    from hooks import search_index

    site, cache = tmp_path / "site", tmp_path / "cache"
    real, started = search_index._store, []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    def store(index: Path, entry: Path) -> None:
        if index.name == str(failing):
            raise OSError(28, "Geen ruimte meer op het apparaat")
        real(index, entry)

    monkeypatch.setattr(search_index, "_store", store)
    monkeypatch.setattr(search_index.subprocess, "Popen", popen)
    indexing = Indexing(site, cache, _site(site, 60, shards=3))
    with pytest.raises(RuntimeError, match="Geen ruimte"):
        indexing.finish()
    pagefinds = [p for p in started if "pagefind" in Path(p.args[0]).name]
    assert len(pagefinds) == min(failing + 2, 3) and all(p.poll() is not None for p in started)
    assert not any(p.name.startswith(".") for p in cache.iterdir()), "no work folder left"
    assert not (site / FOLDER).exists()


def shard_of_file(site: Path, path: Path) -> int:
    parts = path.relative_to(site / FOLDER).parts
    return int(parts[0].removeprefix("deel-")) if parts[0].startswith("deel-") else 0


@pytest.mark.slow
def test_a_build_that_stops_before_the_index_leaves_no_pagefind_and_no_half_index(tmp_path):
    import time

    site, cache = tmp_path / "site", tmp_path / "cache"
    indexing = Indexing(site, cache, _site(site, 300, shards=2))
    deadline = time.monotonic() + 30
    while indexing._process is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process = indexing._process
    assert process is not None
    indexing.cancel()
    assert process.poll() is not None, "Pagefind was stopped"
    assert not any(cache.iterdir()), "no half-written index kept"
    assert not (site / FOLDER).exists()


@pytest.mark.slow
def test_another_running_builds_work_is_left_alone_and_a_stopped_ones_removed(tmp_path):
    """Two builds may share `.cache` (`make serve` beside `make build`): the one that finishes keeps
    only the newest index, but must not delete what a running build's Pagefind is writing."""
    import os
    import subprocess

    site, cache = tmp_path / "site", tmp_path / "cache"
    finished = subprocess.Popen(["true"])
    finished.wait()
    dead = finished.pid  # a build that stopped: its process is gone
    running = [cache / f".bezig.{os.getppid()}", cache / f".documenten.{os.getppid()}"]
    stopped = [cache / f".bezig.{dead}", cache / f".documenten.{dead}", cache / "0123abcd"]
    for folder in running + stopped:
        (folder / "deel").mkdir(parents=True)
    pages = _site(site)
    Indexing(site, cache, pages).finish()
    assert all((folder / "deel").is_dir() for folder in running)
    assert not any(folder.exists() for folder in stopped)
    assert (cache / pages.keys[0] / "pagefind.js").is_file()  # one shard: no words page


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_the_search_documents_index_exactly_as_the_built_pages(tmp_path):
    """Pagefind reads a search document per page (search-document.html) while the pages are still
    being rendered; run on the finished pages instead, it must write the very same index. The real
    content, and a page without a heading whose title needs escaping (the theme then shows the title
    as the heading)."""
    import subprocess
    import sys

    from hooks.search_index import ARGS
    from tests.helpers import build, copy_site

    root = copy_site(tmp_path / "bron")
    (root / "docs" / "zonder-kop.md").write_text(
        "---\ntitle: 'Kop & <tekst> \"tussen\" aanhalingstekens'\n---\n\nGezinshulp eerst: een pagina zonder kop.\n",
        "utf-8",
    )
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "uit-de-paginas"
    subprocess.run(
        [sys.executable, "-m", "pagefind", *ARGS, "--site", str(site), "--output-path", str(out)], check=True
    )
    built = _tree(site / FOLDER)
    assert len([p for p in built if p.startswith("fragment/")]) > 10
    assert _tree(out) == built


@pytest.mark.fast
@pytest.mark.parametrize(
    ("html", "left"),
    [
        ("<p>a</p>", "<p>a</p>"),
        (
            '<p>a</p><section class="x" data-pagefind-ignore><section>b</section><p>c</p></section><p>d</p>',
            "<p>a</p><p>d</p>",
        ),
        ('<p data-pagefind-ignore>a</p>b<img data-pagefind-ignore src="x.png">c<br data-pagefind-ignore/>d', "bcd"),
        ('<aside data-pagefind-ignore="all">a</aside><p class="b">b</p>', '<p class="b">b</p>'),
        # what Pagefind must still see: its own attributes inside, an element without an end
        ('<div data-pagefind-ignore><span data-pagefind-meta="t">m</span></div>', None),
        ("<aside data-pagefind-ignore>no end", None),
        # look-alikes are not the attribute
        ('<p data-pagefind-ignored>a</p><p title="data-pagefind-ignore">b</p>', None),
    ],
)
def test_ignored_parts_are_left_out_of_a_search_document(html, left):
    """What Pagefind would read and skip is not written into its documents (the test above holds the
    index to the one the built pages give); anything doubtful is left for Pagefind."""
    from hooks.search_index import without_ignored

    assert without_ignored(html) == (html if left is None else left)


def _words_page(documents: dict[str, str], ahead: Path | None, stop_after: int | None = None) -> str:
    from hooks import helper
    from hooks.search_index import WORDS_PAGE, SearchPages

    pages = SearchPages(3, ahead=ahead)
    for n, (path, content) in enumerate(documents.items()):
        if n == stop_after:
            helper.stop()  # the helper gone half-way: the rest is read in the build's process
        pages.add(path, "nl", path, content)
    pages.gather_words()
    assert pages.written_ahead() is (ahead is not None and stop_after is None)
    return pages.documents(0)[WORDS_PAGE]


@pytest.mark.fast
@pytest.mark.parametrize("stop_after", [None, 70], ids=["helper", "helper-stopt"])
def test_the_words_page_is_the_same_with_or_without_the_helper(tmp_path, stop_after):
    """A cold build's helper writes the documents ahead; the page of every word is the one made
    without it, also when the helper stops half-way (its unwritten batches are written by `Indexing`)."""
    from hooks import helper

    words = ["gezin", "hulp", "kind", "thuis", "jeugd-zorg", "opa's", "1/2", "café", "Ĳsselmeer"]
    documents = {
        f"verhalen/v{n}/index.html": f"<h1>Verhaal {n}</h1><p>{' '.join(words[n % 9 :])} woord{n}</p>"
        f'<img alt="beeld{n}" src="x.png">'
        for n in range(130)
    }
    expected = _words_page(documents, None)
    assert "woord129" in expected and "beeld7" in expected and "jeugd-zorg" in expected
    helper.start()
    try:
        assert helper.running()
        assert _words_page(documents, tmp_path / "documenten", stop_after) == expected
    finally:
        helper.stop()
    if stop_after is None:
        assert len(list((tmp_path / "documenten").rglob("*.html"))) == 130


@pytest.mark.slow
def test_the_next_build_reads_only_new_documents_for_words(tmp_path):
    """The words of each document are kept once Pagefind runs (`save_words`), so the next build of a
    site in shards reads only the documents that are new or changed."""
    from hooks.cache_files import KeptResults
    from hooks.search_index import Indexing, SearchPages

    documents = {f"verhalen/v{n}/index.html": f"<h1>Verhaal {n}</h1><p>woord{n} gezin</p>" for n in range(9)}
    store = tmp_path / "woorden.pickle"
    for changed, recalled in ((None, 0), ("verhalen/v3/index.html", 8)):
        kept = KeptResults(store)
        pages = SearchPages(3, kept=kept)
        for path, content in documents.items():
            pages.add(path, "nl", path, content + ("<p>nieuw</p>" if path == changed else ""))
        Indexing(tmp_path / "site", tmp_path / "cache", pages).finish()
        assert kept.recalled == recalled
