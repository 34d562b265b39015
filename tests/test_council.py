"""The council toolkit: the motion and the written questions as .txt, .docx and .odt, each the same
document, read back from the files' own XML (not through the libraries that wrote them), in Dutch,
without instruction lines, dates or other metadata."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.helpers import ROOT

pytestmark = pytest.mark.slow
DATA = yaml.safe_load((ROOT / "data" / "campagne.yml").read_text("utf-8"))
SLUGS = ("motie-gezinshulp-eerst", "schriftelijke-vragen-gezinshulp-eerst")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def docx_paragraphs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    return [
        "".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p") if p.find(f".//{W}t") is not None
    ]


def odt_paragraphs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        assert z.namelist()[0] == "mimetype" and z.infolist()[0].compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        body = etree.fromstring(z.read("content.xml"))
    return ["".join(e.itertext()) for e in body.iter(f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h")]


def text_lines(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line.strip()]


def _plain(line: str) -> str:
    return re.sub(r"^(- |• )", "", line).strip().lower()


@pytest.mark.parametrize("slug", SLUGS)
def test_three_formats_one_document(real_site, slug):
    folder = real_site / "gemeenten"
    txt = [_plain(x) for x in text_lines(folder / f"{slug}.txt")]
    assert [_plain(x) for x in docx_paragraphs(folder / f"{slug}.docx")] == txt
    assert [_plain(x) for x in odt_paragraphs(folder / f"{slug}.odt")] == txt
    for line in txt:
        assert "pas de tekst aan" not in line and "voorbeeldtekst" not in line and "hulp bij" not in line
    page = (folder / "index.html").read_text("utf-8")
    for ext in (".docx", ".odt", ".txt"):
        assert re.search(rf'href="{slug}{re.escape(ext)}"[^>]* download', page), ext


@pytest.mark.parametrize("slug", SLUGS)
def test_no_metadata_and_dutch(real_site, slug):
    folder = real_site / "gemeenten"
    for ext in (".docx", ".odt"):
        with zipfile.ZipFile(folder / f"{slug}{ext}") as z:
            assert {info.date_time for info in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
            everything = b"".join(z.read(name) for name in z.namelist())
    with zipfile.ZipFile(folder / f"{slug}.docx") as z:
        core = etree.fromstring(z.read("docProps/core.xml"))
        styles = z.read("word/styles.xml").decode()
    people = {e.text for e in core if etree.QName(e).localname in ("creator", "lastModifiedBy")}
    assert people == {DATA["organisatie"]["naam"]}
    assert 'w:val="nl-NL"' in styles
    with zipfile.ZipFile(folder / f"{slug}.odt") as z:
        meta = z.read("meta.xml").decode()
    assert "<dc:language>nl-NL</dc:language>" in meta and "meta:creation-date" not in meta
    assert b"root" not in everything and b"/tmp" not in everything


def test_the_questions_ask_what_the_campaign_proposes(real_site):
    text = (real_site / "gemeenten" / "schriftelijke-vragen-gezinshulp-eerst.txt").read_text("utf-8")
    questions = re.findall(r"^\d+\. (.+)$", text, re.M)
    assert all(q.endswith("?") for q in questions)
    for proposal in DATA["tekstvoorstellen"]:
        assert " ".join(proposal["verzoek"].split()).rstrip(";") in text
    for figure in DATA["cijfers"]:
        assert f"{figure['waarde']} {figure['tekst']} (bron: {figure['bron']})" in text
