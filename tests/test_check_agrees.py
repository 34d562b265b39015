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


def _unescape(text: str) -> str:
    return text.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def test_in_a_pull_request_each_problem_is_an_annotation_on_its_file_and_line(tmp_path):
    """On GitHub, `make check` also writes each problem as a workflow command, so the pull request
    shows it on the line in the file, in the same words as the log (GitHub's escaping)."""
    root = copy_site(tmp_path / "src")
    expected = _mistakes(root)
    story = root / "stories" / "jay.md"
    text = story.read_text("utf-8")
    story.write_text(
        re.sub(r"(?m)^naam: .*$", lambda m: m.group(0) + "\nleeftijd: 100% oud, echt", text, count=1), "utf-8"
    )
    check = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "GITHUB_ACTIONS": "true"},
    )
    assert check.returncode != 0
    command = re.compile(
        r"^::error file=(?P<file>[^,:]+)(?:,line=(?P<line>\d+))?(?:,title=(?P<title>[^:]+))?::(?P<msg>.*)$"
    )
    annotated = set()
    for raw in check.stdout.splitlines():
        match = command.match(raw)
        assert match, f"not a workflow command: {raw}"
        where = _unescape(match["file"]) + (f":{match['line']}" if match["line"] else "")
        text = f"{where}: {_unescape(match['title'])}: " if match["title"] else f"{where}: "
        annotated.add(text + _unescape(match["msg"]))
    assert annotated == _problem_lines(check.stderr), "the same problems, in the same words"
    for path in expected:
        assert any(line.startswith(path) for line in annotated), path
    assert any(line.startswith("stories/jay.md:") and "leeftijd" in line for line in annotated)
