"""Published audio carries only sound (#25): whatever tags an MP3 holds, and wherever (two ID3v2
tags, one appended at the end, ID3v1, APEv2, Lyrics3, bytes between frames), the published copy is
exactly the frames LAME wrote. Tags are written by mutagen, an independent writer."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from mutagen import apev2
from mutagen.id3 import APIC, COMM, ID3, TIT2, TPE1
from PIL import Image

from hooks.media import clean_audio, mp3_sound, read_audio
from tests.audio import decoded_seconds, encode

SECRETS = (b"Geheimstraat", b"Geheime Maker", b"GeheimeCamera", b"ID3", b"APIC", b"APETAGEX", b"LYRICS", b"TAG")


def _id3(name: str, version: int = 4) -> bytes:
    """An ID3v2 tag with a comment, a name and a cover whose EXIF names a camera, as bytes."""
    art = io.BytesIO()
    photo = Image.new("RGB", (64, 64), "red")
    exif = photo.getexif()
    exif[0x0131] = "GeheimeCamera"
    photo.save(art, "JPEG", exif=exif)
    tags = ID3()
    tags.add(TIT2(encoding=3, text=name))
    tags.add(TPE1(encoding=3, text="Geheime Maker"))
    tags.add(COMM(encoding=3, lang="nld", desc="", text="adres: Geheimstraat 1"))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="omslag", data=art.getvalue()))
    out = io.BytesIO()
    tags.save(out, v2_version=version, padding=lambda info: 64)
    return out.getvalue()


def _ape(tmp: Path) -> bytes:
    path = tmp / "ape.bin"
    path.write_bytes(b"")
    tag = apev2.APEv2()
    tag["Comment"] = "adres: Geheimstraat 1"
    tag["Artist"] = "Geheime Maker"
    tag.save(path)
    return path.read_bytes()


def _id3v1() -> bytes:
    return b"TAG" + b"Geheimstraat".ljust(30, b"\0") + b"Geheime Maker".ljust(30, b"\0") + b"\0" * 65


def _lyrics3() -> bytes:
    body = b"LYRICSBEGININDxx0000011" + b"LYR00020Geheimstraat 1 lied"
    return body + str(len(body)).zfill(6).encode() + b"LYRICS200"


@pytest.fixture(scope="module")
def bare(tmp_path_factory) -> Path:
    for tool in ("ffmpeg", "lame"):
        assert shutil.which(tool), f"{tool} ontbreekt: `make test` installeert Debian's pakketten ffmpeg en lame"
    folder = tmp_path_factory.mktemp("mp3")
    wav = folder / "bron.wav"
    sound = "aevalsrc='sin(440*2*PI*t)*0.3+(random(0)-0.5)*0.4':s=44100:d=6"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", sound, "-ac", "1", str(wav)], check=True)
    out = folder / "kaal.mp3"
    encode("vbr", wav, out)
    assert b"ID3" not in out.read_bytes()[:3], "LAME writes no tag unless asked"
    return out


ARRANGEMENTS = {
    "twee ID3v2-tags achter elkaar": lambda s, t: _id3("een") + _id3("twee", 3) + s,
    "ID3v2 aan het eind": lambda s, t: _id3("een") + s + _id3("twee"),
    "ID3v2 in het midden": lambda s, t: s[: len(s) // 2 // 417 * 417] + _id3("midden") + s[len(s) // 2 // 417 * 417 :],
    "ID3v1, APEv2 en Lyrics3 aan het eind": lambda s, t: _id3("een") + s + _ape(t) + _lyrics3() + _id3v1(),
    "rommel tussen de kop en de klank": lambda s, t: _id3("een") + b"\0" * 333 + b"Geheimstraat\xff\xfb" + s,
}


@pytest.mark.slow
@pytest.mark.parametrize("arrangement", ARRANGEMENTS)
def test_only_the_frames_lame_wrote_are_published(arrangement, bare, tmp_path):
    sound = bare.read_bytes()
    tagged = tmp_path / "aflevering.mp3"
    tagged.write_bytes(ARRANGEMENTS[arrangement](sound, tmp_path))
    assert b"Geheim" in tagged.read_bytes()
    published = clean_audio(tagged).read_bytes()
    for secret in SECRETS:
        assert secret not in published, secret
    if arrangement != "ID3v2 in het midden":  # a tag cut into the frame stream takes no frame with it
        assert published == sound, "exactly LAME's frames, in order"
    assert abs(decoded_seconds(clean_audio(tagged)) - decoded_seconds(bare)) < 0.05
    assert abs(read_audio(clean_audio(tagged)).duration - read_audio(bare).duration) < 0.05


@pytest.mark.fast
def test_bytes_inside_a_tag_that_look_like_frames_are_not_sound():
    """A tag's picture full of frame-header-like bytes, without a real MP3 around it: nothing is sound."""
    fake = (b"\xff\xfb\x90\x64" + b"\0" * 413) * 3
    assert mp3_sound(b"ID3\x04\x00\x00\x00\x00\x09\x1c" + fake) == b""
