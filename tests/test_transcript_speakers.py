"""Who speaks in a WebVTT transcript (`<v Naam>`) is kept and shown on the episode page."""

from __future__ import annotations

import pytest

from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow
VTT = """WEBVTT

00:00:00.000 --> 00:00:06.500
<v Presentator>Welkom bij Oost, West, Thuis Best.

00:00:06.500 --> 00:00:13.000
<v.zacht Jan de Vries>Dank je wel.</v>

00:00:13.000 --> 00:00:20.000
Tekst zonder spreker.
"""


def test_speakers_are_on_the_page_without_javascript(tmp_path):
    root = copy_site(tmp_path / "src")
    (root / "podcast" / "transcripts" / "voorbeeld.vtt").write_text(VTT, "utf-8")
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "podcast" / "voorbeeld" / "index.html").read_text("utf-8")
    assert '<strong class="hvk-transcript__speaker">Presentator:</strong> Welkom bij Oost, West, Thuis Best.' in html
    assert '<strong class="hvk-transcript__speaker">Jan de Vries:</strong> Dank je wel.' in html
    assert "</a> Tekst zonder spreker." in html
