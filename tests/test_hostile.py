"""Hostile and broken input: a fixed corpus with expected outcomes, and generated input
(hypothesis) that must either build into output that parses, or fail with our documented error."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import zlib
from pathlib import Path

import feedparser
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup
from PIL import Image

from hooks import story_feeds, structured
from hooks.content import load
from hooks.errors import ContentError, Problem
from hooks.render import jsonld, render
from tests.helpers import ROOT, STORY, build, copy_site, story_with_photo

LINE = re.compile(r"^stories/[^:]+\.md:\d+: .+; verwacht .+|^stories/[^:]+\.md:\d+: .+$")


def outcome(site: Path, raw: bytes, name: str = "sam.md") -> tuple[str, object]:
    (site / "stories" / name).write_bytes(raw)
    try:
        return "ok", load(site).stories[0]
    except ContentError as exc:
        return "error", [str(p) for p in exc.problems]


TEXT_CORPUS = [
    # (description, change to STORY, expected: "ok" or a piece of the one error line)
    ("script in title", ('titel: "Een titel"', "titel: '</script><img src=x onerror=alert(1)>'"), "ok"),
    (
        "control character",
        ('citaat: "Dit is een citaat."', 'citaat: "Dit is\x07 een citaat."'),
        "sam.md:7: bevat een onzichtbaar stuurteken (U+0007)",
    ),
    (
        "control character written as a YAML escape",
        ('citaat: "Dit is een citaat."', 'citaat: "Dit is\\x07 een citaat."'),
        "sam.md:7: citaat: bevat een onzichtbaar stuurteken (U+0007)",
    ),
    (
        "right-to-left override",
        ("naam: Sam", "naam: Sam\u202egnp.exe"),
        "sam.md:3: bevat een teken dat de leesrichting omdraait",
    ),
    ("emoji with joiners", ('citaat: "Dit is een citaat."', 'citaat: "Ons gezin 👨‍👩‍👧‍👦 hoort bij elkaar ❤️"'), "ok"),
    ("very long title", ('titel: "Een titel"', 'titel: "' + "lang " * 100 + '"'), 'titel: "lang lang'),
    ("smart quotes and nbsp", ('titel: "Een titel"', "titel: '‘Thuis’ is\u00a0“thuis”'"), "ok"),
    ("yaml no", ("naam: Sam", "naam: no"), "naam: false is geen tekst (YAML leest het als een ja/nee-waarde)"),
    ("yaml on", ("naam: Sam", "naam: on"), "naam: true is geen tekst (YAML leest het als een ja/nee-waarde)"),
    ("yaml 1.10", ('titel: "Een titel"', "titel: 1.10"), "titel: 1.1 is geen tekst (YAML leest het als een getal)"),
    (
        "date with time",
        ("datum: 2026-02-01", "datum: 2026-02-01 10:30:00"),
        "datum: 2026-02-01T10:30:00 heeft ook een tijd",
    ),
    (
        "unquoted colon",
        ('titel: "Een titel"', "titel: Thuis: altijd"),
        "sam.md:2: titel: bevat een dubbele punt in tekst zonder aanhalingstekens",
    ),
    ("tab after the colon", ("naam: Sam", "naam:\tSam"), "ok"),
    ("tab indentation", ("bron:", "foto:\n\tbestand: x.jpg\nbron:"), "sam.md:13: bevat een tab; verwacht spaties"),
    ("duplicate key", ("rol: jongere", "rol: jongere\nrol: ouder"), "rol: staat dubbel"),
    (
        "alias bomb",
        ("naam: Sam", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nnaam: Sam"),
        "verwijzingen (*naam) zijn niet toegestaan",
    ),
]


@pytest.mark.fast
@pytest.mark.parametrize("description, change, expected", TEXT_CORPUS, ids=[c[0] for c in TEXT_CORPUS])
def test_text_and_yaml_corpus(site, description, change, expected):
    old, new = change
    assert old in STORY
    kind, result = outcome(site, STORY.replace(old, new, 1).encode("utf-8"))
    if expected == "ok":
        assert kind == "ok", result
    else:
        assert kind == "error", f"{description}: accepted"
        assert len(result) == 1 and expected in result[0], result


@pytest.mark.fast
@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"", "sam.md:1: de kop ontbreekt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "sam.md:1: het bestand is niet in UTF-8 bewaard"),
        (b"\x00\x01\x02 tekst", "sam.md:1: bevat een onzichtbaar stuurteken (U+0000)"),
        ("\ufeff".encode() + STORY.replace("\n", "\r\n").encode(), "ok"),
    ],
    ids=["empty", "binary", "nul bytes", "bom and crlf"],
)
def test_files_that_are_not_what_they_seem(site, raw, expected):
    kind, result = outcome(site, raw)
    assert (kind == "ok") if expected == "ok" else (kind == "error" and expected in result[0]), result


def png_bomb(path: Path) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 40000, 40000, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )


def rotated_jpeg(path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    Image.new("RGB", (800, 600), "red").save(path, exif=exif)


IMAGES = {
    "bomb.png": (png_bomb, "is te groot om veilig te openen"),
    "kapot.jpg": (lambda p: p.write_bytes(io.BytesIO(_jpeg()).getvalue()[:400]), "is beschadigd of onvolledig"),
    "cmyk.jpg": (lambda p: Image.new("CMYK", (900, 600), (0, 50, 100, 0)).save(p), (900, 600)),
    "diep.png": (lambda p: Image.new("I;16", (900, 600), 30000).save(p), (900, 600)),
    "bewegend.gif": (
        lambda p: Image.new("P", (900, 600)).save(p, save_all=True, append_images=[Image.new("P", (900, 600), 3)]),
        (900, 600),
    ),
    "vector.svg": (
        lambda p: p.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>"),
        "is geen foto; verwacht een .jpg",
    ),
    "foto.webp": (lambda p: Image.new("RGB", (900, 600), "blue").save(p, "WEBP"), (900, 600)),
    "postzegel.jpg": (lambda p: Image.new("RGB", (40, 30), "blue").save(p), "is te klein (40×30 pixels)"),
    "iphone.heic": (
        lambda p: p.write_bytes(b"\x00\x00\x00\x18ftypheic"),
        "is een HEIC-bestand, dat de site niet kan lezen",
    ),
    "gedraaid.jpg": (rotated_jpeg, (600, 800)),
}


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 400), "green").save(out, "JPEG")
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("name", IMAGES)
def test_image_corpus(site, name):
    make, expected = IMAGES[name]
    make(site / "stories" / name)
    story = story_with_photo(name, "Een testbeeld")
    kind, result = outcome(site, story.encode())
    if isinstance(expected, tuple):
        assert kind == "ok", result
        published = Image.open(io.BytesIO(result.photo.data))
        assert published.size == expected and published.mode == "RGB"
        assert not published.getexif() and "icc_profile" not in published.info and "xmp" not in published.info
    else:
        assert kind == "error" and len(result) == 1 and expected in result[0], result
        assert result[0].startswith("stories/sam.md:13: foto.bestand:")


@pytest.mark.fast
def test_truncated_audio_is_refused(tmp_path):
    shutil.copytree(ROOT / "podcast", tmp_path / "podcast")
    shutil.copytree(ROOT / "stories", tmp_path / "stories")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "tijdlijn", tmp_path / "tijdlijn")  # the moments the campaign data names
    audio = tmp_path / "podcast" / "audio" / "voorbeeld.mp3"
    audio.write_bytes(audio.read_bytes()[:30_000])
    with pytest.raises(ContentError) as info:
        load(tmp_path)
    (problem,) = info.value.problems
    assert "is onvolledig: de kop belooft 23 seconden" in str(problem)


@pytest.mark.slow
def test_every_content_file_is_counted(real_site):
    from hooks.collections import COLLECTIONS
    from hooks.content import load as load_real

    content = load_real(ROOT)
    files = [p for collection in COLLECTIONS for p in collection.entry_files(ROOT)]  # every kind, a new one too
    assert len(files) >= 17
    assert sum(content.count().values()) == len(files)


# --- generated input -------------------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=80)  # type: ignore[arg-type]
values = st.one_of(texts, st.integers(-5, 200), st.booleans(), st.none(), st.dates(), st.lists(texts, max_size=3))
FIELDS = [
    "titel",
    "naam",
    "leeftijd",
    "rol",
    "schuilnaam",
    "citaat",
    "samenvatting",
    "datum",
    "themas",
    "bron",
    "toestemming",
    "functie",
]
BASE = yaml.safe_load(STORY.split("---")[1])


@st.composite
def front_matter(draw):
    data = dict(BASE)
    for key in draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True)):
        if draw(st.booleans()):
            data[key] = draw(values)
        else:
            data.pop(key, None)
    return data


def assert_title_shown_once(tree, title: str) -> None:
    """The title is on the page once: marked inside the quote it comes from, or on its own."""
    marked = tree.xpath("string(//blockquote//strong)")
    alone = tree.xpath("string(//*[@class='hvk-story__title'])")
    assert bool(marked) != bool(alone), (marked, alone)
    if marked:
        assert marked.casefold().startswith(title.strip().rstrip(".!?…").casefold())
    else:
        assert alone == title


def check_outputs(entry, campaign) -> None:
    """Everything we make from a story parses, and carries the editor's text unchanged."""
    page = render(
        "story.html",
        entry=entry,
        body=Markup("<p>tekst</p>"),
        related=[],
        photo=None,
        status="gepubliceerd",
        share_url="https://x.nl/verhalen/sam/",
        share_title=entry.story.title,
        share_links=[],
        campaign=campaign,
        roles=campaign.roles,
        themes=campaign.themes,
        link=lambda target: target,
    )
    tree = lxml_html.fromstring(str(page))
    assert tree.xpath("string(//h1)").startswith(entry.speaker)
    assert tree.xpath("string(//blockquote/p)") == entry.story.quote
    assert_title_shown_once(tree, entry.story.title)
    data = json.loads(str(jsonld(structured.article(entry, campaign, "https://x.nl/", "https://x.nl/k.png"))))
    assert data["headline"] == entry.story.title
    rss = story_feeds.rss([entry], "https://x.nl/", {})
    etree.fromstring(rss)
    assert not feedparser.parse(rss).bozo
    items = json.loads(story_feeds.json_feed([entry], "https://x.nl/", {}, {}))["items"]
    assert items[0]["title"] == entry.story.title


@pytest.mark.fast
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@given(data=front_matter(), body=texts)
def test_generated_stories_give_valid_output_or_our_error(site, data, body):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body + "\n"
    (site / "stories" / "sam.md").write_text(text, "utf-8")
    try:
        content = load(site)
    except ContentError as exc:
        assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
        for problem in exc.problems:
            assert str(problem).startswith("stories/sam.md:"), str(problem)
        return
    (entry,) = content.stories + content.held_back
    check_outputs(entry, content.campaign)


@pytest.mark.fast
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(raw=st.binary(max_size=300) | texts.map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8", "surrogatepass")))
def test_any_bytes_are_loaded_or_refused_never_crash(site, raw):
    (site / "stories" / "sam.md").write_bytes(raw)
    try:
        load(site)
    except ContentError as exc:
        assert all(str(p).startswith("stories/sam.md:") for p in exc.problems)


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    title=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")), min_size=3, max_size=60
    ).filter(lambda t: t.strip() and len(t.strip()) >= 3),
    quote=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")), min_size=5, max_size=120
    ).filter(lambda t: len(t.strip()) >= 5),
)
def test_generated_story_through_the_real_build(tmp_path_factory, title, quote):
    root = copy_site(tmp_path_factory.mktemp("gen") / "src")
    data = dict(BASE, titel=title, citaat=quote)
    (root / "stories" / "sam.md").write_text(
        "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nTekst.\n", "utf-8"
    )
    result = build(root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    if result.returncode != 0:
        assert "De inhoud klopt niet" in output and "stories/sam.md:" in output
        return
    page = (root / "site" / "verhalen" / "sam" / "index.html").read_text("utf-8")
    tree = lxml_html.fromstring(page)
    assert_title_shown_once(tree, title)
    for block in tree.xpath("//script[@type='application/ld+json']"):
        json.loads(block.text)
    etree.fromstring((root / "site" / "verhalen" / "feed.xml").read_bytes())
    json.loads((root / "site" / "verhalen" / "feed.json").read_text("utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("rel", ["docs/weg.html", "docs/plaatje.svg", "docs/extra.js"])
def test_the_build_refuses_what_check_refuses_in_docs(tmp_path, rel):
    from tests.helpers import build, copy_site, tree_digest
    from tests.test_hostile_content import HOSTILE_FILES

    site = copy_site(tmp_path / "site")
    assert build(site, env={"PETITION_SERVICE_URL": ""}).returncode == 0
    before = tree_digest(site / "site")
    (site / rel).write_text(HOSTILE_FILES[rel], "utf-8")
    result = build(site, env={"PETITION_SERVICE_URL": ""})
    assert result.returncode != 0
    said = result.stdout + result.stderr  # MkDocs prints the abort on stdout
    assert f"{rel}: wordt niet gepubliceerd" in said and "Traceback" not in said
    assert tree_digest(site / "site") == before, "the last good site stays"
