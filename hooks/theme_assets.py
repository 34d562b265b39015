"""Only the theme's CSS and files the site uses are shipped.

Our own header, footer, navigation and search replace most of the theme's components, yet its
stylesheet (137 kB, render-blocking on every page) and its scripts were shipped whole. After the
build, the stylesheet keeps the rules whose classes occur in a page or in one of our scripts (a
rule for a class nobody writes cannot apply), and is renamed after its new content, since hashed
names are cached for a year (`security.hashed_files`). A theme file no shipped page, stylesheet
or script names is not shipped at all. Works on any stylesheet: nothing here knows the theme.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path

from .cache_files import KeptResults

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CLASS_ATTRIBUTE = re.compile(r"""class\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I | re.A)  # HTML: ASCII letters and spaces
_PLAIN_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_SELECTOR_CLASS = re.compile(r"\.((?:[\w-]|\\.)+)")
_NESTED_RULES = re.compile(r"@(media|supports|layer|container)\b")
_SCRIPT_SOURCE = re.compile(r"""<script[^>]*\bsrc\s*=\s*["']?([^"' >]+)""", re.I)
_HASHED = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{8}(?P<suffix>\.min\.css)$")
_RENAMED = "hernoemd"
_TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".webmanifest", ".xml", "_headers")


def classes_in(html: str) -> set[str]:
    """Every class a page carries."""
    found: set[str] = set()
    if html.encode("utf-8", "surrogatepass").lower().count(b"class") == html.count('class="'):
        # Every "class" in any case is `class="`, the way our templates and sanitizer write it: a
        # literal search, five times faster than the pattern for every spelling of the attribute.
        for value in _PLAIN_CLASS_ATTRIBUTE.findall(html):
            found.update(value.split())
        return found
    for double, single in _CLASS_ATTRIBUTE.findall(html):
        found.update((double or single).split())
    return found


def script_words(scripts: Iterable[str]) -> set[str]:
    """Every word in our scripts: the classes they may add."""
    return {word for script in scripts for word in _WORD.findall(script)}


@dataclass(frozen=True)
class Scan:
    """What pruning needs of one file of the site, read once: its text's digest, the theme's hashed
    stylesheets and the theme files it names, and, for a page that names a stylesheet, the classes
    it carries and the scripts it loads. `stamp` (size, modification time) tells whether a scan made
    while the build ran (`scan_pages`) is still of the file on disk."""

    digest: str
    sheets: frozenset[str]
    names: frozenset[str]
    styled: bool = False  # a page naming a stylesheet: `classes` and `scripts` were read
    classes: frozenset[str] = frozenset()
    scripts: frozenset[str] = frozenset()
    stamp: tuple[int, int] | None = None


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


class FileFacts:
    """What pruning asks of each file, kept between builds by the file's content: the theme files it
    names, the classes it carries, the scripts it loads (and the purged stylesheet, by the
    stylesheet and the classes used). A rebuild still reads every file, but scans only those whose
    content changed (after one story is edited: its pages and the lists, not the whole site). The
    answers are the scans' own, so the pruned site is byte for byte the same."""

    def __init__(self, kept: KeptResults | None = None) -> None:
        self.kept = kept if kept is not None else KeptResults(None)

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()

    def _remembered(self, key: str, make: Callable[[], tuple]) -> tuple:
        hit = self.kept.recall(key)
        if hit is None:
            hit = make()
            self.kept.keep(key, hit)
        return hit

    def names(self, digest: str, text: str, theme: ThemeNames) -> set[str]:
        """The theme paths whose file name occurs in this file."""
        return set(self._remembered(f"namen:{theme.key}:{digest}", lambda: tuple(sorted(theme.named_in(text)))))

    def classes(self, digest: str, html: str) -> set[str]:
        return set(self._remembered(f"klassen:{digest}", lambda: tuple(sorted(classes_in(html)))))

    def scripts(self, digest: str, html: str) -> set[str]:
        """The file names of the scripts a page loads."""
        return set(
            self._remembered(
                f"scripts:{digest}",
                lambda: tuple(sorted({Path(src.split("?")[0]).name for src in _SCRIPT_SOURCE.findall(html)})),
            )
        )

    def scan(self, text: str, theme: ThemeNames, hashed: Iterable[str], page: bool) -> Scan:
        """`text` scanned, or what the last build found in the same text."""
        digest = self.digest(text)
        sheets = frozenset(name for name in hashed if name in text)
        names = frozenset(self.names(digest, text, theme))
        if not (page and sheets):
            return Scan(digest, sheets, names)
        classes, scripts = self.classes(digest, text), self.scripts(digest, text)
        return Scan(digest, sheets, names, True, frozenset(classes), frozenset(scripts))

    def learn(self, found: Scan, theme: ThemeNames) -> None:
        """Keeps what a scan elsewhere found (the build's helper), for the next build to recall."""
        self.kept.keep(f"namen:{theme.key}:{found.digest}", tuple(sorted(found.names)))
        if found.styled:
            self.kept.keep(f"klassen:{found.digest}", tuple(sorted(found.classes)))
            self.kept.keep(f"scripts:{found.digest}", tuple(sorted(found.scripts)))

    def renamed(self) -> dict[str, str]:
        """The last build's new names of the theme's stylesheets (old name -> purged name). Pages are
        written with these at once: when the purge gives the same names again, no page is rewritten."""
        return dict(self.kept.recall(_RENAMED) or ())

    def purged(self, css: str, used: set[str]) -> str:
        """`purge(css, used)`, kept by the stylesheet and the classes: the same after most edits."""
        key = f"gezuiverd:{self.digest(css)}:{self.digest(' '.join(sorted(used)))}"
        return str(self._remembered(key, lambda: (purge(css, used),))[0])


def _skip_string(text: str, i: int) -> int:
    quote, i = text[i], i + 1
    while text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _blocks(text: str) -> Iterator[tuple[str, str | None]]:
    """(prelude, body) of each top-level rule; body None for a statement (`@import …;`)."""
    i, n = 0, len(text)
    while i < n:
        j = i
        while j < n and text[j] not in "{;":
            j = _skip_string(text, j) if text[j] in "\"'" else j + 1
        if j >= n:
            return
        prelude = text[i:j].strip()
        if text[j] == ";":
            yield prelude, None
            i = j + 1
            continue
        depth, k = 1, j + 1
        while depth:
            if text[k] in "\"'":
                k = _skip_string(text, k)
                continue
            depth += {"{": 1, "}": -1}.get(text[k], 0)
            k += 1
        yield prelude, text[j + 1 : k - 1]
        i = k


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside `:is(…)`)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return [*parts, prelude[start:]]


def _outside_parentheses(selector: str) -> str:
    """The selector without what is inside `:not(…)`, `:is(…)`, `:where(…)`, `:has(…)`: classes
    there are alternatives or absences, so they never make a rule unusable."""
    out, depth = [], 0
    for char in selector:
        depth += char == "("
        if depth == 0:
            out.append(char)
        depth -= char == ")" and depth > 0
    return "".join(out)


def _applies(selector: str, used: set[str]) -> bool:
    """False when the selector needs a class nobody writes."""
    return all(name.replace("\\", "") in used for name in _SELECTOR_CLASS.findall(_outside_parentheses(selector)))


def purge(css: str, used: set[str]) -> str:
    """The stylesheet without the selectors that cannot match; at-rules other than the nesting
    ones (`@font-face`, `@keyframes`, …) are kept as they are."""
    out = []
    for prelude, body in _blocks(_COMMENT.sub("", css)):
        if body is None:
            out.append(prelude + ";")
        elif prelude.startswith("@"):
            inner = purge(body, used) if _NESTED_RULES.match(prelude) else body
            if inner.strip():
                out.append(prelude + "{" + inner + "}")
        else:
            kept = [s for s in _selectors(prelude) if _applies(s, used)]
            if kept:
                out.append(",".join(kept) + "{" + body + "}")
    return "".join(out)


def _text_files(site: Path) -> list[Path]:
    return [
        Path(folder, name)
        for folder, _, names in os.walk(site)
        for name in names
        if name.endswith(_TEXT_SUFFIXES) and os.path.isfile(os.path.join(folder, name))
    ]


class ThemeNames:
    """The theme's file names, to look for in the site's files. Names that share their first part
    are ruled out together when that part occurs nowhere: the theme's 35 search-language files
    (`lunr.da.min.js`, …) cost one search of a file instead of 35."""

    def __init__(self, paths: set[str]) -> None:
        groups: dict[str, list[tuple[str, str]]] = {}
        for path in sorted(paths):
            name = Path(path).name
            groups.setdefault(name.split(".", 1)[0], []).append((path, name))
        self.groups = [(stem if len(members) > 1 else "", members) for stem, members in groups.items()]
        self.key = FileFacts.digest("\n".join(sorted(paths)))

    def named_in(self, text: str) -> set[str]:
        """The paths whose file name occurs in `text`."""
        return {
            path
            for stem, members in self.groups
            if stem in text  # "" (a name alone in its group) is in every text
            for path, name in members
            if name in text
        }


def _drop_unnamed(site: Path, theme: set[str], named_outside: set[str], theme_texts: dict[Path, str]) -> set[str]:
    """Delete the theme files no other shipped file names (repeated: a dropped script may have been
    the only one naming another); returns the theme files that stay. `named_outside`: the theme
    files the rest of the site names (pages, the web editor's megabytes of script), found once."""
    while True:
        unnamed = {
            path
            for path in theme - named_outside
            if not any(Path(path).name in theme_texts.get(site / other, "") for other in theme if other != path)
        }
        if not unnamed:
            return theme
        for path in unnamed:
            (site / path).unlink()
            theme_texts.pop(site / path, None)
        theme = theme - unnamed


def _remove_empty_folders(site: Path, paths: Iterable[str]) -> None:
    for folder in sorted({(site / p).parent for p in paths}, key=lambda f: len(f.parts), reverse=True):
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def with_names(text: str, renamed: dict[str, str]) -> str:
    """`text` with each old file name replaced by its new one."""
    for old, new in renamed.items():
        text = text.replace(old, new)
    return text


def _back(written: dict[str, str] | None) -> dict[str, str]:
    """The stylesheets' guessed names the pages were written with, each to the theme's own name."""
    return {new: old for old, new in (written or {}).items()}


def _hashed_names(theme_files: Iterable[str]) -> set[str]:
    """The file names of the theme's files that carry their content's hash (its stylesheets)."""
    return {Path(path).name for path in theme_files if _HASHED.match(Path(path).name)}


def _read(path: Path, back: dict[str, str]) -> str:
    """A file as the theme named its stylesheets (pages are written with the predicted new names)."""
    text = path.read_text("utf-8", "replace")
    return with_names(text, back) if back else text


def prune(
    site: Path,
    theme_files: Iterable[str],
    facts: FileFacts | None = None,
    written: dict[str, str] | None = None,
    scanned: Mapping[str, Scan] | None = None,
    rename: Callable[[list[str], dict[str, str], dict[str, str]], object] | None = None,
) -> dict[str, int]:
    """Drop the theme files nothing names, then purge the theme's hashed stylesheets that stay.
    `theme_files`: site paths the theme put there; `facts`: what the last build found in each file;
    `written`: stylesheet names the pages were written with already (old -> predicted new name,
    `FileFacts.renamed`); `scanned`: pages scanned while the build ran (`scan_pages`), by site path,
    used while the file is unchanged; `rename`: what gives the files that name a stylesheet its new
    name (`rename_in`, by default here; the build hands it to its helper). Returns the stylesheets'
    bytes before and after.

    The site's files are read one at a time and only what pruning needs of each is kept (what
    `FileFacts` finds), not their text: at 1,000 stories the pages are tens of megabytes. The files
    that name a stylesheet are read again at the end, to rename it."""
    facts = facts if facts is not None else FileFacts()
    back = _back(written)
    theme_files = list(theme_files)
    theme = {path for path in theme_files if (site / path).is_file()}
    names = ThemeNames(theme)
    hashed = _hashed_names(theme)
    theme_texts: dict[Path, str] = {}
    named_outside: set[str] = set()
    styled: dict[Path, tuple[set[str], set[str], set[str]]] = {}  # page -> (stylesheets, classes, scripts)
    scripts: list[Path] = []
    naming: list[Path] = []  # files that name a hashed stylesheet
    for path in _text_files(site):
        relative = path.relative_to(site).as_posix()
        if relative in theme:
            text = _read(path, back)
            theme_texts[path] = text
            found = Scan("", frozenset(name for name in hashed if name in text), frozenset())
        elif (made := _still_true(scanned, relative, path)) is not None:
            found = replace(made, sheets=made.sheets & hashed, names=made.names & theme)
            facts.learn(found, names)
        else:
            found = facts.scan(_read(path, back), names, hashed, page=path.suffix == ".html")
        if found.sheets:
            naming.append(path)
        if path.suffix == ".js":
            scripts.append(path)
        if relative in theme:
            continue
        if path.name != "_headers":
            named_outside |= found.names
        if found.styled:
            styled[path] = (set(found.sheets), set(found.classes), set(found.scripts))
    theme = _drop_unnamed(site, theme, named_outside, theme_texts)
    _remove_empty_folders(site, theme_files)
    stylesheets = sorted(path for path in theme if Path(path).name in hashed)
    kept_names = {Path(path).name for path in stylesheets}
    pages = [found for found in styled.values() if found[0] & kept_names]
    loaded = {name for _, _, loads in pages for name in loads}
    # The classes a stylesheet can meet: on the pages that load it, and in the scripts those pages run.
    used = script_words(_read(path, back) for path in scripts if path.name in loaded and path.is_file())
    for _, classes, _ in pages:
        used |= classes
    renamed: dict[str, str] = {}
    sizes = {"voor": 0, "na": 0}
    for stylesheet in stylesheets:
        source = site / stylesheet
        match = _HASHED.match(source.name)
        assert match is not None
        css = theme_texts.pop(source)
        kept = facts.purged(css, used)
        target = source.with_name(f"{match['stem']}.{hashlib.sha256(kept.encode()).hexdigest()[:8]}{match['suffix']}")
        source.unlink()
        target.write_text(kept, "utf-8")
        renamed[source.name] = target.name
        sizes["voor"] += len(css.encode("utf-8"))
        sizes["na"] += len(kept.encode("utf-8"))
    facts.kept.keep(_RENAMED, tuple(sorted(renamed.items())))
    (rename or rename_in)([str(path) for path in naming], back, renamed)
    return sizes


def rename_in(paths: list[str], back: dict[str, str], renamed: dict[str, str]) -> None:
    """Each file in `paths` with the stylesheets' names the purge gave (those written with a guessed
    name, `back`, first get the theme's name again); a file that already has them is not written."""
    for name in paths:
        path = Path(name)
        if not path.is_file():  # a stylesheet renamed by the purge
            continue
        on_disk = path.read_text("utf-8", "replace")
        changed = with_names(with_names(on_disk, back), renamed)
        if changed != on_disk:
            path.write_text(changed, "utf-8")


def _still_true(scanned: Mapping[str, Scan] | None, relative: str, path: Path) -> Scan | None:
    """The scan made of this file while the build ran, if the file has not changed since."""
    found = scanned.get(relative) if scanned else None
    return found if found is not None and found.stamp == _stamp(path) else None


def scan_pages(site: str, pages: list[str], theme_files: list[str], written: dict[str, str]) -> dict[str, Scan]:
    """What `prune` needs of each of `pages` (site paths of pages already written), read in the
    build's helper while the build writes the next ones, so that pruning at the end reads only the
    files that are not pages. `theme_files`: every path the theme may put in the site (`prune`
    keeps what it finds of those that are there); `written`: as `prune`'s."""
    theme = ThemeNames(set(theme_files))
    hashed = _hashed_names(theme_files)
    back = _back(written)
    facts = FileFacts()
    found = {}
    for page in pages:
        path = Path(site, page)
        try:
            stamp = _stamp(path)
            text = _read(path, back)
        except OSError:  # scanned at the end, like any other file
            continue
        found[page] = replace(facts.scan(text, theme, hashed, page=path.suffix == ".html"), stamp=stamp)
    return found


class PageScans:
    """Pages handed to the build's helper for `scan_pages` as they are written, fifty at a time.
    `written_next(page)` names the page the build is about to write: the one named before it is on
    disk by then. `results` hands over the rest (every page is written when the build ends) and
    collects the scans; a batch the helper could not scan is scanned by `prune` itself."""

    BATCH = 50

    def __init__(
        self, site: Path, theme_files: list[str], written: dict[str, str], submit: Callable[..., Future | None]
    ) -> None:
        self._args = (str(site), theme_files, written)
        self._submit = submit
        self._next: str | None = None
        self._batch: list[str] = []
        self._futures: list[Future] = []

    def written_next(self, page: str) -> None:
        if self._next is not None:
            self._batch.append(self._next)
        self._next = page
        if len(self._batch) >= self.BATCH:
            self._hand_over()

    def _hand_over(self) -> None:
        site, theme_files, written = self._args
        future = self._submit(scan_pages, site, self._batch, theme_files, written) if self._batch else None
        if future is not None:
            self._futures.append(future)
        self._batch = []

    def results(self) -> dict[str, Scan]:
        self.written_next("")
        self._hand_over()
        found: dict[str, Scan] = {}
        for future in self._futures:
            try:
                found.update(future.result())
            except Exception:  # noqa: BLE001 - see the class docstring
                continue
        return found
