"""Plain language on every page of the real site, measured on its own visible words (quotes and
the sources' verbatim texts left out, see tests/readability.py):

- LIX at most 43 and Flesch-Douma at least 55 on every page with 50 words or more of its own: the
  upper edge of B1 (LIX below 40 and Flesch-Douma above 60 is plain B1; /onderzoek/, the page that
  read at LIX 45 and Flesch-Douma 49 before, now reads well inside it, and must stay there);
- one form of address per page: "je" on the public pages, "u" on the council page.
"""

from __future__ import annotations

import re

import pytest

from tests.readability import measures, report, visible_text

pytestmark = pytest.mark.slow
MAX_LIX, MIN_DOUMA, MIN_WORDS = 43, 55, 50
COUNCIL_PAGES = {"gemeenten/"}
INFORMAL = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


def test_every_page_reads_at_b1(real_site):
    rows = report(real_site)
    table = "\n".join(
        f"{page:45} {words:5} woorden  LIX {lix:5.1f}  Flesch-Douma {douma:5.1f}" for page, words, lix, douma in rows
    )
    print("\n" + table)  # the report, in the test output (`pytest -s`)
    too_hard = [r for r in rows if r[1] >= MIN_WORDS and (r[2] > MAX_LIX or r[3] < MIN_DOUMA)]
    assert too_hard == [], table
    research = next(r for r in rows if r[0] == "onderzoek/")
    assert research[2] < 40 and research[3] > 60, "the research page reads as plain B1"


def test_the_measures_tell_hard_from_plain():
    plain = "Het kind woont thuis. De ouders krijgen hulp. Dat werkt goed."
    hard = (
        "Domeinoverstijgende samenwerking tussen organisaties vereist structurele investeringen in "
        "continuïteit, deskundigheidsbevordering en intervisiebijeenkomsten voor professionals."
    )
    assert measures(plain)[1] < 25 < 60 < measures(hard)[1]
    assert measures(plain)[2] > 80 > 20 > measures(hard)[2]


def test_one_form_of_address_per_page(real_site):
    mixed = []
    for path in sorted(real_site.rglob("index.html")):
        page = path.parent.relative_to(real_site).as_posix() + "/"
        if "admin" in path.parts:
            continue
        text = visible_text(path.read_text("utf-8"))
        wrong = FORMAL if page not in COUNCIL_PAGES else INFORMAL
        found = sorted({m.group(0).lower() for m in wrong.finditer(text)})
        if found:
            mixed.append((page, found))
    assert mixed == []
