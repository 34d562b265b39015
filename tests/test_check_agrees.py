"""`make check` and the build refuse exactly the same things, each with a line naming the file that
caused it (#25): never "onverwachte fout", never `mkdocs.yml` for a content mistake, never a
file silently left out. One site holds every mistake at once, so both report them all together."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from PIL import Image

from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow


def _gps_photo(path):
    photo = Image.new("RGB", (640, 480), "orange")
    exif = photo.getexif()
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    photo.save(path, exif=exif)


def _mistakes(root) -> dict[str, str]:
    """Each mistake, by the path its problem line must start with (and what that line must say)."""
    story = (root / "stories" / "jay.md").read_text("utf-8")
    (root / "stories" / "!!!.md").write_text(story, "utf-8")
    long_name = "een-heel-lang-verhaal-" * 10
    (root / "stories" / f"{long_name}.md").write_text(story, "utf-8")
    images = root / "docs" / "afbeeldingen"
    images.mkdir()
    _gps_photo(images / "met-plek.jpg")
    (images / "leeg.jpg").write_bytes(b"")
    (images / "kapot.png").write_bytes(b"\x89PNG\r\n\x1a\nrommel")
    episode = root / "podcast" / "episodes" / "voorbeeld.md"
    episode.write_text(
        episode.read_text("utf-8").replace("expliciet: false\n", "expliciet: false\nduur: .inf\n"), "utf-8"
    )
    campaign = root / "data" / "campagne.yml"
    campaign.write_text(re.sub(r"(?m)^  hulpverlener: .*\n", "", campaign.read_text("utf-8")), "utf-8")
    return {
        "stories/!!!.md": "geen letters of cijfers",
        f"stories/{long_name}.md": "tekens lang",
        "docs/afbeeldingen/met-plek.jpg": "GPS",
        "docs/afbeeldingen/leeg.jpg": "geen afbeelding",
        "docs/afbeeldingen/kapot.png": "geen afbeelding",
        "podcast/episodes/voorbeeld.md:": "duur",
        "data/campagne.yml:": "hulpverlener",
    }


def _problem_lines(output: str) -> set[str]:
    return {line.strip() for line in output.splitlines() if line.startswith("  ") and ": " in line}


def test_check_and_build_name_the_same_files_for_every_mistake(tmp_path):
    root = copy_site(tmp_path / "src")
    assert build(root, env={"PETITION_SERVICE_URL": ""}).returncode == 0
    last_good = (root / "site" / "index.html").read_bytes()
    expected = _mistakes(root)
    check = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    built = build(root, env={"PETITION_SERVICE_URL": ""})
    assert check.returncode != 0 and built.returncode != 0
    said_check, said_build = check.stdout + check.stderr, built.stdout + built.stderr
    for said in (said_check, said_build):
        assert "Traceback" not in said and "onverwachte fout" not in said and "mkdocs.yml:" not in said, said
        for path, words in expected.items():
            assert any(line.startswith(path) and words in line for line in _problem_lines(said)), (path, said)
    assert _problem_lines(said_check) == _problem_lines(said_build), "check and build say the same lines"
    assert (root / "site" / "index.html").read_bytes() == last_good, "the last good site stays"
