"""The editors' workflow: new files from templates, make check, drafts, scheduling, consent,
withdrawal, renames, the CI workflow and the typing help."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from hooks.schemas import rendered
from tests.helpers import ROOT, STORY, build, copy_site

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_new_story_and_episode_templates_build_without_change(tmp_path):
    root = copy_site(tmp_path / "src")
    made = cli(root, "new", "verhaal", "Mijn verhaal: thuis is thuis!")
    assert made.returncode == 0, made.stderr
    story = root / "stories" / "mijn-verhaal-thuis-is-thuis.md"
    assert f"datum: {dt.date.today().isoformat()}" in story.read_text("utf-8")
    assert cli(root, "new", "verhaal", "Mijn verhaal: thuis is thuis!").returncode == 0
    assert (root / "stories" / "mijn-verhaal-thuis-is-thuis-2.md").exists(), "an existing file is never overwritten"
    assert cli(root, "new", "aflevering", "Ouders aan het woord").returncode == 0
    episode = (root / "podcast" / "episodes" / "ouders-aan-het-woord.md").read_text("utf-8")
    assert (
        "nummer: 2\n" in episode and "seizoen: 1\n" in episode and re.search(r"guid: hvk-owtb-[0-9a-f-]{36}", episode)
    )
    checked = cli(root, "check")
    assert checked.returncode == 0, checked.stderr
    assert "3 concept of gepland" in checked.stdout
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (root / "site" / "verhalen" / "mijn-verhaal-thuis-is-thuis").exists(), "a template is a draft"
    assert not (root / "site" / "podcast" / "ouders-aan-het-woord").exists()


SEEDED = {
    "stories/a.md": (STORY.replace("leeftijd: 16", "leeftijd: zestien"), "stories/a.md:4: leeftijd:"),
    "stories/b.md": (STORY.replace("rol: jongere", "rol: oom"), "stories/b.md:5: rol:"),
    "stories/c.md": (
        STORY.replace("leeftijd: 16", "leeftijd: 12"),
        "stories/c.md:1: kop: onder 16 jaar is ook `toestemming_ouder` nodig",
    ),
    "stories/d.md": (STORY.replace("themas: [contact]", "themas: [taart]"), 'stories/d.md:10: themas[1]: "taart"'),
    "stories/e.md": (STORY.replace("naam: Sam\n", "naam: Sam\nnaam: Kim\n"), "stories/e.md:4: naam: staat dubbel"),
    "stories/f.md": (
        STORY.replace('titel: "Een titel"', "titel: Een titel: met dubbele punt"),
        "stories/f.md:2: titel: bevat een dubbele punt in tekst zonder aanhalingstekens",
    ),
    "stories/g.md": (
        STORY.replace("datum: 2026-02-01", "datum: 1 februari"),
        'stories/g.md:9: datum: "1 februari" is geen datum',
    ),
}


@pytest.mark.slow
def test_make_check_finds_every_seeded_mistake(tmp_path):
    root = copy_site(tmp_path / "src")
    for rel, (text, _) in SEEDED.items():
        (root / rel).write_text(text, "utf-8")
    show = root / "podcast" / "show.yml"
    show.write_text(show.read_text("utf-8").replace("type: episodic", "type: seriel"), "utf-8")
    result = cli(root, "check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"De inhoud klopt niet: {len(SEEDED) + 1} problemen gevonden. De site is niet gebouwd."
    for _, expected in SEEDED.values():
        assert any(line.strip().startswith(expected) for line in lines), expected
    assert any(line.strip().startswith('podcast/show.yml:17: type: "seriel"') for line in lines)
    make = subprocess.run(["make", "-s", "check"], cwd=ROOT, capture_output=True, text=True)
    assert make.returncode == 0 and "Alles in orde" in make.stdout, "make check runs the same command on the real site"


@pytest.fixture(scope="module")
def lifecycle_site(tmp_path_factory):
    """Drafts, a scheduled story, a withdrawn story, and a renamed one."""
    root = copy_site(tmp_path_factory.mktemp("levensloop") / "src")
    stories = root / "stories"
    (stories / "concept.md").write_text(
        STORY.replace('titel: "Een titel"', 'titel: "Geheim concept"').replace("bron:", "concept: true\nbron:"), "utf-8"
    )
    (stories / "later.md").write_text(
        STORY.replace('titel: "Een titel"', 'titel: "Verhaal van later"').replace(
            "datum: 2026-02-01", "datum: 2999-01-01"
        ),
        "utf-8",
    )
    mandy = stories / "mandy.md"
    from PIL import Image

    Image.new("RGB", (800, 600), "gray").save(stories / "mandy.jpg")
    mandy.write_text(
        mandy.read_text("utf-8").replace(
            "gerelateerd: [ruben, sonja]",
            "gerelateerd: [ruben, sonja]\ningetrokken: true\n"
            "foto:\n  bestand: mandy.jpg\n  alt: Een grijs vlak\n"
            "  toestemming: true",
        ),
        "utf-8",
    )
    (stories / "jay.md").rename(stories / "jay-gezinshuisouder.md")
    renamed = stories / "jay-gezinshuisouder.md"
    renamed.write_text(
        renamed.read_text("utf-8").replace(
            "gerelateerd: [tineke, anneke]", "gerelateerd: [tineke, anneke]\neerdere_namen: [jay]"
        ),
        "utf-8",
    )
    for other in ("anneke.md", "tineke.md"):
        path = stories / other
        path.write_text(path.read_text("utf-8").replace("jay", "jay-gezinshuisouder"), "utf-8")
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def everything(site: Path) -> str:
    return "\n".join(
        p.read_text("utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt") and "admin" not in p.parts
    )


@pytest.mark.slow
def test_drafts_and_scheduled_stories_never_reach_the_site(lifecycle_site):
    site = lifecycle_site / "site"
    assert not (site / "verhalen" / "concept").exists() and not (site / "verhalen" / "later").exists()
    text = everything(site)
    assert "Geheim concept" not in text and "Verhaal van later" not in text


@pytest.mark.slow
def test_withdrawn_story_disappears_everywhere_and_its_url_is_friendly(lifecycle_site):
    site = lifecycle_site / "site"
    page = (site / "verhalen" / "mandy" / "index.html").read_text("utf-8")
    assert "Dit verhaal staat niet meer op de site" in page
    assert '<meta name="robots" content="noindex">' in page
    assert not (site / "verhalen" / "mandy" / "foto.jpg").exists(), "the photo goes with the story"
    for trace in ("Mandy", "Eerst ging ik met mijn ouders naar opa en oma"):
        assert trace not in page, trace
    everywhere_else = everything(site).replace(page, "")
    for trace in ("Mandy", "Eerst ging ik met mijn ouders naar opa en oma", "verhalen/mandy/"):
        assert trace not in everywhere_else, trace


@pytest.mark.slow
def test_renamed_story_keeps_its_old_url(lifecycle_site):
    site = lifecycle_site / "site"
    old = (site / "verhalen" / "jay" / "index.html").read_text("utf-8")
    assert 'content="0; url=../jay-gezinshuisouder/"' in old
    assert 'rel="canonical" href="https://gezinshulpeerst.hetvergetenkind.nl/verhalen/jay-gezinshuisouder/"' in old
    assert "/verhalen/jay/ /verhalen/jay-gezinshuisouder/ 301" in (site / "_redirects").read_text()
    assert (site / "verhalen" / "jay-gezinshuisouder" / "index.html").exists()


@pytest.mark.fast
def test_old_name_that_still_exists_is_an_error(tmp_path):
    root = copy_site(tmp_path / "src")
    jay = root / "stories" / "jay.md"
    jay.write_text(jay.read_text("utf-8").replace("bron:", "eerdere_namen: [ruben]\nbron:"), "utf-8")
    result = cli(root, "check")
    assert result.returncode == 1 and '"ruben" is de naam van een bestaand verhaal' in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_preview_shows_drafts_with_a_banner(lifecycle_site):
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=lifecycle_site,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, html = time.time() + 60, None
        while time.time() < deadline and html is None:
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/verhalen/concept/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.5)
        assert html is not None, "mkdocs serve did not answer"
        assert "Geheim concept" in html and "hvk-draft-banner" in html and "Concept." in html
        later = urllib.request.urlopen(f"http://127.0.0.1:{port}/verhalen/later/", timeout=5).read().decode()
        assert "Gepland." in later
        listing = urllib.request.urlopen(f"http://127.0.0.1:{port}/verhalen/", timeout=5).read().decode()
        assert "Geheim concept" in listing
    finally:
        serve.terminate()
        serve.wait(timeout=10)


@pytest.mark.slow
def test_workflow_file_is_valid_and_does_what_it_says():
    workflow = ROOT / ".github" / "workflows" / "site.yml"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml.safe_load(workflow.read_text())
    steps = data["jobs"]["build"]["steps"]
    assert any(s.get("run") == "make check" for s in steps) and any(s.get("run") == "make build" for s in steps)
    # What is deployed is the production build, and only on main.
    production = [s for s in steps if s.get("run") == "make publiceer"]
    assert production and production[0]["if"] == "github.ref == 'refs/heads/main'"
    assert not any("PETITION_SERVICE_URL" in str(s.get("env", "")) for s in steps), "set once, in mkdocs.yml"
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in steps)
    assert data["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert data["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"
    assert data["concurrency"]["cancel-in-progress"] == "${{ github.ref != 'refs/heads/main' }}", (
        "a deployment of main is never cancelled"
    )
    preview = data["jobs"]["preview"]
    assert preview["needs"] == "build" and "pull_request" in preview["if"]
    assert preview["permissions"] == {"pull-requests": "write"}, "only what it needs"


@pytest.mark.slow
def test_json_schemas_are_current_and_wired_to_vscode():
    for name, text in rendered().items():
        assert (ROOT / "schemas" / name).read_text("utf-8") == text, f"run `make schema`: {name} is out of date"
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    for schema, targets in settings["yaml.schemas"].items():
        assert (ROOT / schema).is_file()
        assert all(list(ROOT.glob(t)) for t in targets), targets
    wired = {t for targets in settings["yaml.schemas"].values() for t in targets}
    assert {"podcast/show.yml", "data/campagne.yml", "tijdlijn/*.yml"} <= wired, "every data file has its schema"
    remarkrc = (ROOT / ".remarkrc.mjs").read_text("utf-8")
    for schema, pattern in (
        ("verhaal", "stories/*.md"),
        ("aflevering", "podcast/episodes/*.md"),
        ("manifest", "manifests/*.md"),
        ("pagina", "docs/**/*.md"),
    ):
        assert f'"./schemas/{schema}.schema.json": ["{pattern}"]' in remarkrc, "front matter wired for VS Code (remark)"
    story = json.loads((ROOT / "schemas" / "verhaal.schema.json").read_text())
    assert {"titel", "leeftijd", "toestemming"} <= set(story["properties"])
    assert "leeftijd" not in story["required"] and "titel" in story["required"]


@pytest.mark.slow
def test_every_schema_passes_the_metaschema():
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--check-metaschema",
            *map(str, sorted((ROOT / "schemas").glob("*.json"))),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.slow
def test_vscode_reads_the_front_matter_schema_the_build_checks(tmp_path):
    """remark with .remarkrc.mjs, as the VS Code extension unifiedjs.vscode-remark runs it: silent on
    the real content, and it names the broken field of a broken story."""
    remark = ROOT / "node_modules" / ".bin" / "remark"
    clean = subprocess.run(
        [str(remark), "--quiet", "--frail", "--no-stdout", "stories", "docs", "manifests", "podcast/episodes"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert clean.returncode == 0, clean.stderr
    scratch = tmp_path / "site"
    (scratch / "stories").mkdir(parents=True)
    shutil.copy(ROOT / ".remarkrc.mjs", scratch)
    shutil.copytree(ROOT / "schemas", scratch / "schemas")
    (scratch / "node_modules").symlink_to(ROOT / "node_modules")
    text = (ROOT / "stories" / "mandy.md").read_text("utf-8").replace("rol: jongere", "rol: oom")
    (scratch / "stories" / "kapot.md").write_text(text.replace("---\n", "---\nkleur: rood\n", 1), "utf-8")
    found = subprocess.run(
        [str(remark), "--no-stdout", "--no-color", "stories/kapot.md"], cwd=scratch, capture_output=True, text=True
    )
    assert "additional properties" in found.stderr and "allowed values: `jongere`" in found.stderr, found.stderr
