"""An extension's inline pass is skipped only where it could change nothing (hooks/inline_passes.py)."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymdownx import smartsymbols

from hooks import inline_passes
from hooks.inline_passes import needed, skip_unmatched
from tests.helpers import ROOT

pytestmark = pytest.mark.fast

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "smarty", "toc", "pymdownx.smartsymbols"]
CONFIGS = {"smarty": {"smart_quotes": False}, "toc": {"permalink": False}}
SYMBOLS = [pattern for _name, pattern, _replace in smartsymbols.REPL.values()]
OTHERS = [
    r"(?<![\w-])--(?![\w-])",
    r"a|b?c",  # one choice may hold no needed character of the other
    r"x*y",
    r"(?:ab)+|[0-3]c",
    r"[^a]b",
    r"\d+st",
    r"(?i)abc",
    r"(?i:ab)c",
    r"(?i:c)/",
]


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"\(c\)", "("),
        (r"\bc/o\b", "/"),  # a mark before a letter: found in fewer texts
        (r"(?<!\d)(?P<f>1/4|1/2|3/4)(?!\d)", "/"),
        (r"(?P<a>\<-{2}\>|(?<!-)-{2}\>|\<-{2}(?!-))", "-<"),
        (r"a|b?c", "ac"),
        (r"x*y", "y"),
        (r"(?:ab)+|[0-3]c", "0123a"),  # digits before a letter
        (r"[^a]b", "b"),
        (r"\d+st", "s"),  # \d is a category: its letters are not listed
        (r"(?i)abc", None),  # case-blind: any case of the letters
        (r"(?i:ab)c", "c"),  # case-blind in the group only
        (r"(?i:ab)", None),
        (r"\w+", None),
        (r"a?", None),
    ],
)
def test_the_characters_every_match_holds(pattern, chars):
    found = needed(re.compile(pattern))
    assert found == (None if chars is None else frozenset(chars))


TEXT = st.text(alphabet=st.sampled_from(list("(c)/o1234tsrdhn-<>=+ \n\tab`*_x\\0ABC")), max_size=40)


@given(TEXT)
def test_a_match_always_holds_a_needed_character(text):
    for pattern in SYMBOLS + OTHERS:
        regex = re.compile(pattern, re.DOTALL)
        chars = needed(regex)
        if chars is not None and regex.search(text):
            assert set(text) & chars, (pattern, text)


def _converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    return (
        markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS),
        skip_unmatched(markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)),
    )


PLAIN, GATED = _converters()
LINE = st.lists(
    st.sampled_from(
        [
            "(c)",
            "(tm)",
            "1/2",
            "3/4",
            "1st",
            "22nd",
            "11th",
            "-->",
            "<--",
            "c/o",
            "+/-",
            "=/=",
            "--",
            "...",
            "`",
            "*",
            "_",
            "<b>",
            "</b>",
            "\\",
            "&copy;",
            "# ",
            "> ",
            "- ",
            "    ",
            "x",
            "2",
            " ",
            "\n",
            "\n\n",
        ]
    ),
    max_size=24,
).map("".join)


@given(LINE)
def test_skipping_changes_no_page(text):
    PLAIN.reset(), GATED.reset()
    assert GATED.convert(text) == PLAIN.convert(text)


def test_the_pass_is_skipped_where_nothing_matches_and_runs_where_something_does(monkeypatch):
    ran = []
    real = inline_passes.InlineProcessor.run
    monkeypatch.setattr(inline_passes.InlineProcessor, "run", lambda self, *a: ran.append(1) or real(self, *a))
    gated = skip_unmatched(markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS))
    assert gated.convert("Een gewoon verhaal, 16 jaar, zonder tekens.") and len(ran) == 1  # Markdown's own pass
    ran.clear()
    assert "&copy;" in gated.reset().convert("Foto (c) de stichting.") and len(ran) == 2
    ran.clear()
    assert "<sup>" in gated.reset().convert("De 1st keer.") and len(ran) == 2


def test_every_page_of_the_content_converts_as_without_skipping():
    folders = ("stories", "manifests", "podcast", "docs", "tijdlijn")
    texts = [p.read_text(encoding="utf-8") for f in folders for p in sorted((ROOT / f).rglob("*.md"))]
    assert len(texts) > 20
    for text in texts:
        PLAIN.reset(), GATED.reset()
        assert GATED.convert(text) == PLAIN.convert(text)
