"""Nothing published carries metadata: images in docs/ and audio are copies made without it."""

from __future__ import annotations

import pytest

from tests.helpers import build, copy_site

pytestmark = pytest.mark.slow


@pytest.fixture
def root(tmp_path):
    return copy_site(tmp_path / "src")


def test_images_in_docs_are_published_without_their_metadata(root):
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    folder = root / "docs" / "afbeeldingen"
    folder.mkdir()
    photo = Image.new("RGB", (640, 480), "orange")
    exif = photo.getexif()
    exif[0x010E] = "GeheimeCamera"  # ImageDescription (location and camera are refused before this)
    exif[0x0131] = "Bewerkt met GeheimeApp"  # Software
    photo.save(folder / "foto.jpg", exif=exif, comment=b"geheim commentaar")
    info = PngInfo()
    info.add_text("Author", "Geheime Naam")
    Image.new("RGBA", (100, 50), (10, 20, 30, 128)).save(folder / "plaatje.png", pnginfo=info)
    assert b"GeheimeCamera" in (folder / "foto.jpg").read_bytes()
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    jpg = (root / "site" / "afbeeldingen" / "foto.jpg").read_bytes()
    png = (root / "site" / "afbeeldingen" / "plaatje.png").read_bytes()
    for secret in (b"GeheimeCamera", b"geheim commentaar", b"Exif", b"Geheime Naam"):
        assert secret not in jpg and secret not in png
    with Image.open(root / "site" / "afbeeldingen" / "plaatje.png") as shown:
        assert shown.size == (100, 50) and shown.mode == "RGBA" and not shown.info.get("Author")
    with Image.open(root / "site" / "afbeeldingen" / "foto.jpg") as shown:
        assert shown.size == (640, 480) and not shown.getexif()


def test_audio_is_published_without_its_tags_and_the_feed_gives_the_copy_s_size(root):
    import io
    import re

    from mutagen.id3 import APIC, COMM, ID3, TIT2, TPE1
    from PIL import Image

    episode = (root / "podcast" / "episodes" / "voorbeeld.md").read_text("utf-8")
    name = re.search(r"^audio:\s*(\S+)", episode, re.M).group(1).strip("\"'")
    audio = root / "podcast" / name
    art = io.BytesIO()
    photo = Image.new("RGB", (300, 300), "red")
    exif = photo.getexif()
    exif[0x0131] = "GeheimeCamera"  # Software
    photo.save(art, "JPEG", exif=exif)
    tags = ID3()
    tags.add(TIT2(encoding=3, text="Titel"))
    tags.add(TPE1(encoding=3, text="Geheime Maker"))
    tags.add(COMM(encoding=3, lang="nld", desc="", text="adres: Geheimstraat 1"))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="omslag", data=art.getvalue()))
    tags.save(audio)
    original = audio.read_bytes()
    assert b"Geheimstraat" in original and b"GeheimeCamera" in original
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    published = (root / "site" / "podcast" / "audio" / audio.name).read_bytes()
    for secret in (b"Geheimstraat", b"Geheime Maker", b"GeheimeCamera", b"ID3", b"APIC"):
        assert secret not in published
    assert audio.read_bytes() == original, "the editor's file is never changed"
    feed = (root / "site" / "podcast" / "feed.xml").read_text("utf-8")
    assert f'length="{len(published)}"' in feed, "the feed gives the size of what is served"
