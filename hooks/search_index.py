"""The Pagefind search index: built once per set of searchable pages, reused when none of them changed.

Pagefind has no incremental mode and reads whole pages. It reads a search document for each
searchable page instead (`search-document.html`: the page's language and its body), written as
soon as every page is converted, so it runs while MkDocs still renders and writes the pages. The
key is a hash of exactly what Pagefind reads (every document and its path) plus Pagefind's version,
so a reused index is always the index Pagefind would have written.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

from markupsafe import Markup

from .cache_files import in_use, link_tree
from .render import render

FOLDER = "pagefind"
ARGS = ("--quiet",)


class SearchPages:
    """The search documents of the searchable pages (by their path in the site), and their fingerprint."""

    def __init__(self) -> None:
        self.documents: dict[str, str] = {}
        self._hash = hashlib.sha1(usedforsecurity=False)
        self._hash.update(repr((importlib.metadata.version("pagefind"), ARGS)).encode())

    def add(self, path: str, lang: str, title: str, content: str) -> None:
        """`path`: the page's file in the site (`verhalen/ruben/index.html`); `content`: its body as
        the page shows it (HTML our build made: the editors' part is cleaned by `sanitize`)."""
        html = str(render("search-document.html", lang=lang, title=title, content=Markup(content)))
        self.documents[path] = html
        self._hash.update(f"\0{path}\0{len(html)}\0".encode())
        self._hash.update(html.encode("utf-8", "surrogatepass"))

    @property
    def count(self) -> int:
        return len(self.documents)

    @property
    def key(self) -> str:
        return self._hash.hexdigest()


class Indexing:
    """The index for this build: the cached one when the search documents are unchanged, or a
    Pagefind run started when this is made (as soon as every page is converted) on the documents,
    writing outside the site while the build renders and writes the pages; `finish` waits for it
    and links the index into the site. Pagefind then runs beside the build instead of after it.
    """

    def __init__(self, site_dir: Path, cache_dir: Path, pages: SearchPages) -> None:
        self.site_dir, self.cache_dir, self.key = site_dir, cache_dir, pages.key
        cached = cache_dir / pages.key
        self.reused = (cached / "pagefind.js").is_file() and _whole(cached)
        self._work = cache_dir / f".bezig.{os.getpid()}"
        self._documents = cache_dir / f".documenten.{os.getpid()}"  # removed once Pagefind has read them
        self._process: subprocess.Popen[str] | None = None
        if not self.reused:
            self._remove_work()
            self._documents.mkdir(parents=True)
            for path, html in pages.documents.items():
                (self._documents / path).parent.mkdir(parents=True, exist_ok=True)
                (self._documents / path).write_text(html, "utf-8")
            self._process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "pagefind", *ARGS),
                    *("--site", str(self._documents), "--output-path", str(self._work)),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )

    def finish(self) -> bool:
        """Writes site_dir/pagefind; True when the cached index was used. Raises RuntimeError with
        Pagefind's own output when it fails."""
        if self._process is not None:
            out, err = self._process.communicate()
            shutil.rmtree(self._documents, ignore_errors=True)
            if self._process.returncode != 0:
                self._remove_work()
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
        self._remove_work()

    def _remove_work(self) -> None:
        for folder in (self._work, self._documents):
            shutil.rmtree(folder, ignore_errors=True)


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
        if old != index and not in_use(old):  # another build's Pagefind may be writing there now
            shutil.rmtree(old, ignore_errors=True)
    index.rename(cache_dir / key)
