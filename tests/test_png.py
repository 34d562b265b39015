"""Our PNG writer (hooks/png.py), read back by Pillow's decoder (which checks every chunk's CRC)
and by the standard library's zlib: the same indices and palette, and nothing but the four chunks."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from hooks import cards, png

pytestmark = pytest.mark.fast


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == png.SIGNATURE
    found, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        found.append((kind, body))
        at += 12 + length
    return found


@st.composite
def _palette_images(draw) -> Image.Image:
    width, height = draw(st.integers(1, 40)), draw(st.integers(1, 30))
    pixels = draw(st.binary(min_size=width * height, max_size=width * height))
    palette = draw(st.binary(min_size=768, max_size=768))
    image = Image.frombytes("P", (width, height), pixels)
    image.putpalette(palette)
    return image


@given(_palette_images())
def test_any_palette_image_reads_back_the_same(image):
    data = png.encode(image)
    with Image.open(io.BytesIO(data)) as back:
        back.load()
        assert back.mode == "P" and back.size == image.size
        assert back.tobytes() == image.tobytes()
        assert back.getpalette() == image.getpalette()
    kinds = [kind for kind, _ in _chunks(data)]
    assert kinds == [b"IHDR", b"PLTE", b"IDAT", b"IEND"], "no other chunk: no metadata"
    rows = zlib.decompress(dict(_chunks(data))[b"IDAT"])
    width = image.size[0]
    assert rows[:: width + 1] == bytes(image.size[1]), "every row has filter type 0"


def test_other_modes_are_refused():
    with pytest.raises(ValueError):
        png.encode(Image.new("RGB", (2, 2)))


@pytest.mark.parametrize(
    "spec",
    [
        cards.CardSpec(kind="story", title="Sam", eyebrow="Verhaal", quote="Ik wilde thuis blijven.", speaker="Sam"),
        cards.CardSpec(kind="page", title="Gezinshulp eerst 🏠 voor elk kind"),
    ],
    ids=["indexed", "quantized"],
)
def test_a_card_is_as_small_as_pillows_own_png(spec):
    """The faster deflate must not cost the cards their size budget (within 15 % of zlib level 3)."""
    ours = cards.render(spec)
    with Image.open(io.BytesIO(ours)) as image:
        image.load()
        pillow = io.BytesIO()
        image.save(pillow, "PNG", compress_level=3)
    assert len(ours) <= 1.15 * len(pillow.getvalue())


@given(_palette_images(), st.data())
def test_a_png_is_whole_until_any_byte_of_it_changes(image, data):
    """`is_whole` (a cached card's own check): true for what `encode` writes; false once the file is
    cut anywhere, one of its bytes changed, or anything follows its end."""
    written = png.encode(image)
    assert png.is_whole(written)
    cut = data.draw(st.integers(0, len(written) - 1))
    assert not png.is_whole(written[:cut])
    at = data.draw(st.integers(0, len(written) - 1))
    changed = written[:at] + bytes([written[at] ^ data.draw(st.integers(1, 255))]) + written[at + 1 :]
    assert not png.is_whole(changed)
    assert not png.is_whole(written + b"\0")
