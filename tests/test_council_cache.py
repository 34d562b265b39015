"""The council documents' office files kept between builds (`council.files`): the same bytes as
made afresh, made again when anything they are made from changes or the kept file is broken."""

from __future__ import annotations

import pytest

from hooks import council

pytestmark = pytest.mark.fast

MOTION = council.CouncilDocument(
    "motie",
    "Motie",
    council.read_blocks("# Motie\n## Overwegende\n- dat kinderen thuis horen\n1. Verzoekt het college\nTekst."),
)


def test_kept_files_are_the_files_made_afresh(tmp_path):
    fresh = council.files(MOTION, "Het Vergeten Kind")
    assert set(fresh) == {".txt", ".docx", ".odt"}
    first = council.files(MOTION, "Het Vergeten Kind", tmp_path)
    assert first == fresh and len(list(tmp_path.glob("*.docx"))) == 1 and len(list(tmp_path.glob("*.odt"))) == 1
    assert council.files(MOTION, "Het Vergeten Kind", tmp_path) == fresh


@pytest.mark.parametrize(
    "changed",
    [
        ("Een andere stichting", MOTION),
        ("Het Vergeten Kind", council.CouncilDocument("motie", "Motie", MOTION.blocks[:-1])),
    ],
    ids=["auteur", "tekst"],
)
def test_a_change_makes_them_again(tmp_path, changed):
    author, document = changed
    council.files(MOTION, "Het Vergeten Kind", tmp_path)
    assert council.files(document, author, tmp_path) == council.files(document, author)
    assert len(list(tmp_path.glob("*.docx"))) == 2


def test_a_broken_kept_file_is_made_again(tmp_path):
    council.files(MOTION, "Het Vergeten Kind", tmp_path)
    for kept in [*tmp_path.glob("*.docx"), *tmp_path.glob("*.odt")]:
        kept.write_bytes(kept.read_bytes()[:100])
    assert council.files(MOTION, "Het Vergeten Kind", tmp_path) == council.files(MOTION, "Het Vergeten Kind")


def test_a_document_is_the_same_bytes_whatever_was_written_before_it():
    """odfpy declares in each file every namespace any document of the process used: the writer
    starts each file from the same ones, so the order of the documents changes no byte."""
    questions = council.CouncilDocument("vragen", "Vragen", council.read_blocks("# Vragen\n1. Hoeveel kinderen?"))
    first = council.odt(MOTION, "Het Vergeten Kind"), council.docx(MOTION, "Het Vergeten Kind")
    council.odt(questions, "Het Vergeten Kind")
    council.docx(questions, "Het Vergeten Kind")
    assert (council.odt(MOTION, "Het Vergeten Kind"), council.docx(MOTION, "Het Vergeten Kind")) == first
