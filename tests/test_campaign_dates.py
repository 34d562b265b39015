"""The campaign's state told truly on any date (#27): the site built with SOURCE_DATE_EPOCH before the
hand-over, between it and the last moment, and long after (today's 3 December 2026) never speaks
of a passed moment as coming, and `make check` asks the editors for what happened."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from tests.helpers import build, copy_site, epoch

pytestmark = pytest.mark.slow
FUTURE_WORDS = re.compile(r"\b(binnenkort|wat er nog komt|Wat er komt|nog niet geweest|is gepland voor)\b")


def _text(path) -> str:
    return re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for day in ("2026-02-01", "2026-03-10", "2026-12-03"):
        root = copy_site(tmp_path_factory.mktemp(day) / "src")
        last_edit = dt.datetime(2026, 3, 24, 12, tzinfo=dt.UTC).timestamp()
        for moment in (root / "tijdlijn").iterdir():  # not a git checkout: the files' own dates count
            os.utime(moment, (last_edit, last_edit))
        result = build(root, env={"PETITION_SERVICE_URL": "", "SOURCE_DATE_EPOCH": epoch(day)})
        assert result.returncode == 0, result.stdout + result.stderr
        built[day] = root
    return built


def test_before_the_hand_over_it_is_planned(sites):
    site = sites["2026-02-01"] / "site"
    timeline = _text(site / "tijdlijn" / "index.html")
    assert "begin maart 2026 · gepland" in " ".join(timeline.split())
    assert "Dat is gepland voor begin maart 2026" in _text(site / "petitie" / "index.html")
    assert "Wat er komt" in _text(site / "index.html")


def test_after_the_hand_over_it_was_planned_and_what_happened_follows(sites):
    site = sites["2026-03-10"] / "site"
    timeline = " ".join(_text(site / "tijdlijn" / "index.html").split())
    assert "Gepland voor begin maart 2026 · wat er gebeurde, volgt" in timeline
    petition = " ".join(_text(site / "petitie" / "index.html").split())
    assert "Dat stond gepland" in petition and "is gepland voor" not in petition


def test_long_after_every_moment_no_page_speaks_of_the_past_as_coming(sites):
    site = sites["2026-12-03"] / "site"
    found = []
    for page in site.rglob("*.html"):
        if "admin" in page.parts:
            continue
        for match in FUTURE_WORDS.finditer(_text(page)):
            found.append(f"{page.relative_to(site)}: {match.group(0)}")
    assert found == [], found
    home = _text(site / "index.html")
    assert "Bekijk de tijdlijn van de campagne" in home
    timeline = _text(site / "tijdlijn" / "index.html")
    assert "Bijgewerkt op 24 maart 2026" in " ".join(timeline.split()), "when the timeline changed, not the build"


def test_check_asks_for_the_outcome_and_for_a_closing_date(sites):
    root = sites["2026-12-03"]
    result = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch("2026-12-03")},
    )
    assert result.returncode == 0, result.stderr
    assert "tijdlijn/2026-03-01-petitie-naar-de-tweede-kamer.yml: uitkomst:" in result.stdout
    assert "vul bij `uitkomst` in wat er gebeurde" in result.stdout
    assert "petitie.sluit_op: is leeg, terwijl de overhandiging" in result.stdout
    moment = root / "tijdlijn" / "2026-03-01-petitie-naar-de-tweede-kamer.yml"
    moment.write_text(
        moment.read_text("utf-8")
        + 'uitkomst:\n  tekst: "Een testuitkomst: de handtekeningen zijn aangeboden."\n  bron: "Een testbron"\n',
        "utf-8",
    )
    again = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch("2026-12-03")},
    )
    assert "uitkomst:" not in again.stdout, again.stdout
