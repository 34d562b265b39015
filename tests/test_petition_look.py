"""The petition service's pages look like the campaign site: the same colour tokens, so that a
signer who lands on the service (without JavaScript, or from a mail) is visibly in the same place."""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.fast


def _tokens(path) -> dict[str, str]:
    root = re.search(r":root\s*\{([^}]*)\}", path.read_text("utf-8"))
    assert root, f"{path} has no :root block"
    return {name: value.strip() for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+)", root.group(1))}


def test_the_service_pages_use_the_sites_colours():
    site = _tokens(ROOT / "docs" / "assets" / "stylesheets" / "campagne.css")
    service = _tokens(ROOT / "petition" / "static" / "pagina.css")
    own = {name: value for name, value in site.items() if name.startswith("--hvk-")}
    assert own, "the site's stylesheet names its colours --hvk-*"
    assert {name: service.get(name) for name in own} == own
    assert service["--hvk-link"] == site["--md-typeset-a-color"]
