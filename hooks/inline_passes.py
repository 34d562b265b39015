"""Extensions' own inline passes, run only on pages where one of their patterns can match.

`pymdownx.smartsymbols` walks every text of a page a second time with nine patterns of its own
((c), 1/2, -->, ...): 0.75 ms of a story's 2.1 ms of Markdown, on pages that almost never hold
one of its symbols. A pass in which no pattern finds a match anywhere leaves the tree exactly as
it was (each text is split on inline placeholders, which only that pass makes, and put back), so
a page whose texts no pattern matches skips it. The texts are searched one by one, as the pass
searches them, so a lookbehind at a text's start sees what the pass would see; a match the pass
would decline (in code, or by the pattern's own check) only makes the pass run.

Searching is itself slow for patterns that start with an assertion or a choice (0.5 ms a story
for smartsymbols' nine), so a text is first searched for the characters of which every match must
hold one (`needed`: "/" for `\bc/o\b`, a digit for `1/2`), a search the regex engine does fast.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator, Sequence
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

import markdown
from markdown.treeprocessors import InlineProcessor

MAIN_PASS = "inline"  # Markdown's own inline pass, which every page needs


class _WhenMatched(InlineProcessor):
    """An extension's inline pass that runs only where one of its patterns matches a text."""

    def __init__(self, md: markdown.Markdown, inner: InlineProcessor) -> None:
        super().__init__(md)
        self.inlinePatterns = inner.inlinePatterns
        self._searches = [_Search(pattern.getCompiledRegExp()) for pattern in inner.inlinePatterns]

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        texts = list(_texts(tree))
        if any(search.finds(texts) for search in self._searches):
            return super().run(tree, ancestors)
        return tree


class _Search:
    """A pattern's search of texts, with a fast first search for characters every match holds."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        chars = needed(regex)
        self.first = re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]") if chars else None

    def finds(self, texts: Sequence[str]) -> bool:
        first, regex = self.first, self.regex
        return any((first is None or first.search(text)) and regex.search(text) for text in texts)


def _texts(tree: etree.Element) -> Iterator[str]:
    """Every text and tail under `tree` (a superset of those the pass reads)."""
    for element in tree.iter():
        if element.text:
            yield element.text
        if element.tail:
            yield element.tail


def skip_unmatched(md: markdown.Markdown) -> markdown.Markdown:
    """`md` with each extension's inline pass (one of exactly Markdown's own kind) made to skip
    pages where none of its patterns matches."""
    for item in list(md.treeprocessors._priority):
        processor = md.treeprocessors[item.name]
        if item.name != MAIN_PASS and type(processor) is InlineProcessor:
            md.treeprocessors.register(_WhenMatched(md, processor), item.name, item.priority)
    return md


_LARGEST_SET = 64  # characters; a larger class (a range of letters) is no faster to search for


def needed(regex: re.Pattern[str]) -> frozenset[str] | None:
    """A small set of characters of which every match of `regex` holds at least one; None when
    none can be told (case-blind patterns, classes such as \\w, or anything unfamiliar)."""
    if regex.flags & re.IGNORECASE:
        return None
    return _needed(_parser.parse(regex.pattern, regex.flags))


def _needed(items) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    for op, av in items:
        found: frozenset[str] | None = None
        if op is C.LITERAL:
            found = frozenset(chr(av))
        elif op is C.IN:
            found = _class(av)
        elif op is C.SUBPATTERN:  # (group, flags added, flags removed, items): `(?i:...)` is case-blind
            found = None if av[1] & re.IGNORECASE else _needed(av[-1])
        elif op is C.BRANCH:
            parts = [_needed(branch) for branch in av[1]]
            found = None if any(part is None for part in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _needed(av[2])
        if found is not None and len(found) <= _LARGEST_SET and (best is None or _rarer(found, best)):
            best = found
    return best


def _class(items) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < _LARGEST_SET:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:  # a negated class, a category (\\d), a large range
            return None
    return frozenset(chars)


def _rarer(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether `one` is likely found in fewer texts: marks before letters and digits, then fewer."""

    def rank(chars: frozenset[str]) -> tuple[bool, bool, int]:
        return (any(c.isalpha() for c in chars), any(c.isdigit() for c in chars), len(chars))

    return rank(one) < rank(other)
