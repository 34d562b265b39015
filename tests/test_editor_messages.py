"""Messages an editor can act on: YAML mistakes explained in Dutch by their cause (not the parser's
English), a #hashtag that would silently cut a text, a Finder or cloud copy that would be published
twice, a photo too small to show, a duplicate guid reported on the newer episode, and a new story
from any title."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from PIL import Image

from hooks.content import load
from hooks.errors import ContentError
from tests.helpers import EXAMPLE_EPISODE, ROOT, STORY, copy_site, publish_example, story_with_photo

ENGLISH = re.compile(r"\b(mapping|expected|found|scanning|token|stream|block|alias)\b", re.IGNORECASE)


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load(root)
    return [str(p) for p in info.value.problems]


@pytest.mark.fast
@pytest.mark.parametrize(
    ("old", "new", "line", "explained"),
    [
        (
            'titel: "Een titel"',
            "titel: Sam: een verhaal",
            2,
            "titel: bevat een dubbele punt in tekst zonder aanhalingstekens",
        ),
        ("naam: Sam", "  naam: Sam", 3, "naam: springt verder in dan de regel erboven"),
        (
            'citaat: "Dit is een citaat."',
            'citaat: "Hij zei "nee" tegen mij."',
            7,
            "citaat: heeft aanhalingstekens binnen aanhalingstekens",
        ),
        (
            'citaat: "Dit is een citaat."',
            'citaat: "Dit is een citaat.',
            7,
            'citaat: opent een aanhalingsteken (") dat niet wordt gesloten',
        ),
        ("naam: Sam", "naam: @sam", 3, "naam: begint met '@', dat in YAML iets anders betekent"),
        (
            "themas: [contact]",
            "themas: - contact",
            10,
            "themas: heeft een lijst op de verkeerde plek; verwacht de lijst op de regels onder het veld",
        ),
        ("rol: jongere", "rol jongere", 5, "mist een dubbele punt; verwacht `veld: waarde`"),
        (
            'samenvatting: "Een samenvatting van het verhaal."',
            "samenvatting: Een verhaal over zorg #jeugdzorg",
            8,
            'samenvatting: bevat "#jeugdzorg" zonder aanhalingstekens',
        ),
        # What a phone or a Dutch hand writes: one line with the fix.
        (
            "rol: jongere",
            "Rol: jongere",
            5,
            "Rol: de veldnaam is met een hoofdletter geschreven; verwacht precies `rol:`",
        ),
        ("naam: Sam", "na\u200bam: Sam", 3, "naam: de veldnaam bevat een onzichtbaar teken; verwacht precies `naam:`"),
        (
            "datum: 2026-02-01",
            "datum: 1-2-2026",
            9,
            'datum: "1-2-2026" is geen datum; verwacht een datum zoals 2026-01-29 (eerst het jaar: 2026-02-01)',
        ),
    ],
)
def test_yaml_mistakes_are_explained_by_cause(site, old, new, line, explained):
    assert old in STORY
    (site / "stories" / "sam.md").write_text(STORY.replace(old, new), "utf-8")
    found = problems(site)
    assert len(found) == 1, found
    assert found[0].startswith(f"stories/sam.md:{line}: {explained}"), found[0]
    assert not ENGLISH.search(found[0]), "in Dutch, not the parser's English"


@pytest.mark.fast
def test_a_comment_after_a_value_is_still_a_comment(site):
    (site / "stories" / "sam.md").write_text(STORY.replace("leeftijd: 16", "leeftijd: 16 # bij het gesprek"), "utf-8")
    assert load(site).stories[0].story.age == 16


@pytest.mark.fast
@pytest.mark.parametrize("copy", ["sam kopie", "sam - Kopie", "Kopie van sam", "sam copy 2", "sam (1)", "sam 2"])
def test_a_finder_or_cloud_copy_is_named_not_published_twice(site, copy):
    (site / "stories" / "sam.md").write_text(STORY, "utf-8")
    (site / "stories" / f"{copy}.md").write_text(STORY, "utf-8")
    found = problems(site)
    assert f"stories/{copy}.md: lijkt een kopie van stories/sam.md; verwacht één bestand per onderdeel" in found[0]


@pytest.mark.fast
def test_names_that_only_look_alike_are_fine(site):
    for name in ("aflevering-1", "aflevering-2", "sam", "samira"):
        (site / "stories" / f"{name}.md").write_text(STORY.replace("Sam", name.capitalize()), "utf-8")
    assert len(load(site).stories) == 4


@pytest.mark.fast
@pytest.mark.parametrize(("size", "refused"), [((40, 30), True), ((599, 800), True), ((600, 400), False)])
def test_a_photo_too_small_to_show_is_refused(site, size, refused):
    Image.new("RGB", size, "orange").save(site / "stories" / "sam.jpg")
    (site / "stories" / "sam.md").write_text(story_with_photo("sam.jpg"), "utf-8")
    if refused:
        (line,) = problems(site)
        assert f'foto.bestand: "sam.jpg" is te klein ({size[0]}×{size[1]} pixels); verwacht minstens 600×400' in line
    else:
        assert load(site).stories[0].photo is not None


@pytest.mark.fast
def test_a_photo_too_large_for_git_is_refused_with_what_to_do(site):
    """A camera original of 12 MB (noise does not compress): git would keep it for good."""
    import os

    Image.frombytes("RGB", (2000, 2000), os.urandom(2000 * 2000 * 3)).save(site / "stories" / "sam.png")
    assert (site / "stories" / "sam.png").stat().st_size > 10_000_000
    (site / "stories" / "sam.md").write_text(story_with_photo("sam.png", "Een vlak vol gekleurde ruis"), "utf-8")
    (line,) = problems(site)
    assert "foto.bestand:" in line and "MB; verwacht hoogstens 10 MB" in line and "2400 pixels" in line, line


@pytest.mark.fast
def test_a_duplicate_guid_is_reported_on_the_newer_episode(tmp_path):
    root = tmp_path
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "tijdlijn", root / "tijdlijn")
    shutil.copytree(ROOT / "podcast", root / "podcast")
    shutil.copytree(ROOT / "stories", root / "stories")
    publish_example(root)
    original = (root / EXAMPLE_EPISODE).read_text("utf-8")
    # A newer episode, made by copying the old one, whose file name sorts first.
    newer = original.replace("nummer: 1", "nummer: 2").replace("datum: 2026-01-29", "datum: 2026-02-05")
    (root / "podcast" / "episodes" / "aaa-nieuw.md").write_text(newer, "utf-8")
    found = [p for p in problems(root) if "guid" in p]
    assert len(found) == 1 and re.match(
        r"podcast/episodes/aaa-nieuw\.md:\d+: guid: heeft dezelfde guid als podcast/episodes/voorbeeld\.md", found[0]
    ), found


@pytest.mark.slow
def test_a_new_story_from_any_title(tmp_path):
    root = copy_site(tmp_path / "site")
    title = """Het "huis" van `id`, $(whoami) & 'co' $HOME"""
    made = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "nieuw-verhaal", f"SITE_ROOT={root}", f"TITEL={title}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    (path,) = [p for p in (root / "stories").glob("*.md") if "huis" in p.name]
    assert load(
        root,
    ).stories  # the new draft is valid as it is
    from hooks.frontmatter import parse

    assert parse(path.name, path.read_text("utf-8")).data["titel"] == title, "the title exactly as typed"


@pytest.mark.slow
def test_check_says_what_waits_and_until_when(tmp_path):
    import datetime as dt
    import sys

    root = copy_site(tmp_path / "site", example_published=False)
    later = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    (root / "stories" / "later.md").write_text(STORY.replace("datum: 2026-02-01", f"datum: {later}"), "utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    from hooks.render import dutch_date

    day = dutch_date(dt.date.fromisoformat(later))
    lines = checked.stdout.splitlines()
    assert (
        f"Nog niet op de site: stories/later.md: gepland, verschijnt op {day} (bij de eerste build op of na die dag)"
        in lines
    )
    assert (
        "Nog niet op de site: podcast/episodes/voorbeeld.md: concept (zet concept op false om te publiceren)" in lines
    )


@pytest.mark.fast
def test_the_site_is_built_every_day_so_a_dated_item_appears_on_its_day():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    (schedule,) = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and int(hour) < 7, "every morning"
    assert "refs/heads/main" in workflow["jobs"]["deploy"]["if"], "a scheduled run deploys (it runs on main)"


def _revealing_photo(path: Path) -> None:
    photo = Image.new("RGB", (900, 600), "orange")
    exif = photo.getexif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 30.0)}  # GPS latitude
    photo.save(path, exif=exif)


@pytest.mark.fast
def test_a_photo_that_tells_where_or_with_what_is_refused_in_the_repository(site):
    _revealing_photo(site / "stories" / "sam.jpg")
    (site / "stories" / "sam.md").write_text(story_with_photo("sam.jpg"), "utf-8")
    (line,) = problems(site)
    assert line.startswith("stories/sam.md:13: foto.bestand:")
    assert "de plek waar hij is gemaakt (GPS) en het merk of serienummer van de camera" in line
    assert "`make foto-schoon`" in line


@pytest.mark.slow
def test_make_foto_schoon_cleans_every_photo_in_place(tmp_path):
    root = copy_site(tmp_path / "site")
    _revealing_photo(root / "stories" / "sam.jpg")
    (root / "docs" / "foto.jpg").parent.mkdir(exist_ok=True)
    _revealing_photo(root / "docs" / "foto.jpg")
    made = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "foto-schoon", f"SITE_ROOT={root}"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Schoongemaakt: stories/sam.jpg" in made.stdout and "Schoongemaakt: docs/foto.jpg" in made.stdout
    for path in (root / "stories" / "sam.jpg", root / "docs" / "foto.jpg"):
        data = path.read_bytes()
        assert b"PhoneMaker" not in data
        with Image.open(path) as image:
            assert not image.getexif() and image.size == (900, 600)


@pytest.mark.slow
def test_a_withdrawn_story_needs_nothing_but_withdrawn(tmp_path):
    import sys

    root = copy_site(tmp_path / "site")
    (root / "stories" / "ruben.md").write_text("---\ningetrokken: true\n---\n", "utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    # Nothing to note about the story (the repository's own notes, such as the timeline's, may be there).
    assert "1 ingetrokken" in checked.stdout
    assert not [line for line in checked.stdout.splitlines() if line.startswith("Let op") and "stories/" in line]
    from tests.helpers import build

    built = build(root, env={"PETITION_SERVICE_URL": ""})
    assert built.returncode == 0, built.stdout + built.stderr
    page = (root / "site" / "verhalen" / "ruben" / "index.html").read_text("utf-8")
    assert "noindex" in page and "Ruben" not in page.split('id="inhoud"')[1]
    assert "ruben" not in (root / "site" / "sitemap.xml").read_text("utf-8")
    assert 'href="ruben/"' not in (root / "site" / "verhalen" / "index.html").read_text("utf-8")
    # Keeping the rest of the story is allowed, and named.
    kept = (ROOT / "stories" / "ruben.md").read_text("utf-8").replace("---\n", "---\ningetrokken: true\n", 1)
    (root / "stories" / "ruben.md").write_text(kept, "utf-8")
    again = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    assert (
        "Let op: stories/ruben.md:2: ingetrokken: het verhaal is ingetrokken, maar het bestand bewaart nog"
        in again.stdout
    )


def _story_with(header: str):
    """A story file with this front matter, as the build parses it."""
    from hooks.frontmatter import parse

    return parse("stories/x.md", f"---\n{header}---\nTekst\n")


@pytest.mark.fast
@pytest.mark.parametrize(
    ("header", "line", "place"),
    [
        ("titel: Ja\nnaam:\u00a0Jay\n", 3, "na de dubbele punt"),
        ("titel: Ja\nnaam: \u00a0Jay\n", 3, "na de dubbele punt"),
        ("titel: Ja\nthemas:\n\u00a0\u00a0- ouders\n", 4, "als inspringing"),
        ("titel: Ja\nnaam: Jay\u00a0\n", 3, "aan het eind van de regel"),
        ("titel: Ja\nnaam:\u202fJay\n", 3, "na de dubbele punt"),
    ],
)
def test_a_word_space_is_named_on_its_own_line(header, line, place):
    """Word's non-breaking space where YAML needs a space was reported on another line as an
    indentation error, or slipped into a value that looked right (#28)."""
    doc = _story_with(header)
    assert [(p.line, place in p.message) for p in doc.problems] == [(line, True)], doc.problems
    assert "typ de spatie opnieuw" in doc.problems[0].message


@pytest.mark.fast
def test_a_word_space_inside_a_text_is_fine():
    doc = _story_with('functie: gezins\u00a0huisouder\ncitaat: "21\u00a0jaar"\n')
    assert doc.problems == [] and doc.data["functie"] == "gezins\u00a0huisouder"


@pytest.mark.fast
@pytest.mark.parametrize(
    ("header", "line", "says"),
    [
        ("titel: Ja\nnaam:Sam\nrol: jongere\n", 3, "naam: mist een spatie na de dubbele punt; verwacht `naam: Sam`"),
        ("titel: Ja\nthemas:\n• ouders\n• contact\n", 4, "opsommingsteken uit Word (•)"),
        ("titel: Ja\nurl:https://example.org\n", 3, "verwacht `url: https://example.org`"),
    ],
)
def test_word_processor_mistakes_are_named_on_their_own_line(header, line, says):
    """`naam:Sam` was "springt anders in" on the next line, a Word bullet "mist een dubbele punt" (#28)."""
    doc = _story_with(header)
    assert doc.problems[0].line == line and says in str(doc.problems[0]), doc.problems


@pytest.mark.fast
def test_a_photo_named_nearly_right_says_which_file_is_there(site):
    Image.new("RGB", (900, 600), "orange").save(site / "stories" / "IMG_0001.jpg")
    (site / "stories" / "sam.md").write_text(story_with_photo("IMG 0001.JPG"), "utf-8")
    lines = problems(site)
    assert any('"IMG 0001.JPG" bestaat niet (bedoel je "IMG_0001.jpg"?' in line for line in lines), lines
