"""The last build's output, removed beside the build instead of before it.

`mkdocs build` empties the site folder before it writes a page: at 1,000 stories that is about
3,900 files (pages, cards, the search index's fragments), 0.5-0.7 s of the build's own process,
most of it waiting for the disk, at the one moment when nothing else can run yet. Instead, the
folder's entries are moved into one hidden folder inside it (renames in one folder: they cannot
cross a disk and cannot fail half-way through a file), which MkDocs' own cleaning skips as it skips
every hidden entry, and `rm -rf` removes that folder in a process of its own while the build runs.
The build waits for it before it reads the whole folder at its end (the theme files its pages use,
the hashed names for `_headers`: an old page still there would keep a theme file, and one going
made that read fail), so those reads and the finished folder hold only the new site; a folder a
killed build left behind is removed by the next build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PREFIX = ".hvk-vorige-build-"


class Removal:
    """Folders removed by `rm` in a process of its own (the entries `set_aside` moved; also each
    search-index shard's documents once Pagefind has read them, `search_index.Indexing`)."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self._process: subprocess.Popen[bytes] | None = None
        rm = shutil.which("rm")
        if rm is not None:
            try:
                self._process = subprocess.Popen(
                    [rm, "-rf", "--", *map(str, folders)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            except OSError:
                self._process = None

    def wait(self) -> None:
        """Returns when every moved entry is gone (removed here if `rm` could not)."""
        if self._process is not None:
            self._process.wait()
            self._process = None
        for folder in self.folders:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)


def set_aside(site_dir: Path) -> Removal | None:
    """Moves what MkDocs would delete from `site_dir` (its entries that are not hidden) into a hidden
    folder in it and starts removing that folder; None when there is nothing to remove."""
    try:
        entries = list(os.scandir(site_dir))
    except OSError:  # no site folder yet
        return None
    leftovers = [Path(e.path) for e in entries if e.name.startswith(PREFIX) and e.is_dir(follow_symlinks=False)]
    visible = [e for e in entries if not e.name.startswith(".")]
    if not visible and not leftovers:
        return None
    folders = list(leftovers)
    if visible:
        try:
            aside = Path(tempfile.mkdtemp(prefix=PREFIX, dir=site_dir))
        except OSError:  # MkDocs' cleaning removes them as always
            return Removal(folders) if folders else None
        folders.append(aside)
        for entry in visible:
            try:
                os.rename(entry.path, aside / entry.name)
            except OSError:  # left where it is, for MkDocs' cleaning
                continue
    return Removal(folders)
