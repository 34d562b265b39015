"""Publishes editors' photos: upright, at most 1600 px, re-encoded so no EXIF/GPS survives."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

MAX_SIDE = 1600


@dataclass(frozen=True)
class PublishedPhoto:
    data: bytes
    width: int
    height: int
    ext: str = ".jpg"


def publish(path: Path) -> PublishedPhoto:
    """Re-encode a photo from scratch: only the pixels are carried over, never its metadata."""
    with Image.open(path) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        clean = Image.new("RGB", image.size, "white")
        clean.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return PublishedPhoto(out.getvalue(), clean.width, clean.height)
