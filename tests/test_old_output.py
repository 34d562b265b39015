"""The last build's output is removed beside the build (`hooks/old_output.py`), never the new one's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from hooks import old_output
from hooks.plugin import CampaignPlugin
from tests.helpers import ROOT, STORY, copy_site


def _old_site(site: Path) -> None:
    (site / "verhalen" / "oud").mkdir(parents=True)
    (site / "verhalen" / "oud" / "index.html").write_text("oud", "utf-8")
    (site / "index.html").write_text("oud", "utf-8")
    (site / ".nojekyll").write_text("", "utf-8")  # hidden: MkDocs' cleaning keeps it, and so do we
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")


@pytest.mark.fast
@pytest.mark.parametrize("with_rm", [True, False], ids=["rm", "zonder-rm"])
def test_the_old_site_goes_and_what_is_written_meanwhile_stays(tmp_path, monkeypatch, with_rm):
    site = tmp_path / "site"
    _old_site(site)
    killed = site / f"{old_output.PREFIX}12345"  # a build killed while it removed its old site
    (killed / "kaarten").mkdir(parents=True)
    (killed / "kaarten" / "x.png").write_bytes(b"png")
    if not with_rm:
        monkeypatch.setenv("PATH", str(tmp_path / "leeg"))
    removal = old_output.set_aside(site)
    assert removal is not None
    assert sorted(p.name for p in site.iterdir() if not p.name.startswith(old_output.PREFIX)) == [".git", ".nojekyll"]
    (site / "index.html").write_text("nieuw", "utf-8")  # the new build writes while the old goes
    (site / "verhalen").mkdir()
    removal.wait()
    assert sorted(p.name for p in site.iterdir()) == [".git", ".nojekyll", "index.html", "verhalen"]
    assert (site / "index.html").read_text("utf-8") == "nieuw"
    assert list((site / "verhalen").iterdir()) == []
    assert (site / ".git" / "HEAD").is_file()


@pytest.mark.fast
def test_nothing_to_remove(tmp_path):
    assert old_output.set_aside(tmp_path / "bestaat-niet") is None
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / ".nojekyll").write_text("", "utf-8")
    assert old_output.set_aside(tmp_path / "site") is None


@pytest.mark.slow
@pytest.mark.parametrize("mistake", ["", "verhaal", "link"])
def test_mkdocs_build_into_a_used_folder(tmp_path, mistake):
    """`mkdocs build` itself (`make build` builds into a new folder): the old pages are gone when it
    ends, also when it stopped at a broken link; a mistake in the content, found before MkDocs
    empties the folder, leaves the old site as it was. Hidden entries stay, as MkDocs keeps them."""
    root = copy_site(tmp_path / "src", with_content=False)
    (root / "stories" / "marilene.md").write_text(STORY, "utf-8")  # the example episode links to it
    site = tmp_path / "uit"
    _old_site(site)
    if mistake == "verhaal":
        (root / "stories" / "kapot.md").write_text(STORY.replace("leeftijd: 16", "leeftijd: zestien"), "utf-8")
    if mistake == "link":
        page = root / "docs" / "contact.md"
        page.write_text(page.read_text("utf-8") + "\n[Weg](bestaat-niet.md)\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=root, env=env, capture_output=True, text=True
    )
    assert (result.returncode != 0) is bool(mistake), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (site / "verhalen" / "oud").exists() is (mistake == "verhaal")
    assert not list(site.glob(f"{old_output.PREFIX}*"))
    assert (site / ".git" / "HEAD").is_file() and (site / ".nojekyll").is_file()
    if mistake != "verhaal":
        assert (site / "verhalen" / "marilene" / "index.html").is_file()


@pytest.mark.fast
def test_a_build_that_stops_still_removes_what_it_set_aside(tmp_path):
    """A build that stops after MkDocs emptied the folder (an error in a page) ends with the old site
    gone, as MkDocs' own cleaning would have left it, and no hidden folder behind."""
    site = tmp_path / "site"
    _old_site(site)
    plugin = CampaignPlugin()
    plugin.on_startup(command="build", dirty=False)
    plugin.on_pre_build(config=SimpleNamespace(site_dir=str(site)))
    plugin.on_build_error(error=RuntimeError("een fout in een pagina"))
    assert sorted(p.name for p in site.iterdir()) == [".git", ".nojekyll"]


@pytest.mark.fast
@pytest.mark.parametrize(("command", "dirty"), [("serve", False), ("build", True)])
def test_a_preview_or_a_dirty_build_leaves_the_folder_alone(tmp_path, command, dirty):
    site = tmp_path / "site"
    _old_site(site)
    plugin = CampaignPlugin()
    plugin.on_startup(command=command, dirty=dirty)
    plugin.on_pre_build(config=SimpleNamespace(site_dir=str(site)))
    assert plugin.old_output is None and (site / "verhalen" / "oud" / "index.html").is_file()


SLOW_RM = """#!/bin/sh
# Removes the old site only once the new build has written its first pages, and then slowly: the
# build reaches its end while the old files are still there or going.
for i in $(seq 200); do [ -e "$SITE/index.html" ] && break; sleep 0.05; done
sleep 1.5
exec {rm} "$@"
"""


@pytest.mark.slow
def test_nothing_reads_the_old_site_while_it_goes(tmp_path):
    """What the build reads of the whole site folder at its end (the theme's used files, the hashed
    names for `_headers`) is the new site only, whenever the old one's removal ends: an old page
    that used a theme file the new site does not use keeps nothing, and no read fails on a file
    that is going."""
    root = copy_site(tmp_path / "src", with_content=False)
    (root / "stories" / "marilene.md").write_text(STORY, "utf-8")
    site = tmp_path / "uit"
    _old_site(site)
    for n in range(300):
        page = site / "verhalen" / f"oud-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text('<script src="../../assets/javascripts/lunr/min/lunr.da.min.js"></script>', "utf-8")
    (site / "verhalen" / "feed.xml").write_text("<rss/>", "utf-8")
    tools = tmp_path / "gereedschap"
    tools.mkdir()
    (tools / "rm").write_text(SLOW_RM.format(rm=shutil.which("rm")), "utf-8")
    (tools / "rm").chmod(0o755)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{tools}:{os.environ['PATH']}",
        "SITE": str(site),
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / "assets" / "javascripts" / "lunr").exists(), "kept for a page of the old site"
    assert not list(site.glob(f"{old_output.PREFIX}*")) and not (site / "verhalen" / "oud-1").exists()
