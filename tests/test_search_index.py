"""Pagefind runs beside the build (search_index.Indexing), on a search document per page: it writes
outside the site until the build takes its index, a build that stops first leaves no Pagefind and no
half index, and the documents index exactly as the built pages would."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.search_index import FOLDER, MANIFEST, Indexing, SearchPages

pytestmark = pytest.mark.slow


def _site(folder: Path, n: int = 40) -> SearchPages:
    pages = SearchPages()
    for i in range(n):
        body = "<p>" + "Gezinshulp eerst, zodat kinderen thuis kunnen blijven wonen. " * 20 + "</p>"
        pages.add(f"verhaal-{i}/index.html", "nl", f"Verhaal {i}", body)
    return pages


def test_the_index_is_written_outside_the_site_until_it_is_taken_then_reused(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    pages = _site(site)
    indexing = Indexing(site, cache, pages)
    assert not (site / FOLDER).exists(), "nothing in the site while the build still writes it"
    assert indexing.finish() is False
    assert (site / FOLDER / "pagefind.js").is_file() and not (site / FOLDER / MANIFEST).exists()
    assert [p.name for p in cache.iterdir()] == [pages.key], "one entry, no work folder left"
    again = Indexing(site, cache, pages)
    assert again.finish() is True, "the same pages: the cached index"


def test_a_build_that_stops_before_the_index_leaves_no_pagefind_and_no_half_index(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    indexing = Indexing(site, cache, _site(site, 300))
    process = indexing._process
    assert process is not None
    indexing.cancel()
    assert process.poll() is not None, "Pagefind was stopped"
    assert not any(cache.iterdir()), "no half-written index kept"
    assert not (site / FOLDER).exists()


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
    assert (cache / pages.key / "pagefind.js").is_file()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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
