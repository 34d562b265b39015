"""The Pagefind search index: built once per set of searchable pages, reused when none of them changed.

Pagefind reads every page again and has no incremental mode; on a rebuild with nothing changed it
was a third of the build. The key is a hash of exactly what Pagefind reads (the path and the HTML of
every page that has `data-pagefind-body`) plus Pagefind's version, so a reused index is always the
index Pagefind would have written.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .cache_files import link_tree

MARKER = "data-pagefind-body"
FOLDER = "pagefind"
ARGS = ("--quiet",)


class SearchPages:
    """Collects a fingerprint of the searchable pages as MkDocs writes them."""

    def __init__(self) -> None:
        self._hash = hashlib.sha1(usedforsecurity=False)
        self._hash.update(repr((importlib.metadata.version("pagefind"), ARGS)).encode())
        self.count = 0

    def add(self, path: str, html: str) -> None:
        if MARKER in html:
            self._hash.update(f"\0{path}\0{len(html)}\0".encode())
            self._hash.update(html.encode("utf-8", "surrogatepass"))
            self.count += 1

    @property
    def key(self) -> str:
        return self._hash.hexdigest()


def build(site_dir: Path, cache_dir: Path, pages: SearchPages) -> bool:
    """Writes site_dir/pagefind; returns True when the cached index could be used.

    Raises RuntimeError with Pagefind's own output when it fails.
    """
    target = site_dir / FOLDER
    cached = cache_dir / pages.key
    if (cached / "pagefind.js").is_file() and _whole(cached):
        shutil.rmtree(target, ignore_errors=True)
        link_tree(cached, target)
        (target / MANIFEST).unlink(missing_ok=True)
        return True
    shutil.rmtree(target, ignore_errors=True)  # never write into files linked from the cache
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", *ARGS, "--site", str(site_dir)], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"{result.stdout}{result.stderr}")
    _store(target, cache_dir, pages.key)
    return False


MANIFEST = ".inhoud.sha256"


def _listing(folder: Path) -> str:
    """Every file of an index with the SHA-256 of its bytes, one per line."""
    rows = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        rows.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(folder).as_posix()}")
    return "\n".join(rows) + "\n"


def _whole(cached: Path) -> bool:
    """The cached index is exactly what Pagefind wrote: no file changed, missing or added."""
    manifest = cached / MANIFEST
    return manifest.is_file() and manifest.read_text(encoding="utf-8", errors="replace") == _listing(cached)


def _store(index: Path, cache_dir: Path, key: str) -> None:
    """Keeps only the newest index: a changed site never needs an older one."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache_dir / f".{key}.{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    link_tree(index, partial)
    (partial / MANIFEST).write_text(_listing(partial), encoding="utf-8")
    for old in cache_dir.iterdir():
        if old.name != partial.name:
            shutil.rmtree(old, ignore_errors=True)
    partial.rename(cache_dir / key)
