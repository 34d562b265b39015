"""Screenshots of every page type of the built site at phone and desktop width, for a review.

    make build && .venv/bin/python -m bench.screenshots   # writes screenshots/*.jpg

The first screen of each page (what a visitor sees before scrolling), as JPEG, quality 70.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import CHROMIUM_ARGS, Server, chromium_path  # noqa: E402

PAGES = {
    "home": "",
    "petitie": "petitie/",
    "verhalen": "verhalen/",
    "verhaal": "verhalen/marilene/",
    "podcast": "podcast/",
    "manifesten": "manifesten/",
    "manifest": "manifesten/gezinshulp-eerst/",
    "gemeenten": "gemeenten/",
    "onderzoek": "onderzoek/",
    "tijdlijn": "tijdlijn/",
    "privacy": "privacy/",
    "zoeken": "zoeken/",
    "niet-gevonden": "404.html",
}
WIDTHS = {"telefoon": (375, 740), "computer": (1280, 900)}


def main() -> None:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with Server(ROOT / "site") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto(server.base + path)
                shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
                shot.save(out / f"{name}-{width_name}.jpg", "JPEG", quality=70)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
