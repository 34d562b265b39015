"""Share images (1200×630) drawn with Pillow, cached by a hash of exactly what goes into them.

Text wraps and shrinks to fit its box; emoji are drawn with Noto Color Emoji (a bitmap font that
only renders at 109 px, so each emoji run is drawn there and scaled to the text size).
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .cache_files import is_verified, write_verified

FONTS = Path(__file__).parent / "fonts"
BOLD, REGULAR, EMOJI = FONTS / "DejaVuSans-Bold.ttf", FONTS / "DejaVuSans.ttf", FONTS / "NotoColorEmoji.ttf"
WIDTH, HEIGHT = 1200, 630
MARGIN = 70
BAR_TOP = 556
RENDERER_VERSION = "8"  # bump when the drawing changes, so every cached card is redrawn

PURPLE, SAND, ORANGE, WHITE, LILAC = (59, 42, 107), (251, 245, 238), (179, 64, 10), (255, 255, 255), (222, 210, 245)
EMOJI_SIZE = 109

_EMOJI_START = "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff"
_EMOJI_RUN = re.compile(f"[{_EMOJI_START}][{_EMOJI_START}\u200d\ufe0f\u20e3\U000e0020-\U000e007f]*")


@dataclass(frozen=True)
class CardSpec:
    """Everything a card shows. Its hash is the cache key: same inputs, same card."""

    kind: str  # "story", "episode" or "page"
    title: str
    eyebrow: str = ""
    quote: str | None = None
    speaker: str | None = None
    art: bytes | None = None  # square artwork for an episode

    def key(self) -> str:
        return self._key

    @cached_property
    def _key(self) -> str:  # worked out once: the cache asks for it several times per card
        fields = {k: v for k, v in asdict(self).items() if k != "art"}
        fields["art"] = hashlib.sha256(self.art).hexdigest() if self.art else None
        fields["renderer"] = RENDERER_VERSION
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:32]


@lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _runs(text: str) -> list[tuple[str, bool]]:
    """Split text into (run, is_emoji) pieces."""
    runs, pos = [], 0
    for match in _EMOJI_RUN.finditer(text):
        if match.start() > pos:
            runs.append((text[pos : match.start()], False))
        runs.append((match.group(), True))
        pos = match.end()
    if pos < len(text):
        runs.append((text[pos:], False))
    return runs


def _emoji_scale(size: int) -> float:
    return size * 1.1 / EMOJI_SIZE


def _width(text: str, font_path: Path, size: int) -> float:
    total = 0.0
    for run, emoji in _runs(text):
        if emoji:
            total += _font(EMOJI, EMOJI_SIZE).getlength(run) * _emoji_scale(size)
        else:
            total += _font(font_path, size).getlength(run)
    return total


def _break_word(word: str, font_path: Path, size: int, width: int) -> list[str]:
    """A word wider than the box is split where it must be, so nothing crosses the edge."""
    parts, current = [], ""
    for char in word:
        if current and _width(current + char, font_path, size) > width:
            parts.append(current)
            current = char
        else:
            current += char
    return parts + ([current] if current else [])


@lru_cache(maxsize=65536)
def _word_width(word: str, font_path: Path, size: int) -> float:
    return _width(word, font_path, size)


def wrap(text: str, font_path: Path, size: int, width: int) -> list[str]:
    """Greedy line breaking. A line's width is estimated as its words plus spaces (each word measured
    once per size, not every growing line again); every line is then measured whole, and if
    kerning made one wider than the box, the exact line-by-line method decides instead."""
    lines = _wrap(text, font_path, size, width, estimate=True)
    if any(_width(line, font_path, size) > width for line in lines):
        return _wrap(text, font_path, size, width, estimate=False)
    return lines


def _wrap(text: str, font_path: Path, size: int, width: int, estimate: bool) -> list[str]:
    space = _word_width(" ", font_path, size)
    lines: list[str] = []
    current, current_width = "", 0.0
    for word in text.split():
        pieces = _break_word(word, font_path, size, width) if _word_width(word, font_path, size) > width else [word]
        for piece in pieces:
            piece_width = _word_width(piece, font_path, size)
            candidate = f"{current} {piece}" if current else piece
            candidate_width = (
                (current_width + space + piece_width if current else piece_width)
                if estimate
                else _width(candidate, font_path, size)
            )
            if candidate_width <= width:
                current, current_width = candidate, candidate_width
            else:
                if current:
                    lines.append(current)
                current, current_width = piece, piece_width
    if current:
        lines.append(current)
    return lines


def fit(
    text: str, font_path: Path, box: tuple[int, int], largest: int, smallest: int, spacing: float = 1.25
) -> tuple[int, list[str]]:
    """The largest size at which `text` fits `box`; at the smallest, cut with an ellipsis."""
    width, height = box
    longest_word = max(text.split(), key=lambda w: _width(w, font_path, largest), default="")

    def fits(size: int) -> list[str] | None:
        if _width(longest_word, font_path, size) > width:
            return None  # shrink before breaking a word
        lines = wrap(text, font_path, size, width)
        return lines if len(lines) * size * spacing <= height else None

    sizes = list(range(smallest + 2, largest + 1, 2))
    low, high, best = 0, len(sizes) - 1, None  # fitting is monotonic in size: binary search
    while low <= high:
        middle = (low + high) // 2
        lines = fits(sizes[middle])
        if lines is not None:
            best, low = (sizes[middle], lines), middle + 1
        else:
            high = middle - 1
    if best:
        return best
    size = smallest
    lines = wrap(text, font_path, size, width)
    keep = max(1, int(height // (size * spacing)))
    if len(lines) > keep:
        lines = lines[:keep]
        last = lines[-1]
        while last and _width(last + " …", font_path, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return size, lines


def _draw_text(image: Image.Image, xy: tuple[float, float], text: str, font_path: Path, size: int, fill) -> None:
    draw = ImageDraw.Draw(image)
    x, y = xy
    for run, emoji in _runs(text):
        if not emoji:
            draw.text((x, y), run, font=_font(font_path, size), fill=fill)
            x += _font(font_path, size).getlength(run)
            continue
        efont = _font(EMOJI, EMOJI_SIZE)
        run_width = efont.getlength(run)
        canvas = Image.new("RGBA", (max(1, int(run_width) + 2), EMOJI_SIZE + 30), (0, 0, 0, 0))
        ImageDraw.Draw(canvas).text((0, 0), run, font=efont, embedded_color=True)
        scale = _emoji_scale(size)
        scaled = canvas.resize(
            (max(1, round(canvas.width * scale)), max(1, round(canvas.height * scale))), Image.Resampling.LANCZOS
        )
        image.paste(scaled, (round(x), round(y - size * 0.05)), scaled)
        x += run_width * scale


def _block(image, text, font_path, box_xy, box_wh, largest, smallest, fill, spacing=1.25) -> int:
    size, lines = fit(text, font_path, box_wh, largest, smallest, spacing)
    x, y = box_xy
    for index, line in enumerate(lines):
        _draw_text(image, (x, y + index * size * spacing), line, font_path, size, fill)
    return round(y + len(lines) * size * spacing)


# Text in one colour over one background only makes the blends between the two. A card without
# emoji or artwork has just these colours, so it maps to this fixed palette exactly (to within
# 2 of 255) and 3x faster than an adaptive palette is computed for it.
_TEXT_ON_BACKGROUND = ((SAND, PURPLE), (LILAC, PURPLE), (WHITE, PURPLE), (WHITE, ORANGE))


def _blend_palette() -> Image.Image:
    colours: list[tuple[int, ...]] = []
    for text, background in _TEXT_ON_BACKGROUND:
        for step in range(63):
            colour = tuple(round(b + (t - b) * step / 62) for t, b in zip(text, background, strict=True))
            if colour not in colours:
                colours.append(colour)
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in colours for v in colour])
    return palette


BLEND_PALETTE = _blend_palette()


def _has_emoji(spec: CardSpec) -> bool:
    return any(_EMOJI_RUN.search(text or "") for text in (spec.title, spec.eyebrow, spec.quote, spec.speaker))


def render(spec: CardSpec) -> bytes:
    return encode(draw(spec), flat=spec.art is None and not _has_emoji(spec))


def draw(spec: CardSpec) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), PURPLE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, BAR_TOP, WIDTH, HEIGHT), fill=ORANGE)
    _draw_text(image, (MARGIN, BAR_TOP + 20), "Gezinshulp eerst · Het Vergeten Kind", BOLD, 32, WHITE)
    text_left = MARGIN
    if spec.kind == "episode" and spec.art:
        with Image.open(io.BytesIO(spec.art)) as art:
            cover = art.convert("RGB").resize((400, 400), Image.Resampling.LANCZOS)
        image.paste(cover, (MARGIN, 78))
        text_left = MARGIN + 400 + 50
    width = WIDTH - MARGIN - text_left
    if spec.eyebrow:
        _block(image, spec.eyebrow, BOLD, (text_left, 64), (width, 40), 30, 22, LILAC)
    if spec.kind == "story" and spec.quote:
        bottom = _block(image, f"“{spec.quote}”", BOLD, (text_left, 120), (width, 330), 64, 26, SAND, 1.22)
        if spec.speaker:
            _block(image, f"— {spec.speaker}", REGULAR, (text_left, max(bottom + 14, 470)), (width, 46), 34, 24, WHITE)
    else:
        _block(image, spec.title, BOLD, (text_left, 120), (width, 400), 76, 30, SAND, 1.18)
    return image


def encode(image: Image.Image, flat: bool) -> bytes:
    out = io.BytesIO()
    # PNG with a 256-colour palette: exact flat colours and sharp small text at 25-60 kB. (JPEG is
    # faster to encode, but a long quote in small type came out at 130-190 kB: over the budget.)
    # zlib level 3 halves the encoding time of level 6 for about 15 % larger files.
    if flat:
        paletted = image.quantize(palette=BLEND_PALETTE, dither=Image.Dither.NONE)
    else:
        paletted = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    paletted.save(out, "PNG", optimize=False, compress_level=3)
    return out.getvalue()


def _draw_into(folder: Path, specs: list[CardSpec]) -> int:
    """Runs in a worker process: draws cards straight into the cache folder (no bytes sent back)."""
    for spec in specs:
        _store(folder, spec.key(), render(spec))
    return len(specs)


def _store(folder: Path, key: str, data: bytes) -> None:
    write_verified(folder / f"{key}.png", data)


class CardCache:
    """Cards on disk by key: a rebuild renders only what changed. Safe to delete at any time.

    start() hands the cards known before the pages are built (stories, episodes) to worker
    processes, which draw them while MkDocs renders pages; get_all() waits for them and draws
    the rest.
    """

    CHUNK = 8

    def __init__(self, folder: Path):
        self.folder = folder
        self.rendered = 0
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future] = {}

    def _path(self, spec: CardSpec) -> Path:
        return self.folder / f"{spec.key()}.png"

    def _missing(self, specs) -> dict[str, CardSpec]:
        return {
            key: spec
            for spec in specs
            if (key := spec.key()) not in self._pending and not is_verified(self.folder / f"{key}.png")
        }

    def start(self, specs) -> None:
        """Begins drawing the missing cards among `specs` in the background, when there are enough."""
        self.folder.mkdir(parents=True, exist_ok=True)
        missing = self._missing(specs)
        if len(missing) < self.CHUNK or (os.cpu_count() or 1) < 2:
            return
        if self._pool is None:
            # forkserver: `mkdocs serve` builds in a thread beside its web server, and forking a
            # process with threads can copy a held lock into the workers.
            self._pool = ProcessPoolExecutor(
                max_workers=os.cpu_count(), mp_context=multiprocessing.get_context("forkserver")
            )
        keys = list(missing)
        for at in range(0, len(keys), self.CHUNK):
            chunk = keys[at : at + self.CHUNK]
            future = self._pool.submit(_draw_into, self.folder, [missing[k] for k in chunk])
            self._pending.update((key, future) for key in chunk)

    def get_all(self, specs: dict[str, CardSpec]) -> dict[str, Path]:
        """The cached file of every card, drawn first if missing (spread over the cores when there are many)."""
        self.start(specs.values())
        try:
            for future in set(self._pending.values()):
                self.rendered += future.result()
        finally:
            self.close()
        for key, spec in self._missing(specs.values()).items():  # the few left: not worth a process
            _store(self.folder, key, render(spec))
            self.rendered += 1
        return {name: self._path(spec) for name, spec in specs.items()}

    def prune(self, specs: dict[str, CardSpec]) -> int:
        """Removes cached cards that this build does not use (a changed quote leaves its old card)."""
        used = {f"{spec.key()}.png" for spec in specs.values()}
        used |= {f"{name}.sha256" for name in used}
        stale = [path for path in [*self.folder.glob("*.png"), *self.folder.glob("*.sha256")] if path.name not in used]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self._pool, self._pending = None, {}
