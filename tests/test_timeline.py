"""The campaign timeline: the proof that a kind of content is one collection module."""

from __future__ import annotations

import os
import re

import pytest

from hooks.content import load
from hooks.errors import ContentError
from tests.helpers import ROOT, build, copy_site, epoch


def text_of(html: str, css_class: str) -> str:
    block = re.search(rf'<div class="{css_class}">.*?</div>', html, re.S)
    assert block, css_class
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block.group(0)))


@pytest.mark.slow
def test_the_timeline_says_what_is_past_and_what_is_coming_by_the_build_date(tmp_path, monkeypatch):
    root = copy_site(tmp_path / "src")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-03-10"))
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "tijdlijn" / "index.html").read_text("utf-8")
    shown = text_of(page, "hvk-timeline")
    coming, past = shown.split("Wat er al gebeurde")
    assert "Wat er komt" in coming and coming.index("Gemeenteraadsverkiezingen") < coming.index(
        "Nota van het ministerie"
    )
    assert "Kamervragen" in past and "begin maart 2026" in past and past.index("Kamervragen") < past.index("Week van")
    home = (root / "site" / "index.html").read_text("utf-8")
    assert "Wat er komt</h2>" in home and "Gemeenteraadsverkiezingen" in home and 'href="tijdlijn/"' in home
    assert "https://gezinshulpeerst.hetvergetenkind.nl/tijdlijn/" in (root / "site" / "sitemap.xml").read_text()


@pytest.mark.slow
def test_after_the_last_moment_the_home_page_links_to_the_timeline(real_site):
    home = (real_site / "index.html").read_text("utf-8")
    assert "Bekijk de tijdlijn van de campagne" in home or "Wat er komt</h2>" in home


@pytest.mark.fast
def test_every_seed_moment_is_there_with_its_source():
    moments = load(ROOT).collections["moment"].entries
    dates = [m.moment.date.isoformat() for m in moments]
    assert dates == sorted(dates)
    assert {"2026-01-29", "2026-02-20", "2026-03-18", "2026-03-24"} <= set(dates)
    assert all(len(m.moment.source) > 10 for m in moments)


@pytest.mark.fast
def test_a_broken_moment_is_one_dutch_line(site):
    (site / "tijdlijn").mkdir()
    (site / "tijdlijn" / "x.yml").write_text("titel: Iets\ndatum: 2026-02-30\ntekst: kort\nbron: iemand\n", "utf-8")
    (site / "tijdlijn" / "notitie.txt").write_text("los", "utf-8")
    with pytest.raises(ContentError) as info:
        load(site)
    assert [str(p) for p in info.value.problems] == [
        "tijdlijn/notitie.txt: is een .txt-bestand; verwacht de extensie .yml (Windows verbergt die soms: zet "
        "'Bestandsextensies' aan)",
        'tijdlijn/x.yml:2: "2026-02-30" is geen bestaande datum; verwacht een datum zoals 2026-01-29',
    ]
    assert os.environ.get("SOURCE_DATE_EPOCH") is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("day", "hand_over", "elections"),
    [
        (
            "2026-02-01",
            "Dat is gepland voor begin maart 2026.",
            "Op 18 maart 2026 kiest Nederland nieuwe gemeenteraden.",
        ),
        (
            "2026-12-01",
            "Dat stond gepland; wat er gebeurde, zetten we op de tijdlijn zodra we het weten.",
            "De gemeenteraadsverkiezingen waren op 18 maart 2026.",
        ),
    ],
)
def test_texts_that_depend_on_a_date_stay_true(tmp_path, monkeypatch, day, hand_over, elections):
    """The hand-over and the elections are told from the timeline, as the build date finds them."""
    root = copy_site(tmp_path / "src")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    result = build(root, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr

    def visible(page: str) -> str:
        html = (root / "site" / page / "index.html").read_text("utf-8")
        return " ".join(re.sub(r"<[^>]+>", " ", html).split())

    petition, council = visible("petitie"), visible("gemeenten")
    assert hand_over in petition and "zal begin maart 2026 plaatsvinden" not in petition
    assert "De petitie is open." in petition
    assert elections in council and "voor uw verkiezingsprogramma" not in council.split(elections)[0][-200:]
