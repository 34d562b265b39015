"""The Pagefind search index: built in shards, each reused while none of its documents changed.

Pagefind has no incremental mode and reads whole pages. It reads a search document for each
searchable page instead (`search-document.html`: the page's language and its body, without the
parts Pagefind skips), made as each page's HTML is final (a cold build's helper writes it to disk
at once); Pagefind starts as soon as every page is converted, and runs while MkDocs still renders
and writes the pages.

A large site is indexed in shards of at most `SHARD_PAGES` pages, a hash of a page's path picking
its shard: Pagefind holds a whole index in memory (about 0.25 MB a page), so one run over 1,000
stories needed 4× the memory of the whole Material build. The shards are indexed one after the
other and the search page merges them in the browser (`mergeIndex`). Each shard also holds a page
of every word of the site (`search-words.html`, why: there), so an edit that brings a word new to
the site indexes every shard again; any other edit only the shards of the changed pages. A shard's
key is a hash of exactly what Pagefind reads (every document and its path) plus Pagefind's
version, so a reused shard is always the index Pagefind would have written.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import importlib.metadata
import math
import os
import re
import shutil
import subprocess
import threading
from concurrent.futures import Future
from pathlib import Path

from markupsafe import Markup
from pagefind_bin_extended import get_executable

from . import helper
from .cache_files import KeptResults, in_use, link_tree, write_texts
from .old_output import Removal
from .render import render

FOLDER = "pagefind"
ARGS = ("--quiet",)
SHARD_PAGES = 400  # Pagefind's peak stays near 110 MB, under twice a Material build of 1,000 stories


def shard_count(pages: int) -> int:
    """How many shards `pages` searchable pages are indexed in (one for a site of the usual size)."""
    return max(1, math.ceil(pages / SHARD_PAGES))


def shard_folder(shard: int) -> str:
    """Where a shard lives in the site: the first is Pagefind's usual folder (and its program, which
    the search page loads), the others inside it."""
    return f"{FOLDER}/" if shard == 0 else f"{FOLDER}/deel-{shard}/"


def shard_of(path: str, shards: int) -> int:
    """The shard of a page: by a hash of its path, so a page stays in its shard while others come and go."""
    return (
        int.from_bytes(hashlib.sha1(path.encode("utf-8", "surrogatepass"), usedforsecurity=False).digest()[:8]) % shards
    )


class SearchPages:
    """The search documents of the searchable pages (by their path in the site), in `shards` shards;
    with more than one, each shard also gets a page of every word of the site (`search-words.html`),
    so that every shard knows every word. (Only the words a shard's pages lack would be less to
    index; tried while the documents still held the parts Pagefind skips, which made words look
    present that it never indexed, and dropped.)"""

    def __init__(self, shards: int = 1, kept: KeptResults | None = None, ahead: Path | None = None) -> None:
        """`kept`: each document's words, by its text; `ahead`: where the build's helper writes each
        document as it is added (a cold build: `documents_folder`), when the helper runs."""
        self.shards: list[dict[str, str]] = [{} for _ in range(shards)]
        self._lang = "nl"
        self._kept = kept if kept is not None else KeptResults(None)
        self._words: dict[str, tuple[str, ...]] = {}  # each document's words (a site in shards), by its path
        self._words_page = ""  # made by `gather_words`, once every page is added
        self._ahead = ahead if ahead is not None and helper.running() else None
        self._batch: dict[str, str] = {}
        self._writes: list[Future] = []
        if self._ahead is not None:
            self._hand_over(shutil.rmtree, str(self._ahead), True)  # a folder a stopped build left

    def add(self, path: str, lang: str, title: str, content: str) -> None:
        """`path`: the page's file in the site (`verhalen/ruben/index.html`); `content`: its body as
        the page shows it (HTML our build made: the editors' part is cleaned by `sanitize`). On a
        site in shards its words are read now, while the build still converts other pages."""
        html = str(render("search-document.html", lang=lang, title=title, content=Markup(without_ignored(content))))
        shard = shard_of(path, len(self.shards))
        self.shards[shard][path] = html
        self._lang = lang
        if len(self.shards) > 1:
            self._words[path] = self._words_of(html)
        if self._ahead is not None:
            self._batch[document_path(self._ahead, shard, path)] = html
            if len(self._batch) >= _WRITE_BATCH:
                self._hand_over(write_texts, self._batch)
                self._batch = {}

    def _hand_over(self, function, *args) -> None:
        future = helper.submit(function, *args)
        if future is None:  # the helper stopped: Pagefind's documents are written when it starts
            self._ahead = None
        else:
            self._writes.append(future)

    def written_ahead(self) -> bool:
        """Whether every document added is on disk in `ahead` (waits for the helper to write them);
        if not, `Indexing` writes them."""
        if self._ahead is not None and self._batch:
            self._hand_over(write_texts, self._batch)
            self._batch = {}
        if self._ahead is None:
            return False
        for future in self._writes:
            future.result()  # an error writing (a full disk) is the build's error
        return True

    def discard(self) -> None:
        """The build stopped before its index: documents written ahead are removed."""
        if self._ahead is not None:
            shutil.rmtree(self._ahead, ignore_errors=True)

    def _words_of(self, html: str) -> tuple[str, ...]:
        key = hashlib.sha1(html.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
        found = self._kept.recall(key)
        if found is None:
            found = tuple(set(_WORD.findall(html_text(html).lower())))
            self._kept.keep(key, found)
        return found

    @property
    def count(self) -> int:
        return sum(len(documents) for documents in self.shards)

    def gather_words(self) -> None:
        """Makes the page of every word of the site (a site in shards only) from the words of each
        document, read when it was added and kept by its text (`kept`, saved by `save_words`), so
        that a build reads only new and changed documents for words."""
        if len(self.shards) == 1:
            return
        words: set[str] = set().union(*self._words.values())
        self._words_page = str(render("search-words.html", lang=self._lang, words=" ".join(sorted(words))))

    def save_words(self) -> None:
        """Keeps each document's words for the next build (once Pagefind has started: it waits for
        the words page, not for this)."""
        if len(self.shards) > 1:
            self._kept.save()

    def documents(self, shard: int) -> dict[str, str]:
        """What Pagefind reads for one shard."""
        if len(self.shards) == 1:
            return self.shards[0]
        assert self._words_page, "gather_words comes first"
        return {**self.shards[shard], WORDS_PAGE: self._words_page}

    @property
    def keys(self) -> list[str]:
        """Each shard's fingerprint: exactly what Pagefind reads for it, and Pagefind's version."""
        keys = []
        for shard in range(len(self.shards)):
            digest = hashlib.sha1(usedforsecurity=False)
            digest.update(repr((importlib.metadata.version("pagefind"), ARGS)).encode())
            for path, html in self.documents(shard).items():
                digest.update(f"\0{path}\0{len(html)}\0".encode())
                digest.update(html.encode("utf-8", "surrogatepass"))
            keys.append(digest.hexdigest())
        return keys


_IGNORED = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\sdata-pagefind-ignore(?=[\s=/>])[^>]*>")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


def without_ignored(html: str) -> str:
    """`html` without the elements marked `data-pagefind-ignore` (the share links, "read also", the
    call to sign, the invented-names note), which Pagefind would read and skip: a third of a story's
    search document. One that holds Pagefind's own attributes, or has no end, stays for Pagefind."""
    if "data-pagefind-ignore" not in html:
        return html
    kept, at = [], 0
    while (start := _IGNORED.search(html, at)) is not None:
        name = start[1]
        end = start.end() if name in _VOID or start[0].endswith("/>") else _end_of(html, name, start.end())
        if end is None or "data-pagefind-" in html[start.end() : end]:
            kept.append(html[at : start.end()])  # left for Pagefind
            at = start.end()
        else:
            kept.append(html[at : start.start()])
            at = end
    kept.append(html[at:])
    return "".join(kept)


def _end_of(html: str, name: str, at: int) -> int | None:
    """Where the element `name` opened just before `at` ends (after its end tag), nested ones counted."""
    depth = 1
    for tag in re.compile(rf"<(/?){name}\b[^>]*>").finditer(html, at):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.end()
    return None


_WRITE_BATCH = 50  # documents handed to the helper at a time


def documents_folder(cache_dir: Path) -> Path:
    """Where this build's search documents are written for Pagefind (removed once it has read them)."""
    return cache_dir / f".documenten.{os.getpid()}"


def document_path(folder: Path, shard: int, path: str) -> str:
    """The file of a shard's document in `folder` (Pagefind reads each shard's folder as a site)."""
    return str(folder / str(shard) / path)


WORDS_PAGE = "zoeken/woordenlijst/index.html"  # never a page of the site: the search leaves it out
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")  # joined words kept whole, as Pagefind also indexes them
_TAG = re.compile(r"<[^>]*>")
_ALT = re.compile(r"""\balt=(?:"([^"]*)"|'([^']*)')""")


def html_text(html: str) -> str:
    """The words of a page's HTML as Pagefind reads them: its text, and the images' alt texts."""
    # `_ALT` can only match where `alt=` occurs, and its search alone tries a word boundary at every
    # position of the page (0.2 s of the 0.48 s that the words of 1,115 pages took).
    alts = " ".join(a or b for a, b in _ALT.findall(html)) if "alt=" in html else ""
    return htmllib.unescape(_TAG.sub(" ", html) + " " + alts)


class Indexing:
    """The index for this build, shard by shard: the cached one when a shard's search documents are
    unchanged, else Pagefind on its documents, started when this is made (as soon as every page is
    converted) and run one shard after the other (one Pagefind in memory at a time), writing outside
    the site while the build renders and writes the pages; `finish` waits for them and links the
    shards into the site. Pagefind then runs beside the build instead of after it.
    """

    def __init__(self, site_dir: Path, cache_dir: Path, pages: SearchPages) -> None:
        pages.gather_words()
        self.site_dir, self.cache_dir, self.keys = site_dir, cache_dir, pages.keys
        self._work = cache_dir / f".bezig.{os.getpid()}"
        self._documents = documents_folder(cache_dir)
        self._todo = [shard for shard, key in enumerate(self.keys) if not _whole(cache_dir / key)]
        self.reused = len(self.keys) - len(self._todo)  # shards taken from the cache
        self._lock = threading.Lock()
        self._stopped = False
        self._process: subprocess.Popen[str] | None = None
        self._failure = ""
        self._runner: threading.Thread | None = None
        self._removals: list[Removal] = []  # each indexed shard's documents, going
        if self._todo:
            ahead = pages.written_ahead()  # else written here, those of the shards to index only
            shutil.rmtree(self._work, ignore_errors=True)
            if not ahead:
                shutil.rmtree(self._documents, ignore_errors=True)
            write_texts(
                {
                    document_path(self._documents, shard, path): html
                    for shard in self._todo
                    for path, html in pages.documents(shard).items()
                    if not ahead or path == WORDS_PAGE
                }
            )
            self._runner = threading.Thread(target=self._run, name="pagefind", daemon=True)
            self._runner.start()
        elif pages.written_ahead():  # every shard from the cache: the documents are not needed
            shutil.rmtree(self._documents, ignore_errors=True)
        pages.save_words()

    def _run(self) -> None:
        """Pagefind on each shard to index, one after the other, each stored in the cache while the
        next one runs (storing hashes every file for the manifest: 0.05-0.15 s that would otherwise
        come between two runs, on the build's longest path); stops at the first failure."""
        program = str(get_executable())
        done: int | None = None  # the shard indexed last, not yet stored
        for shard in self._todo:
            with self._lock:
                if self._stopped:
                    return
                self._process = process = subprocess.Popen(
                    [
                        *(program, *ARGS),
                        *("--site", str(self._documents / str(shard))),
                        *("--output-path", str(self._work / str(shard))),
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            if done is not None and not self._stored(done):
                process.kill()
                process.communicate()
                return
            out, err = process.communicate()
            if process.returncode != 0:
                self._failure = f"{out}{err}" or f"Pagefind stopte met code {process.returncode}"
                return
            # Read: removed by `rm` while the next shard runs (0.35 s for a 1,000-story site's
            # documents, all at once at the end, was the build's last wait).
            self._removals.append(Removal([self._documents / str(shard)]))
            done = shard
        if done is not None:
            self._stored(done)

    def _stored(self, shard: int) -> bool:
        """A shard Pagefind wrote, into the cache; False (and the failure said) when that fails."""
        try:
            _store(self._work / str(shard), self.cache_dir / self.keys[shard])
        except OSError as exc:  # a full disk: the build's error, as Pagefind's own would be
            self._failure = str(exc)
            return False
        return True

    def finish(self) -> int:
        """Writes site_dir/pagefind (with the other shards inside it); returns how many shards were
        taken from the cache. Raises RuntimeError with Pagefind's own output when it fails."""
        if self._runner is not None:
            self._runner.join()
            self._documents_removed()
            if self._failure or self._stopped:
                self._remove_work()
                raise RuntimeError(self._failure)
            _forget_others(self.cache_dir, set(self.keys))
            self._remove_work()
        target = self.site_dir / FOLDER
        shutil.rmtree(target, ignore_errors=True)
        for shard, key in enumerate(self.keys):
            link_tree(self.cache_dir / key, self.site_dir / shard_folder(shard))
            (self.site_dir / shard_folder(shard) / MANIFEST).unlink(missing_ok=True)
        return self.reused

    def cancel(self) -> None:
        """The build stopped before `finish`: no Pagefind left running, no half index kept."""
        with self._lock:
            self._stopped = True
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        if self._runner is not None:
            self._runner.join()
        self._remove_work()

    def _documents_removed(self) -> None:
        for removal in self._removals:
            removal.wait()
        self._removals = []
        shutil.rmtree(self._documents, ignore_errors=True)

    def _remove_work(self) -> None:
        self._documents_removed()
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
    return (
        (cached / "pagefind.js").is_file()
        and manifest.is_file()
        and manifest.read_text(encoding="utf-8", errors="replace") == _listing(cached)
    )


def _store(index: Path, entry: Path) -> None:
    """`index`, a shard Pagefind wrote, becomes the cache entry `entry`, with the manifest `_whole` checks."""
    (index / MANIFEST).write_text(_listing(index), encoding="utf-8")
    shutil.rmtree(entry, ignore_errors=True)  # a broken entry of the same key
    index.rename(entry)


def _forget_others(cache_dir: Path, keep: set[str]) -> None:
    """Keeps only this build's shards (a changed site never needs an older one)."""
    for old in cache_dir.iterdir():
        if old.name not in keep and not in_use(old):  # another build's Pagefind may be writing there now
            shutil.rmtree(old, ignore_errors=True)
