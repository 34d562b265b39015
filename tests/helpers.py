"""Shared test helpers: a scratch copy of the site to break, and a way to build it for real."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "docs", "overrides", "data", "stories", "manifests", "podcast", "tijdlijn", "cms")


def copy_site(dest: Path, with_content: bool = True) -> Path:
    """A full copy of the real site (code linked, content copied) that a test may change."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if not src.exists():
            continue
        if src.is_dir():
            if part == "stories" and not with_content:
                (dest / part).mkdir()
                continue
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    (dest / "hooks").symlink_to(ROOT / "hooks")
    return dest


def build(root: Path, site_dir: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real build, as `make build` runs it, on the site at `root` (with `env` added)."""
    code = (
        "import sys; from pathlib import Path; from hooks.cli import build; "
        f"sys.exit(build(Path({str(root)!r}), Path({str(site_dir or root / 'site')!r})))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and bytes: equal digests mean an untouched tree."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


STORY = """---
titel: "Een titel"
naam: Sam
leeftijd: 16
rol: jongere
schuilnaam: ja
citaat: "Dit is een citaat."
samenvatting: "Een samenvatting van het verhaal."
datum: 2026-02-01
themas: [contact]
toestemming: ja
bron: "Testbron voor dit verhaal"
---

Het verhaal zelf.
"""


def csp(html: str) -> str:
    """A built page's Content-Security-Policy, read as a browser reads the attribute."""
    from lxml import html as lxml_html

    found = lxml_html.fromstring(html).xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert len(found) == 1, "one policy per page"
    return str(found[0])
