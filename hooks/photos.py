"""Photos beside a kind's entries (a story's `foto`, a news item's): each named by a field of an
entry, published from its pixels (no EXIF, GPS or comments), and a photo that no entry names is a
problem, because it would never reach the site. One helper for every kind that has photos, so a
new kind does not copy the stories' loop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import Problem
from .frontmatter import Document
from .images import ImageProblem, PublishedImage
from .loading import UNKNOWN, Named, named_file, stray_file

PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif"}  # HEIC: a clear error


class FolderPhotos:
    """The photos of one content folder, as its entries name them."""

    def __init__(self, root: Path, folder: Path, problems: list[Problem]) -> None:
        self.root = root
        self.folder = folder
        self.problems = problems
        self.used: set[Path] = set()

    def publish(
        self,
        entry_file: Path,
        doc: Document,
        fieldname: str,
        name: str | None,
        publish: Callable[[Path], PublishedImage],
    ) -> PublishedImage | None:
        """The photo an entry's field names (`foto.bestand`), published; None, and a problem on
        the field's line, when it is missing, outside the folder, not a photo or unreadable."""
        if name is None:
            return None
        rel = entry_file.relative_to(self.root).as_posix()
        line = doc.line_of(tuple(fieldname.split(".")))
        where = Named(rel, line, fieldname, f"een foto naast {entry_file.name}")
        source = named_file(entry_file.parent, self.folder, name, where, self.problems)
        if source is None:
            return None
        self.used.add(source)
        if source.suffix.lower() not in PHOTO_EXTENSIONS:
            self.problems.append(
                Problem(rel, line, fieldname, f'"{name}" is geen foto; verwacht een .jpg-, .png- of .webp-bestand')
            )
            return None
        try:
            return publish(source)
        except ImageProblem as exc:
            self.problems.append(Problem(rel, line, fieldname, f'"{name}" {exc}'))
            return None

    def strays(self, files: list[Path], entry_suffixes: tuple[str, ...], entry_word: str, expected: str) -> None:
        """Every file of the folder that is neither an entry nor a photo an entry uses: a problem."""
        for path in files:
            if path.suffix.lower() in entry_suffixes or path.resolve() in self.used:
                continue
            rel = path.relative_to(self.root).as_posix()
            if path.suffix.lower() in PHOTO_EXTENSIONS:
                self.problems.append(
                    Problem(rel, 0, "", f"dit is een foto die geen {entry_word} gebruikt; verwacht alleen {expected}")
                )
            else:
                self.problems.append(stray_file(rel, UNKNOWN.format(expected)))
