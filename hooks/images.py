"""Images editors give us: photos and podcast art. Each is re-encoded from its pixels alone,
so EXIF, GPS, XMP and ICC data never reach the site, and it is turned upright first.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .cache_files import read_verified, write_verified

PHOTO_MAX_SIDE = 1600
# A story photo is shown up to the text's width (about 800 px; twice that on sharp phone screens):
# smaller than this it is a thumbnail or a cut-out by mistake, and looks blurred.
PHOTO_MIN_WIDTH, PHOTO_MIN_HEIGHT = 600, 400
MAX_PIXELS = 50_000_000  # refuse before decoding: a small file can claim a huge image
# A photo from a phone is 2-5 MB; one of 25 MB (a camera's original, a scan) stays in git's history
# for good, and the site shows it at most 2400 px wide anyway.
MAX_MEGABYTES = 10
UNREADABLE = {".heic": "HEIC", ".heif": "HEIF", ".svg": "SVG", ".avif": "AVIF"}
ART_MIN, ART_MAX = 1400, 3000  # Apple Podcasts: square, 1400-3000 px


class ImageProblem(ValueError):
    """A Dutch description of why an image cannot be used."""


@dataclass(frozen=True)
class PublishedImage:
    data: bytes
    width: int
    height: int
    ext: str = ".jpg"
    mime: str = "image/jpeg"


def unreadable(kind: str) -> str:
    """Why a file of this kind cannot be used: the same words in `make check` and in the web
    editor, which refuses such an upload when the browser cannot turn it into a JPEG."""
    return (
        f"is een {kind}-bestand, dat de site niet kan lezen; verwacht een JPEG- of PNG-bestand "
        "(exporteer of bewaar de foto als JPEG)"
    )


def _open(path: Path) -> Image.Image:
    kind = UNREADABLE.get(path.suffix.lower())
    if kind:
        raise ImageProblem(unreadable(kind))
    megabytes = path.stat().st_size / 1_000_000
    if megabytes > MAX_MEGABYTES:
        raise ImageProblem(
            f"is {megabytes:.0f} MB; verwacht hoogstens {MAX_MEGABYTES} MB, want git bewaart elk bestand voorgoed: "
            "verklein de foto tot hoogstens 2400 pixels breed en bewaar hem als JPEG"
        )
    too_big = "is te groot om veilig te openen; verwacht een afbeelding van hoogstens 50 megapixel"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.width * image.height > MAX_PIXELS:
                raise ImageProblem(too_big)
            image.seek(0)  # an animated GIF or WebP: its first frame
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(too_big) from None
    except UnidentifiedImageError:
        raise ImageProblem("is geen afbeelding die de site kan lezen; verwacht een JPEG- of PNG-bestand") from None
    except OSError as exc:
        raise ImageProblem(f"is beschadigd of onvolledig ({exc}); verwacht een heel JPEG- of PNG-bestand") from None
    found = revealing(image)
    if found:
        raise ImageProblem(
            f"bevat {' en '.join(found)}; verwacht een foto zonder die gegevens, ook in git "
            "(`make foto-schoon` haalt ze uit elke foto)"
        )
    return ImageOps.exif_transpose(image)


# EXIF tags that say where a photo was taken, with what, or by whom: they would be in the repository
# (public on GitHub Pages' free plan) even though the site publishes clean copies.
_GPS, _CAMERA, _PERSON = 0x8825, (0x010F, 0x0110, 0xA431, 0xA434), (0x013B, 0x8298, 0xA430)


def revealing(image: Image.Image) -> list[str]:
    """What in an image's own metadata tells more than the picture: Dutch, for the message."""
    exif = image.getexif()
    found = []
    if exif.get_ifd(_GPS) or _GPS in exif:
        found.append("de plek waar hij is gemaakt (GPS)")
    if any(exif.get(tag) for tag in _CAMERA) or any(exif.get_ifd(0x8769).get(tag) for tag in _CAMERA):
        found.append("het merk of serienummer van de camera")
    if any(exif.get(tag) for tag in _PERSON) or any(exif.get_ifd(0x8769).get(tag) for tag in _PERSON):
        found.append("de naam van de maker")
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode()
    if b"exif:GPS" in xmp and "de plek waar hij is gemaakt (GPS)" not in found:
        found.append("de plek waar hij is gemaakt (GPS)")
    return found


def _bare(image: Image.Image) -> Image.Image:
    """The same pixels (and palette) in a new image, which carries none of the old one's info."""
    clean = Image.new(image.mode, image.size)
    clean.putdata(list(image.getdata()))
    if image.mode == "P" and image.getpalette():
        clean.putpalette(image.getpalette() or [])
    return clean


def clean_in_place(path: Path) -> bool:
    """Rewrite a photo without its metadata (upright as it shows): `make foto-schoon`. True when
    something was removed."""
    with Image.open(path) as image:
        image.load()
        if not revealing(image) and not image.getexif():
            return False
        kind = image.format or "JPEG"
        clean = _bare(ImageOps.exif_transpose(image))
    options = {"quality": 95} if kind == "JPEG" else {}
    clean.save(path, kind, **options)
    return True


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency, palettes, CMYK and 16-bit all end up as plain 8-bit RGB."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    rgba = image.convert("RGBA")
    clean = Image.new("RGB", rgba.size, "white")
    clean.paste(rgba, mask=rgba.getchannel("A"))
    return clean


def _jpeg(image: Image.Image, quality: int) -> PublishedImage:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return PublishedImage(out.getvalue(), image.width, image.height)


class _DiskCache:
    """Published images by a hash of their source bytes and the recipe: a rebuild re-encodes none."""

    folder: Path | None = None

    def get(self, recipe: str, path: Path, make) -> PublishedImage:
        if self.folder is None:
            return make(path)
        key = hashlib.sha256(recipe.encode() + path.read_bytes()).hexdigest()[:32]
        data, meta = self.folder / f"{key}.jpg", self.folder / f"{key}.json"
        cached, record = read_verified(data), read_verified(meta)
        if cached is not None and record is not None:
            try:
                width, height = json.loads(record)
                if isinstance(width, int) and isinstance(height, int):
                    return PublishedImage(cached, width, height)
            except ValueError:
                pass  # a broken record: made again below
        image = make(path)
        write_verified(data, image.data)
        write_verified(meta, json.dumps([image.width, image.height]).encode())
        return image


cache = _DiskCache()


def use_cache(folder: Path) -> None:
    cache.folder = folder


def publish_photo(path: Path) -> PublishedImage:
    return cache.get("photo-1", path, _publish_photo)


def publish_square_art(path: Path) -> PublishedImage:
    return cache.get("art-1", path, _publish_square_art)


def publish_share_image(path: Path) -> PublishedImage:
    return cache.get("share-1", path, _publish_share_image)


CLEANED_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}


def publish_clean(path: Path) -> PublishedImage:
    """Any other image that is published (those in `docs/`): the same format and size, from its pixels."""
    return cache.get("clean-1", path, _publish_clean)


def _publish_clean(path: Path) -> PublishedImage:
    image = _open(path)
    kind = CLEANED_FORMATS[path.suffix.lower()]
    out = io.BytesIO()
    if kind == "JPEG":
        _flatten(image).save(out, "JPEG", quality=90, optimize=True, progressive=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        _bare(image).save(out, kind)
    return PublishedImage(out.getvalue(), image.width, image.height)


def _publish_photo(path: Path) -> PublishedImage:
    """A story photo: upright, at most 1600 px, metadata-free JPEG."""
    image = _open(path)
    if image.width < PHOTO_MIN_WIDTH or image.height < PHOTO_MIN_HEIGHT:
        raise ImageProblem(
            f"is te klein ({image.width}×{image.height} pixels); verwacht minstens "
            f"{PHOTO_MIN_WIDTH}×{PHOTO_MIN_HEIGHT} pixels (het origineel, niet een verkleinde kopie)"
        )
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    return _jpeg(_flatten(image), 82)


def _publish_square_art(path: Path) -> PublishedImage:
    """Podcast cover or episode art as Apple asks: square RGB JPEG, 1400-3000 px.

    What can be fixed (too large, RGBA, another format) is fixed; what cannot is a problem.
    """
    image = _open(path)
    width, height = image.size
    if width != height:
        raise ImageProblem(f"is niet vierkant ({width}×{height} pixels); verwacht een vierkante afbeelding")
    if width < ART_MIN:
        raise ImageProblem(f"is te klein ({width}×{height} pixels); verwacht minstens {ART_MIN}×{ART_MIN} pixels")
    if width > ART_MAX:
        image = image.resize((ART_MAX, ART_MAX), Image.Resampling.LANCZOS)
    return _jpeg(_flatten(image), 88)


def _publish_share_image(path: Path, width: int = 1200, height: int = 630) -> PublishedImage:
    """An editor's own share image: cropped to fill 1200×630, re-encoded without metadata."""
    image = _open(path)
    if image.width < 600 or image.height < 315:
        raise ImageProblem(f"is te klein ({image.width}×{image.height} pixels); verwacht minstens 1200×630 pixels")
    fitted = ImageOps.fit(_flatten(image), (width, height), Image.Resampling.LANCZOS)
    return _jpeg(fitted, 85)
