"""Real audio for the tests: made by LAME and FFmpeg's AAC encoder, and measured by FFmpeg's full
decode (the independent measurement every duration is checked against)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

# How each kind of file is made from a WAV file: the encoders real shows use.
ENCODERS = {
    "cbr": ["lame", "--quiet", "-b", "128"],
    "vbr": ["lame", "--quiet", "-V", "4"],
    "vbr zonder kop": ["lame", "--quiet", "-V", "4", "-t"],
    "mono 22 kHz": ["lame", "--quiet", "--resample", "22.05", "-b", "48"],
}


def encode(kind: str, wav: Path, out: Path) -> None:
    """`wav` as `kind` (one of ENCODERS, or "aac" for an .m4a) in `out`."""
    if kind == "aac":
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "aac", "-b:a", "96k", str(out)], check=True
        )
    else:
        subprocess.run([*ENCODERS[kind], str(wav), str(out)], check=True)


def decoded_seconds(path: Path) -> float:
    """A full decode by FFmpeg: the independent measurement."""
    out = subprocess.run(["ffmpeg", "-v", "info", "-i", str(path), "-f", "null", "-"], capture_output=True, text=True)
    hours, minutes, seconds = re.findall(r"time=(\d+):(\d+):([\d.]+)", out.stderr)[-1]
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
