"""Pagefind runs beside the end of the build (search_index.Indexing): it writes outside the site
until the build takes its index, and a build that stops first leaves no Pagefind and no half index."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.search_index import FOLDER, MANIFEST, Indexing, SearchPages

pytestmark = pytest.mark.slow

PAGE = '<html lang="nl"><head><title>{0}</title></head><body><main data-pagefind-body><h1>{0}</h1><p>{1}</p></main></body></html>'


def _site(folder: Path, n: int = 40) -> SearchPages:
    pages = SearchPages()
    for i in range(n):
        path = f"verhaal-{i}/index.html"
        html = PAGE.format(f"Verhaal {i}", "Gezinshulp eerst, zodat kinderen thuis kunnen blijven wonen. " * 20)
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(html, "utf-8")
        pages.add(path, html)
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
