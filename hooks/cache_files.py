"""Files in `.cache/`: written whole or not at all, and linked into the site rather than copied.

A build that stops halfway (or two builds at once) must never leave a half-written cache entry
that a later build trusts; thousands of cached cards and index files are hard links in `site/`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """Writes beside the target, then renames: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)


def link(source: Path | str, target: Path | str) -> None:
    """A hard link (no copy of thousands of files); a copy where the file system has no links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=link)
