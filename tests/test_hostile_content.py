"""Careless and hostile front matter and bodies that used to slip through: each now one Dutch line."""

from __future__ import annotations

import shutil

import pytest

from hooks.content import load
from hooks.errors import ContentError
from tests.helpers import ROOT

pytestmark = pytest.mark.fast


@pytest.fixture
def root(tmp_path):
    for part in ("data", "stories", "manifests", "podcast", "tijdlijn", "docs"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


def _edit(root, rel, old, new):
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _problems(root) -> list[str]:
    try:
        load(root)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


CASES = [
    (
        "binary name",
        "stories/jay.md",
        "naam: Jay",
        "naam: !!binary SmF5G1szMW0=",
        "stories/jay.md:3: de markering !!binary is niet toegestaan",
    ),
    (
        "set tag",
        "stories/jay.md",
        "themas: [ouders]",
        "themas: !!set {ouders: null}",
        "de markering !!set is niet toegestaan",
    ),
    (
        "own tag",
        "manifests/gezinshulp-eerst.md",
        "---\n",
        "---\nx: !eigen waarde\n",
        "de markering !eigen is niet toegestaan",
    ),
    (
        "10,000 repeats",
        "stories/jay.md",
        "themas: [ouders]",
        "themas: [" + ", ".join(["ouders"] * 10000) + "]",
        'stories/jay.md:10: themas: noemt "ouders" meer dan eens',
    ),
    (
        "placeholder name",
        "stories/jay.md",
        "naam: Jay",
        'naam: "Voornaam"',
        "stories/jay.md:3: naam: is nog de tekst uit het sjabloon",
    ),
    (
        "placeholder quote",
        "stories/jay.md",
        'citaat: "',
        'citaat: "Schrijf hier het citaat. ',
        "citaat: is nog de tekst uit het sjabloon",
    ),
]


@pytest.mark.parametrize(("label", "rel", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_refused_with_one_line(root, label, rel, old, new, expected):
    _edit(root, rel, old, new)
    found = _problems(root)
    assert any(expected in line for line in found), found


@pytest.mark.parametrize("rel", ["stories/jay.md", "manifests/gezinshulp-eerst.md", "podcast/episodes/voorbeeld.md"])
def test_an_unknown_block_in_any_body_is_refused_a_known_one_is_fine(root, rel):
    path = root / rel
    lines = path.read_text("utf-8").count("\n")
    path.write_text(path.read_text("utf-8") + "\n[[petitie]]\n\n[[onbekend-blok]]\n", "utf-8")
    found = _problems(root)
    assert found == [
        f"{rel}:{lines + 4}: [[onbekend-blok]]: is geen bekend blok; verwacht een van: "
        + found[0].split("verwacht een van: ")[1]
    ]


def test_template_text_in_a_body_is_refused_but_a_draft_may_keep_it(root):
    path = root / "stories" / "jay.md"
    path.write_text(path.read_text("utf-8") + "\nSchrijf hier het verhaal.\n", "utf-8")
    assert any('de tekst bevat nog "Schrijf hier ..." uit het sjabloon' in p for p in _problems(root))
    _edit(root, "stories/jay.md", "---\n", "---\nconcept: true\n")
    assert _problems(root) == []


def test_an_episode_s_former_name_cannot_take_a_live_episode_s_address(root):
    import re
    import uuid

    source = (root / "podcast" / "episodes" / "voorbeeld.md").read_text("utf-8")
    second = re.sub(r"^guid: .*$", f"guid: hvk-owtb-{uuid.uuid4()}", source, count=1, flags=re.M)
    second = re.sub(r"^nummer: .*$", "nummer: 2", second, count=1, flags=re.M)
    (root / "podcast" / "episodes" / "tweede.md").write_text(second, "utf-8")
    assert _problems(root) == []
    _edit(root, "podcast/episodes/voorbeeld.md", "---\n", "---\neerdere_namen:\n  - oud\n  - tweede\n")
    assert _problems(root) == [
        'podcast/episodes/voorbeeld.md:4: eerdere_namen[2]: "tweede" is de naam van een aflevering die bestaat; '
        "verwacht alleen oude namen die geen bestand meer hebben (anders verdwijnt die aflevering achter een doorverwijzing)"
    ]


# A block scalar (as the web editor writes long texts) may hold a line `---` or `...`: indented, it
# is text, never the end of the front matter. Generated lines, each read back exactly (#25).
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hooks.frontmatter import parse  # noqa: E402

_LINE = st.one_of(
    st.sampled_from(["---", "...", "--- a", "... en verder", "-", "#", "titel: nep"]),
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=30).map(str.strip),
)


@given(st.lists(_LINE, min_size=1, max_size=6).filter(lambda ls: any(line.strip() for line in ls)))
def test_marker_lines_inside_a_block_scalar_stay_in_the_field(lines):
    block = "\n".join(f"  {line}" if line else "" for line in lines).rstrip()
    text = f"---\nsamenvatting: |-\n{block}\nnaam: Sam\n---\n\nHet verhaal.\n"
    doc = parse("stories/sam.md", text)
    if doc.problems:  # a value YAML itself refuses is reported, never cut short
        return
    assert doc.data["samenvatting"] == "\n".join(lines).rstrip("\n")
    assert doc.data["naam"] == "Sam"
    assert doc.body.strip() == "Het verhaal."


# Files in docs/ that MkDocs would copy to the site as they are (#25): only pages, photos and, in
# docs/assets/, the site's own styles and scripts. Each other file is one line, in check and build.
HOSTILE_FILES = {
    "docs/weg.html": "<script>location='https://evil.example'</script>",
    "docs/plaatje.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "docs/extra.js": "alert(document.domain)",
    "docs/sub/pagina.htm": "<script>alert(1)</script>",
    "docs/sub/x.xhtml": "<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>",
    "docs/assets/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "docs/README": "geen extensie",
    "docs/bijlage.pdf": "%PDF-1.4",
}


def test_docs_publishes_pages_and_photos_only(root, tmp_path):
    for rel, text in HOSTILE_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    secret = tmp_path / "buiten" / "sleutel.txt"
    secret.parent.mkdir()
    secret.write_text("geheim", "utf-8")
    (root / "docs" / "link.md").symlink_to(secret)
    (root / "docs" / "map").symlink_to(secret.parent, target_is_directory=True)
    found = _problems(root)
    for rel in [*HOSTILE_FILES, "docs/link.md", "docs/map"]:
        lines = [p for p in found if p.startswith(rel + ":")]
        assert len(lines) == 1, (rel, found)
    assert not any("docs/assets/javascripts" in p or "docs/assets/stylesheets" in p for p in found)
