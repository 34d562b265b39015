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
