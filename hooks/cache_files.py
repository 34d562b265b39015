"""Files in `.cache/`: written whole or not at all, and linked into the site rather than copied.

A build that stops halfway (or two builds at once) must never leave a half-written cache entry
that a later build trusts; thousands of cached cards and index files are hard links in `site/`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from pathlib import Path

PARTIAL_AGE = 3600  # a half-written file older than this belongs to a build that stopped


def write_whole(path: Path, data: bytes) -> None:
    """Writes beside the target, then renames: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)


def write_texts(files: dict[str, str]) -> None:
    """Writes each file (its path: its text) as UTF-8, folders made as needed (the helper writes a
    cold build's search documents with this)."""
    for path, text in files.items():
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")


_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read once per build however many caches ask (kept by path, size
    and modification time for this process)."""
    stat = path.stat()
    memo = (str(path), stat.st_size, stat.st_mtime_ns)
    if memo not in _DIGESTS:
        digest = hashlib.sha256()
        with path.open("rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
        _DIGESTS[memo] = digest.hexdigest()
    return _DIGESTS[memo]


def _digest_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def write_verified(path: Path, data: bytes) -> None:
    """A cache entry with the SHA-256 of its bytes beside it, so a reader can tell it is whole."""
    write_whole(path, data)
    write_whole(_digest_path(path), hashlib.sha256(data).hexdigest().encode())


def is_verified(path: Path) -> bool:
    """True if the entry is there and its bytes match their recorded hash; a broken entry (truncated,
    overwritten, without its hash) is removed, so the caller makes it again."""
    digest = _digest_path(path)
    try:
        ok = file_digest(path).encode() == digest.read_bytes().strip()
    except OSError:
        ok = False
    if not ok:
        for stale in (path, digest):
            stale.unlink(missing_ok=True)
    return ok


def read_verified(path: Path) -> bytes | None:
    return path.read_bytes() if is_verified(path) else None


def remove_partial(folder: Path) -> int:
    """Half-written files (`.name.<pid>.tmp`) of builds that stopped: gone at the start of a build."""
    if not folder.is_dir():
        return 0
    now, removed = time.time(), 0
    for partial in folder.rglob(".*.tmp"):
        pid = partial.name.rsplit(".", 2)[-2]
        alive = pid.isdigit() and _alive(int(pid))
        try:
            if not alive or now - partial.stat().st_mtime > PARTIAL_AGE:
                partial.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def in_use(path: Path) -> bool:
    """A work folder (`.name.<pid>`) of a build that is still running, here or in another process."""
    pid = path.name.rsplit(".", 1)[-1]
    return path.name.startswith(".") and pid.isdigit() and _alive(int(pid))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def link(source: Path | str, target: Path | str) -> None:
    """A hard link (no copy of thousands of files); a copy where the file system has no links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=link)


class KeptResults:
    """Results kept from one build for the next, by a key that names everything they depend on:
    what this build used is stored again, nothing else (renamed and deleted files drop out)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[str, tuple] = {}
        self._new: dict[str, tuple] = {}
        self.recalled = 0  # results this build did not have to make
        if path is not None and path.is_file():
            try:
                self._old = pickle.loads(path.read_bytes())
            except Exception:  # noqa: BLE001 - from an older Python or broken: start afresh
                self._old = {}

    def recall(self, key: str) -> tuple | None:
        hit = self._old.get(key, self._new.get(key))  # an empty result is a result too
        if hit is not None:
            self._new[key] = hit
            self.recalled += 1
        return hit

    def keep(self, key: str, value: tuple) -> None:
        self._new[key] = value

    def save(self) -> None:
        if self.path is not None and self._new.keys() != self._old.keys():
            write_whole(self.path, pickle.dumps(self._new, protocol=pickle.HIGHEST_PROTOCOL))
