"""Reads a content file: YAML front matter (with the line of every key) and the Markdown body.

PyYAML alone loses line numbers and silently keeps the last of two equal keys; editors need
both the line and an error for the duplicate, so we compose the node tree ourselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .body import mistakes as body_mistakes
from .errors import Problem

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed content file: its data, the line of each key path, and its body."""

    path: str
    data: dict[str, Any]
    lines: dict[Loc, int]
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # worth a look; published all the same

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known key on `loc` (a missing key points at its parent)."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1


class DuplicateKey(yaml.constructor.ConstructorError):
    def __init__(self, key: object, first_line: int, mark: yaml.Mark):
        super().__init__(None, None, f"dubbel veld {key!s}", mark)
        self.key, self.first_line = key, first_line


class AliasUsed(yaml.composer.ComposerError):
    pass


def _unix_lines(text: str) -> str:
    """Every line break as "\\n": Windows' "\\r\\n" and old Macs' "\\r" alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Constructor(yaml.constructor.SafeConstructor):
    """Builds Python values from the node tree, refusing duplicate keys instead of keeping the last."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise DuplicateKey(key, seen[key], key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_str(self, node):
        """A line break written as a YAML escape ("\\r", "\\r\\n") is a line break as the file's own
        are read: "\\n" (a carriage return in a title reached the page, where HTML reads it as "\\n")."""
        return _unix_lines(super().construct_yaml_str(node))


_Constructor.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Constructor.construct_yaml_map)  # type: ignore[type-var]
_Constructor.add_constructor("tag:yaml.org,2002:str", _Constructor.construct_yaml_str)  # type: ignore[type-var]


STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


def _refuse_aliases(node: yaml.Node, seen: set[int]) -> None:
    """An alias (`*naam`) makes libyaml hand back a node it already gave: refuse it. Editors never
    need aliases, and nested ones can blow up into millions of values (a "billion laughs" file)."""
    if id(node) in seen:
        raise AliasUsed(
            None,
            None,
            "verwijzingen (*naam) zijn niet toegestaan; verwacht de waarde zelf, uitgeschreven",
            node.start_mark,
        )
    if node.tag not in STANDARD_TAGS:  # !!binary, !!set, !eigen: values no check of ours reads as text
        raise AliasUsed(
            None,
            None,
            f"de markering {node.tag.replace('tag:yaml.org,2002:', '!!')} is niet toegestaan; "
            "verwacht gewone tekst, een getal, een datum of een lijst",
            node.start_mark,
        )
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        seen.add(id(node))
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        for child in children:
            _refuse_aliases(child, seen)


def _load(header: str) -> tuple[yaml.Node | None, Any]:
    """Scan and compose in C (libyaml), then check and construct once."""
    node = yaml.compose(header, Loader=yaml.CSafeLoader)
    if node is None:
        return None, None
    _refuse_aliases(node, set())
    return node, _Constructor().construct_document(node)


def _value_problem(path: str, header: str, offset: int, exc: Exception) -> Problem:
    """Where a value that YAML accepted but Python cannot build sits, and what it should be."""
    try:
        node = yaml.compose(header, Loader=yaml.CSafeLoader)
    except Exception:  # noqa: BLE001 - composing succeeded before; be safe all the same
        node = None
    for scalar in _scalars(node, 0):
        if scalar.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.constructor.SafeConstructor().construct_yaml_timestamp(scalar)
            except (ValueError, OverflowError):
                return Problem(
                    path,
                    scalar.start_mark.line + 1 + offset,
                    "",
                    f'"{scalar.value}" is geen bestaande datum; verwacht een datum zoals 2026-01-29',
                )
        elif scalar.tag == "tag:yaml.org,2002:int" and len(scalar.value) > 40:
            return Problem(
                path,
                scalar.start_mark.line + 1 + offset,
                "",
                f'"{scalar.value[:20]}..." is een veel te groot getal; verwacht een getal zoals 21',
            )
    if isinstance(exc, RecursionError):
        return Problem(
            path, 1 + offset, "", "de kop is te diep genest; verwacht gewone velden, hoogstens een paar niveaus diep"
        )
    return Problem(
        path,
        1 + offset,
        "",
        "de kop bevat een waarde die niet te lezen is (bijvoorbeeld een lijst als "
        "veldnaam); verwacht regels als `veld: waarde`",
    )


def _scalars(node: yaml.Node | None, depth: int):
    if node is None or depth > 200:
        return
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key, depth + 1)
            yield from _scalars(value, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, depth + 1)


def _collect_lines(node: yaml.Node, loc: Loc, offset: int, out: dict[Loc, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or group as a key: refused by the model, it has no line of its own
            key_loc = (*loc, key_node.value)
            out[key_loc] = key_node.start_mark.line + 1 + offset
            _collect_lines(value_node, key_loc, offset, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_loc = (*loc, index)
            out[item_loc] = item.start_mark.line + 1 + offset
            _collect_lines(item, item_loc, offset, out)


def _yaml_problem(path: str, exc: yaml.YAMLError, offset: int, header: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 + offset if mark else 1
    lines = header.split("\n")
    source = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in source[: len(source) - len(source.lstrip())]:
        return Problem(path, line, "", "bevat een tab; verwacht spaties om in te springen (geen tabs)")
    if isinstance(exc, DuplicateKey):
        return Problem(
            path,
            line,
            str(exc.key),
            f"staat dubbel (ook op regel {exc.first_line + offset}); verwacht elk veld maar één keer",
        )
    reason = getattr(exc, "problem", None) or str(exc)
    if reason.startswith(("verwijzingen", "de markering")):
        return Problem(path, line, "", reason)
    index = mark.line if mark else 0
    at, explained = _cause(reason, getattr(exc, "context", None) or "", lines, index, mark.column if mark else 0)
    key = re.match(r"\s*(?:- )?([\w-]+):", lines[at]) if at < len(lines) else None
    return Problem(path, at + 1 + offset, key.group(1) if key else "", explained)


def _quotes(line: str) -> int:
    """Double quotes that open or close text on a line (not escaped ones, not those in a comment)."""
    text = line.split(" #", 1)[0].replace('\\"', "")
    return text.count('"')


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _cause(reason: str, context: str, lines: list[str], index: int, column: int) -> tuple[int, str]:
    """What an editor did, from what the YAML parser says (in English, about tokens): the line to
    look at and a Dutch explanation by cause (a colon, the indentation, a #, quotes inside quotes)."""
    source = lines[index] if index < len(lines) else ""
    before = [i for i in range(index - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    previous = before[0] if before else None
    odd = [i for i in range(min(index, len(lines) - 1), -1, -1) if _quotes(lines[i]) % 2]
    if odd:  # a quote opened and not closed on its line: the parser stumbles a line or more later
        return odd[
            0
        ], 'opent een aanhalingsteken (") dat niet wordt gesloten; verwacht de tekst tussen twee aanhalingstekens'
    if "expected key" in reason and source.count('"') >= 3:
        return index, (
            "heeft aanhalingstekens binnen aanhalingstekens; verwacht binnen de tekst ‘enkele’ of “gekrulde” "
            "aanhalingstekens, of de hele tekst tussen enkele aanhalingstekens ('...')"
        )
    if "cannot start any token" in reason or "alias" in reason or "anchor" in reason:
        char = source[column : column + 1] or source.split(":", 1)[-1].strip()[:1]
        return (
            index,
            f"begint met {char!r}, dat in YAML iets anders betekent; verwacht de tekst tussen aanhalingstekens",
        )
    if "sequence entries are not allowed" in reason:
        named = _KEY_LINE.match(source)
        field = named.group(2) if named else "veld"
        return index, (
            f"heeft een lijst op de verkeerde plek; verwacht de lijst op de regels onder het veld (`{field}:` "
            f"en daaronder `  - ...`), of tussen haken: {field}: [...]"
        )
    if (
        previous is not None
        and ":" not in lines[previous]
        and not lines[previous].lstrip().startswith("- ")
        and _indent(lines[previous]) <= _indent(source)  # deeper: the last line of a text block above
    ):
        return previous, "mist een dubbele punt; verwacht `veld: waarde`"
    above = lines[previous] if previous is not None else ""
    if (
        previous is not None
        and _indent(source) > _indent(above)
        and not above.rstrip().endswith(":")
        and _KEY_LINE.match(source)
    ):
        return index, (
            "springt verder in dan de regel erboven; verwacht dezelfde inspringing als de andere velden "
            "(alleen onder een veld dat op een dubbele punt eindigt, springt een regel in)"
        )
    if "mapping values are not allowed" in reason:
        return index, (
            "bevat een dubbele punt in tekst zonder aanhalingstekens; verwacht de tekst tussen aanhalingstekens, "
            'zoals titel: "Ruben: een verhaal"'
        )
    if "expected key" in reason or "block end" in reason or "expected ':'" in reason:
        return (
            index,
            "springt anders in dan de regels erboven; verwacht dezelfde inspringing (spaties) als de andere velden",
        )
    return index, "is geen geldige regel in de kop (YAML); verwacht regels als `veld: waarde`"


# Characters that XML 1.0 and HTML forbid, and the ones that silently reverse reading direction
# (used to disguise text). Tab, newline and carriage return are fine.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def _forbidden(char: str) -> str:
    """A forbidden character as an editor can find it: what it is and its code."""
    what = "een teken dat de leesrichting omdraait" if "\u202a" <= char <= "\u2069" else "een onzichtbaar stuurteken"
    return f"bevat {what} (U+{ord(char):04X})"


def _forbidden_characters(path: str, text: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _FORBIDDEN.search(line)
        if match:
            problems.append(
                Problem(
                    path,
                    number,
                    "",
                    f"{_forbidden(match.group())} op positie {match.start() + 1}; "
                    "verwacht gewone tekst (plak de tekst opnieuw zonder opmaak)",
                )
            )
    return problems


# Spaces that look like a space and are not one for YAML (Word's non-breaking space above all).
_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000"
_ODD_SPACE_NAMES = {"\u00a0": "een vaste spatie (U+00A0, vaak uit Word)", "\u200b": "een onzichtbare spatie (U+200B)"}
_ODD_PLACE = re.compile(
    rf"^(?P<indent>[ {_ODD_SPACES}-]*?[{_ODD_SPACES}])|^\s*[\w-]+:[ ]?(?P<after>[{_ODD_SPACES}])|(?P<end>[{_ODD_SPACES}])$"
)


# Two mistakes from word processors whose YAML error names another line or cause: `naam:Sam` (no
# space after the colon of a field) and a Word bullet (•) where a list item needs `- `.
_NO_SPACE = re.compile(r"^(?P<key>[a-z][a-z0-9_]*):(?!//)(?P<value>\S.*)$")
_BULLET = re.compile(r"^\s*[•·▪◦‣∙●]\s*")


def _typing_mistakes(path: str, header: str, offset: int) -> list[Problem]:
    """A look-alike space where YAML needs a real one (indentation, after `veld:`, at the end of a
    value), a field without a space after its colon, a Word bullet: each named with its own line
    and the fix, instead of a wrong cause on another line."""
    problems = []
    for index, line in enumerate(header.split("\n")):
        no_space, bullet = _NO_SPACE.match(line), _BULLET.match(line)
        if no_space:
            key, value = no_space.group("key"), no_space.group("value")
            problems.append(
                Problem(
                    path,
                    offset + index + 1,
                    key,
                    f"mist een spatie na de dubbele punt; verwacht `{key}: {value[:40]}`",
                )
            )
            continue
        if bullet:
            problems.append(
                Problem(
                    path,
                    offset + index + 1,
                    "",
                    "begint met een opsommingsteken uit Word (•); verwacht een lijst met `- ` aan het begin "
                    "van elke regel, zoals `  - ouders`",
                )
            )
            continue
        match = _ODD_PLACE.search(line)
        if match is None:
            continue
        place = (
            "als inspringing"
            if match.group("indent")
            else "na de dubbele punt"
            if match.group("after")
            else "aan het eind van de regel"
        )
        char = next(c for c in match.group(0) if c in _ODD_SPACES)
        name = _ODD_SPACE_NAMES.get(char, f"een andere spatie (U+{ord(char):04X})")
        problems.append(
            Problem(
                path,
                offset + index + 1,
                "",
                f"bevat {name} {place}; verwacht een gewone spatie: haal hem weg en typ de spatie opnieuw",
            )
        )
    return problems


def parse(path: str, text: str, title_in_body: bool = False) -> Document:
    """Split and parse one file; problems are recorded on the document, never raised.
    `title_in_body`: the body's first `#` line is the page's title (pages in docs/)."""
    text = _unix_lines(text.lstrip("\ufeff"))
    forbidden = _forbidden_characters(path, text)
    if forbidden:
        return Document(path, {}, {}, "", 1, forbidden)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return Document(
            path,
            {},
            {},
            text,
            1,
            [
                Problem(
                    path, 1, "", "de kop ontbreekt; verwacht op de eerste regel `---`, dan de velden, dan weer `---`"
                )
            ],
        )
    try:
        # The end is a document marker as YAML defines it: `---` or `...` at the start of a line. An
        # indented one is text inside a block scalar (the web editor writes long texts that way).
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        return Document(
            path,
            {},
            {},
            "",
            1,
            [Problem(path, 1, "", "de kop wordt niet afgesloten; verwacht een regel `---` na de velden")],
        )
    header = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    offset = 1  # the header starts on line 2 of the file
    doc = Document(path, {}, {}, body, end + 2)
    odd = _typing_mistakes(path, header, offset)
    if odd:
        doc.problems.extend(odd)
        return doc
    try:
        node, data = _load(header)
    except yaml.YAMLError as exc:
        doc.problems.append(_yaml_problem(path, exc, offset, header))
        return doc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # YAML read the text but Python cannot hold the value: 2026-02-30, a number of 5,000 digits,
        # a list used as a key, nesting a thousand deep.
        doc.problems.append(_value_problem(path, header, offset, exc))
        return doc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        doc.problems.append(Problem(path, 2, "", "de kop bevat geen velden; verwacht regels als `titel: ...`"))
        return doc
    doc.data = data
    if node is not None:
        _collect_lines(node, (), offset, doc.lines)
    for index, key, tag in _hashtags(header):
        doc.problems.append(
            Problem(
                path,
                index + 1 + offset,
                key,
                f'bevat "{tag}" zonder aanhalingstekens: YAML leest alles vanaf # als opmerking, dus dat '
                "deel valt weg; verwacht de hele tekst tussen aanhalingstekens",
            )
        )
    # YAML escapes ("\0", "\x07", "\u202e") make the same characters out of plain text.
    for loc, value in _strings(data, ()):
        match = _FORBIDDEN.search(value)
        if match:
            field = ".".join(str(p) for p in loc if not isinstance(p, int))
            doc.problems.append(
                Problem(path, doc.line_of(loc), field, f"{_forbidden(match.group())}; verwacht gewone tekst")
            )
    doc.notes.extend(body_mistakes(path, doc.body, doc.body_line, title_in_body))
    return doc


_KEY_LINE = re.compile(r"^(\s*)(?:- )?([\w-]+):(?:\s+(.*))?$")
_BLOCK_START = re.compile(r"[|>][+-]?\d*\s*(#.*)?$")
_HASHTAG = re.compile(r"\s(#\S+)")


def _hashtags(header: str) -> list[tuple[int, str, str]]:
    """Hashtags in plain (unquoted) text: YAML takes ` #jeugdzorg` for a comment and drops the rest
    of the line, so the text is cut without a word. A comment (`# ...`, with a space) is fine, and
    so is a # inside quotes or inside a block of text (`|` or `>`)."""
    found: list[tuple[int, str, str]] = []
    block_indent: int | None = None
    key = ""
    for index, line in enumerate(header.split("\n")):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        match = _KEY_LINE.match(line)
        if match:
            key, value = match.group(2), (match.group(3) or "")
            if _BLOCK_START.match(value):
                block_indent = indent
                continue
        else:
            value = line.strip().removeprefix("- ")
        if not value or value[0] in "\"'[{#&*!|>":
            continue
        hashtag = _HASHTAG.search(" " + value if value.startswith("#") else value)
        if hashtag:
            found.append((index, key, hashtag.group(1)))
    return found


def _strings(value: Any, loc: Loc):
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))


def key_lines(text: str) -> dict[Loc, int]:
    """The line of each key in a YAML file that only the engine may construct (mkdocs.yml, with its
    `!ENV` and Python tags): composed, never constructed, so no tag is run. Empty if unreadable."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    out: dict[Loc, int] = {}
    if node is not None:
        _collect_lines(node, (), 0, out)
    return out


def parse_data(path: str, text: str) -> Document:
    """A plain YAML data file (no `---` fences), with the same line bookkeeping."""
    doc = parse(path, "---\n" + text.lstrip("\ufeff") + "\n---\n")
    # parse() counts the added `---` as line 1: undo that shift.
    doc.lines = {loc: line - 1 for loc, line in doc.lines.items()}
    doc.problems = [Problem(p.path, max(p.line - 1, 1), p.field, p.message) for p in doc.problems]
    return doc
