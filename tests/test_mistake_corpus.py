"""Our corpus of typical mistakes, as editors make them in Word, on a phone and from a spreadsheet.

Every mistake goes into its own file of one copy of the real site; `make check` and the build then
run once over all of them. Each must give its own line (file, line, field, what to do) or a note,
the same lines in check and build, and no traceback. `RATED` is our judgement of each message for
a non-programmer (read by a colleague who never used YAML): `helder` (says what to do in the
editor's words) or `redelijk` (names the place and the cause; the fix needs a second look).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import STORY, build, copy_site, story_with_photo

pytestmark = pytest.mark.slow

HEADER_END = STORY.index("---\n", 4)


@dataclass(frozen=True)
class Mistake:
    origin: str  # Word, telefoon, spreadsheet, Windows, hand
    what: str
    file: str
    text: str | bytes
    says: str  # the start of the problem line after "file:", or "Let op" text for a note
    rated: str = "helder"


def story(old: str, new: str) -> str:
    assert old in STORY, old
    return STORY.replace(old, new, 1)


CORPUS = [
    Mistake(
        "Word",
        "vaste spatie na de dubbele punt",
        "stories/f01.md",
        story("naam: Sam", "naam:\u00a0Sam"),
        "3: bevat een vaste spatie (U+00A0, vaak uit Word) na de dubbele punt",
    ),
    Mistake(
        "Word",
        "vaste spatie als inspringing",
        "stories/f02.md",
        story("themas: [contact]", "themas:\n\u00a0\u00a0- contact"),
        "11: bevat een vaste spatie (U+00A0, vaak uit Word) als inspringing",
    ),
    Mistake(
        "Word",
        "opsommingsteken • in een lijst",
        "stories/f03.md",
        story("themas: [contact]", "themas:\n• contact"),
        "11: begint met een opsommingsteken uit Word (•)",
    ),
    Mistake(
        "Word",
        "dubbele punt in een titel zonder aanhalingstekens",
        "stories/f04.md",
        story('titel: "Een titel"', "titel: Sam: een verhaal"),
        "2: titel: bevat een dubbele punt in tekst zonder aanhalingstekens",
    ),
    Mistake(
        "Word",
        "aanhalingstekens om het hele citaat",
        "stories/f05.md",
        story('citaat: "Dit is een citaat."', 'citaat: "“Dit is een citaat.”"'),
        "Let op: stories/f05.md:7: citaat: de aanhalingstekens om het citaat zijn weggelaten",
    ),
    Mistake(
        "Word",
        "tab als inspringing",
        "stories/f06.md",
        story("themas: [contact]", "themas:\n\t- contact"),
        "11: bevat een tab; verwacht spaties",
    ),
    Mistake(
        "Word",
        "kop met één # in de tekst",
        "stories/f07.md",
        story("Het verhaal zelf.", "# Mijn verhaal\n\nHet verhaal zelf."),
        "Let op: stories/f07.md:15: een kop met één # maakt een tweede hoofdtitel",
    ),
    Mistake(
        "Word",
        "link zonder sluithaakje",
        "stories/f08.md",
        story("Het verhaal zelf.", "Lees [het rapport](https://www.verwey-jonker.nl verder."),
        "Let op: stories/f08.md:15: een link is niet afgesloten",
    ),
    Mistake(
        "Word",
        "afbeelding van een andere website",
        "stories/f09.md",
        story("Het verhaal zelf.", "![Foto](https://www.hetvergetenkind.nl/foto.jpg)"),
        "Let op: stories/f09.md:15: een afbeelding van een andere website",
    ),
    Mistake(
        "Word",
        "aanhalingsteken niet gesloten",
        "stories/f10.md",
        story('citaat: "Dit is een citaat."', 'citaat: "Dit is een citaat.'),
        '7: citaat: opent een aanhalingsteken (") dat niet wordt gesloten',
    ),
    Mistake(
        "Word",
        "aanhalingstekens binnen aanhalingstekens",
        "stories/f11.md",
        story('citaat: "Dit is een citaat."', 'citaat: "Hij zei "nee" tegen mij."'),
        "7: citaat: heeft aanhalingstekens binnen aanhalingstekens",
    ),
    Mistake(
        "Word",
        "een Word-document in de map",
        "stories/notities.docx",
        b"PK\x03\x04 word",
        "is een Word-document, en de site leest alleen tekstbestanden",
    ),
    Mistake(
        "Windows",
        "bestand bewaard als ANSI (geen UTF-8)",
        "stories/f12.md",
        story("Sam", "Renée").encode("cp1252"),
        "3: het bestand is niet in UTF-8 bewaard",
    ),
    Mistake(
        "Windows",
        "Kladblok bewaarde het als .txt",
        "stories/f13.txt",
        STORY,
        "is een .txt-bestand; verwacht de extensie .md",
    ),
    Mistake(
        "telefoon",
        "hoofdletter aan het begin van de veldnaam",
        "stories/f14.md",
        story("rol: jongere", "Rol: jongere"),
        "5: Rol: de veldnaam is met een hoofdletter geschreven; verwacht precies `rol:`",
    ),
    Mistake(
        "telefoon",
        "hoofdletter in een keuzewaarde",
        "stories/f15.md",
        story("rol: jongere", "rol: Jongere"),
        '5: rol: "Jongere" is geen toegestane waarde; verwacht jongere, ouder, hulpverlener of expert',
    ),
    Mistake(
        "telefoon",
        "geen spatie na de dubbele punt",
        "stories/f16.md",
        story("naam: Sam", "naam:Sam"),
        "3: naam: mist een spatie na de dubbele punt",
    ),
    Mistake(
        "telefoon",
        "--- werd een gedachtestreepje",
        "stories/f17.md",
        "—" + STORY[3:],
        "1: de kop ontbreekt; verwacht op de eerste regel `---`",
    ),
    Mistake(
        "telefoon",
        "onzichtbaar teken in een veldnaam",
        "stories/f18.md",
        story("naam: Sam", "na\u200bam: Sam"),
        "3: naam: de veldnaam bevat een onzichtbaar teken",
    ),
    Mistake(
        "telefoon",
        "hashtag zonder aanhalingstekens",
        "stories/f19.md",
        story('samenvatting: "Een samenvatting van het verhaal."', "samenvatting: Een verhaal over zorg #jeugdzorg"),
        '8: samenvatting: bevat "#jeugdzorg" zonder aanhalingstekens',
    ),
    Mistake(
        "telefoon",
        "foto met een net andere naam",
        "stories/f20.md",
        story_with_photo("IMG 0001.JPG", "Een oranje vlak met een blauwe hoek"),
        '13: foto.bestand: "IMG 0001.JPG" bestaat niet (bedoel je "IMG_0001.jpg"?',
    ),
    Mistake(
        "telefoon",
        "een iPhone-foto (HEIC)",
        "stories/f21.md",
        story_with_photo("f21.heic", "Een oranje vlak met een blauwe hoek"),
        '13: foto.bestand: "f21.heic" is een HEIC-bestand, dat de site niet kan lezen',
        "helder",
    ),
    Mistake(
        "hand",
        "datum met de dag eerst",
        "stories/f22.md",
        story("datum: 2026-02-01", "datum: 01-02-2026"),
        '9: datum: "01-02-2026" is geen datum; verwacht een datum zoals 2026-01-29 (eerst het jaar: 2026-02-01)',
    ),
    Mistake(
        "hand",
        "datum in woorden",
        "stories/f23.md",
        story("datum: 2026-02-01", "datum: 1 februari 2026"),
        '9: datum: "1 februari 2026" is geen datum; verwacht een datum zoals 2026-01-29',
    ),
    Mistake(
        "hand",
        "leeftijd met 'jaar' erachter",
        "stories/f24.md",
        story("leeftijd: 16", "leeftijd: 16 jaar"),
        '4: leeftijd: "16 jaar" is geen getal; verwacht een getal zoals 21',
    ),
    Mistake(
        "hand",
        "ja/nee in het Nederlands",
        "stories/f25.md",
        story("bron:", "concept: nee\nbron:"),
        '12: concept: "nee" is geen ja/nee-waarde; verwacht true (ja) of false (nee)',
        "redelijk",
    ),
    Mistake(
        "hand",
        "veld vergeten",
        "stories/f26.md",
        story('bron: "Testbron voor dit verhaal"\n', ""),
        "1: bron: ontbreekt; verwacht de bron",
        "redelijk",
    ),
    Mistake(
        "hand",
        "veld twee keer",
        "stories/f27.md",
        story("naam: Sam", "naam: Sam\nnaam: Samira"),
        "4: naam: staat dubbel (ook op regel 3)",
    ),
    Mistake(
        "hand",
        "kop niet afgesloten",
        "stories/f28.md",
        STORY[:HEADER_END] + STORY[HEADER_END + 4 :],
        "1: de kop wordt niet afgesloten; verwacht een regel `---`",
    ),
    Mistake(
        "hand",
        "thema met een hoofdletter",
        "stories/f29.md",
        story("themas: [contact]", "themas: [Contact]"),
        '10: themas[1]: "Contact" is geen bekend thema; verwacht een van:',
    ),
    Mistake(
        "spreadsheet",
        "lijst met puntkomma's",
        "stories/f30.md",
        story("themas: [contact]", "themas: contact;ouders"),
        '10: themas: "contact;ouders" is geen lijst',
        "redelijk",
    ),
    Mistake(
        "spreadsheet",
        "samenvatting uit een cel, veel te lang",
        "stories/f31.md",
        story(
            'samenvatting: "Een samenvatting van het verhaal."', "samenvatting: " + "Een lange zin uit de cel. " * 12
        ),
        "8: samenvatting:",
        "helder",
    ),
    Mistake(
        "spreadsheet",
        "datum met slashes",
        "tijdlijn/f32.yml",
        'titel: "Iets"\ndatum: 18/03/2026\ntekst: "Een moment."\nbron: "Een bron"\n',
        '2: datum: "18/03/2026" is geen datum; verwacht de datum, zoals 2026-03-18 (eerst het jaar: 2026-03-18)',
    ),
    Mistake(
        "spreadsheet",
        "een kolomnaam als veld",
        "tijdlijn/f33.yml",
        'titel: "Iets"\ndatum: 2026-03-18\ntekst: "Een moment."\nbron: "Een bron"\nkleur: rood\n',
        "5: kleur: is geen bekend veld (tikfout?)",
        "redelijk",
    ),
    Mistake(
        "Word",
        "tweede hoofdtitel op een gewone pagina",
        "docs/f34.md",
        "# Een pagina\n\nTekst.\n\n# Nog een titel\n",
        "Let op: docs/f34.md:5: een kop met één # maakt een tweede hoofdtitel",
    ),
]


def _lines(output: str) -> set[str]:
    return {line.strip() for line in output.splitlines() if line.startswith("  ") and ": " in line} | {
        line.strip() for line in output.splitlines() if line.startswith("Let op: ")
    }


def test_a_note_in_the_corpus_is_said_while_the_build_goes_on(tmp_path):
    root = copy_site(tmp_path / "src")
    notes = [m for m in CORPUS if m.says.startswith("Let op")]
    for mistake in notes:
        (root / mistake.file).parent.mkdir(parents=True, exist_ok=True)
        (root / mistake.file).write_text(str(mistake.text), "utf-8")
    check = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    for mistake in notes:
        assert any(line.startswith(mistake.says) for line in check.stdout.splitlines()), check.stdout


def test_every_mistake_in_the_corpus_gets_its_own_line_in_check_and_build(tmp_path):
    assert len(CORPUS) >= 30 and len({m.file for m in CORPUS}) == len(CORPUS)
    root = copy_site(tmp_path / "src")
    from PIL import Image

    Image.new("RGB", (900, 600), "orange").save(root / "stories" / "IMG_0001.jpg")
    (root / "stories" / "f21.heic").write_bytes(
        (Path(__file__).parent / "fixtures" / "heic" / "colors-no-alpha.heic").read_bytes()
    )
    errors = [m for m in CORPUS if not m.says.startswith("Let op")]
    for mistake in errors:
        path = root / mistake.file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(mistake.text, bytes):
            path.write_bytes(mistake.text)
        else:
            path.write_text(mistake.text, "utf-8")
    check = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    built = build(root, env={"PETITION_SERVICE_URL": ""})
    said_check, said_build = check.stdout + check.stderr, built.stdout + built.stderr
    assert check.returncode != 0 and built.returncode != 0
    for said in (said_check, said_build):
        assert "Traceback" not in said and "onverwachte fout" not in said
    lines = _lines(said_check)
    missing = []
    for mistake in errors:
        separator = ":" if mistake.says[0].isdigit() else ": "  # a line number, or none (a whole file)
        wanted = f"{mistake.file}{separator}{mistake.says}"
        if not any(line.startswith(wanted) for line in lines):
            missing.append((mistake.what, wanted))
    assert missing == [], "\n".join(f"{w}: {x}" for w, x in missing) + "\n\n" + said_check
    problems = {line for line in lines if not line.startswith("Let op")}
    assert problems == {line for line in _lines(said_build) if not line.startswith("Let op")}, "check and build agree"
    corpus_files = {m.file for m in CORPUS}
    ours = {
        line
        for line in problems
        if line.split(":", 1)[0] in corpus_files or line.split(":", 1)[0] == "stories/IMG_0001.jpg"
    }
    assert len(ours) <= len(CORPUS) + 3, "one line per mistake, not a cascade"
