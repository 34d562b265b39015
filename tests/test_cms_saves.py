"""What the web editor commits (cms/formaat.js, run in Node with the yaml version /admin/ ships):
for every content file in the repository and every value in it, a one-field save changes only
that field's lines, keeps every comment, and means exactly the edit, read back by PyYAML, which
the build reads with. The browser test (test_cms.py) checks the same through the real editor."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from hooks.cms import rendered
from hooks.content import load
from tests.helpers import ROOT, copy_site

NODE_YAML = ROOT / "node_modules" / "yaml" / "package.json"
# Texts an editor might type, that YAML reads as something else unless written with care.
HOSTILE = [
    "no",
    "on",
    "1:30",
    "0:13",
    "41.000",
    "2026-12-01 en later",
    "~",
    "null",
    "#hashtag aan het begin",
    "tekst # met hekje",
    "kop: met dubbele punt",
    "- begint als een lijst",
    "* sterretje",
    "& anker",
    "! markering",
    "%procent",
    "@naam",
    "`code`",
    "'enkele' en \"dubbele\" aanhalingstekens",
    "regel een\nregel twee\n\nalinea",
    "  spaties ervoor en erna  ",
    "Marilène, Zoë en Ümit — ‘quotes’ “typografisch” 😀",
    "<script>alert(1)</script>",
    "x" * 300,
    "Een lange zin die over de breedte van een regel heen gaat, met komma's, 'aanhalingstekens' en: "
    "dubbele punten, zodat YAML hem moet afbreken en PyYAML hem toch precies zo terugleest. " * 3,
]


def _config(tmp_path: Path) -> Path:
    content = load(ROOT)
    path = tmp_path / "config.yml"
    path.write_text(rendered((ROOT / "cms" / "config.yml").read_text("utf-8"), content.campaign, "https://x/"), "utf-8")
    return path


def _files(config: Path) -> list[str]:
    made = yaml.safe_load(config.read_text("utf-8"))
    out = []
    for collection in made["collections"]:
        if "folder" in collection:
            ext = collection.get("extension", "md")
            out += sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / collection["folder"]).glob(f"*.{ext}"))
        out += [f["file"] for f in collection.get("files", [])]
    return out


def _save(tmp_path: Path, config: Path, jobs: list[dict], root: Path = ROOT) -> list[Any]:
    """What the editor would commit for each job, read from the site at `root`."""
    if not NODE_YAML.exists():
        pytest.fail("node_modules ontbreekt: `make test` installeert het met npm ci.")
    spec = tmp_path / "jobs.json"
    spec.write_text(json.dumps({"config": str(config), "root": str(root), "jobs": jobs}), "utf-8")
    done = subprocess.run(["node", str(ROOT / "tests" / "formaat.mjs"), str(spec)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _front(text: str) -> tuple[str, str]:
    """(YAML, body) of a file: Markdown with front matter, or a YAML file."""
    match = re.match(r"---\n(.*?\n)?---\n", text, re.S)
    return (match.group(1) or "", text[match.end() :]) if match else (text, "")


def _data(file: str, text: str) -> Any:
    header, _ = _front(text) if file.endswith(".md") else (text, "")
    return _plain(yaml.safe_load(header) or {})


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _leaves(value: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [(path, value)]


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, list):
        return [*value, "extra"]
    if value is None:
        return "nieuw"
    return f"{value} (bewerkt)"


def _set(data: Any, path: tuple, value: Any) -> Any:
    data = json.loads(json.dumps(data))
    at = data
    for step in path[:-1]:
        at = at[step]
    at[path[-1]] = value
    return _plain(data)


def _comments_kept(before: str, after: str) -> bool:
    """Every comment line of `before` is still in `after`, in the same order."""
    lines = iter(line.strip() for line in after.splitlines())
    return all(comment in lines for comment in (ln.strip() for ln in before.splitlines() if ln.strip().startswith("#")))


@pytest.mark.slow
def test_saving_unchanged_gives_every_file_back_byte_for_byte(tmp_path):
    config = _config(tmp_path)
    files = _files(config)
    assert len(files) >= 25, files
    for file, text in zip(files, _save(tmp_path, config, [{"file": f} for f in files]), strict=True):
        assert text == (ROOT / file).read_text("utf-8"), file


@pytest.mark.slow
def test_a_one_field_save_changes_that_field_only_in_every_file(tmp_path):
    config = _config(tmp_path)
    jobs, expected = [], []
    for file in _files(config):
        text = (ROOT / file).read_text("utf-8")
        data = json.loads(json.dumps(_data(file, text)))
        for path, value in _leaves(data):
            if path == ("body",):
                continue
            new = _changed(value)
            jobs.append({"file": file, "edits": [[list(path), new]]})
            expected.append((file, path, _set(data, path, new), text))
    assert len(jobs) > 200, len(jobs)
    for (file, path, wanted, before), after in zip(expected, _save(tmp_path, config, jobs), strict=True):
        assert isinstance(after, str), (file, path, after)
        assert _data(file, after) == wanted, (file, path)
        removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
        old_lines = _lines_of(before, file, path)
        assert len(removed) <= old_lines, (file, path, removed)
        assert _comments_kept(before, after), (file, path, "every comment stays")
        if file.endswith(".md"):
            assert _front(after)[1] == _front(before)[1], (file, path, "the text under the front matter stays")


def _lines_of(text: str, file: str, path: tuple) -> int:
    """How many lines the value at `path` takes in the file (its key line and what follows it)."""
    header, _ = _front(text) if file.endswith(".md") else (text, "")
    node = yaml.compose(header)
    assert node is not None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == step), None)
            if match is None:
                return 1
            node = match
        elif isinstance(node, yaml.SequenceNode):
            node = node.value[step]
    return max(1, node.end_mark.line - node.start_mark.line + (0 if node.end_mark.column == 0 else 1))


@pytest.mark.slow
@pytest.mark.parametrize(
    "file, field",
    [("stories/ruben.md", "citaat"), ("podcast/episodes/voorbeeld.md", "samenvatting"), ("data/campagne.yml", None)],
)
def test_whatever_an_editor_types_is_read_back_exactly(tmp_path, file, field):
    config = _config(tmp_path)
    text = (ROOT / file).read_text("utf-8")
    data = _data(file, text)
    path = (field,) if field else ("cijfers", 1, "tekst")
    jobs = [{"file": file, "edits": [[list(path), value]]} for value in HOSTILE]
    for value, after in zip(HOSTILE, _save(tmp_path, config, jobs), strict=True):
        assert isinstance(after, str), (value, after)
        assert _data(file, after) == _set(data, path, value), value
        assert _comments_kept(text, after), value


@pytest.mark.slow
def test_a_new_file_gets_the_fields_order_and_their_comments(tmp_path):
    config = _config(tmp_path)
    made = yaml.safe_load(config.read_text("utf-8"))
    stories = next(c for c in made["collections"] if c["name"] == "verhalen")
    scratch = tmp_path / "stories"
    scratch.mkdir()
    (scratch / "nieuw.md").write_text("", "utf-8")  # an empty file: the editor writes it whole
    fields = {
        "body": "Het verhaal.\n",
        "concept": True,
        "naam": "Sam",
        "titel": "Thuis",
        "themas": ["contact"],
        "toestemming": "ja",
        "datum": "2026-12-01",
    }
    job = {"file": "stories/nieuw.md", "edits": [[[k], v] for k, v in fields.items()]}
    (text,) = _save(tmp_path, config, [job], root=tmp_path)
    keys = [line.split(":")[0] for line in _front(text)[0].splitlines() if not line.startswith(("#", " "))]
    order = [f["name"] for f in stories["fields"]]
    assert keys == sorted(keys, key=order.index), keys
    assert "# ja = schriftelijke toestemming" in text, "the field's comment from the config"
    assert _data("x.md", text)["datum"] == "2026-12-01"
    assert _front(text)[1] == "\nHet verhaal.\n"


@pytest.mark.slow
def test_a_cleared_or_left_out_field_goes_and_nothing_else(tmp_path):
    config = _config(tmp_path)
    file = "stories/ruben.md"
    before = (ROOT / file).read_text("utf-8")
    data = _data(file, before)
    jobs = [
        {"file": file, "edits": [[["leeftijd"], None, "weg"]]},
        {"file": file, "edits": [[["leeftijd"], None]]},
        {"file": file, "edits": [[["gerelateerd"], None, "weg"], [["themas"], []]]},
        {"file": "data/campagne.yml", "edits": [[["petitie", "doel"], None, "weg"]]},
    ]
    gone, cleared, lists, empty_kept = _save(tmp_path, config, jobs)
    assert _data(file, gone) == {k: v for k, v in data.items() if k != "leeftijd"}
    assert before.replace("leeftijd: 14\n", "") == gone, "the key's line only"
    assert before.replace("leeftijd: 14\n", "leeftijd:\n") == cleared
    assert "gerelateerd" not in _data(file, lists) and _data(file, lists)["themas"] == []
    assert empty_kept == (ROOT / "data" / "campagne.yml").read_text("utf-8"), "an empty field's line stays"


@pytest.mark.slow
def test_switching_intrekken_on_writes_what_the_check_asks_of_a_withdrawn_story(tmp_path):
    """One switch in the editor withdraws a story: the save empties the file to `ingetrokken: true`
    (and its former names), which `make check` accepts without a word about that file."""
    config = _config(tmp_path)
    root = copy_site(tmp_path / "site")
    story = root / "stories" / "ruben.md"
    story.write_text(
        story.read_text("utf-8").replace("gerelateerd:", "eerdere_namen: [ruben-oud]\ngerelateerd:"), "utf-8"
    )
    (saved,) = _save(tmp_path, config, [{"file": "stories/ruben.md", "edits": [[["ingetrokken"], True]]}], root)
    assert saved == "---\ningetrokken: true\neerdere_namen:\n  - ruben-oud\n---\n"
    story.write_text(saved, "utf-8")
    # Stories that linked to it: the check asks to drop the link (their own files, not this one).
    done = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "check"], capture_output=True, text=True
    )
    output = done.stdout + done.stderr
    assert "stories/ruben.md" not in output, output
    assert "Traceback" not in output
