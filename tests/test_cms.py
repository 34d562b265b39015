"""The optional web editor (Decap CMS at /admin/): same files and fields as the content models,
shipped with the site, and working against its local backend (decap-server) in a real browser."""

from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest
import yaml

from hooks.campaign import Campaign
from hooks.models import Manifest, Story
from hooks.podcast_models import Episode
from tests.browser import Harness, Server
from tests.helpers import ROOT, build, copy_site

CONFIG = yaml.safe_load((ROOT / "cms" / "config.yml").read_text("utf-8"))
MODELS = {
    "verhalen": (Story, "stories"),
    "afleveringen": (Episode, "podcast/episodes"),
    "manifesten": (Manifest, "manifests"),
}


def aliases(model) -> tuple[set[str], set[str]]:
    fields = model.model_fields.values()
    return {f.alias for f in fields}, {f.alias for f in fields if f.is_required()}


@pytest.mark.fast
@pytest.mark.parametrize("name", MODELS)
def test_cms_fields_match_the_content_model(name):
    model, folder = MODELS[name]
    collection = next(c for c in CONFIG["collections"] if c["name"] == name)
    assert collection["folder"] == folder and (ROOT / folder).is_dir()
    fields = {f["name"]: f for f in collection["fields"]}
    known, required = aliases(model)
    assert set(fields) - {"body"} <= known, set(fields) - {"body"} - known
    assert required <= set(fields), required - set(fields)
    for alias in required:
        assert fields[alias].get("required", True), alias
    for alias in set(fields) - required - {"body"}:
        assert fields[alias].get("required") is False or "default" in fields[alias], alias


@pytest.mark.fast
def test_cms_campaign_fields_exist_in_the_data_model():
    files = next(c for c in CONFIG["collections"] if c["name"] == "campagne")["files"][0]
    assert files["file"] == "data/campagne.yml"
    known, _ = aliases(Campaign)
    assert {f["name"] for f in files["fields"]} <= known


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cms(tmp_path_factory, browser):
    decap_server = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    if not decap_server.exists():
        pytest.fail("decap-server ontbreekt: `make test` installeert het met npm ci.")
    root = copy_site(tmp_path_factory.mktemp("cms") / "src")
    port = free_port()
    config = root / "cms" / "config.yml"
    config.write_text(config.read_text("utf-8").replace("http://localhost:8081", f"http://127.0.0.1:{port}"), "utf-8")
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(root),
        "LOG_LEVEL": "error",
    }
    server = subprocess.Popen(["node", str(decap_server)], env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    try:
        with Server(root / "site") as site:
            yield Harness(browser, site), root
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_admin_is_shipped_with_the_site(cms):
    _, root = cms
    admin = root / "site" / "admin"
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    assert '<script src="decap-cms.js"></script>' in (admin / "index.html").read_text()
    assert yaml.safe_load((admin / "config.yml").read_text())["locale"] == "nl"


@pytest.mark.slow
def test_cms_lists_and_edits_stories_through_the_local_backend(cms):
    harness, root = cms
    visit = harness.open("admin/", viewport={"width": 1280, "height": 900})
    page = visit.page
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Ik was nooit echt in gevaar (Marilène)").wait_for(timeout=30_000)
    page.get_by_text("Ik ben bang dat ik straks opa niet meer zie (Ruben)").click()
    page.get_by_label("Samenvatting (één zin)").wait_for(timeout=30_000)
    assert "opa" in page.get_by_label("Samenvatting (één zin)").input_value()
    assert visit.foreign_requests == [], "the editor loads nothing from other hosts"
    page.context.close()


@pytest.mark.fast
def test_the_published_config_is_completed_from_the_models():
    from hooks.cms import rendered
    from hooks.content import load

    content = load(ROOT)
    made = yaml.safe_load(rendered((ROOT / "cms" / "config.yml").read_text("utf-8"), content.campaign, "https://x/"))
    stories = next(c for c in made["collections"] if c["name"] == "verhalen")
    fields = {f["name"]: f for f in stories["fields"]}
    photo = {f["name"]: f for f in fields["foto"]["fields"]}
    assert fields["foto"]["required"] is False
    assert not any(f["required"] for f in photo.values()), "an optional group's own fields are optional (Decap #2103)"
    assert fields["leeftijd"]["min"] == 0 and fields["leeftijd"]["max"] == 120
    assert fields["samenvatting"]["pattern"][0] == "^[\\s\\S]{10,200}$"
    assert fields["themas"]["options"] == list(content.campaign.themes) and fields["themas"]["multiple"] is True
    assert fields["gerelateerd"]["widget"] == "relation" and fields["gerelateerd"]["collection"] == "verhalen"
    assert fields["rol"]["options"] == list(content.campaign.roles)
    assert all(f.get("hint") for name, f in fields.items() if name != "body"), "every field explains itself"
    assert stories["delete"] is False and stories["identifier_field"] == "titel"
    episodes = {f["name"]: f for f in next(c for c in made["collections"] if c["name"] == "afleveringen")["fields"]}
    assert episodes["guid"]["widget"] == "guid", "a new episode gets its permanent guid without typing"
    assert episodes["soort"]["options"] == ["aflevering", "trailer", "bonus"]
    names = {c["name"] for c in made["collections"]}
    assert {"verhalen", "afleveringen", "manifesten", "tijdlijn", "paginas", "show", "campagne"} <= names


@pytest.mark.fast
@pytest.mark.parametrize("name", ["tijdlijn", "paginas"])
def test_the_new_collections_match_their_models(name):
    from hooks.cms import MODELS

    collection = next(c for c in CONFIG["collections"] if c["name"] == name)
    known, required = aliases(MODELS[name])
    fields = {f["name"] for f in collection["fields"]} - {"body"}
    assert fields == known, fields ^ known
    assert (ROOT / collection["folder"]).is_dir()


@pytest.mark.slow
def test_a_story_saved_through_the_web_editor_passes_check_and_build(cms):
    import sys

    from hooks.frontmatter import parse

    harness, root = cms
    story = root / "stories" / "ruben.md"
    before = parse("ruben.md", story.read_text("utf-8"))
    visit = harness.open("admin/#/collections/verhalen/entries/ruben", viewport={"width": 1280, "height": 900})
    page = visit.page
    page.get_by_role("button", name="Inloggen").click()
    summary = page.get_by_label("Samenvatting (één zin)")
    summary.wait_for(timeout=40_000)
    summary.fill("Ruben vertelt over zijn opa, en over wat hij mist.")
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_role("menuitem").first.click()
    deadline = time.time() + 30
    while "wat hij mist" not in story.read_text("utf-8") and time.time() < deadline:
        time.sleep(0.3)
    after = parse("ruben.md", story.read_text("utf-8"))
    assert after.data["samenvatting"] == "Ruben vertelt over zijn opa, en over wat hij mist."
    assert {k: v for k, v in after.data.items() if k != "samenvatting"} == {
        k: v for k, v in before.data.items() if k != "samenvatting"
    }, "nothing else changed in meaning"
    assert after.body.strip() == before.body.strip(), "the story itself is kept"
    checked = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert visit.foreign_requests == []
    page.context.close()
