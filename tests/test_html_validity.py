"""Zero errors from the Nu HTML Checker (vnu-jar from npm, run with Java) on every page of our own:
every HTML file of the built site (the web editor's shell included) and the petition service's
pages (its answers to a plain form post, the municipality page, its Dutch error page).

Known exceptions, each with its reason: none. The theme's own leftovers that failed (its drawer and
search checkboxes with `autocomplete`) are no longer written (plugin.without_theme_toggles)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.petition_harness import request

pytestmark = pytest.mark.slow
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KNOWN_EXCEPTIONS: dict[str, str] = {}  # message start -> why it is not ours to fix


def nu_checker(*targets: Path) -> list[str]:
    assert shutil.which("java"), "Java ontbreekt: `make test` installeert Debian's default-jre-headless"
    assert VNU.is_file(), "vnu-jar ontbreekt: `make test` installeert de npm-pakketten"
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, targets)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(run.stderr)["messages"]
    return [
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not any(m["message"].startswith(known) for known in KNOWN_EXCEPTIONS)
    ]


def test_the_checker_finds_what_is_wrong(tmp_path):
    page = tmp_path / "fout.html"
    page.write_text('<!doctype html><html lang="nl"><title>x</title><pre aria-label="x">x</pre><p><div></p>', "utf-8")
    assert len(nu_checker(page)) >= 2


def test_every_built_page_is_valid_html(real_site):
    assert nu_checker(real_site) == []


def test_the_petition_service_pages_are_valid_html(petition_service, tmp_path):
    base = petition_service.base
    pages = {
        "bedankt.html": petition_service.sign(accept_json=False, email="geldig@example.nl"),
        "fout.html": petition_service.sign(accept_json=False, email="geen-adres"),
        "gemeente.html": request(base + "/gemeente?postcode=3533"),
        "onbekend.html": request(base + "/bevestig/1/verkeerd"),
    }
    for name, answer in pages.items():
        assert "text/html" in answer.headers.get("content-type", ""), name
        (tmp_path / name).write_bytes(answer.body)
    assert nu_checker(tmp_path) == []
