"""One confinement rule: every file in a content folder and every path an editor names is a regular
file inside its folder. Links and paths that leave the folder are refused, file and field named."""

from __future__ import annotations

import os

import pytest

from hooks.content import load
from hooks.errors import ContentError
from tests.helpers import ROOT, build, copy_site, tree_digest

pytestmark = pytest.mark.slow


def _problems(root) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(root)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def root(tmp_path):
    return copy_site(tmp_path / "src")


def test_a_link_in_docs_to_the_environment_is_refused_and_nothing_is_published(root, tmp_path):
    site = root / "site"
    assert build(root).returncode == 0  # first: a good site/ to keep
    before = tree_digest(site)
    (root / "docs" / "omgeving.txt").symlink_to("/proc/self/environ")
    (root / "docs" / "assets" / "geheim").symlink_to("/etc")
    result = build(root)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/omgeving.txt: is een snelkoppeling (symlink); verwacht een gewoon bestand in de map zelf" in out
    assert "docs/assets/geheim: is een snelkoppeling (symlink)" in out
    assert tree_digest(site) == before, "the last good site stays"
    assert os.environ.get("PATH", "") not in "".join(p.read_text("utf-8", "replace") for p in site.rglob("*.txt"))


def test_a_linked_story_file_is_refused(root, tmp_path):
    outside = tmp_path / "buiten.md"
    outside.write_text((ROOT / "stories" / "jay.md").read_text("utf-8"), "utf-8")
    (root / "stories" / "gelinkt.md").symlink_to(outside)
    assert (
        "stories/gelinkt.md: is een snelkoppeling (symlink); verwacht een gewoon bestand in de map zelf"
        in _problems(root)
    )


@pytest.mark.parametrize("name", ["../data/campagne.yml", "/etc/passwd", "../../foto.jpg", "link.jpg"])
def test_photo_paths_that_leave_the_folder_or_follow_a_link_are_refused(root, tmp_path, name):
    outside = tmp_path / "foto.jpg"
    from PIL import Image

    Image.new("RGB", (800, 600), "white").save(outside)
    (root / "stories" / "link.jpg").symlink_to(outside)
    story = root / "stories" / "jay.md"
    text = story.read_text("utf-8")
    story.write_text(text.replace("---\n", f"---\ndeelafbeelding: {name}\n", 1), "utf-8")
    found = [p for p in _problems(root) if p.startswith("stories/jay.md:2: deelafbeelding:")]
    assert found, _problems(root)
    assert "buiten stories/" in found[0] or "snelkoppeling" in found[0]
