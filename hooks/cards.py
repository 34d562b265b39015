"""Share images (1200×630) drawn with Pillow, cached by a hash of exactly what goes into them.

Text wraps and shrinks to fit its box; emoji are drawn with Noto Color Emoji (a bitmap font that
only renders at 109 px, so each emoji run is drawn there and scaled to the text size). `layout`
decides where each line goes; a card of text alone is then drawn straight into palette indices
(`_paint_indexed`, its Latin lines from glyphs rasterized once: `glyphs.py`), any other in full
colour (`draw`) and reduced to 256 colours.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import glyphs, helper, png
from .cache_files import write_whole

FONTS = Path(__file__).parent / "fonts"
BOLD, REGULAR, EMOJI = FONTS / "DejaVuSans-Bold.ttf", FONTS / "DejaVuSans.ttf", FONTS / "NotoColorEmoji.ttf"
WIDTH, HEIGHT = 1200, 630
MARGIN = 70
BAR_TOP = 556
RENDERER_VERSION = "13"  # bump when the drawing changes, so every cached card is redrawn

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
    pieces = [
        piece
        for word in text.split()
        for piece in (
            _break_word(word, font_path, size, width) if _word_width(word, font_path, size) > width else [word]
        )
    ]
    return _greedy(
        pieces,
        width,
        lambda piece: _word_width(piece, font_path, size),
        _word_width(" ", font_path, size),
        whole=None if estimate else (lambda line: _width(line, font_path, size)),
    )


def _greedy(
    pieces: list[str],
    width: int,
    piece_width: Callable[[str], float],
    space: float,
    whole: Callable[[str], float] | None = None,
) -> list[str]:
    """Greedy line breaking: a line takes the next piece while it fits. A line's width is its pieces'
    widths plus spaces, or, with `whole`, the line measured whole. A piece wider than the box gets a
    line of its own."""
    lines: list[str] = []
    current, current_width = "", 0.0
    for piece in pieces:
        if not current:
            current, current_width = piece, piece_width(piece)
            continue
        candidate = f"{current} {piece}"
        candidate_width = whole(candidate) if whole else current_width + space + piece_width(piece)
        if candidate_width <= width:
            current, current_width = candidate, candidate_width
        else:
            lines.append(current)
            current, current_width = piece, piece_width(piece)
    return lines + ([current] if current else [])


@lru_cache(maxsize=4096)  # the eyebrows, and a speaker on several cards, repeat
def fit(
    text: str, font_path: Path, box: tuple[int, int], largest: int, smallest: int, spacing: float = 1.25
) -> tuple[int, tuple[str, ...]]:
    """The largest size at which `text` fits `box`; at the smallest, cut with an ellipsis.

    Each word is measured once, at the largest size; the search over sizes scales those widths
    (outline fonts grow in proportion), and only the lines of the size it finds are measured again,
    whole. If one is wider than the box after all (hinting, kerning), that size is wrapped exactly.
    """
    width, height = box
    words = text.split()
    at_largest = {word: _word_width(word, font_path, largest) for word in words}
    space = _word_width(" ", font_path, largest)
    widest = max(at_largest.values(), default=0.0)

    def estimated(size: int) -> list[str] | None:
        scale = size / largest
        if widest * scale > width:
            return None  # shrink before breaking a word
        lines = _greedy(words, width, lambda word: at_largest[word] * scale, space * scale)
        return lines if len(lines) * size * spacing <= height else None

    def exact(size: int) -> list[str] | None:
        lines = estimated(size)
        if lines is not None and all(_width(line, font_path, size) <= width for line in lines):
            return lines
        if max((_width(w, font_path, size) for w in words), default=0.0) > width:
            return None
        lines = wrap(text, font_path, size, width)
        return lines if len(lines) * size * spacing <= height else None

    sizes = list(range(smallest + 2, largest + 1, 2))
    low, high, best = 0, len(sizes) - 1, -1  # fitting is monotonic in size: binary search
    while low <= high:
        middle = (low + high) // 2
        if estimated(sizes[middle]) is not None:
            best, low = middle, middle + 1
        else:
            high = middle - 1
    for index in range(best, -1, -1):  # the estimate found it; the exact measure confirms or steps down
        lines = exact(sizes[index])
        if lines is not None:
            return sizes[index], tuple(lines)
    size = smallest
    lines = wrap(text, font_path, size, width)
    keep = max(1, int(height // (size * spacing)))
    if len(lines) > keep:
        lines = lines[:keep]
        last = lines[-1]
        while last and _width(last + " …", font_path, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return size, tuple(lines)


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


@dataclass(frozen=True)
class Block:
    """Lines of one colour, laid out: where they go, in which font and size."""

    lines: tuple[str, ...]
    font: Path
    size: int
    x: int
    y: int
    spacing: float
    colour: tuple[int, int, int]

    @property
    def bottom(self) -> int:
        return round(self.y + len(self.lines) * self.size * self.spacing)

    def positions(self):
        for index, line in enumerate(self.lines):
            yield (self.x, self.y + index * self.size * self.spacing), line


def _block(text, font_path, xy, box, largest, smallest, colour, spacing=1.25) -> Block:
    size, lines = fit(text, font_path, box, largest, smallest, spacing)
    return Block(lines, font_path, size, xy[0], xy[1], spacing, colour)


BAR = "Gezinshulp eerst · Het Vergeten Kind"
TEXT_TOP = 120
COVER = 400  # an episode's artwork, square


def layout(spec: CardSpec) -> list[Block]:
    """Where each text of the card goes, above the bar (pure: no drawing)."""
    text_left = MARGIN + COVER + 50 if spec.kind == "episode" and spec.art else MARGIN
    width = WIDTH - MARGIN - text_left
    blocks = []
    if spec.eyebrow:
        blocks.append(_block(spec.eyebrow, BOLD, (text_left, 64), (width, 40), 30, 22, LILAC))
    if spec.kind == "story" and spec.quote:
        quote = _block(f"“{spec.quote}”", BOLD, (text_left, TEXT_TOP), (width, 330), 64, 26, SAND, 1.22)
        blocks.append(quote)
        if spec.speaker:
            at = (text_left, max(quote.bottom + 14, 470))
            blocks.append(_block(f"— {spec.speaker}", REGULAR, at, (width, 46), 34, 24, WHITE))
    else:
        blocks.append(_block(spec.title, BOLD, (text_left, TEXT_TOP), (width, 400), 76, 30, SAND, 1.18))
    return blocks


@lru_cache(maxsize=1)
def _background() -> Image.Image:
    """What every card shares, drawn once: the colours and the bar with its line."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PURPLE)
    ImageDraw.Draw(image).rectangle((0, BAR_TOP, WIDTH, HEIGHT), fill=ORANGE)
    _draw_text(image, (MARGIN, BAR_TOP + 20), BAR, BOLD, 32, WHITE)
    return image


@lru_cache(maxsize=4)
def _cover(art: bytes) -> Image.Image:
    """An episode's artwork at card size. Episodes mostly share the show's cover: it is decoded once
    per process (a JPEG at an eighth, quarter or half of its size when that is still large enough)."""
    with Image.open(io.BytesIO(art)) as image:
        image.draft("RGB", (COVER, COVER))
        return image.convert("RGB").resize((COVER, COVER), Image.Resampling.LANCZOS)


def draw(spec: CardSpec) -> Image.Image:
    """The card in full colour: any text, emoji and artwork."""
    return _paint(spec, layout(spec))


def _paint(spec: CardSpec, blocks: list[Block]) -> Image.Image:
    image = _background().copy()
    if spec.kind == "episode" and spec.art:
        image.paste(_cover(spec.art), (MARGIN, 78))
    for block in blocks:
        for xy, line in block.positions():
            _draw_text(image, xy, line, block.font, block.size, block.colour)
    return image


# A card without emoji or artwork is text in one colour per band over one background, so every pixel
# is a blend of two known colours. Such a card is drawn straight into palette indices: 63 steps from
# background to text for each pair, a band of rows drawn over its pair's background index with its
# text index, so the antialiasing lands on the right step. Nothing to quantize afterwards, and
# 8-bit drawing is cheaper than RGB; the result is within a few levels of `draw` (tested).
_STEPS = 63
_RAMPS = ((PURPLE, LILAC), (PURPLE, SAND), (PURPLE, WHITE), (ORANGE, WHITE))
_BAR_RAMP = 3


def _ramp_base(colour: tuple[int, int, int]) -> int:
    return next(i for i, (_, text) in enumerate(_RAMPS[:_BAR_RAMP]) if text == colour) * 64


def _palette(steps: int = _STEPS, slots: int = 64) -> list[int]:
    """Each ramp in `steps` steps, `slots` palette entries apart (the last step repeated after it)."""
    values: list[int] = []
    for background, text in _RAMPS:
        for step in range(slots):
            s = min(step, steps - 1)
            values += [round(b + (t - b) * s / (steps - 1)) for t, b in zip(text, background, strict=True)]
    return values


PALETTE = _palette()


@lru_cache(maxsize=1)
def _palette_image() -> Image.Image:
    image = Image.new("P", (1, 1))
    image.putpalette(PALETTE)
    return image


@lru_cache(maxsize=1)
def _indexed_background() -> Image.Image:
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, BAR_TOP, WIDTH, HEIGHT), fill=_BAR_RAMP * 64)
    pen.text((MARGIN, BAR_TOP + 20), BAR, font=_font(BOLD, 32), fill=_BAR_RAMP * 64 + _STEPS - 1)
    return image


# A line of only `glyphs.PLAIN` characters has its ink between the highest and the lowest ink of
# them all (`_plain_ink`), so it fits its band without measuring it again (`getbbox` lays the line
# out anew: a tenth of a card's time). Other lines are measured.


@lru_cache(maxsize=64)
def _plain_ink(font_path: Path, size: int) -> tuple[float, float]:
    """The highest top and lowest bottom of any `glyphs.PLAIN` glyph's ink (ligatures included)."""
    _, top, _, bottom = _font(font_path, size).getbbox("".join(sorted(glyphs.PLAIN)) + " ff fi fl ffi ffl")
    return top, bottom


def _fits(block: Block, top: int, bottom: int) -> bool:
    """Whether every line's ink stays inside rows top..bottom, a row's margin each side."""

    def inside(y: float, ink: tuple[float, float]) -> bool:
        return y + ink[0] >= top + 1 and y + ink[1] <= bottom - 1

    font = _font(block.font, block.size)
    for (_, y), line in block.positions():
        if glyphs.PLAIN.issuperset(line) and inside(y, _plain_ink(block.font, block.size)):
            continue
        _, ink_top, _, ink_bottom = font.getbbox(line)
        if not inside(y, (ink_top, ink_bottom)):
            return False
    return True


def _bands(blocks: list[Block]) -> list[tuple[Block, int, int]] | None:
    """The rows each block owns (from halfway the gap above it to halfway the gap below), or None
    when some glyph reaches outside its block's rows (stacked accents): such a card is drawn in RGB."""
    tops = [0] + [(before.bottom + block.y) // 2 for before, block in zip(blocks, blocks[1:], strict=False)]
    bands = list(zip(blocks, tops, [*tops[1:], BAR_TOP], strict=True))
    return bands if all(_fits(block, top, bottom) for block, top, bottom in bands) else None


def _paint_indexed(bands: list[tuple[Block, int, int]]) -> Image.Image:
    """The card as a 256-colour image, for text in bands (see above)."""
    image = _indexed_background().copy()
    pen = ImageDraw.Draw(image)
    for block, top, bottom in bands:
        base = _ramp_base(block.colour)
        pen.rectangle((0, top, WIDTH, bottom - 1), fill=base)
        for xy, line in block.positions():
            glyphs.text(pen, xy, line, _font(block.font, block.size), base + _STEPS - 1)
    image.putpalette(PALETTE)  # the 8-bit image becomes a palette image in place: its bytes are the indices
    return image


def _has_emoji(spec: CardSpec) -> bool:
    return any(_EMOJI_RUN.search(text or "") for text in (spec.title, spec.eyebrow, spec.quote, spec.speaker))


@lru_cache(maxsize=4)
def _art_palette(art: bytes) -> Image.Image:
    """The palette of an episode's card: the ramps in 32 steps, and the artwork's 128 colours (the
    show's cover is a flat design: 128 are plenty). Mapping the card's pixels onto it takes a sixth of
    the time of finding a palette for every card (1.5 against 8.8 ms)."""
    cover = _cover(art).quantize(colors=128, method=Image.Quantize.FASTOCTREE)
    image = Image.new("P", (1, 1))
    image.putpalette(_palette(32, 32) + (cover.getpalette() or [])[: 128 * 3])
    return image


def render(spec: CardSpec) -> bytes:
    """The card as PNG with a 256-colour palette: exact flat colours and sharp small text at 25-60 kB.

    (JPEG is faster to encode, but a long quote in small type came out at 130-190 kB: over the
    budget.) The PNG is written by `png.encode`, with a faster deflate than Pillow's.
    """
    blocks = layout(spec)
    if _has_emoji(spec):
        paletted = _paint(spec, blocks).quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    elif spec.art is not None:
        paletted = _paint(spec, blocks).quantize(palette=_art_palette(spec.art), dither=Image.Dither.NONE)
    elif (bands := _bands(blocks)) is not None:
        paletted = _paint_indexed(bands)
    else:  # text only, but a glyph crosses into another band: every colour is still on a ramp
        paletted = _paint(spec, blocks).quantize(palette=_palette_image(), dither=Image.Dither.NONE)
    return png.encode(paletted)


def _ready() -> None:
    """A worker's first task in a cold build: importing this module, and the background drawn."""
    _indexed_background()


def _draw_into(folder: Path, specs: list[CardSpec]) -> int:
    """Runs in a worker process: draws cards straight into the cache folder (no bytes sent back)."""
    for spec in specs:
        _store(folder, spec.key(), render(spec))
    return len(specs)


def _store(folder: Path, key: str, data: bytes) -> None:
    write_whole(folder / f"{key}.png", data)


def _is_whole(path: Path) -> bool:
    """A cached card that is there and whole (`png.is_whole`); a broken one is removed, to be drawn again."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if png.is_whole(data):
        return True
    path.unlink(missing_ok=True)
    return False


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
        self._present: set[str] = set()  # keys checked whole (or drawn) in this build: not read again
        self._offered: dict[str, CardSpec] = {}  # offered while loading, not yet started
        self._starting: helper.Starting | None = None  # the workers being started (`warm_up`)

    def _path(self, spec: CardSpec) -> Path:
        return self.folder / f"{spec.key()}.png"

    def _missing(self, specs) -> dict[str, CardSpec]:
        missing = {}
        for spec in specs:
            key = spec.key()
            if key in self._present or key in self._pending:
                continue
            if _is_whole(self.folder / f"{key}.png"):
                self._present.add(key)
            else:
                missing[key] = spec
        return missing

    def warm_up(self) -> None:
        """Starts the workers now, before any card is known: a cold build's first second, while the
        content loads, leaves the second core idle, and starting a worker takes a good part of one."""
        if (os.cpu_count() or 1) < 2:
            return
        pool = self._workers()
        self._starting = helper.Starting(self._start_workers, pool)

    @staticmethod
    def _start_workers(pool: ProcessPoolExecutor) -> None:
        for _ in range(os.cpu_count() or 1):
            pool.submit(_ready)

    def _started(self, wait: bool = True) -> bool:
        """Whether the workers `warm_up` started are up (`helper.Starting.done`)."""
        return self._starting is None or self._starting.done(wait)

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Niced: the build's own process is the longest path on two cores; the cards take the
            # time it leaves idle (cold 1,000-story build 0.4-1.0 s faster, four alternated pairs).
            self._pool = ProcessPoolExecutor(
                max_workers=os.cpu_count(),
                mp_context=helper.forkserver(),
                initializer=os.nice,
                initargs=(10,),
            )
        return self._pool

    def offer(self, spec: CardSpec) -> None:
        """A card known while the content still loads: drawing starts as each chunk fills (what is
        left of the last chunk starts with `start`)."""
        self._offered[spec.key()] = spec
        if len(self._offered) >= self.CHUNK and self._started(wait=False):
            offered, self._offered = self._offered, {}
            self.start(offered.values())

    def start(self, specs) -> None:
        """Begins drawing the missing cards among `specs` in the background, when there are enough."""
        self.folder.mkdir(parents=True, exist_ok=True)
        missing = self._missing(specs)
        if len(missing) < self.CHUNK or (os.cpu_count() or 1) < 2:
            return
        self._started()
        pool = self._workers()
        keys = list(missing)
        for at in range(0, len(keys), self.CHUNK):
            chunk = keys[at : at + self.CHUNK]
            future = pool.submit(_draw_into, self.folder, [missing[k] for k in chunk])
            self._pending.update((key, future) for key in chunk)

    def get_all(self, specs: dict[str, CardSpec]) -> dict[str, Path]:
        """The cached file of every card, drawn first if missing (spread over the cores when there are many)."""
        self.start(specs.values())
        try:
            for future in set(self._pending.values()):
                self.rendered += future.result()
            self._present |= set(self._pending)
        finally:
            self.close()
        for key, spec in self._missing(specs.values()).items():  # the few left: not worth a process
            _store(self.folder, key, render(spec))
            self._present.add(key)
            self.rendered += 1
        return {name: self._path(spec) for name, spec in specs.items()}

    def prune(self, specs: dict[str, CardSpec]) -> int:
        """Removes cached cards that this build does not use (a changed quote leaves its old card)."""
        used = {f"{spec.key()}.png" for spec in specs.values()}
        # (*.sha256: the hashes that cards were checked with before they checked themselves)
        stale = [path for path in [*self.folder.glob("*.png"), *self.folder.glob("*.sha256")] if path.name not in used]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def close(self) -> None:
        self._started()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self._pool, self._pending, self._starting = None, {}, None
