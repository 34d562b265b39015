"""Real last-modified dates for the sitemap: the last commit that touched a file, else its mtime."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def git_dates(root: Path) -> dict[str, dt.date]:
    """Newest commit date of every tracked file, from one `git log` call (empty outside git)."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--no-renames", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current and line not in dates:
            dates[line] = current
    return dates


class LastModified:
    def __init__(self, root: Path):
        self.root = root
        self.dates = git_dates(root)

    def of(self, *paths: str) -> dt.date | None:
        """The newest date among `paths` (relative to the root); untracked files use their mtime."""
        found = []
        for rel in paths:
            if rel in self.dates:
                found.append(self.dates[rel])
            elif (self.root / rel).exists():
                found.append(dt.date.fromtimestamp((self.root / rel).stat().st_mtime))
        return max(found) if found else None
