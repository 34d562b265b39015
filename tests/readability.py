"""Readability of a built page's own words: LIX and Flesch-Douma (the Dutch Flesch), measured on
the visible text that is not a quote. Quotes stay verbatim, so they are not ours to simplify.

`python -m tests.readability site` prints the table for every page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import html as lxml_html

# Not ours to simplify, or not prose: quotes, the sources' verbatim texts, forms, code, the council
# documents (the formal wording councils use), share links, scripts.
SKIP = " | ".join(
    f".//{what}"
    for what in (
        "blockquote", "q", "figure[contains(@class,'hvk-quote')]", "script", "style", "noscript", "form",
        "pre", "code", "*[contains(@class,'hvk-council-doc')]", "*[contains(@class,'hvk-proposal__text')]",
        "*[contains(@class,'hvk-share')]", "*[contains(@class,'hvk-print-only')]", "*[@hidden]",
        "*[contains(@class,'hvk-demands')]", "*[contains(@class,'hvk-source')]", "*[contains(@class,'hvk-figure')]",
    )
)  # fmt: skip
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:[-'][A-Za-zÀ-ÿ]+)*")
_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")


def visible_text(page: str) -> str:
    """The words of the page's content (#inhoud), without what SKIP names; blocks end a sentence."""
    tree = lxml_html.fromstring(page)
    content = tree.get_element_by_id("inhoud", None)
    if content is None:
        return ""
    for element in content.xpath(SKIP):
        element.drop_tree()
    for block in content.iter("p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th"):
        block.tail = ("\n\n" + block.tail) if block.tail else "\n\n"
    return content.text_content()


def measures(text: str) -> tuple[int, float, float]:
    """(words, LIX, Flesch-Douma) of a text."""
    words = _WORD.findall(text)
    sentences = max(1, len([s for s in _SENTENCE.split(text) if _WORD.search(s)]))
    if not words:
        return 0, 0.0, 100.0
    long_words = sum(1 for w in words if len(w) > 6)
    syllables = sum(max(1, len(_VOWELS.findall(w.replace("ij", "i").replace("IJ", "I")))) for w in words)
    lix = len(words) / sentences + 100 * long_words / len(words)
    douma = 206.84 - 0.77 * (100 * syllables / len(words)) - 0.93 * (len(words) / sentences)
    return len(words), lix, douma


def report(site: Path) -> list[tuple[str, int, float, float]]:
    rows = []
    for path in sorted(site.rglob("index.html")):
        if "admin" in path.parts:
            continue
        words, lix, douma = measures(visible_text(path.read_text("utf-8")))
        rows.append((path.parent.relative_to(site).as_posix() + "/", words, lix, douma))
    return rows


if __name__ == "__main__":
    for page, words, lix, douma in report(Path(sys.argv[1] if len(sys.argv) > 1 else "site")):
        print(f"{page:45} {words:5} woorden  LIX {lix:5.1f}  Flesch-Douma {douma:5.1f}")
