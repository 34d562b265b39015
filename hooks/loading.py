"""Reading content files and validating them against a model: shared by every collection."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import urls
from .cache_files import KeptResults, file_digest
from .errors import Problem, unexpected
from .frontmatter import Document, parse
from .messages import problems_from

M = TypeVar("M", bound=BaseModel)


def read_text(root: Path, path: Path, problems: list[Problem]) -> str | None:
    rel = path.relative_to(root).as_posix()
    data = b""
    try:
        data = path.read_bytes()
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(
            Problem(
                rel,
                line,
                "",
                "het bestand is niet in UTF-8 bewaard (een teken als é of ë is op deze regel anders opgeslagen); "
                "verwacht UTF-8: kies in Kladblok 'Opslaan als' en bij Codering 'UTF-8', of in VS Code rechtsonder "
                "de codering, 'Opslaan met codering', 'UTF-8'",
            )
        )
    except OSError as exc:
        problems.append(Problem(rel, 1, "", f"het bestand is niet te lezen ({exc.strerror})"))
    return None


def validate(model: type[M], doc: Document, problems: list[Problem]) -> M | None:
    problems.extend(doc.problems)
    if doc.problems:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, model, doc))
        return None


LINK = "is een snelkoppeling (symlink); verwacht een gewoon bestand in de map zelf"


def links_in(root: Path, folder: str) -> list[Problem]:
    """The one confinement rule: a content folder holds regular files and folders, never a link
    (a link can publish any file of the machine, `/proc/self/environ` included)."""
    top = root / folder
    found: list[Problem] = []
    if top.is_symlink():
        return [Problem(folder, 0, "", LINK)]
    for directory, folders, names in os.walk(top):
        for name in [*folders, *names]:
            path = Path(directory) / name
            if path.is_symlink():
                found.append(Problem(path.relative_to(root).as_posix(), 0, "", LINK))
        folders[:] = [f for f in folders if not (Path(directory) / f).is_symlink()]
    return found


def field_line(root: Path, rel: str, alias: str, index: int | None = None) -> int:
    """The line of a top-level field in a content file (of its `index`-th list item, if given)."""
    text = (root / rel).read_text(encoding="utf-8", errors="replace")
    match = re.search(rf"^{re.escape(alias)}\s*:", text, re.M)
    if match is None:
        return 1
    line = text.count("\n", 0, match.start()) + 1
    if index is not None:
        rest = text[match.end() :].split("\n")
        if rest and rest[0].strip().startswith("["):
            return line  # a list on one line
        items = [i for i, row in enumerate(rest[1:], start=1) if row.lstrip().startswith("- ")]
        return line + items[index] if index < len(items) else line
    return line


def content_files(folder: Path) -> list[Path]:
    """Every file under `folder` in a stable order, skipping hidden files and folders (.git, .DS_Store).

    os.walk and string sorting: pathlib's rglob and Path comparisons were most of the loading time
    of a rebuild at 5,000 stories.
    """
    found: list[tuple[list[str], str]] = []
    for directory, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        rel = os.path.relpath(directory, folder)
        for name in names:
            if not name.startswith(".") and not os.path.islink(os.path.join(directory, name)):
                parts = [name] if rel == "." else [*rel.split(os.sep), name]  # ordered as Paths are
                found.append((parts, os.path.join(directory, name)))
    return [Path(path) for _, path in sorted(found)]


# What Finder, Explorer and cloud folders name a copy: "mandy kopie.md", "mandy - Kopie.md",
# "Kopie van mandy.md", "mandy copy 2.md", "mandy (1).md", "mandy (conflicted copy 2026-01-02).md".
_COPY_NAME = re.compile(
    r"^(?:(?:kopie van|copy of) (?P<front>.+)|(?P<base>.+?)(?:\s*-?\s*(?:kopie|copy)(?:\s*\d+)?"
    r"|\s*\((?:\d+|[^)]*(?:kopie|copy|conflict)[^)]*)\)|\s+\d+))$",
    re.IGNORECASE,
)


NAME_LENGTH = 80  # characters of a file's web name: short enough for every URL, card and file system


def unusable_names(root: Path, files: list[Path]) -> list[Problem]:
    """A file whose name gives no web address (only signs: `!!!.md`) or one too long for a URL and
    for the files made from it would otherwise be skipped or break the build with a system error."""
    problems = []
    for path in files:
        slug = urls.slugify(path.stem)
        if slug and len(slug) <= NAME_LENGTH:
            continue
        reason = "heeft geen letters of cijfers" if not slug else f"is {len(slug)} tekens lang"
        problems.append(
            Problem(
                path.relative_to(root).as_posix(),
                0,
                "",
                f"de bestandsnaam {reason}; verwacht een korte naam met letters of cijfers "
                f"(hoogstens {NAME_LENGTH} tekens, zoals marilene.md): die naam wordt het webadres",
            )
        )
    return problems


def copy_names(root: Path, files: list[Path]) -> list[Problem]:
    """A copy of a file next to it (a Finder or cloud-folder copy) would be published twice: it is
    named, with the file it copies. `files`: a collection's entry files."""
    by_stem = {(p.parent, p.stem.lower()): p for p in files}
    problems = []
    for path in files:
        match = _COPY_NAME.match(path.stem)
        original = match and by_stem.get((path.parent, (match.group("front") or match.group("base")).lower()))
        if original and original != path:
            problems.append(
                Problem(
                    path.relative_to(root).as_posix(),
                    0,
                    "",
                    f"lijkt een kopie van {original.relative_to(root).as_posix()}; verwacht één bestand per "
                    "onderdeel (haal de kopie weg, of geef hem een eigen naam als het een nieuw onderdeel is)",
                )
            )
    return problems


# Documents from a word processor: the site reads text files only, and the editors have the text.
WORD_DOCUMENTS = {".docx": "Word", ".doc": "Word", ".odt": "LibreOffice", ".rtf": "RTF", ".pages": "Pages"}


def stray_file(rel: str, unknown: str, extension: str = ".md") -> Problem:
    """A file in a content folder that is no content: a document from a word processor or a .txt
    is said with what to do; anything else with `unknown`, the folder's own words (`extension`: what
    the folder's own files end in)."""
    suffix = Path(rel).suffix.lower()
    if suffix in WORD_DOCUMENTS:
        advice = (
            f"is een {WORD_DOCUMENTS[suffix]}-document, en de site leest alleen tekstbestanden; open het, kopieer "
            "de tekst en plak die in een .md-bestand (REDACTIE.md, 'Een verhaal toevoegen'), en haal dit bestand weg"
        )
    elif suffix == ".txt":
        advice = (
            f"is een .txt-bestand; verwacht de extensie {extension} (Windows verbergt die soms: zet "
            "'Bestandsextensies' aan)"
        )
    else:
        advice = unknown
    return Problem(rel, 0, "", advice)


UNKNOWN = "dit is een onbekend bestand; verwacht alleen {}"


def read_folder(
    root: Path, folder: Path, suffixes: tuple[str, ...], expected: str, problems: list[Problem]
) -> Iterator[tuple[str, str]]:
    """(path relative to the root, text) of every file in a content folder with one of `suffixes`;
    any other file is a problem, not silently skipped."""
    for path in content_files(folder):
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() not in suffixes:
            problems.append(stray_file(rel, UNKNOWN.format(expected), suffixes[0]))
            continue
        text = read_text(root, path, problems)
        if text is not None:
            yield rel, text


@dataclass(frozen=True)
class Named:
    """Where a content file names another file: the field, its line, and what it should be."""

    rel: str  # the naming file, relative to the root
    line: int
    fieldname: str
    expected: str  # 'een afbeelding in podcast/'


def named_file(base: Path, within: Path, name: str, where: Named, problems: list[Problem]) -> Path | None:
    """`name` relative to `base`, if it is a regular file inside `within` reached without a link;
    else a problem at its field."""
    path = (base / name).resolve()
    if Path(name).is_absolute() or not path.is_relative_to(within.resolve()):
        problems.append(
            Problem(
                where.rel,
                where.line,
                where.fieldname,
                f'"{name}" ligt buiten {within.name}/; verwacht {where.expected}',
            )
        )
        return None
    step = base
    for part in Path(name).parts:
        step = step / part
        if step.is_symlink():
            problems.append(Problem(where.rel, where.line, where.fieldname, f'"{name}" {LINK}'))
            return None
    if not path.is_file():
        close = _close_name(path)
        hint = f' (bedoel je "{close}"? De naam moet precies gelijk zijn, ook hoofdletters)' if close else ""
        problems.append(
            Problem(where.rel, where.line, where.fieldname, f'"{name}" bestaat niet{hint}; verwacht {where.expected}')
        )
        return None
    return path


def _loose(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name.casefold())


def _close_name(path: Path) -> str | None:
    """A file beside the one named that differs only in capitals, spaces, dashes or underscores
    (`IMG 0001.JPG` for `IMG_0001.jpg`), or in the extension's spelling (`.jpeg` for `.jpg`)."""
    if not path.parent.is_dir():
        return None
    wanted = _loose(path.name)
    wanted_stem = _loose(path.stem)
    for other in sorted(path.parent.iterdir()):
        if other.suffix.lower() in (".md", ".yml", ".yaml"):
            continue  # the content files themselves are never what a field names
        if other.is_file() and (_loose(other.name) == wanted or _loose(other.stem) == wanted_stem):
            return other.name
    return None


def read_named(
    base: Path,
    within: Path,
    name: str,
    where: Named,
    reader: Callable[[Path], Any],
    refused: tuple[type[Exception], ...],
    problems: list[Problem],
) -> tuple[Path | None, Any]:
    """A file that a content file names, and what `reader` makes of it; a `refused` error from the
    reader is recorded at the field, with the reader's own words."""
    path = named_file(base, within, name, where, problems)
    if path is None:
        return None, None
    try:
        return path, reader(path)
    except refused as exc:
        problems.append(Problem(where.rel, where.line, where.fieldname, f'"{name}" {exc}'))
        return path, None


class ParsedFiles(KeptResults):
    """Valid content files as parsed and validated before, by a hash of their text and of our code;
    facts measured from media files the same way.

    Parsing YAML with line numbers and validating the models was most of the loading time of a
    rebuild; a file whose text did not change gives the same result. Files with problems are never
    stored, so every problem is found again on every build.
    """

    def parse_valid(self, model: type[M], rel: str, text: str, problems: list[Problem]) -> tuple[M | None, Document]:
        key = hashlib.sha1(
            f"{_CODE}\0{model.__name__}\0{rel}\0{text}".encode("utf-8", "surrogatepass"), usedforsecurity=False
        ).hexdigest()
        hit = self.recall(key)
        if hit is not None:
            return hit
        try:
            doc = parse(rel, text)
            value = validate(model, doc, problems)
        except Exception as exc:  # noqa: BLE001 - an editor's file never ends in a traceback
            problems.append(unexpected(rel, exc))
            return None, Document(rel, {}, {}, "", 1, [])
        if value is not None and not doc.problems:
            self.keep(key, (value, doc))
        return value, doc

    def derived(self, recipe: str, path: Path, make):
        """What `make(path)` measures from a media file (duration, cues), kept by a hash of all its
        bytes (an edit in the middle of a long transcript is an edit too). The hash is the one the
        audio copy and the cache checks use, so each file is read once per build."""
        key = hashlib.sha1(f"{_CODE}\0{recipe}\0{file_digest(path)}".encode(), usedforsecurity=False).hexdigest()
        hit = self.recall(key)
        if hit is None:
            hit = (make(path),)  # a problem raises here and is never stored
            self.keep(key, hit)
        return hit[0]


@functools.cache
def code_version() -> str:
    """Our code, every module of the package in every subfolder: any change makes every stored result stale."""
    digest = hashlib.sha1(usedforsecurity=False)
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    import pydantic

    digest.update(pydantic.VERSION.encode())
    return digest.hexdigest()


_CODE = code_version()
_active = ParsedFiles(None)


@contextmanager
def parsed_files(path: Path | None):
    """Within this block, parse_valid() reuses and stores results in `path`."""
    global _active
    previous, _active = _active, ParsedFiles(path)
    try:
        yield _active
        _active.save()
    finally:
        _active = previous


def parse_valid(
    model: type[M], rel: str, text: str, problems: list[Problem], notes: list[Problem] | None = None
) -> tuple[M | None, Document]:
    """parse() and validate() in one, through the active cache; the document's notes (what
    Markdown forgives in its body) go to `notes`."""
    value, doc = _active.parse_valid(model, rel, text, problems)
    if notes is not None:
        notes.extend(doc.notes)
    return value, doc


def derived(recipe: str, path: Path, make):
    """make(path) through the active cache (see ParsedFiles.derived)."""
    return _active.derived(recipe, path, make)
