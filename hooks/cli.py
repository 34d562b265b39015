"""Command line for editors and CI: `python -m hooks.cli build|check`.

`build` never leaves a half-built site: MkDocs writes into a fresh folder beside site/, and only
a build that succeeded replaces site/ (two renames, so the swap itself cannot fail half-way).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .content import load
from .errors import ContentError

ROOT = Path(__file__).resolve().parent.parent


def build(root: Path = ROOT, site_dir: Path | None = None, config: str = "mkdocs.yml") -> int:
    site_dir = (site_dir or root / "site").resolve()
    staging = site_dir.parent / f".site-build-{os.getpid()}"
    previous = site_dir.parent / f".site-previous-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q",
         "-f", str(root / config), "-d", str(staging)],
        cwd=root, env=env,
    )
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"De build is mislukt; {site_dir.name}/ is niet veranderd.", file=sys.stderr)
        return result.returncode
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"Site gebouwd in {site_dir}.")
    return 0


def check(root: Path = ROOT) -> int:
    try:
        content = load(root)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"Alles in orde: {len(content.stories)} verhalen.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hooks.cli", description="Bouwen en controleren van de campagnesite.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="bouw de site in site/ (de vorige blijft staan als het misgaat)")
    sub.add_parser("check", help="controleer alle inhoud zonder te bouwen")
    args = parser.parse_args(argv)
    return build() if args.command == "build" else check()


if __name__ == "__main__":
    sys.exit(main())
