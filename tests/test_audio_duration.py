"""Durations measured exactly: MP3 (CBR, VBR with and without a Xing header) and AAC/M4A from real
encoders (LAME, FFmpeg's AAC), each within one second of a full decode by FFmpeg."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import mutagen
import pytest

from hooks.media import read_audio
from tests.audio import decoded_seconds, encode

pytestmark = pytest.mark.slow
# 20 s of silence, then tone and noise: a VBR file's first frame says nothing about the rest.
SOUND = "aevalsrc='if(lt(t,20),0,sin(440*2*PI*t)*0.3+(random(0)-0.5)*0.6)':s=44100:d=150"


@pytest.fixture(scope="module")
def encoded(tmp_path_factory) -> dict[str, Path]:
    for tool in ("ffmpeg", "lame"):
        assert shutil.which(tool), f"{tool} ontbreekt: `make test` installeert Debian's pakketten ffmpeg en lame"
    folder = tmp_path_factory.mktemp("audio")
    wav = folder / "bron.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", SOUND, "-ac", "1", str(wav)], check=True)
    names = {"cbr": "cbr.mp3", "vbr": "vbr.mp3", "vbr zonder kop": "vbr-zonder-kop.mp3", "mono 22 kHz": "mono22.mp3"}
    made = {}
    for label, name in {**names, "aac": "aac.m4a"}.items():
        made[label] = folder / name
        encode(label, wav, made[label])
    return made


@pytest.mark.parametrize("label", ["cbr", "vbr", "vbr zonder kop", "mono 22 kHz", "aac"])
def test_duration_is_within_a_second_of_a_full_decode(encoded, label):
    path = encoded[label]
    assert abs(read_audio(path).duration - decoded_seconds(path)) < 1.0


def test_a_vbr_file_without_header_is_where_estimates_go_wrong(encoded):
    """The class of the defect: the header-based estimate is far off, the frame count is not."""
    path = encoded["vbr zonder kop"]
    assert abs(mutagen.File(path).info.length - decoded_seconds(path)) > 10
    assert abs(read_audio(path).duration - 150) < 1.0
