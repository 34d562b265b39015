"""Lines drawn from cached glyphs (hooks/glyphs.py) against Pillow drawing the same line itself."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw

from hooks import glyphs
from hooks.cards import BOLD, REGULAR, _font

pytestmark = pytest.mark.fast

# Every character of PLAIN, with the pairs that kern most in DejaVu (AV, To, Wa, “, ’, quotes).
LINES = st.lists(st.sampled_from([*sorted(glyphs.PLAIN), "AV", "To", "Wa", "Ty", "“Y", "L’", "  "]), max_size=40).map(
    "".join
)


def _both(line: str, font_path, size: int, xy: tuple[float, float], fill: int) -> tuple[Image.Image, Image.Image]:
    font = _font(font_path, size)
    by_pillow, by_glyphs = Image.new("L", (700, 160), 3), Image.new("L", (700, 160), 3)
    ImageDraw.Draw(by_pillow).text(xy, line, font=font, fill=fill)
    glyphs.text(ImageDraw.Draw(by_glyphs), xy, line, font, fill)
    return by_pillow, by_glyphs


@given(
    LINES,
    st.sampled_from([BOLD, REGULAR]),
    st.integers(22, 76),
    st.floats(0, 30, allow_nan=False),
    st.floats(0, 40, allow_nan=False),
    st.integers(4, 255),
)
def test_a_line_of_glyphs_is_the_line_pillow_draws(line, font_path, size, x, y, fill):
    """Same pixels as Pillow's own line wherever one glyph is drawn; one level off where two overlap
    (Pillow joins their coverage before blending, `glyphs` blends one after the other)."""
    by_pillow, by_glyphs = _both(line, font_path, size, (x, y), fill)
    difference = ImageChops.difference(by_pillow, by_glyphs)
    assert difference.getextrema()[1] <= 1, (line, size, x, y)
    assert by_pillow.getbbox() == by_glyphs.getbbox()


@pytest.mark.parametrize(
    "line", ["officieel afgeflopt", "koffie", "ﬁ-ligatuur al getekend", "مرحب", "e\u0301", "v÷]Õad®{Ý\xadöç¸"]
)
def test_lines_pillow_would_shape_are_drawn_by_pillow(line):
    """Ligatures, characters outside PLAIN, right to left, combining marks, a soft hyphen (which
    HarfBuzz hides: with it, this line's later glyphs stood elsewhere): Pillow draws them (exactly)."""
    assert not glyphs.simple(line)
    by_pillow, by_glyphs = _both(line, BOLD, 48, (10.5, 20.25), 255)
    assert ImageChops.difference(by_pillow, by_glyphs).getbbox() is None


def test_a_colour_image_is_drawn_by_pillow():
    """`glyphs` draws into 8-bit images only; an RGB image gets Pillow's `text` as it is."""
    by_pillow, by_glyphs = Image.new("RGB", (300, 80)), Image.new("RGB", (300, 80))
    ImageDraw.Draw(by_pillow).text((5, 5), "Thuis", font=_font(BOLD, 40), fill=(250, 240, 230))
    glyphs.text(ImageDraw.Draw(by_glyphs), (5, 5), "Thuis", _font(BOLD, 40), (250, 240, 230))
    assert ImageChops.difference(by_pillow, by_glyphs).getbbox() is None


# HarfBuzz's default features for Latin text that can join or swap glyphs.
_DEFAULT_FEATURES = {"liga", "clig", "rlig", "ccmp", "locl", "calt", " RQD"}
# ccmp: i and j lose their dot before a combining mark above, and PLAIN has no combining marks (the
# line test above draws both letters in every position).
_SOFT_DOTTED = {"i", "j"}


@pytest.mark.parametrize("font_path", [BOLD, REGULAR])
def test_every_default_ligature_of_plain_characters_is_listed(font_path):
    """`LIGATURES` is read off the fonts: a ligature or substitution of PLAIN characters in a default
    feature that it misses would be drawn as separate glyphs while Pillow draws one."""
    font = TTFont(str(font_path))
    names = {glyph: chr(code) for code, glyph in reversed(sorted(font.getBestCmap().items()))}
    table = font["GSUB"].table
    found = set()
    for record in table.FeatureList.FeatureRecord:
        if record.FeatureTag not in _DEFAULT_FEATURES:
            continue
        for index in record.Feature.LookupListIndex:
            lookup = table.LookupList.Lookup[index]
            for subtable in lookup.SubTable:
                subtable = getattr(subtable, "ExtSubTable", subtable)
                for first, ligatures in getattr(subtable, "ligatures", {}).items():
                    for ligature in ligatures:
                        chars = [names.get(glyph, "") for glyph in (first, *ligature.Component)]
                        if all(char and char in glyphs.PLAIN for char in chars):
                            found.add("".join(chars))
                for glyph in getattr(subtable, "mapping", {}):
                    assert names.get(glyph, "") not in glyphs.PLAIN, (record.FeatureTag, glyph)
                if lookup.LookupType in (5, 6):  # in context: which PLAIN characters can start one
                    starts = {names.get(glyph, "") for glyph in subtable.Coverage.glyphs} & glyphs.PLAIN
                    assert starts <= _SOFT_DOTTED, (record.FeatureTag, starts)
    assert found and all(any(ligature in chars for ligature in glyphs.LIGATURES) for chars in found), found
