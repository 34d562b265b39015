"""The plugin runs unchanged under MkDocs 1.6 and under ProperDocs, its maintained continuation."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.helpers import ROOT, copy_site, tree_digest


def build_with(engine: str, root, site_dir) -> subprocess.CompletedProcess:
    code = (
        "import sys; from pathlib import Path; from hooks.cli import build; "
        f"sys.exit(build(Path({str(root)!r}), Path({str(site_dir)!r}), engine_name={engine!r}))"
    )
    # No PYTHONPATH: the plugin must be found as an installed package, also in the card workers.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)


@pytest.mark.slow
def test_mkdocs_and_properdocs_build_the_same_site_from_a_cold_cache(tmp_path):
    root = copy_site(tmp_path / "src")
    assert not (root / ".cache").exists()
    proper = build_with("properdocs", root, tmp_path / "properdocs")  # first: every card drawn by workers
    assert proper.returncode == 0, proper.stderr
    assert "Deelafbeeldingen: 0 getekend" not in proper.stdout + proper.stderr
    mkdocs = build_with("mkdocs", root, tmp_path / "mkdocs")
    assert mkdocs.returncode == 0, mkdocs.stderr
    assert tree_digest(tmp_path / "properdocs") == tree_digest(tmp_path / "mkdocs")
    assert (tmp_path / "mkdocs" / "tijdlijn" / "index.html").is_file()


@pytest.mark.slow
def test_an_unknown_engine_is_one_dutch_line(tmp_path):
    result = build_with("zensical", copy_site(tmp_path / "src"), tmp_path / "out")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "Gebruik: python -m hooks.engine {mkdocs|properdocs} build" in result.stderr


@pytest.mark.fast
def test_nothing_of_ours_imports_the_engine_but_the_adapter():
    adapters = {"plugin.py", "pages.py", "engine.py"}
    for path in sorted((ROOT / "hooks").rglob("*.py")):
        if path.name in adapters:
            continue
        imports = re.findall(
            r"^\s*(?:import|from)\s+(mkdocs|properdocs|material)\b(?!\.yml)", path.read_text("utf-8"), re.M
        )
        assert not imports, path
