"""Loading and validating content: every kind of bad input gives a clear Dutch line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from hooks.collections import COLLECTIONS
from hooks.content import load
from hooks.errors import ContentError
from tests.helpers import ROOT, STORY


def write(site: Path, name: str, text: str) -> Path:
    path = site / "stories" / name
    path.write_text(text, "utf-8")
    return path


def problems(site: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load(site)
    return [str(p) for p in info.value.problems]


@pytest.mark.fast
def test_real_content_loads_every_seeded_story():
    content = load(ROOT)
    names = {s.story.name for s in content.stories}
    assert {"Marilène", "Ruben", "Mandy", "Marianne", "Sonja", "Anneke", "Jay", "Tineke"} <= names
    dates = [s.story.date for s in content.stories]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.fast
def test_every_entry_with_a_card_is_announced_while_the_content_loads():
    """A cold build starts drawing an entry's card as soon as the entry is loaded (`announce`); a
    kind that draws cards but forgets to announce its entries would have them drawn late."""
    heard: list[tuple[str, str, bool]] = []
    content = load(
        ROOT,
        listener=lambda kind, entry, loading: heard.append((kind.name, entry.slug, kind.name in loading.collections)),
    )
    with_cards = {
        (collection.name, entry.slug)
        for collection in COLLECTIONS
        for entry in collection.loaded(content).entries
        if collection.card_to_draw(entry, content) is not None
    }
    assert with_cards, "the real content has stories and episodes with drawn cards"
    assert with_cards <= {(kind, slug) for kind, slug, _ in heard}
    assert not any(loaded for _, _, loaded in heard), "heard while its kind loads, not after"


@pytest.mark.fast
@pytest.mark.parametrize("escape", ["\\r", "\\r\\n", "\\n"])
def test_a_line_break_written_as_a_yaml_escape_is_read_as_the_files_own(site, escape):
    """`titel: "Een\\rtitel"`: a carriage return reached the page as itself, where HTML reads "\\n"
    (hypothesis found it: the title on the page was no longer the editor's)."""
    write(site, "sam.md", STORY.replace('titel: "Een titel"', f'titel: "Een{escape}titel"'))
    (entry,) = load(site).stories
    assert entry.story.title == "Een\ntitel"


@pytest.mark.fast
def test_valid_story(site):
    write(site, "sam.md", STORY)
    content = load(site)
    (entry,) = content.stories
    assert (entry.slug, entry.story.age, entry.story.role.value) == ("sam", 16, "jongere")
    assert entry.body.strip() == "Het verhaal zelf."


@pytest.mark.fast
def test_wrong_type_names_file_line_field_found_and_expected(site):
    write(site, "marilene.md", STORY.replace("leeftijd: 16", 'leeftijd: "eenentwintig"'))
    assert problems(site) == [
        'stories/marilene.md:4: leeftijd: "eenentwintig" is geen getal; verwacht een getal zoals 21'
    ]


@pytest.mark.fast
def test_missing_field(site):
    write(site, "sam.md", STORY.replace('citaat: "Dit is een citaat."\n', ""))
    (line,) = problems(site)
    assert line.startswith("stories/sam.md:")
    assert "citaat: ontbreekt; verwacht het letterlijke citaat" in line


@pytest.mark.fast
def test_unknown_role_lists_the_allowed_ones(site):
    write(site, "sam.md", STORY.replace("rol: jongere", "rol: leraar"))
    assert problems(site) == [
        'stories/sam.md:5: rol: "leraar" is geen toegestane waarde; verwacht jongere, ouder, hulpverlener of expert'
    ]


@pytest.mark.fast
def test_broken_yaml_points_at_the_line(site):
    write(site, "sam.md", STORY.replace('titel: "Een titel"', 'titel: "Een titel'))
    (line,) = problems(site)
    assert line.startswith('stories/sam.md:2: titel: opent een aanhalingsteken (") dat niet wordt gesloten')


@pytest.mark.fast
def test_missing_front_matter(site):
    write(site, "sam.md", "Alleen tekst.\n")
    assert problems(site) == [
        "stories/sam.md:1: de kop ontbreekt; verwacht op de eerste regel `---`, dan de velden, dan weer `---`"
    ]


@pytest.mark.fast
def test_unclosed_front_matter(site):
    write(site, "sam.md", "---\ntitel: x\n")
    assert "de kop wordt niet afgesloten" in problems(site)[0]


@pytest.mark.fast
def test_duplicate_key_is_an_error_not_an_overwrite(site):
    write(site, "sam.md", STORY.replace("naam: Sam\n", "naam: Sam\nnaam: Kim\n"))
    (line,) = problems(site)
    assert line == "stories/sam.md:4: naam: staat dubbel (ook op regel 3); verwacht elk veld maar één keer"


@pytest.mark.fast
def test_unknown_field_is_reported_as_a_typo(site):
    write(site, "sam.md", STORY.replace("naam: Sam", "naam: Sam\nleefteid: 16"))
    (line,) = problems(site)
    assert line.startswith("stories/sam.md:4: leefteid: is geen bekend veld (tikfout?)")
    assert "leeftijd" in line


@pytest.mark.fast
def test_duplicate_slug(site):
    write(site, "sam.md", STORY)
    write(site, "Sam.md", STORY)
    (line,) = problems(site)
    assert 'hetzelfde webadres "verhalen/sam/"' in line


@pytest.mark.fast
def test_unknown_theme_and_missing_related_story(site):
    write(site, "sam.md", STORY.replace("themas: [contact]", "themas: [contact, taart]\ngerelateerd: [niemand]"))
    lines = problems(site)
    assert 'stories/sam.md:10: themas[2]: "taart" is geen bekend thema' in lines[0]
    assert 'stories/sam.md:11: gerelateerd[1]: "niemand" is geen verhaal' in lines[1]


@pytest.mark.fast
def test_every_bad_file_in_one_run(site):
    write(site, "a.md", STORY.replace("rol: jongere", "rol: x"))
    write(site, "b.md", STORY.replace("leeftijd: 16", "leeftijd: oud"))
    write(site, "c.md", STORY.replace("datum: 2026-02-01", "datum: gisteren"))
    lines = problems(site)
    assert [line.split(":")[0] for line in lines] == ["stories/a.md", "stories/b.md", "stories/c.md"]
    assert '"gisteren" is geen datum' in lines[2]


@pytest.mark.fast
def test_photo_file_missing(site):
    write(
        site,
        "sam.md",
        STORY.replace("bron:", "foto:\n  bestand: sam.jpg\n  alt: Sam op de fiets\n  toestemming: true\nbron:"),
    )
    (line,) = problems(site)
    assert line.startswith("stories/sam.md:13: foto.bestand:")
    assert '"sam.jpg" bestaat niet' in line


@pytest.mark.fast
def test_photo_without_alt_or_consent(site):
    Image.new("RGB", (10, 10)).save(site / "stories" / "sam.jpg")
    write(site, "sam.md", STORY.replace("bron:", "foto:\n  bestand: sam.jpg\n  toestemming: false\nbron:"))
    lines = problems(site)
    assert any("foto.alt: ontbreekt; verwacht een korte beschrijving" in line for line in lines)
    assert any("foto.toestemming: false is niet toegestaan; verwacht `toestemming: true`" in line for line in lines)


@pytest.mark.fast
def test_photo_that_no_story_uses_and_unknown_files(site):
    write(site, "sam.md", STORY)
    Image.new("RGB", (10, 10)).save(site / "stories" / "los.jpg")
    (site / "stories" / "notities.docx").write_bytes(b"PK")
    lines = problems(site)
    assert lines == [
        "stories/los.jpg: dit is een foto die geen verhaal gebruikt; verwacht alleen verhalen (.md) en hun foto's",
        "stories/notities.docx: is een Word-document, en de site leest alleen tekstbestanden; open het, kopieer "
        "de tekst en plak die in een .md-bestand (REDACTIE.md, 'Een verhaal toevoegen'), en haal dit bestand weg",
    ]


@pytest.mark.fast
def test_file_not_utf8(site):
    (site / "stories" / "sam.md").write_bytes(STORY.replace("Sam", "Renée").encode("latin-1"))
    (line,) = problems(site)
    assert line.startswith("stories/sam.md:3: het bestand is niet in UTF-8 bewaard"), "the line of the first é"
    assert "Kladblok" in line and "Opslaan met codering" in line, "how to save it as UTF-8"


@pytest.mark.fast
def test_windows_line_endings_and_bom_are_fine(site):
    (site / "stories" / "sam.md").write_bytes(("\ufeff" + STORY).replace("\n", "\r\n").encode("utf-8"))
    assert load(site).stories[0].story.title == "Een titel"


@pytest.mark.fast
def test_bad_campaign_file(site):
    path = site / "data" / "campagne.yml"
    path.write_text(path.read_text("utf-8").replace("iban: NL83 RABO 0172 4314 84", "iban: 12345"), "utf-8")
    (line,) = problems(site)
    assert line.startswith("data/campagne.yml:10: organisatie.iban:")


@pytest.mark.fast
def test_count_of_signatures_needs_the_date_it_was_counted(site):
    path = site / "data" / "campagne.yml"
    path.write_text(path.read_text("utf-8").replace("  handtekeningen:\n", "  handtekeningen: 12000\n"), "utf-8")
    (line,) = problems(site)
    assert line.startswith("data/campagne.yml:")
    assert "petitie: een aantal handtekeningen zonder `stand_op`" in line


@pytest.mark.fast
def test_featured_story_must_exist(site):
    path = site / "data" / "campagne.yml"
    path.write_text(
        path.read_text("utf-8").replace("  boodschap:", "  uitgelicht_verhaal: niemand\n  boodschap:"), "utf-8"
    )
    line = path.read_text("utf-8").splitlines().index("  uitgelicht_verhaal: niemand") + 1
    assert problems(site) == [
        f'data/campagne.yml:{line}: campagne.uitgelicht_verhaal: "niemand" is geen verhaal; '
        "verwacht de naam van een bestand in stories/ zonder .md"
    ]


@pytest.mark.fast
def test_parsed_files_are_reused_and_follow_every_edit(site):
    write(site, "sam.md", STORY.replace("themas: [contact]", "themas: [contact]\ngerelateerd: [piet]"))
    write(site, "piet.md", STORY.replace("naam: Sam", "naam: Piet"))
    first = load(site)
    assert (site / ".cache" / "inhoud.pickle").is_file()
    again = load(site)
    assert [(e.slug, e.story, e.body) for e in again.stories] == [(e.slug, e.story, e.body) for e in first.stories]
    write(site, "piet.md", STORY.replace("naam: Sam", "naam: Piet").replace("leeftijd: 16", "leeftijd: 17"))
    assert load(site).story("piet").story.age == 17
    # A stored file still knows its lines: a problem found across files points at the right one.
    (site / "stories" / "piet.md").unlink()
    assert problems(site) == [
        'stories/sam.md:11: gerelateerd[1]: "piet" is geen verhaal; '
        "verwacht de naam van een bestand in stories/ zonder .md"
    ]


@pytest.mark.fast
def test_a_bad_file_is_reported_on_every_build(site):
    write(site, "sam.md", STORY.replace("leeftijd: 16", 'leeftijd: "zestien"'))
    assert problems(site) == problems(site) != []


@pytest.mark.fast
def test_a_broken_cache_file_is_ignored(site):
    write(site, "sam.md", STORY)
    (site / ".cache").mkdir()
    (site / ".cache" / "inhoud.pickle").write_bytes(b"geen pickle")
    assert load(site).story("sam").story.name == "Sam"


@pytest.mark.fast
def test_docs_pages_are_checked_in_the_same_pass(site):
    """Front matter, blocks and share images of ordinary pages: found by `make check`, not one build later."""
    docs = site / "docs"
    docs.mkdir()
    (docs / "kapot.jpg").write_bytes(b"geen jpeg")
    (docs / "a.md").write_text("---\ndeelafbeelding: ../../buiten.jpg\n---\n# A\n", "utf-8")
    (docs / "b.md").write_text("---\ndeelafbeelding: nergens.jpg\ntitel: B\n---\n# B\n\n[[cijfer]]\n", "utf-8")
    (docs / "c.md").write_text("---\ndeelafbeelding: kapot.jpg\n---\n# C\n", "utf-8")
    (docs / "d.md").write_text("# Zonder kop\n", "utf-8")
    found = problems(site)
    assert (
        found[0]
        == 'docs/a.md:2: deelafbeelding: "../../buiten.jpg" ligt buiten docs/; verwacht een afbeelding naast de pagina'
    )
    assert found[1].startswith(
        "docs/b.md:3: titel: is geen bekend veld (tikfout?); verwacht een van de bekende velden:"
    )
    assert found[2].startswith("docs/b.md:7: [[cijfer]]: is geen bekend blok; verwacht een van: cijfers,")
    assert found[3].startswith('docs/c.md:2: deelafbeelding: "kapot.jpg" ')
    # The photo itself is published from docs/ too: refused here as the build refuses it.
    assert found[4] == "docs/kapot.jpg: is geen afbeelding die de site kan lezen; verwacht een JPEG- of PNG-bestand"
    assert len(found) == 5, found


@pytest.mark.fast
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["unix", "windows", "oude-mac"])
def test_an_unknown_block_is_reported_on_its_line_whatever_the_line_breaks(site, newline):
    """The line of an unknown `[[blok]]` is counted in the file as the editor sees it, also when the
    file has Windows' or old Macs' line breaks (as the front matter's lines are)."""
    text = STORY + "\nNog een alinea.\n\n[[cijfer]]\n"
    (site / "stories" / "sam.md").write_bytes(text.replace("\n", newline).encode("utf-8"))
    line = text.splitlines().index("[[cijfer]]") + 1
    assert [p for p in problems(site) if "[[cijfer]]" in p][0].startswith(f"stories/sam.md:{line}: [[cijfer]]:")
