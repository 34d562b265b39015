"""Lines of Latin text drawn from glyph bitmaps kept per font, not rasterized anew for every line.

Pillow's `ImageDraw.text` rasterizes every glyph of a line twice (once to find the line's extent,
once to draw it), and the share cards draw the same few dozen letters at the same few sizes a
thousand times over: 0.3 ms a line, two thirds of a card's drawing. Here a glyph is rasterized
once per font (which has its size), and a line is its glyphs' bitmaps blended in at the positions
Pillow gives them: HarfBuzz's advance of each glyph plus the kerning of each pair (both read
through `getlength`), each glyph's pen rounded to a whole pixel as Pillow rounds it. The pixels
are Pillow's, within one level where two glyphs' bitmaps overlap (tested against Pillow).

That only holds where HarfBuzz maps each character to its own glyph: lines of `PLAIN` characters
without a ligature of the fonts (`LIGATURES`). Any other line, and any image that is not 8-bit
("L"), is drawn by Pillow itself.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import ImageDraw, ImageFont

# Latin letters, digits and the punctuation of Dutch text; not the soft hyphen (U+00AD, pasted in
# from word processors), which HarfBuzz hides and whose advance alone is not its advance in a line.
PLAIN = frozenset(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x100)])) - {"\xad"} | frozenset("‘’‚“”„–—…•€")
# The ligatures HarfBuzz makes by default from `PLAIN` characters in the cards' fonts (DejaVu Sans:
# ff, fi, fl, ffi, ffl; a test reads them from the fonts' GSUB table).
LIGATURES = ("ff", "fi", "fl")

_Font = ImageFont.FreeTypeFont


def simple(line: str) -> bool:
    """Whether `line` is drawn glyph by glyph here (else by Pillow)."""
    return PLAIN.issuperset(line) and not any(ligature in line for ligature in LIGATURES)


def text(
    pen: ImageDraw.ImageDraw, xy: tuple[float, float], line: str, font: _Font, fill: int | tuple[int, int, int]
) -> None:
    """Draws `line` as `pen.text(xy, line, font=font, fill=fill)` does on an 8-bit image."""
    if pen.mode != "L" or not simple(line):
        pen.text(xy, line, font=font, fill=fill)
        return
    x, y = xy
    left = int(x)
    # Pillow rounds the line's baseline to the nearest pixel row (a fraction above 32/64 rounds down
    # the page) and each glyph's pen to the nearest pixel column, in FreeType's 1/64 pixel units.
    top = int(y) + (round(math.modf(y)[0] * 64) > 32)
    at = round(math.modf(x)[0] * 64)
    previous = ""
    for char in line:
        if previous:
            at += _kerning(font, previous + char)
        bitmap, (dx, dy) = _glyph(font, char)
        if bitmap is not None:
            pen.draw.draw_bitmap((left + ((at + 32) >> 6) + dx, top + dy), bitmap, fill)
        at += _advance(font, char)
        previous = char


@lru_cache(maxsize=8192)
def _advance(font: _Font, char: str) -> int:
    """HarfBuzz's advance of a character's glyph, in 1/64 pixel."""
    return round(font.getlength(char) * 64)


@lru_cache(maxsize=65536)
def _kerning(font: _Font, pair: str) -> int:
    """What HarfBuzz adds between the two characters of `pair` (0 for most), in 1/64 pixel."""
    return round(font.getlength(pair) * 64) - _advance(font, pair[0]) - _advance(font, pair[1])


@lru_cache(maxsize=8192)
def _glyph(font: _Font, char: str):
    """A character's bitmap (None when it has no ink, as a space) and where it goes from the pen."""
    bitmap, offset = font.getmask2(char, "L")
    return (bitmap if bitmap.size[0] and bitmap.size[1] else None), offset
