"""No traceback, ever, for anything an editor can put in the content folders: generated YAML and
Markdown for every kind of content, through `make check` and through the real build, which agree."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks import cli
from tests.helpers import build, copy_site

# One file of every kind: (path, has front matter and a Markdown body).
FILES = {
    "verhaal": ("stories/ruben.md", True),
    "aflevering": ("podcast/episodes/voorbeeld.md", True),
    "manifest": ("manifests/gezinshulp-eerst.md", True),
    "pagina": ("docs/contact.md", True),
    "campagne": ("data/campagne.yml", False),
    "show": ("podcast/show.yml", False),
    "moment": ("tijdlijn/2026-01-29-week-van-het-vergeten-kind.yml", False),
}
# What YAML lets an editor type that Python may not hold or expect.
RAW = [
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    ".inf",
    "-.inf",
    ".nan",
    "1e999",
    "9" * 5000,
    "-0",
    "0x1F",
    "!!binary aGFsbG8=",
    "!!binary '@@@'",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!python/name:os.system",
    "!!timestamp 2026-01-01",
    "&a [*a]",
    "*onbekend",
    "[1, [2, [3, [4]]]]",
    "{a: {b: {c: {}}}}",
    "? [a]\n  : b",
    "'",
    '"\\u202e"',
    '"\\0"',
    "|\n  blok",
    "yes",
    "no",
    "~",
    "null",
    "[]",
    "{}",
    "- a",
    ": :",
    "@x",
    "`x`",
    "<script>alert(1)</script>",
    "{{ 1 }}",
    "[[cijfer]]",
    "%",
    "!",
    "12:30",
    "1_000",
    "0o17",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.binary(max_size=12),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
markdown = st.lists(
    st.sampled_from(
        list("ab <>&*_#[]()!`|-:\n\t\"'/=")
        + [
            "[[doe-mee]]",
            "[[onbekend]]",
            "<p>",
            "{{ x }}",
            "{% if %}",
            "\u202e",
            "é",
            "😀",
            "\n---\n",
            "<script>x</script>",
            "[a](../../../etc/passwd)",
            "![b](nergens.png)",
            "\n    code\n",
            "\n| a | b |\n|---|---|\n",
            "&#0;",
            "\x00",
        ]
    ),
    max_size=60,
).map("".join)


@st.composite
def edits(draw, kinds=tuple(FILES)):
    """A real content file of some kind, with one field replaced, added or broken, and a new body."""
    kind = draw(st.sampled_from(kinds))
    return (
        kind,
        draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)),
        draw(st.one_of(values.map(lambda v: ("value", v)), st.sampled_from(RAW).map(lambda r: ("raw", r)))),
        draw(markdown),
    )


def apply(root: Path, edit) -> None:
    kind, new_key, (how, value), body = edit
    rel, has_body = FILES[kind]
    path = root / rel
    text = path.read_text("utf-8")
    header, rest = (text.split("---\n", 2)[1], text.split("---\n", 2)[2]) if has_body else (text, "")
    data = yaml.safe_load(header)
    keys = list(data)
    key = keys[len(new_key) % len(keys)] if len(new_key) % 3 else new_key  # an existing field, or a new one
    if how == "value":
        data[key] = value
        header = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    else:
        data.pop(key, None)
        header = yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + f"{key}: {value}\n"
    path.write_text(f"---\n{header}---\n{body}\n{rest}" if has_body else header, "utf-8")


def check(root: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.check(root)
    return code, out.getvalue() + err.getvalue()


PROBLEM = re.compile(r"^  [\w./ -]+(:\d+)?: .*(verwacht|ontbreekt).*$")


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("  ")]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_site(tmp_path_factory.mktemp("pristine") / "src")


@pytest.fixture
def scratch(pristine, tmp_path) -> Path:
    root = tmp_path / "src"
    shutil.copytree(pristine, root, symlinks=True)
    return root


def restore(root: Path, pristine: Path) -> None:
    for rel, _ in FILES.values():
        shutil.copy2(pristine / rel, root / rel)


@pytest.mark.fast
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit=edits())
def test_check_answers_every_input_with_dutch_lines(scratch, pristine, edit):
    try:
        apply(scratch, edit)
        code, output = check(scratch)
        assert code in (0, 1), output
        assert "Traceback" not in output
        if code:
            lines = problem_lines(output)
            assert lines and output.startswith("De inhoud klopt niet"), output
            for line in lines:
                assert PROBLEM.match(line), line
    finally:
        restore(scratch, pristine)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit=edits())
def test_check_and_build_agree_and_a_failed_build_keeps_the_site(scratch, pristine, edit):
    site = scratch / "site"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text("de vorige, goede site", "utf-8")
    try:
        apply(scratch, edit)
        code, output = check(scratch)
        result = build(scratch)
        built = result.stdout + result.stderr
        assert "Traceback" not in built, built
        assert (result.returncode == 0) == (code == 0), (output, built)
        if code:
            assert set(problem_lines(output)) <= set(problem_lines(built)), (output, built)
            assert (site / "index.html").read_text("utf-8") == "de vorige, goede site"
    finally:
        restore(scratch, pristine)


@pytest.mark.slow
def test_a_read_only_site_folder_is_one_dutch_line(tmp_path):
    """site/ on a file system the build cannot write (#25): one line, and the last good site stays."""
    import subprocess

    from tests.helpers import build, copy_site

    root = copy_site(tmp_path / "bron")
    mount = tmp_path / "alleen-lezen"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root; the next test covers the same path without it")
    try:
        (mount / "site").mkdir()
        (mount / "site" / "index.html").write_text("de vorige site", "utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        result = build(root, mount / "site", env={"PETITION_SERVICE_URL": ""})
        said = result.stdout + result.stderr
        assert result.returncode == 1 and "hier kan de build niet schrijven (Read-only file system)" in said
        assert "Traceback" not in said and "onverwachte fout" not in said
        assert (mount / "site" / "index.html").read_text("utf-8") == "de vorige site"
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.slow
def test_a_site_folder_the_build_cannot_make_is_one_dutch_line(tmp_path):
    """The same path without privileges: site/ asked for inside a file."""
    from tests.helpers import build, copy_site

    root = copy_site(tmp_path / "bron")
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map", "utf-8")
    result = build(root, blocker / "site", env={"PETITION_SERVICE_URL": ""})
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "hier kan de build niet schrijven (Not a directory)" in said
    assert "Traceback" not in said and "onverwachte fout" not in said
