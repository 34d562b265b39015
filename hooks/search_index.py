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


class Indexing:
    """The index for this build: the cached one when the searchable pages are unchanged, or a
    Pagefind run started when this is made (as soon as every page is written), writing outside the site,
    while the build writes its last files (feeds, cards, the pruned theme); `finish` waits for it
    and links the index into the site. Pagefind then runs beside the build instead of after it.
    What the build rewrites meanwhile is written whole (`cache_files.write_whole`) and changes no
    text Pagefind indexes (the theme stylesheet's name), so the index is the one it would be after.
    """

    def __init__(self, site_dir: Path, cache_dir: Path, pages: SearchPages) -> None:
        self.site_dir, self.cache_dir, self.key = site_dir, cache_dir, pages.key
        cached = cache_dir / pages.key
        self.reused = (cached / "pagefind.js").is_file() and _whole(cached)
        self._work = cache_dir / f".bezig.{os.getpid()}"
        self._process: subprocess.Popen[str] | None = None
        if not self.reused:
            shutil.rmtree(self._work, ignore_errors=True)
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._process = subprocess.Popen(
                [sys.executable, "-m", "pagefind", *ARGS, "--site", str(site_dir), "--output-path", str(self._work)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )

    def finish(self) -> bool:
        """Writes site_dir/pagefind; True when the cached index was used. Raises RuntimeError with
        Pagefind's own output when it fails."""
        if self._process is not None:
            out, err = self._process.communicate()
            if self._process.returncode != 0:
                shutil.rmtree(self._work, ignore_errors=True)
                raise RuntimeError(f"{out}{err}")
            _store(self._work, self.cache_dir, self.key)
        target = self.site_dir / FOLDER
        shutil.rmtree(target, ignore_errors=True)
        link_tree(self.cache_dir / self.key, target)
        (target / MANIFEST).unlink(missing_ok=True)
        return self.reused

    def cancel(self) -> None:
        """The build stopped before `finish`: no Pagefind left running, no half index kept."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        shutil.rmtree(self._work, ignore_errors=True)


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
    """Keeps only the newest index (a changed site never needs an older one): `index`, a folder in
    `cache_dir`, becomes its entry, with the manifest `_whole` checks."""
    (index / MANIFEST).write_text(_listing(index), encoding="utf-8")
    for old in cache_dir.iterdir():
        if old != index:
            shutil.rmtree(old, ignore_errors=True)
    index.rename(cache_dir / key)
